"""Helpers for content stored in both languages (fields `<name>_de` and `<name>_en`)."""

from django.utils.translation import get_language


def localized(obj, field: str) -> str:
    """The value of `<field>_<current language>`, falling back to German, then English."""
    language = (get_language() or "de")[:2]
    for code in (language, "de", "en"):
        value = getattr(obj, f"{field}_{code}", "")
        if value:
            return value
    return ""


class LocalizedField:
    """Descriptor: `name = LocalizedField("name")` reads name_de / name_en by the active language."""

    def __init__(self, field: str):
        self.field = field

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return localized(obj, self.field)
