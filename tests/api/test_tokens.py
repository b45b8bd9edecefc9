"""Personal API tokens on the account page: created, shown once, stored hashed, revoked; only one's own."""

import hashlib
import re

import pytest
from django.test import Client
from django.urls import reverse

from hubportal.users.models import ApiToken
from hubportal.users.services.api_tokens import MAX_ACTIVE_TOKENS, api_token_create
from hubportal.users.token_views import FORM_ONCE, FORMS_KEPT
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def send_the_form(client, name):
    """Opens the form (which holds a one-time value) and sends it."""
    form = client.get(reverse("users:api_token_create")).content.decode()
    once = re.search(r'name="once" value="([^"]+)"', form)
    assert once is not None
    return client.post(reverse("users:api_token_create"), {"name": name, "once": once[1]})


def create_on_the_page(client, name="CRM") -> str:
    response = send_the_form(client, name)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    match = re.search(r'value="(hp_[^"]+)"', response.content.decode())
    assert match is not None
    return match[1]


def test_a_token_is_shown_once_and_stored_only_as_its_sha256(client, investor):
    client.force_login(investor.user)

    token = create_on_the_page(client)

    row = ApiToken.objects.get(user=investor.user)
    assert row.digest == hashlib.sha256(token.encode()).hexdigest()
    assert token not in {getattr(row, field.attname) for field in ApiToken._meta.concrete_fields}
    account = client.get(reverse("users:account")).content.decode()
    assert "CRM" in account and row.prefix in account and token not in account
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert "funding_sought" in api.get("/api/v1/startups/alpha-logistik/").json()


@pytest.fixture(autouse=True)
def _startup(startup):
    return startup


def test_a_revoked_token_stops_working_at_once(client, investor):
    client.force_login(investor.user)
    token = create_on_the_page(client)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.get("/api/v1/hubs/").status_code == 200
    row = ApiToken.objects.get(user=investor.user)

    response = client.post(reverse("users:api_token_revoke", args=[row.pk]))

    assert response.status_code == 302
    assert api.get("/api/v1/hubs/").status_code == 401
    assert row.prefix not in client.get(reverse("users:account")).content.decode()


def test_nobody_revokes_another_persons_token(client, investor):
    row, token = api_token_create(user=investor.user, name="fremd")
    client.force_login(UserFactory())

    assert client.post(reverse("users:api_token_revoke", args=[row.pk])).status_code == 404
    assert Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/v1/hubs/").status_code == 200


def test_sending_the_form_again_creates_and_shows_no_second_token(client, investor):
    """The browser's "back" or "reload" on the page that showed the token sends the same form again."""
    client.force_login(investor.user)
    form = client.get(reverse("users:api_token_create")).content.decode()
    once = re.search(r'name="once" value="([^"]+)"', form)
    assert once is not None
    data = {"name": "CRM", "once": once[1]}
    first = client.post(reverse("users:api_token_create"), data)
    assert first.status_code == 200 and "hp_" in first.content.decode()

    again = client.post(reverse("users:api_token_create"), data, follow=True)

    assert again.redirect_chain == [(reverse("users:account"), 302)]
    assert "Es wurde nichts erstellt." in again.content.decode()
    assert ApiToken.objects.filter(user=investor.user).count() == 1
    assert client.post(reverse("users:api_token_create"), {"name": "no form"}).status_code == 302
    assert ApiToken.objects.filter(user=investor.user).count() == 1


def open_the_form(client) -> str:
    """The one-time value of a newly rendered form."""
    form = client.get(reverse("users:api_token_create")).content.decode()
    once = re.search(r'name="once" value="([^"]+)"', form)
    assert once is not None
    return once[1]


def test_forms_open_in_two_tabs_each_create_one_token_and_neither_a_second(client, investor):
    client.force_login(investor.user)
    url = reverse("users:api_token_create")
    first_tab, second_tab = open_the_form(client), open_the_form(client)
    assert first_tab != second_tab

    first = client.post(url, {"name": "Erster Tab", "once": first_tab})
    second = client.post(url, {"name": "Zweiter Tab", "once": second_tab})

    assert first.status_code == 200 and "hp_" in first.content.decode()
    assert second.status_code == 200 and "hp_" in second.content.decode()
    for once, name in [(first_tab, "Erster Tab"), (second_tab, "Zweiter Tab")]:
        again = client.post(url, {"name": name, "once": once}, follow=True)
        assert again.redirect_chain == [(reverse("users:account"), 302)]
        assert "Es wurde nichts erstellt." in again.content.decode()
    names = sorted(ApiToken.objects.filter(user=investor.user).values_list("name", flat=True))
    assert names == ["Erster Tab", "Zweiter Tab"]


def test_only_the_newest_forms_one_time_values_are_kept(client, investor):
    client.force_login(investor.user)
    url = reverse("users:api_token_create")
    oldest = open_the_form(client)
    newer = [open_the_form(client) for _ in range(FORMS_KEPT)]

    assert client.session[FORM_ONCE] == newer
    assert client.post(url, {"name": "zu alt", "once": oldest}).status_code == 302
    assert client.post(url, {"name": "neu", "once": newer[0]}).status_code == 200
    assert client.session[FORM_ONCE] == newer[1:]
    assert list(ApiToken.objects.filter(user=investor.user).values_list("name", flat=True)) == ["neu"]


