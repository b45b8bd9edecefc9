"""Hypothesis sends arbitrary values through every public form, every form of logged-in non-staff users
and the GET filters of every directory: any unicode (NUL included, surrogates excluded), 100,000
character strings, negative and huge numbers, odd dates, repeated and missing fields.

Asserted for each submission: no answer with status 500 or above, and a refused submission (the form
shown again with errors, or an error message) leaves every table as it was. The fields of each form
are read from its page, so a field added later is fuzzed too. Each example runs in a savepoint that
is rolled back, so examples do not see each other's rows.
"""

import datetime
import time
from dataclasses import dataclass, field
from urllib.parse import quote

import pytest
from django.apps import apps
from django.contrib.messages import constants as message_levels
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from hypothesis import example, given
from hypothesis import strategies as st

from hubportal.users.models import User
from tests.factories import (
    BookmarkFactory,
    CallFactory,
    EventFactory,
    HubFactory,
    InvestorProfileFactory,
    StartupFactory,
    TopicFactory,
    UserFactory,
)

from .html_forms import HtmlForm, find_form

PASSWORD = "correct-horse-battery"  # the factories' password
OMIT = object()  # the field is not sent at all

# --- values -----------------------------------------------------------------------------------

ANY_TEXT = st.text(st.characters(codec="utf-8"), max_size=40)  # every code point but surrogates, NUL included
NASTY = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "a\x00b",
        "\x00" * 50,
        "\t\r\n",
        "' OR 1=1 --",
        '"; DROP TABLE users_user; --',
        "%",
        "_",
        "\\",
        "%00",
        "<script>alert(1)</script>",
        "{{ 7|add:7 }}",
        "%(name)s {0}",
        "\u202egnp.exe",
        "\ufeff",
        "\u200b",
        "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 👩‍👩‍👧",
        "ﷺ" * 30,
        "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǫ̗͇",
        "../../etc/passwd",
        "javascript:alert(1)",
        "https://evil.example/\x00",
        "a@b",
        "@",
        "a" * 255 + "@example.org",
        "NaN",
        "Infinity",
        "-Infinity",
        "1e309",
        "-0",
        "0x1F",
        "١٢٣",
        "1_000",
        "true",
        "on",
    ]
)
LONG = st.sampled_from(["x" * 100_000, "ä" * 100_000, "\x00" * 100_000, "1" * 100_000, "a " * 50_000])
NUMBERS = st.one_of(
    st.integers(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
).map(str)
ODD_DATES = st.sampled_from(
    [
        "0000-00-00",
        "0001-01-01",
        "2024-02-30",
        "2023-02-29",
        "9999-12-31",
        "10000-01-01",
        "-0001-01-01",
        "1899-12-31",
        "31.12.1899",
        "29.02.2023",
        "2024-13-01",
        "2024-00-10",
        "2038-01-19T03:14:08Z",
        "1970-01-01T00:00:00+25:00",
        "2024-06-01 24:00",
        "9999-12-31 23:59:59.999999",
    ]
)
DATES = st.one_of(
    ODD_DATES,
    st.dates().map(datetime.date.isoformat),
    st.datetimes().map(datetime.datetime.isoformat),
)
# Text a form accepts, so it reaches the database and the pages that show it.
ODD_BUT_VALID_TEXT = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1, max_size=30).filter(
    str.strip
)
GARBAGE = st.one_of(ANY_TEXT, NASTY, LONG, NUMBERS, DATES, st.just(OMIT))

GOOD_BY_TYPE = {
    "email": ["fuzz@example.org"],
    "url": ["https://example.org"],
    "number": ["0", "3", "1000"],
    "date": ["2030-05-01"],
    "password": [PASSWORD],
    "checkbox": [OMIT],
}


def good_values(form: HtmlForm, name: str, extra: dict) -> list:
    if name in extra:
        return list(extra[name])
    kind = form.types.get(name, "text")
    defaults = [value for value in form.data.get(name, []) if value]
    options = [value for value in form.options.get(name, []) if value]
    return (defaults + options + GOOD_BY_TYPE.get(kind, [])) or ["Beispiel"]  # type: ignore[operator]  # option lists


def field_values(form: HtmlForm, name: str, extra: dict, corrupt: bool):
    good = good_values(form, name, extra)
    multiple = form.types.get(name) == "select-multiple" or (
        form.types.get(name) == "checkbox" and len(form.options.get(name, [])) > 1
    )
    if multiple:
        choices = [value for value in form.options.get(name, []) if value]
        pick = st.sampled_from(choices) if choices else st.just("x")
        if corrupt:
            return st.lists(st.one_of(pick, GARBAGE.filter(lambda v: v is not OMIT)), max_size=6)
        return st.lists(pick, max_size=min(3, len(choices)), unique=True)
    if corrupt:
        return st.one_of(GARBAGE, st.lists(st.one_of(ANY_TEXT, NASTY), min_size=2, max_size=3))
    if form.types.get(name, "text") in {"text", "textarea", "search"} and name not in extra:
        return st.one_of(st.sampled_from(good), ODD_BUT_VALID_TEXT)
    return st.sampled_from(good)


