"""The activity log of an introduction as the matching tests read it."""

from hubportal.activity.models import Activity


def events(introduction) -> list[tuple[str, int | None]]:
    """(step, actor id) of the introduction's entries, oldest first; the step without its "matching.intro_" prefix."""
    entries = Activity.objects.of(introduction).order_by("created_at", "id")
    return [(entry.action.removeprefix("matching.intro_"), entry.actor_id) for entry in entries]