def test_a_form_opened_before_the_values_were_a_list_still_works_once(client, investor):
    client.force_login(investor.user)
    session = client.session
    session[FORM_ONCE] = "vorher-ausgegeben"
    session.save()
    url = reverse("users:api_token_create")

    assert client.post(url, {"name": "CRM", "once": "vorher-ausgegeben"}).status_code == 200
    assert client.post(url, {"name": "CRM", "once": "vorher-ausgegeben"}).status_code == 302
    assert ApiToken.objects.filter(user=investor.user).count() == 1


def test_token_pages_need_a_login_and_revoking_needs_a_post(client, investor):
    row, _token = api_token_create(user=investor.user, name="x")

    assert client.get(reverse("users:api_token_create")).status_code == 302
    client.force_login(investor.user)
    assert client.get(reverse("users:api_token_revoke", args=[row.pk])).status_code == 405


def test_an_empty_name_is_an_error_next_to_the_field(client, investor):
    client.force_login(investor.user)

    response = send_the_form(client, "")

    assert response.status_code == 400 and not ApiToken.objects.exists()


def test_the_number_of_active_tokens_is_bounded(client, investor):
    for n in range(MAX_ACTIVE_TOKENS):
        api_token_create(user=investor.user, name=f"t{n}")
    client.force_login(investor.user)

    response = send_the_form(client, "one too many")

    assert response.status_code == 409
    assert ApiToken.objects.filter(user=investor.user).count() == MAX_ACTIVE_TOKENS


def test_tokens_go_with_the_account():
    person = UserFactory()
    api_token_create(user=person, name="x")

    person.delete()

    assert not ApiToken.objects.exists()


def test_the_data_export_names_the_tokens_but_never_holds_one(investor):
    from hubportal.users.services import account_export

    row, token = api_token_create(user=investor.user, name="CRM")

    exported = account_export(user=investor.user)["account"]["api_tokens"]

    assert [(t["name"], t["starts_with"]) for t in exported] == [("CRM", row.prefix)]
    assert token not in str(exported) and row.digest not in str(exported)


def test_creating_and_revoking_are_in_the_activity_log_without_the_token(client, investor):
    from django.utils import translation

    from hubportal.activity.actions import lines
    from hubportal.activity.models import Activity

    client.force_login(investor.user)
    token = create_on_the_page(client, name="CRM")
    row = ApiToken.objects.get(user=investor.user)
    client.post(reverse("users:api_token_revoke", args=[row.pk]))
    client.post(reverse("users:api_token_revoke", args=[row.pk]))  # a second time changes nothing

    entries = list(Activity.objects.of(row).order_by("created_at", "pk"))

    assert [(e.action, e.actor, e.data) for e in entries] == [
        ("users.api_token_created", investor.user, {"name": "CRM", "prefix": row.prefix}),
        ("users.api_token_revoked", investor.user, {"name": "CRM", "prefix": row.prefix}),
    ]
    assert token not in str(entries[0].data) and row.digest not in str([e.data for e in entries])
    with translation.override("de"):
        assert [(line.label, line.text) for line in lines(entries)] == [
            ("API-Token erstellt", f"“CRM” ({row.prefix}…)"),
            ("API-Token widerrufen", f"“CRM” ({row.prefix}…)"),
        ]


def test_a_refused_revocation_of_another_persons_token_logs_nothing(client, investor):
    from hubportal.activity.models import Activity

    row, _token = api_token_create(user=investor.user, name="fremd")
    client.force_login(UserFactory())

    client.post(reverse("users:api_token_revoke", args=[row.pk]))

    assert list(Activity.objects.of(row).values_list("action", flat=True)) == ["users.api_token_created"]


def test_the_export_tells_the_tokens_history_and_the_deletion_erases_it(investor):
    from hubportal.activity.models import Activity
    from hubportal.users.services import account_delete, account_export
    from hubportal.users.services.api_tokens import api_token_revoke

    row, token = api_token_create(user=investor.user, name="Mein CRM")
    api_token_revoke(user=investor.user, token_id=row.pk)
    other, _other_token = api_token_create(user=UserFactory(), name="Fremdes CRM")

    history = account_export(user=investor.user)["history"]["api_tokens"]

    assert [(h["token"], h["starts_with"], h["action"]) for h in history] == [
        ("Mein CRM", row.prefix, "users.api_token_created"),
        ("Mein CRM", row.prefix, "users.api_token_revoked"),
    ]
    assert token not in str(history) and row.digest not in str(history) and "Fremdes" not in str(history)

    account_delete(user=investor.user)

    assert not ApiToken.objects.filter(pk=row.pk).exists()
    erased = list(Activity.objects.of_type(ApiToken, [row.pk]))
    assert len(erased) == 2 and all(e.actor is None and e.actor_erased for e in erased)
    assert all(e.data == {"name": None, "prefix": row.prefix} for e in erased)
    assert Activity.objects.of(other).get().data["name"] == "Fremdes CRM"


def test_a_signed_in_browser_session_is_anonymous_to_the_api(client, investor):
    """The API reads only tokens: a session cookie opens nothing (no CSRF exposure, CORS stays credential-free)."""
    client.force_login(investor.user)
    assert (
        "funding_sought"
        in Client(HTTP_AUTHORIZATION=f"Bearer {create_on_the_page(client)}")
        .get("/api/v1/startups/alpha-logistik/")
        .json()
    )

    with_session = client.get("/api/v1/startups/alpha-logistik/")

    assert with_session.status_code == 200 and "funding_sought" not in with_session.json()
    assert with_session.json() == Client().get("/api/v1/startups/alpha-logistik/").json()