@st.composite
def submissions(draw, form: HtmlForm, extra: dict, fixed: dict):
    """Valid (if odd) values, valid values with a few corrupted fields, or every field corrupted."""
    names = sorted(name for name in form.field_names if name and name not in fixed and name not in form.file_fields)
    if not names:
        return dict(fixed)
    corrupted = draw(
        st.one_of(
            st.just(set()),
            st.sets(st.sampled_from(names), min_size=1, max_size=min(3, len(names))),
            st.just(set(names)),
        ),
        label="corrupted fields",
    )
    data = {}
    for name in names:
        value = draw(field_values(form, name, extra, name in corrupted), label=name)
        if value is not OMIT:
            data[name] = value
    data.update(fixed)
    return data


# --- the portal as the forms see it -----------------------------------------------------------


@dataclass
class World:
    founder: User
    member: User
    organisation_user: User
    investor_user: User
    startup_slug: str
    investor_slug: str
    event_slug: str
    forms: dict = field(default_factory=dict)


@pytest.fixture
def world(db):
    hub = HubFactory(slug="fuzz-hub", name="Fuzz Hub")
    topics = [TopicFactory(slug="ai"), TopicFactory(slug="iot")]
    founder = UserFactory(account_type="startup", email="founder@example.org")
    startup = StartupFactory(owner=founder, slug="fuzz-startup", hub=hub, topics=topics)
    investor = InvestorProfileFactory(user__email="investor@example.org", slug="fuzz-investor")
    investor.topics.set(topics)
    BookmarkFactory(investor=investor, startup=startup, note="Erste Notiz")
    event = EventFactory(slug="fuzz-event", hub=hub, capacity=50)
    CallFactory(slug="fuzz-call")
    return World(
        founder=founder,
        member=UserFactory(account_type="other", email="member@example.org"),
        organisation_user=UserFactory(account_type="organisation", email="org@example.org"),
        investor_user=investor.user,
        startup_slug=startup.slug,
        investor_slug=investor.slug,
        event_slug=event.slug,
    )


@dataclass(frozen=True)
class FormSpec:
    page: str  # where the form is shown ({startup}, {investor}, {event} are filled in)
    user: str | None  # attribute of World, or None for anonymous visitors
    with_field: str  # a field that identifies the form on the page
    extra: dict = field(default_factory=dict)  # valid values the page does not show (e.g. a real password)
    fixed: dict = field(default_factory=dict)  # always sent as is (e.g. the button that picks the action)
    get_params: tuple = ()  # GET forms: further parameters the view reads


STARTUP_NUMBERS = {"founded_year": ["", "2020"], "team_size": ["", "5"], "funding_sought": ["", "250000"]}
POST_FORMS = {
    "signup": FormSpec("/en/accounts/signup/", None, "password1"),
    "login": FormSpec("/en/accounts/login/", None, "login", extra={"login": ["member@example.org"]}),
    "password_reset": FormSpec(
        "/en/accounts/password/reset/", None, "email", extra={"email": ["member@example.org", "nobody@example.org"]}
    ),
    "startup_create": FormSpec("/en/startups/new/", "member", "pitch", extra=STARTUP_NUMBERS),
    "startup_update": FormSpec("/en/startups/{startup}/edit/", "founder", "pitch", extra=STARTUP_NUMBERS),
    "team_invitation": FormSpec("/en/startups/{startup}/team/", "founder", "email"),
    "investor_profile": FormSpec(
        "/en/startups/investors/profile/",
        "investor_user",
        "thesis",
        extra={"ticket_min": ["", "50000"], "ticket_max": ["", "2000000"]},
    ),
    "event_registration_user": FormSpec("/en/events/{event}/register/", "member", "dietary_needs"),
    "event_registration_guest": FormSpec("/en/events/{event}/register/", None, "dietary_needs"),
    "advice_request": FormSpec("/en/advice/", "founder", "message"),
    "organisation_profile": FormSpec("/en/account/organisation/", "organisation_user", "company_name"),
    "introduction_request_by_investor": FormSpec(
        "/en/matching/introductions/startup/{startup}/", "investor_user", "message"
    ),
    "introduction_request_by_startup": FormSpec(
        "/en/matching/introductions/investor/{investor}/", "founder", "message"
    ),
    "saved_search": FormSpec("/en/matching/searches/new/", "investor_user", "frequency"),
    # "Save this search" beside the directories' filters (kind and filter in hidden fields).
    "saved_search_startup_directory": FormSpec("/en/startups/?topic=ai&page=1", "member", "frequency"),
    "saved_search_investor_directory": FormSpec("/en/startups/investors/?topic=iot", "founder", "frequency"),
    "bookmark_note": FormSpec("/en/startups/watchlist/", "investor_user", "note"),
    "account_profile": FormSpec("/en/account/profile/", "member", "first_name"),
    "password_change": FormSpec("/en/accounts/password/change/", "member", "oldpassword"),
    "email_add": FormSpec("/en/accounts/email/", "member", "email", fixed={"action_add": ""}),
    "call_application_start": FormSpec("/en/calls/fuzz-call/apply/", "member", "organisation_name"),
}

