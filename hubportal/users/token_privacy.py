"""The API tokens' part of the data export and the account deletion (registered with privacy.py in apps.py).

The export's account section lists the tokens themselves (services/export.py); this part adds what the activity log
holds about them. The deletion deletes the tokens and removes their names from the log: the log keeps that a token
was created and revoked, and by whom ("deleted user" for the person).
"""

from hubportal.activity.models import Activity
from hubportal.activity.services import activity_erase_person

from .activity import CODES
from .models import ApiToken
from .privacy import Person


def _entries(user):
    ids = list(ApiToken.objects.filter(user=user).values_list("pk", flat=True))
    return Activity.objects.of_type(ApiToken, ids).filter(action__in=CODES)


def export(person: Person) -> dict:
    entries = _entries(person.user).order_by("created_at", "pk")
    return {
        "history": {
            "api_tokens": [
                {
                    "token": entry.data.get("name"),
                    "starts_with": entry.data.get("prefix"),
                    "action": entry.action,
                    "by_staff": bool(entry.data.get("by_staff")),
                    "created_at": entry.created_at,
                }
                for entry in entries
            ]
        }
    }


def erase(person: Person) -> None:
    for entry in _entries(person.user).select_for_update():
        entry.data["name"] = None
        entry.save(update_fields=["data"])
    ApiToken.objects.filter(user=person.user).delete()
    activity_erase_person(user=person.user)
