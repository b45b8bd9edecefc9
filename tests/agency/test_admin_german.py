"""The admin in German: no English left from Django's templates, third-party apps or our own models and groups."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import (
    AdviceRequestFactory,
    ApplicationFactory,
    InvestorProfileFactory,
    StartupFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ENGLISH = [
    "Search",
    "User",
    "Task Results",
    "Task Result",
    "Tasks Database Backend",
    "Authenticators",
    "Verified by",
    "Agency administrator",
    "Advisor",
    "Event manager",
    "Content editor",
    "Hub manager",
    "True",
    "False",
    "Raw passwords are not stored",
    "Can add",
    "Can change",
    "Can delete",
    "Can view",
    "Can review",
    "Can edit",
    "Can manage",
]


def visible_texts(html: str) -> set[str]:
    """The text a reader meets: element text and the attributes read out (alt, title, aria-label)."""
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    texts = {m.group(1).strip() for m in re.finditer(r'\b(?:alt|title|aria-label)="([^"]*)"', html)}
    texts |= {t.strip() for t in re.sub(r"<[^>]+>", "\n", html).splitlines()}
    return {t for t in texts if t}


def english_in(html: str) -> list[str]:
    found = []
    for text in visible_texts(html):
        for word in ENGLISH:
            if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text):
                found.append(f"{word!r} in {text[:80]!r}")
    return found


@pytest.fixture
def german_staff(staff_groups):
    user = UserFactory(is_staff=True, is_superuser=True, language="de")
    user.groups.add(staff_groups["Advisor"])
    StartupFactory()
    InvestorProfileFactory(is_verified=False)
    AdviceRequestFactory()
    ApplicationFactory()
    return user


@pytest.mark.parametrize(
    "name",
    [
        "admin:index",
        "admin:dashboard",
        "admin:users_user_changelist",
        "admin:auth_group_changelist",
        "admin:startups_startup_changelist",
        "admin:startups_investorprofile_changelist",
        "admin:startups_investorprofile_add",
        "admin:startups_startup_add",
        "admin:mfa_authenticator_changelist",
        "admin:django_tasks_database_dbtaskresult_changelist",
        "admin:hubs_hub_changelist",
        "admin:agency_hubreport_compare",
        "admin:agency_hubreport_file",
        "admin:matching_digestlog_changelist",
    ],
)
def test_german_admin_page_has_no_english_left(client, german_staff, name):
    client.force_login(german_staff)
    with translation.override("de"):
        url = reverse(name)
    response = client.get(url)
    assert response.status_code == 200
    assert english_in(response.content.decode()) == []


def test_german_user_form_shows_group_names_in_german(client, german_staff, staff_groups):
    client.force_login(german_staff)
    with translation.override("de"):
        url = reverse("admin:users_user_change", args=[german_staff.pk])
    html = client.get(url).content.decode()
    assert "Berater/in" in html and "Agentur-Administrator/in" in html
    assert english_in(html) == []


def test_boolean_icons_are_read_out_in_the_pages_language(client, german_staff):
    client.force_login(german_staff)
    html = client.get("/de/admin/users/user/").content.decode()
    assert 'alt="Ja"' in html and 'alt="Nein"' in html and 'alt="False"' not in html
    html = client.get("/en/admin/users/user/").content.decode()
    assert 'alt="Yes"' in html and 'alt="No"' in html


def test_group_names_stay_english_in_the_database(staff_groups):
    assert "Advisor" in staff_groups and staff_groups["Advisor"].name == "Advisor"


def permission_options(html: str, field: str) -> list[str]:
    """The labels of the permission picker `field` (the options of its select)."""
    (select,) = re.findall(rf'<select name="{field}".*?</select>', html, flags=re.S)
    return [label.strip() for label in re.findall(r"<option[^>]*>([^<]*)</option>", select)]


def test_german_group_page_shows_the_permissions_in_german(client, german_staff, staff_groups):
    client.force_login(german_staff)
    with translation.override("de"):
        url = reverse("admin:auth_group_change", args=[staff_groups["Content editor"].pk])
    html = client.get(url).content.decode()
    labels = permission_options(html, "permissions")
    assert "Startups und Investoren | Startup | Kann Startup hinzufügen" in labels
    assert "Startups und Investoren | Startup | Kann Startup anzeigen" in labels
    manage_all = "Kann alle Hubs, ihre Hub-Manager/innen und Markierungen verwalten (Agenturpersonal)"
    assert f"Hubs und Themen | Hub | {manage_all}" in labels
    assert "Aufrufe und Wettbewerbe | Aufruf | Kann Bewerbungen als Jurymitglied bewerten" in labels
    assert not [label for label in labels if "Can " in label]
    assert english_in(html) == []


def test_german_user_page_shows_the_user_permissions_in_german(client, german_staff):
    client.force_login(german_staff)
    with translation.override("de"):
        url = reverse("admin:users_user_change", args=[german_staff.pk])
    labels = permission_options(client.get(url).content.decode(), "user_permissions")
    assert "Startups und Investoren | Startup | Kann Startup ändern" in labels
    assert not [label for label in labels if "Can " in label]


def test_english_admin_keeps_the_permission_names(client, german_staff, staff_groups):
    client.force_login(german_staff)
    with translation.override("en"):
        url = reverse("admin:auth_group_change", args=[staff_groups["Content editor"].pk])
    labels = permission_options(client.get(url).content.decode(), "permissions")
    assert "Startups and investors | startup | Can delete startup" in labels
    assert "Calls and competitions | call | Can review applications as a juror" in labels


def test_german_group_page_read_only_shows_name_and_permissions_in_german(client, staff_groups):
    """Agency administrators may only view groups: the page shows the name and permissions as text, in German."""
    viewer = UserFactory(is_staff=True, language="de")
    viewer.groups.add(staff_groups["Agency administrator"])
    client.force_login(viewer)
    with translation.override("de"):
        url = reverse("admin:auth_group_change", args=[staff_groups["Content editor"].pk])
    html = client.get(url).content.decode()
    assert '<select name="permissions"' not in html
    assert "Redakteur/in" in html and "Startups und Investoren | Startup | Kann Startup ändern" in html
    assert "Kann die Neuigkeiten aller Hubs bearbeiten" in html
    assert english_in(html) == []