PAGE = {"page": ["1", "2"]}
GET_FILTERS = {
    "hub_list": FormSpec("/en/hubs/", None, "q", extra=PAGE, get_params=("page",)),
    "startup_directory": FormSpec("/en/startups/", None, "q", extra=PAGE, get_params=("page",)),
    "startup_directory_investor": FormSpec("/en/startups/", "investor_user", "q", extra=PAGE, get_params=("page",)),
    "startup_export": FormSpec("/en/startups/", "investor_user", "q"),
    "investor_directory": FormSpec("/en/startups/investors/", "founder", "q", extra=PAGE, get_params=("page",)),
    "event_list": FormSpec("/en/events/", None, "q", extra=PAGE, get_params=("page",)),
    "event_archive": FormSpec("/en/events/archive/", None, "q", extra=PAGE, get_params=("page",)),
    "startup_matches": FormSpec("/en/matching/startups/", "investor_user", "q", extra=PAGE, get_params=("page",)),
    "investor_matches": FormSpec(
        "/en/matching/investors/",
        "founder",
        "q",
        extra={**PAGE, "startup": ["fuzz-startup"]},
        get_params=("page", "startup"),
    ),
}
GET_TARGETS = {"startup_export": "/en/startups/export.csv"}


def page_url(spec: FormSpec, world: World) -> str:
    return spec.page.format(startup=world.startup_slug, investor=world.investor_slug, event=world.event_slug)


def new_client(spec: FormSpec, world: World) -> Client:
    client = Client()
    if spec.user:
        client.force_login(getattr(world, spec.user))
    return client


def discover(name: str, spec: FormSpec, world: World) -> HtmlForm:
    """The form as the page shows it (once per test)."""
    if name not in world.forms:
        response = new_client(spec, world).get(page_url(spec, world))
        assert response.status_code == 200, f"{name}: {page_url(spec, world)} answered {response.status_code}"
        form = find_form(response.content.decode(), with_field=spec.with_field)
        for param in spec.get_params:
            form.field_names.add(param)
        world.forms[name] = form
    return world.forms[name]


def _tables() -> list[str]:
    skip = {"sessions", "contenttypes", "admin"}
    return sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.app_label not in skip and model._meta.managed and not model._meta.proxy
        }
    )


def row_counts() -> dict[str, int]:
    """The number of rows of every table of the portal, in one query."""
    tables = _tables()
    quote = connection.ops.quote_name
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(table)})" for table in tables)  # noqa: S608 (our table names)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(zip(tables, cursor.fetchone(), strict=True))


def was_refused(response) -> bool:
    """The form came back with errors, or the view said so in an error message."""
    if response.status_code == 200 and b'class="errorlist' in response.content:
        return True
    storage = getattr(response.wsgi_request, "_messages", None)
    return any(message.level >= message_levels.ERROR for message in getattr(storage, "_queued_messages", []))


def describe(response) -> str:
    return f"status {response.status_code}: {response.content[:500]!r}"


def submit(name: str, spec: FormSpec, world: World, data: dict, *, method: str, target: str, then=()):
    """Sends one submission in a savepoint that is rolled back; `then`: pages to open afterwards."""
    cache.clear()  # rate limits of allauth and the guest registration live there
    with transaction.atomic():
        client = new_client(spec, world)
        before = row_counts()
        if method == "post":
            response = client.post(target, data)
        else:
            response = client.get(target, data)
        assert response.status_code < 500, f"{name}: {describe(response)}"
        if method == "post" and was_refused(response):
            after = row_counts()
            changed = {table: (before[table], after[table]) for table in before if before[table] != after[table]}
            assert not changed, f"{name}: refused, yet rows were written: {changed}"
        elif response.status_code in {301, 302, 303} and response["Location"].startswith("/"):
            # What was accepted is shown next: the page after the redirect must cope with it too.
            shown = client.get(response["Location"])
            assert shown.status_code < 500, f"{name}, after the redirect to {response['Location']}: {describe(shown)}"
        for url in then:
            shown = client.get(url)
            assert shown.status_code < 500, f"{name}, then {url}: {describe(shown)}"
        transaction.set_rollback(True)  # the next example starts from the same rows
    return response


