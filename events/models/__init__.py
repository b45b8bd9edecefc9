from .event import AgendaItem, Event, Speaker
from .registration import Registration

__all__ = ["AgendaItem", "Event", "Registration", "Speaker"]