# --- the tests --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", POST_FORMS)
@given(data=st.data())
def test_posting_arbitrary_values_never_fails_and_refusals_write_nothing(world, name, data):
    spec = POST_FORMS[name]
    form = discover(name, spec, world)
    values = data.draw(submissions(form, spec.extra, spec.fixed), label="submission")
    target = form.action or page_url(spec, world)
    submit(name, spec, world, values, method="post", target=target)


@pytest.mark.parametrize("name", GET_FILTERS)
@given(data=st.data())
def test_filtering_with_arbitrary_values_never_fails(world, name, data):
    spec = GET_FILTERS[name]
    form = discover(name, spec, world)
    assert form.method == "get"
    values = data.draw(submissions(form, spec.extra, spec.fixed), label="query")
    target = GET_TARGETS.get(name, page_url(spec, world))
    submit(name, spec, world, values, method="get", target=target)


# Pages whose address carries a code or token the view looks up (`<str:…>` or `<slug:…>` in urls.py).
ADDRESSES_WITH_CODES = [
    "/en/events/tickets/{}/",
    "/en/events/tickets/{}/qr.svg",
    "/en/events/tickets/{}/cancel/",
    "/en/events/guest/{}/",
    "/en/events/guest/{}/qr.svg",
    "/en/events/guest/{}/cancel/",
    "/en/events/confirm/{}/",
    "/en/startups/invitations/{}/",
]


@pytest.mark.parametrize("address", ADDRESSES_WITH_CODES)
@given(code=st.text(st.characters(codec="utf-8", exclude_characters="/"), min_size=1, max_size=80))
@example(code="a\x00b")
@example(code="%00")
def test_arbitrary_codes_in_addresses_never_fail(world, address, code):
    spec = FormSpec(address, "member", "")
    url = address.format(quote(code, safe=""))
    for method in ("get", "post"):
        submit("address", spec, world, {}, method=method, target=url)


# About 2.9 million characters of distinct words: below DATA_UPLOAD_MAX_MEMORY_SIZE, far above any text we keep.
MANY_WORDS = " ".join(f"wort{i}x" for i in range(250_000))
LONG_TEXT_FIELDS = [
    ("startup_create", "description"),
    ("startup_update", "description"),
    ("investor_profile", "thesis"),
    ("advice_request", "message"),
    ("bookmark_note", "note"),
    ("introduction_request_by_investor", "message"),
    ("event_registration_guest", "dietary_needs"),
]


@pytest.mark.parametrize(("name", "field_name"), LONG_TEXT_FIELDS)
def test_a_text_of_millions_of_characters_is_refused_or_kept_without_failing(world, name, field_name):
    spec = POST_FORMS[name]
    form = discover(name, spec, world)
    data = form.post_data(**{field_name: MANY_WORDS})
    for file_field in form.file_fields:
        data.pop(file_field, None)
    # The pages that search or score with these texts.
    then = ["/en/startups/?q=wort7x", "/en/matching/startups/"] if spec.user == "investor_user" else []
    if spec.user == "founder":
        then = ["/en/startups/?q=wort7x", "/en/matching/investors/"]
    submit(name, spec, world, data, method="post", target=form.action or page_url(spec, world), then=then)


def test_thesis_words_for_the_score_are_picked_in_linear_time():
    """The score takes the first words of an investor's thesis: a long thesis must not take quadratic time."""
    from matching.scoring import MAX_WORDS, _words

    text = " ".join(f"wort{i}x" for i in range(40_000))
    started = time.perf_counter()
    words = _words(text)
    assert time.perf_counter() - started < 1.0
    assert words == [f"wort{i}x" for i in range(MAX_WORDS)]


def test_every_post_form_was_found_with_its_fields(world):
    """A guard for the fuzzing itself: each page shows the form, with more than the marker field."""
    for name, spec in POST_FORMS.items():
        form = discover(name, spec, world)
        assert form.method == "post", name
        assert len(form.field_names - {"csrfmiddlewaretoken"}) >= 1, name
    assert {"q", "topic", "hub", "funding_min", "sort"} <= discover(
        "startup_directory", GET_FILTERS["startup_directory"], world
    ).field_names


def test_row_counts_cover_the_portal_tables(db):
    tables = set(row_counts())
    assert {"users_user", "startups_startup", "events_registration", "matching_savedsearch"} <= tables
    assert {"agency_advicerequest", "mail_outboundemail", "account_emailaddress"} <= tables
