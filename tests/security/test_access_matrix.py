"""The access-control matrix: every URL pattern of the project, requested by every role.

`URLS` classifies each URL pattern by hand: its kind, the objects its URL arguments come from and the
roles that may reach it. The Django admin is classified by rule instead (`ADMIN_*` below, derived from
the staff groups in hubportal/admin/roles.py); custom admin views are in `URLS` too. A URL pattern that is not
classified, or a classified one that no longer exists, fails `test_every_url_pattern_is_classified`.

A role that may reach a URL gets 200 on GET and 200/302 on POST; every other role gets 403 or 404, or a
redirect to a login page, and its POST changes nothing. Nobody ever gets a 500. The world is built once
per module (inside a transaction rolled back at the end) and every request runs in a savepoint that is
rolled back, so a POST by an allowed role does not change what the next request sees.
"""

import datetime
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.contenttypes.models import ContentType
from django.contrib.sites.models import Site
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import LocalePrefixPattern
from django.utils import timezone

from agency.services import advice_note_add
from events.models import Event, Registration
from events.tokens import confirm_token, guest_token
from hubportal.activity.models import Activity
from hubportal.admin import roles
from hubportal.admin.roles import group_permission_keys, staff_groups_ensure
from hubportal.mail.models import OutboundEmail
from hubportal.users.models import ApiToken, User
from hubportal.users.services.api_tokens import api_token_create
from matching.models import DigestLog, Introduction, SavedSearch
from startups.models import Bookmark, InvestorProfile, Startup, StartupInvitation, StartupMembership
from tests.factories import (
    AdviceRequestFactory,
    AgendaItemFactory,
    BookmarkFactory,
    EventFactory,
    HubFactory,
    HubNetworkFactory,
    HubReportFactory,
    HubUpdateFactory,
    IntroductionFactory,
    InvestorProfileFactory,
    OrganisationProfileFactory,
    RegistrationFactory,
    SavedSearchFactory,
    SpeakerFactory,
    StartupFactory,
    StartupInvitationFactory,
    TopicFactory,
    UserFactory,
)

# --- roles ------------------------------------------------------------------------------------

ANON = "anonymous"
OWNER_A = "owner_a"
OWNER_B = "owner_b"
MEMBER_A = "member_a"  # on the team of every startup of A, not the owner
INVESTOR_NEW = "investor_unverified"
INVESTOR = "investor_verified"
ORGANISATION = "organisation"
HUB_OTHER = "hub_manager_of_other_hub"  # manages hub Y; the objects below belong to hub X
AGENCY = "agency_administrator"
ADVISOR = "advisor"
EVENTS = "event_manager"
EDITOR = "content_editor"
HUB = "hub_manager"  # manages hub X
# calls: jurors of the call of hub X (one without, one with a conflict of interest with A's application) and of
# another call; the applicants are owner_a and owner_b
JUROR = "juror"
JUROR_CONFLICT = "juror_with_conflict"
JUROR_OTHER = "juror_of_another_call"

STAFF_GROUP = {
    AGENCY: roles.AGENCY_ADMINISTRATOR,
    ADVISOR: roles.ADVISOR,
    EVENTS: roles.EVENT_MANAGER,
    EDITOR: roles.CONTENT_EDITOR,
    HUB: roles.HUB_MANAGER,
    HUB_OTHER: roles.HUB_MANAGER,
    JUROR: roles.JURY,
    JUROR_CONFLICT: roles.JURY,
    JUROR_OTHER: roles.JURY,
}
ROLES = (ANON, OWNER_A, OWNER_B, MEMBER_A, INVESTOR_NEW, INVESTOR, ORGANISATION, *STAFF_GROUP)

EVERYONE = frozenset(ROLES)
NOBODY: frozenset[str] = frozenset()
LOGGED_IN = EVERYONE - {ANON}
STAFF = frozenset(STAFF_GROUP)
TEAM_A = frozenset({OWNER_A, MEMBER_A})
TEAM_B = frozenset({OWNER_B})
PUBLISHED_TEAMS = TEAM_A | TEAM_B  # people on the team of a published startup


def staff_with(app: str, codename: str) -> frozenset:
    """The staff roles whose group has the permission (hubportal/admin/roles.py)."""
    return frozenset(role for role, group in STAFF_GROUP.items() if (app, codename) in group_permission_keys(group))


STARTUP_STAFF = staff_with("startups", "view_startup")  # see drafts and every field outside the admin
# Staff who manage every event, plus the manager of hub X, which organises the events below.
EVENT_STAFF_X = frozenset({AGENCY, EVENTS, HUB})
# Staff who run every call, plus the manager of hub X, which organises the calls below.
CALL_STAFF_X = frozenset({AGENCY, HUB})
JURORS = frozenset({JUROR, JUROR_CONFLICT, JUROR_OTHER})

# --- the world --------------------------------------------------------------------------------

STARTUP_FORM = {
    "name": "Neu GmbH",
    "pitch": "Neu",
    "stage": "seed",
    "company_visibility": "public",
    "funding_visibility": "investors",
}


BOOKMARK_NOTE = "Private note of the investor 7f3a"
ADVICE_NOTE = "Internal note of the agency 9c1e"


def build_world() -> SimpleNamespace:
    """Every role's user and one object of every kind, on hub X unless said otherwise."""
    now = timezone.now()
    w = SimpleNamespace(users={})
    groups = staff_groups_ensure()
    w.group = groups[roles.ADVISOR]
    w.topic = TopicFactory()
    w.hub_x, w.hub_y = HubFactory(topics=[w.topic]), HubFactory()
    w.network = HubNetworkFactory()
    w.network.members.add(w.hub_x)
    users = w.users
    users[OWNER_A] = UserFactory(account_type="startup")
    users[OWNER_B] = UserFactory(account_type="startup")
    users[MEMBER_A] = UserFactory(account_type="startup")
    w.investor_new = InvestorProfileFactory(is_verified=False)
    users[INVESTOR_NEW] = w.investor_new.user
    w.investor = InvestorProfileFactory(is_verified=True, verified_at=now)
    users[INVESTOR] = w.investor.user
    w.organisation = OrganisationProfileFactory()
    users[ORGANISATION] = w.organisation.user
    for role, group in STAFF_GROUP.items():
        users[role] = UserFactory(is_staff=True, account_type="other")
        users[role].groups.add(groups[group])
    w.hub_x.managers.add(users[HUB])
    w.hub_y.managers.add(users[HUB_OTHER])
    w.superuser = UserFactory(is_staff=True, is_superuser=True)

    w.startups = {}
    for side, owner in (("a", users[OWNER_A]), ("b", users[OWNER_B])):
        for status in Startup.Status.values:
            startup = StartupFactory(
                owner=owner,
                slug=f"{side}-{status}",
                status=status,
                hub=w.hub_x,
                topics=[w.topic],
                published_at=now if status == "published" else None,
            )
            w.startups[f"{side}_{status}"] = startup
            if side == "a":
                membership = StartupMembership.objects.create(startup=startup, user=users[MEMBER_A], role="member")  # type: ignore[misc]  # factory_boy returns the model
                if status == "published":
                    w.membership_a = membership
    w.second_membership_a = StartupMembership.objects.create(startup=w.startups["a_published"], user=UserFactory())  # type: ignore[misc]  # factory_boy returns the model
    w.owner_membership_b = StartupMembership.objects.get(startup=w.startups["b_published"], role="owner")
    w.invitation = StartupInvitationFactory(startup=w.startups["a_published"], invited_by=users[OWNER_A])
    w.activity = Activity.objects.create(  # a log entry as a service writes it
        actor=users[OWNER_A], action="startups.created", target=w.startups["a_published"], data={}
    )

    w.events = {
        "published": EventFactory(hub=w.hub_x, slug="event-published"),
        "draft": EventFactory(hub=w.hub_x, slug="event-draft", status=Event.Status.DRAFT),
        "past": EventFactory(
            hub=w.hub_x,
            slug="event-past",
            starts_at=now - datetime.timedelta(days=30),
            ends_at=now - datetime.timedelta(days=30, hours=-2),
        ),
    }
    w.events["invite"] = EventFactory(hub=w.hub_x, slug="event-invite", visibility=Event.Visibility.INVITE_ONLY)
    published = w.events["published"]
    w.registration = RegistrationFactory(event=published, user=users[OWNER_A])
    w.guest = RegistrationFactory(
        event=published, user=None, name="Gast", email="gast@example.org", status=Registration.Status.PENDING
    )
    w.waitlisted = RegistrationFactory(
        event=published, user=None, name="Warte", email="warte@example.org", status="waitlisted", waitlist_position=1
    )
    w.speaker = SpeakerFactory()
    AgendaItemFactory(event=published).speakers.add(w.speaker)  # type: ignore[attr-defined]  # factory_boy returns the model

    w.advice_a = AdviceRequestFactory(requester=users[OWNER_A], startup=w.startups["a_published"])
    w.advice_org = AdviceRequestFactory(requester=users[ORGANISATION])
    advice_note_add(request=w.advice_a, author=users[ADVISOR], text=ADVICE_NOTE)
    w.intro = IntroductionFactory(startup=w.startups["a_published"], investor=w.investor)
    w.search = SavedSearchFactory(user=users[INVESTOR])
    w.digest = DigestLog.objects.create(search=w.search, period_start=now, period_end=now)
    w.bookmark = BookmarkFactory(investor=w.investor, startup=w.startups["a_published"], note=BOOKMARK_NOTE)
    w.update = HubUpdateFactory(hub=w.hub_x)
    w.update_draft = HubUpdateFactory(hub=w.hub_x, is_published=False)
    w.api_token, _token = api_token_create(user=users[INVESTOR], name="matrix")
    w.report = HubReportFactory(hub=w.hub_x)
    build_calls(w, now)

    w.mail = OutboundEmail.objects.create(
        to=["x@example.org"], subject="Test", body_text="Text", from_email="f@example.org", status="failed"
    )
    w.site = Site.objects.get_current()
    w.email_address = EmailAddress.objects.get(user=users[OWNER_A])
    w.unverified_address = EmailAddress.objects.create(user=users[OWNER_B], email="zweite@example.org")
    w.authenticator = Authenticator.objects.create(user=w.superuser, type=Authenticator.Type.TOTP, data={})
    from django_tasks_db.models import DBTaskResult

    w.task = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="hubportal.mail.tasks.deliver",
        backend_name="default",
        run_after=now,
        exception_class_path="",
        traceback="",
    )
    from hubportal.scheduler.models import JobRun

    w.job_run = JobRun.objects.create(job="send_pending_mail", period_start=now, started_at=now, status="failed")
    return w


CALL_ANSWER = "Antwort von A 5d2e"


def build_calls(w: SimpleNamespace, now) -> None:
    """calls: an open call of hub X (applications of A and B, one per stage for the admin actions, a PDF of A),
    an unpublished one, one with a closed review, and a call of hub Y with its own juror."""
    from calls.models import Answer, Application, Call, Question
    from calls.services import review_declare
    from tests.calls.pdfs import good_pdf
    from tests.factories import ApplicationFactory, CallFactory, JuryMemberFactory, QuestionFactory

    users = w.users
    w.call = CallFactory(slug="call-x", organiser=Call.Organiser.HUB, hub=w.hub_x)
    w.call_draft = CallFactory(slug="call-x-draft", organiser=Call.Organiser.HUB, hub=w.hub_x, is_published=False)
    w.call_closed_review = CallFactory(
        slug="call-x-closed", organiser=Call.Organiser.HUB, hub=w.hub_x, review_closed_at=now
    )
    w.call_other = CallFactory(slug="call-y", organiser=Call.Organiser.HUB, hub=w.hub_y)
    short = QuestionFactory(call=w.call, kind=Question.Kind.SHORT_TEXT, required=False)
    pdf = QuestionFactory(call=w.call, kind=Question.Kind.FILE, required=False)
    QuestionFactory(call=w.call, kind=Question.Kind.LONG_TEXT, phase=Question.Stage.SECOND, required=False)
    w.app_a = ApplicationFactory(call=w.call, applicant=users[OWNER_A], organisation_name="A GmbH")
    w.app_b = ApplicationFactory(call=w.call, applicant=users[OWNER_B], organisation_name="B GmbH")
    w.app_final = ApplicationFactory(
        call=w.call, applicant=users[OWNER_A], organisation_name="A Final GmbH", stage=Application.Stage.FINALIST
    )
    w.app_eligible = ApplicationFactory(call=w.call, stage=Application.Stage.ELIGIBLE)
    w.app_shortlisted = ApplicationFactory(call=w.call, stage=Application.Stage.SHORTLISTED)
    Answer.objects.create(application=w.app_a, question=short, value=CALL_ANSWER)  # type: ignore[misc]  # factory_boy returns the model
    w.file_a = Answer(application=w.app_a, question=pdf, file_name="a.pdf", file_size=1)  # type: ignore[misc]  # factory_boy returns the model
    w.file_a.file.save("a.pdf", good_pdf(), save=True)
    for role in (JUROR, JUROR_CONFLICT):
        JuryMemberFactory(call=w.call, user=users[role])
    JuryMemberFactory(call=w.call_other, user=users[JUROR_OTHER])
    w.review = review_declare(application=w.app_a, juror=users[JUROR], conflict=False)
    review_declare(application=w.app_a, juror=users[JUROR_CONFLICT], conflict=True)
    w.criterion = w.call.criteria.create(name_de="Idee", name_en="Idea", weight=1)


class World:
    """The objects, and one logged-in test client per role; requests are rolled back."""

    def __init__(self, namespace: SimpleNamespace):
        self.__dict__.update(vars(namespace))
        self.clients, self.sessions = {}, {}
        for role in ROLES:
            client = Client()
            if role != ANON:
                client.force_login(self.users[role])  # type: ignore[attr-defined]  # set up in the fixture
                self.sessions[role] = client.cookies["sessionid"].value
            self.clients[role] = client

    def request(self, role: str, method: str, url: str, data=None, state=None) -> tuple[Any, bool]:
        """(response or the exception raised, whether `state(world)` changed); the request is rolled back."""
        client = self.clients[role]
        if role in self.sessions:  # a view that rotated or ended the session must not log out the role
            client.cookies["sessionid"] = self.sessions[role]
        cache.clear()
        changed = False
        with transaction.atomic():
            before = state(self) if state else None
            try:
                response = client.get(url) if method == "get" else client.post(url, data or {})
            except Exception as error:  # the report names the URL and the role
                response = error  # type: ignore[assignment]  # error kept for the report
            if state and not isinstance(response, Exception):
                changed = state(self) != before
            transaction.set_rollback(True)
        return response, changed


@pytest.fixture(scope="module")
def private_media(tmp_path_factory):
    """One folder for the private files of the whole module (the world's PDF lives there)."""
    return tmp_path_factory.mktemp("private-media")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path, private_media):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = private_media


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, private_media):
    from django.test import override_settings

    with django_db_blocker.unblock(), override_settings(PRIVATE_MEDIA_ROOT=private_media):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield World(build_world())
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


# --- the table --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """One way to fill a URL pattern's arguments, and who may GET and POST it (None: not requested)."""

    label: str = ""
    kwargs: Any = None  # world -> URL kwargs
    get: frozenset | None = None
    post: frozenset | None = None
    data: Any = None  # POST body, or world -> POST body
    query: Any = ""  # query string, or world -> query string
    path: Any = None  # world -> path, for patterns without a name
    get_ok: frozenset = frozenset({200})
    post_ok: frozenset = frozenset({200, 302})
    state: Any = None  # world -> value that a refused POST must leave as it is
    may_change: frozenset | None = None  # roles whose POST may change `state` (default: `post`)
    post_refused_only: bool = False  # POST only as the roles in `post` may not (allowed ones need real forms)
    hidden: Any = None  # (world, role) -> texts an allowed GET must not show


@dataclass(frozen=True)
class Entry:
    kind: str
    targets: tuple[Target, ...]


def entry(kind: str, *targets: Target) -> Entry:
    return Entry(kind, targets or (Target(),))


def public(**kwargs) -> Entry:
    return entry("public", Target(get=EVERYONE, **kwargs))


def login_required(*, post: bool = False, data=None, ok=frozenset({200})) -> Entry:
    return entry(
        "login required (own data only)",
        Target(get=LOGGED_IN, post=LOGGED_IN if post else None, data=data, get_ok=ok),
    )


def slug(key):
    return lambda w: {"slug": w.startups[key].slug}


def event(key):
    return lambda w: {"slug": w.events[key].slug}


def row(model, pk):
    """The state of one row (a refused POST must not change or delete it)."""
    return lambda w: list(model.objects.filter(pk=pk(w)).values())


STARTUP_LABELS = [f"{side}_{status}" for side in "ab" for status in Startup.Status.values]


def startup_team(key):
    return TEAM_A if key.startswith("a_") else TEAM_B


def startup_viewers(key):
    return EVERYONE if key.endswith("_published") else startup_team(key) | STARTUP_STAFF


def contacts_hidden(w, role) -> list[str]:
    """Startups' contact emails: only their team and startup staff see them (no introduction is accepted here)."""
    if role in STARTUP_STAFF:
        return []
    return [startup.contact_email for key, startup in w.startups.items() if role not in startup_team(key)]


def intro_contacts_hidden(w, role) -> list[str]:
    """The pending introduction shows neither side's contact details."""
    contacts = [w.investor.user.email, w.startups["a_published"].contact_email, w.users[OWNER_A].email]
    return [email for email in contacts if email != w.users[role].email]


def startup_state(key):
    return row(Startup, lambda w: w.startups[key].pk)


def membership_state(w):
    return sorted(StartupMembership.objects.values_list("startup_id", "user_id", "role"))


def intro_state(w):
    return list(Introduction.objects.values_list("pk", "status"))


def bookmark_state():
    return list(Bookmark.objects.values_list("investor_id", "startup_id", "note"))


def advice_state(w):
    """Every advice request's status and the conversations (an answer or a withdrawal changes them)."""
    from agency.models import AdviceReply, AdviceRequest

    return [
        list(AdviceRequest.objects.values_list("pk", "status", "outcome")),
        list(AdviceReply.objects.values_list("pk", "request_id")),
    ]


def organisation_state():
    from agency.models import OrganisationProfile

    return list(OrganisationProfile.objects.values_list("user_id", "company_name", "size", "sector"))


def user_password(user):
    return type(user).objects.filter(pk=user.pk).values_list("password", flat=True).first()


def ct(model) -> int:
    return ContentType.objects.get_for_model(model).pk


def staff_with_app(app: str) -> frozenset:
    """Staff roles with a permission on a model of `app` that the admin shows (else the app page is a 404)."""
    registered = {model._meta.label_lower for model in admin.site._registry}
    return frozenset(
        role
        for role, group in STAFF_GROUP.items()
        if any(f"{a}.{m}" in registered for (a, m) in roles.GROUPS[group]["models"] if a == app)
    )


ALLAUTH_PUBLIC = frozenset({200, 302})
ALLAUTH_OWN = frozenset({200, 302, 404})
BAD_KEY = {"key": "bogus-key"}


def call_state(w):
    """Every application's stage, answers and files, and the jurors' reviews and scores (a refused POST keeps them)."""
    from calls.models import Answer, Application, Review, Score

    return [
        list(Application.objects.order_by("pk").values_list("pk", "stage", "applicant_id", "organisation_name")),
        list(Answer.objects.order_by("pk").values_list("pk", "value", "file")),
        list(Review.objects.order_by("pk").values_list("pk", "conflict", "score", "submitted_at")),
        list(Score.objects.order_by("pk").values_list("pk", "value", "comment")),
    ]


def code(key):
    return lambda w: {"code": getattr(w, key).code}


def answer_hidden(w, role) -> list[str]:
    """A's answers: only A, the staff running the call and jurors without a conflict see them."""
    return [] if role in {OWNER_A, JUROR} | CALL_STAFF_X else [CALL_ANSWER]


CALL_URLS: dict[str, Entry] = {
    "calls:call_list": public(),
    "calls:deadlines_ics": public(),
    "calls:call_detail": entry(
        "published: public; unpublished: staff running the call",
        Target("published", lambda w: {"slug": w.call.slug}, get=EVERYONE),
        Target("unpublished", lambda w: {"slug": w.call_draft.slug}, get=CALL_STAFF_X),
    ),
    "calls:call_results": entry(
        "public once the finalists are announced",
        Target("archive", lambda w: {"slug": "digitale-stadt-2017"}, get=EVERYONE),
        Target("open call", lambda w: {"slug": w.call.slug}, get=NOBODY),
    ),
    "calls:application_start": entry(
        "login required (a draft of one's own); unpublished calls: staff running them",
        Target(
            "open",
            lambda w: {"slug": w.call.slug},
            get=LOGGED_IN,
            post=LOGGED_IN,
            data={"organisation": "new", "organisation_name": "Neu im Aufruf", "organisation_type": "startup"},
        ),
        Target(
            "unpublished",
            lambda w: {"slug": w.call_draft.slug},
            get=CALL_STAFF_X,
            post=CALL_STAFF_X,
            data={"organisation": "new", "organisation_name": "Neu", "organisation_type": "startup"},
            state=call_state,
            may_change=NOBODY,  # an unpublished call takes no application, also not from staff
        ),
    ),
    "calls:application_list": login_required(),
    "calls:application_detail": entry(
        "the applicant",
        Target(
            "A's",
            code("app_a"),
            get=frozenset({OWNER_A}),
            post=frozenset({OWNER_A}),
            data={"save": "1"},
            state=call_state,
            hidden=lambda w, role: [],
        ),
        Target(
            "B's",
            code("app_b"),
            get=frozenset({OWNER_B}),
            post=frozenset({OWNER_B}),
            data={"save": "1"},
            state=call_state,
        ),
    ),
    "calls:application_submit": entry(
        "the applicant",
        Target("A's", code("app_a"), get=frozenset({OWNER_A}), post=frozenset({OWNER_A}), state=call_state),
        Target("B's", code("app_b"), get=frozenset({OWNER_B}), post=frozenset({OWNER_B}), state=call_state),
    ),
    "calls:application_withdraw": entry(
        "the applicant",
        Target("A's", code("app_a"), get=frozenset({OWNER_A}), post=frozenset({OWNER_A}), state=call_state),
        Target("B's", code("app_b"), get=frozenset({OWNER_B}), post=frozenset({OWNER_B}), state=call_state),
    ),
    "calls:second_phase": entry(
        "the applicant, as a finalist",
        Target(
            "finalist",
            code("app_final"),
            get=frozenset({OWNER_A}),
            post=frozenset({OWNER_A}),
            data={"draft": "1"},
            state=call_state,
        ),
        Target("not a finalist", code("app_a"), get=NOBODY, post=NOBODY, data={"draft": "1"}, state=call_state),
    ),
    "calls:second_phase_submit": entry(
        "the applicant, as a finalist",
        Target("finalist", code("app_final"), get=frozenset({OWNER_A}), post=frozenset({OWNER_A}), state=call_state),
    ),
    "calls:application_file": entry(
        "the applicant (attachment)",
        Target("A's PDF", lambda w: {"code": w.app_a.code, "pk": w.file_a.pk}, get=frozenset({OWNER_A})),
        Target("A's PDF through B's reference", lambda w: {"code": w.app_b.code, "pk": w.file_a.pk}, get=NOBODY),
    ),
    "calls:reviewer_file": entry(
        "staff running the call; jurors of the call who declared no conflict",
        Target("A's PDF", lambda w: {"code": w.app_a.code, "pk": w.file_a.pk}, get=CALL_STAFF_X | {JUROR}),
        Target("A's PDF through B's reference", lambda w: {"code": w.app_b.code, "pk": w.file_a.pk}, get=NOBODY),
    ),
    "calls:jury_list": entry("jurors (staff with MFA through the admin's guard)", Target(get=JURORS)),
    "calls:jury_call": entry(
        "jurors of the call",
        Target("call X", lambda w: {"slug": w.call.slug}, get=frozenset({JUROR, JUROR_CONFLICT})),
        Target("call Y", lambda w: {"slug": w.call_other.slug}, get=frozenset({JUROR_OTHER})),
    ),
    "calls:jury_application": entry(
        "jurors of the call; with a conflict the page shows nothing of the application and scores nothing",
        Target(
            "A's",
            lambda w: {"slug": w.call.slug, "code": w.app_a.code},
            get=frozenset({JUROR, JUROR_CONFLICT}),
            post=frozenset({JUROR, JUROR_CONFLICT}),
            data=lambda w: {f"score_{w.criterion.pk}": "4", "submit": "1"},
            state=call_state,
            may_change=frozenset({JUROR}),
            hidden=answer_hidden,
        ),
        Target(
            "A's through call Y",
            lambda w: {"slug": w.call_other.slug, "code": w.app_a.code},
            get=NOBODY,
            post=NOBODY,
            data=lambda w: {"conflict": "no"},
            state=call_state,
        ),
    ),
    "admin:calls_call_ranking": entry(
        "staff running the call", Target(kwargs=lambda w: {"pk": w.call.pk}, get=CALL_STAFF_X)
    ),
}

URLS: dict[str, Entry] = {
    **CALL_URLS,
    # --- health checks for load balancers (JSON, no page)
    "healthz": public(),
    "readyz": public(),
    # --- core and hubs
    "home": public(),
    "imprint": public(),
    "privacy": public(),
    "accessibility": public(),
    "hubs:hub_list": public(),
    "hubs:topic_detail": public(kwargs=lambda w: {"slug": w.topic.slug}),
    "hubs:network_detail": public(kwargs=lambda w: {"slug": w.network.slug}),
    "hubs:hub_detail": public(kwargs=lambda w: {"slug": w.hub_x.slug}),
    # --- startups
    "startups:startup_list": public(),
    "startups:startup_export": entry(
        "verified investors and startup staff",
        Target(get=STARTUP_STAFF | {INVESTOR}, hidden=contacts_hidden),
    ),
    "startups:startup_create": login_required(post=True, data=STARTUP_FORM),
    "startups:investor_list": entry(
        "teams of published startups and startup staff", Target(get=PUBLISHED_TEAMS | STARTUP_STAFF)
    ),
    "startups:investor_profile": entry(
        "login required (own profile)",
        Target(get=LOGGED_IN, post=LOGGED_IN, data={"investor_type": "vc", "organisation": "Neu Kapital"}),
    ),
    "startups:investor_detail": entry(
        "teams of published startups and startup staff; verified investors only",
        Target("verified", lambda w: {"slug": w.investor.slug}, get=PUBLISHED_TEAMS | STARTUP_STAFF),
        Target("unverified", lambda w: {"slug": w.investor_new.slug}, get=NOBODY),
    ),
    "startups:bookmark_list": entry("verified investor", Target(get=frozenset({INVESTOR}))),
    "startups:invitation_accept": entry(
        "secret token; only the invited address may accept (none of the roles is invited)",
        Target(
            "token",
            lambda w: {"token": w.invitation.token},
            get=LOGGED_IN,
            post=LOGGED_IN,
            state=membership_state,
            may_change=NOBODY,
        ),
        Target(
            "bogus token",
            lambda w: {"token": "no-such-token"},
            get=NOBODY,
            post=LOGGED_IN,  # back to the (404) page with an error message
            state=membership_state,
            may_change=NOBODY,
        ),
    ),
    "startups:startup_detail": entry(
        "published: public; other states: team and startup staff",
        *(Target(key, slug(key), get=startup_viewers(key), hidden=contacts_hidden) for key in STARTUP_LABELS),
    ),
    "startups:startup_update": entry(
        "team of the startup",
        *(
            Target(
                key,
                slug(key),
                get=startup_team(key),
                post=startup_team(key),
                data=STARTUP_FORM,
                state=startup_state(key),
            )
            for key in STARTUP_LABELS
        ),
    ),
    "startups:startup_submit": entry(
        "team of the startup (POST)",
        *(Target(key, slug(key), post=startup_team(key), state=startup_state(key)) for key in STARTUP_LABELS),
    ),
    "startups:startup_team": entry(
        "team sees it, the owner invites",
        *(
            Target(
                key,
                slug(key),
                get=startup_team(key),
                post=frozenset({OWNER_A if key.startswith("a_") else OWNER_B}),
                data={"email": "neu@example.org"},
                state=lambda w: StartupInvitation.objects.count(),
            )
            for key in ("a_published", "a_draft", "b_published", "b_draft")
        ),
    ),
    "startups:membership_remove": entry(
        "the owner removes, a member leaves (POST); memberships of another startup are 404",
        Target(
            "member of A",
            lambda w: {"slug": w.startups["a_published"].slug, "pk": w.membership_a.pk},
            post=TEAM_A,
            state=membership_state,
        ),
        Target(
            "another member of A",
            lambda w: {"slug": w.startups["a_published"].slug, "pk": w.second_membership_a.pk},
            post=frozenset({OWNER_A}),
            state=membership_state,
        ),
        Target(
            "owner of B",
            lambda w: {"slug": w.startups["b_published"].slug, "pk": w.owner_membership_b.pk},
            post=TEAM_B,
            state=membership_state,
            may_change=NOBODY,  # the owner cannot be removed
        ),
        Target(
            "member of A through B's URL",
            lambda w: {"slug": w.startups["b_published"].slug, "pk": w.membership_a.pk},
            post=NOBODY,
            state=membership_state,
        ),
    ),
    "startups:ownership_transfer": entry(
        "owner only (POST)",
        Target(
            "member of A",
            lambda w: {"slug": w.startups["a_published"].slug, "pk": w.membership_a.pk},
            post=frozenset({OWNER_A}),
            state=membership_state,
        ),
        Target(
            "member of A through B's URL",
            lambda w: {"slug": w.startups["b_published"].slug, "pk": w.membership_a.pk},
            post=NOBODY,
            state=membership_state,
        ),
    ),
    "startups:bookmark_toggle": entry(
        "verified investor, published startups (POST)",
        Target("published", slug("a_published"), post=frozenset({INVESTOR}), state=lambda w: bookmark_state()),
        Target("draft", slug("a_draft"), post=NOBODY, state=lambda w: bookmark_state()),
    ),
    "startups:bookmark_update": entry(
        "verified investor, own bookmark (POST)",
        Target(
            "own bookmark",
            slug("a_published"),
            post=frozenset({INVESTOR}),
            data={"note": "geändert"},
            state=lambda w: bookmark_state(),
        ),
        Target("no bookmark", slug("b_published"), post=NOBODY, data={"note": "x"}, state=lambda w: bookmark_state()),
    ),
    # --- events
    "events:event_list": public(),
    "events:event_archive": public(),
    "events:calendar_feed": public(),
    "events:hub_calendar_feed": public(kwargs=lambda w: {"slug": w.hub_x.slug}),
    "events:topic_calendar_feed": public(kwargs=lambda w: {"slug": w.topic.slug}),
    "events:event_feed_rss": public(),
    "events:event_feed_atom": public(),
    "events:registration_detail": entry(
        "the registration's owner",
        Target("own ticket", lambda w: {"code": w.registration.ticket_code}, get=frozenset({OWNER_A})),
        Target("guest ticket", lambda w: {"code": w.guest.ticket_code}, get=NOBODY),
    ),
    "events:registration_qr": entry(
        "the registration's owner",
        Target("own ticket", lambda w: {"code": w.registration.ticket_code}, get=frozenset({OWNER_A})),
        Target("guest ticket", lambda w: {"code": w.guest.ticket_code}, get=NOBODY),
    ),
    "events:registration_cancel": entry(
        "the registration's owner",
        Target(
            "own ticket",
            lambda w: {"code": w.registration.ticket_code},
            get=frozenset({OWNER_A}),
            post=frozenset({OWNER_A}),
            state=row(Registration, lambda w: w.registration.pk),
        ),
        Target(
            "guest ticket",
            lambda w: {"code": w.guest.ticket_code},
            get=NOBODY,
            post=NOBODY,
            state=row(Registration, lambda w: w.guest.pk),
        ),
    ),
    "events:registration_guest": entry(
        "signed guest link",
        Target("guest token", lambda w: {"token": guest_token(w.guest)}, get=EVERYONE),
        Target("confirm token", lambda w: {"token": confirm_token(w.guest)}, get=NOBODY),
        Target("bogus token", lambda w: {"token": "bogus"}, get=NOBODY),
    ),
    "events:registration_guest_qr": entry(
        "signed guest link",
        Target("guest token", lambda w: {"token": guest_token(w.guest)}, get=EVERYONE),
        Target("bogus token", lambda w: {"token": "bogus"}, get=NOBODY),
    ),
    "events:registration_guest_cancel": entry(
        "signed guest link",
        Target("guest token", lambda w: {"token": guest_token(w.guest)}, get=EVERYONE, post=EVERYONE),
        Target(
            "confirm token",
            lambda w: {"token": confirm_token(w.guest)},
            get=NOBODY,
            post=NOBODY,
            state=row(Registration, lambda w: w.guest.pk),
        ),
    ),
    "events:registration_confirm": entry(
        "signed confirmation link",
        Target("confirm token", lambda w: {"token": confirm_token(w.guest)}, get=EVERYONE, post=EVERYONE),
        Target(
            "guest token",
            lambda w: {"token": guest_token(w.guest)},
            get=EVERYONE,
            get_ok=frozenset({400}),
            post=EVERYONE,
            post_ok=frozenset({400}),
            state=row(Registration, lambda w: w.guest.pk),
            may_change=NOBODY,
        ),
    ),
    "events:event_detail": entry(
        "published: public; drafts: staff managing the event",
        Target("published", event("published"), get=EVERYONE),
        Target("past", event("past"), get=EVERYONE),
        Target("draft", event("draft"), get=EVENT_STAFF_X),
        Target("invite-only", event("invite"), get=EVENT_STAFF_X),
        Target(
            "invite-only with the code",
            event("invite"),
            query=lambda w: f"invite={w.events['invite'].invite_code}",
            get=EVERYONE,
        ),
    ),
    "events:registration_create": entry(
        "published: everyone (guests by mail); drafts: staff managing the event",
        Target(
            "published",
            event("published"),
            get=EVERYONE,
            post=EVERYONE,
            data={"name": "Neue Person", "email": "neu-gast@example.org"},
        ),
        Target("past", event("past"), get=EVERYONE, post=EVERYONE, data={"name": "N", "email": "n@example.org"}),
        Target(
            "draft",
            event("draft"),
            get=EVENT_STAFF_X,
            post=EVENT_STAFF_X,
            data={"name": "N", "email": "n@example.org"},
            state=lambda w: Registration.objects.count(),
            may_change=NOBODY,  # a draft takes no registrations
        ),
    ),
    "events:event_ics": entry(
        "published: public; drafts: staff managing the event",
        Target("published", event("published"), get=EVERYONE),
        Target("draft", event("draft"), get=EVENT_STAFF_X),
        Target("invite-only", event("invite"), get=EVENT_STAFF_X),
    ),
    "events:event_checkin": entry(
        "staff managing the event with the registration permission",
        *(
            Target(
                key,
                event(key),
                get=EVENT_STAFF_X,
                post=EVENT_STAFF_X,
                data=lambda w: {"code": w.registration.ticket_code},
                state=row(Registration, lambda w: w.registration.pk),
            )
            for key in ("published", "draft", "past")
        ),
    ),
    # --- matching
    "matching:startup_matches": entry("verified investor", Target(get=frozenset({INVESTOR}))),
    "matching:investor_matches": entry("teams of published startups", Target(get=PUBLISHED_TEAMS)),
    "matching:introduction_list": entry(
        "login required (own introductions; contacts only once accepted)",
        Target(
            get=LOGGED_IN,
            hidden=intro_contacts_hidden,
        ),
    ),
    "matching:introduction_request_startup": entry(
        "verified investor asks a published startup",
        Target(
            "published with a pending request",
            slug("a_published"),
            get=frozenset({INVESTOR}),
            post=frozenset({INVESTOR}),
            data={"message": "Hallo"},
            state=intro_state,
        ),
        Target(
            "published",
            slug("b_published"),
            get=frozenset({INVESTOR}),
            post=frozenset({INVESTOR}),
            data={"message": "Hallo"},
            state=intro_state,
        ),
        Target("draft", slug("a_draft"), get=NOBODY, post=NOBODY, data={"message": "Hallo"}, state=intro_state),
    ),
    "matching:introduction_request_investor": entry(
        "teams of published startups ask a verified investor",
        Target(
            "verified",
            lambda w: {"slug": w.investor.slug},
            get=PUBLISHED_TEAMS,
            post=PUBLISHED_TEAMS,
            data={"message": "Hallo"},
            state=intro_state,
        ),
        Target(
            "unverified",
            lambda w: {"slug": w.investor_new.slug},
            get=NOBODY,
            post=NOBODY,
            data={"message": "Hallo"},
            state=intro_state,
        ),
    ),
    "matching:introduction_accept": entry(
        "the side that was asked (POST)",
        Target("", lambda w: {"pk": w.intro.pk}, post=TEAM_A, state=intro_state),
    ),
    "matching:introduction_decline": entry(
        "the side that was asked (POST)",
        Target("", lambda w: {"pk": w.intro.pk}, post=TEAM_A, state=intro_state),
    ),
    "matching:introduction_withdraw": entry(
        "the side that asked (POST)",
        Target("", lambda w: {"pk": w.intro.pk}, post=frozenset({INVESTOR}), state=intro_state),
    ),
    "matching:savedsearch_list": login_required(),
    "matching:savedsearch_create": login_required(post=True, data={"name": "Neu", "frequency": "daily"}),
    "matching:savedsearch_delete": entry(
        "the search's owner (POST)",
        Target(
            "",
            lambda w: {"pk": w.search.pk},
            post=frozenset({INVESTOR}),
            state=row(SavedSearch, lambda w: w.search.pk),
        ),
    ),
    # --- accounts
    "users:account": login_required(),
    "users:profile_update": login_required(
        post=True, data={"first_name": "Neu", "last_name": "Name", "account_type": "other", "language": "de"}
    ),
    "users:account_export": entry(
        "login required (own data only, POST)", Target(post=LOGGED_IN, post_ok=frozenset({200}))
    ),
    "users:account_delete": login_required(),
    "users:api_token_create": login_required(post=True, data={"name": "Neu"}),
    "users:api_token_revoke": entry(
        "the token's owner (POST)",
        Target(
            "",
            lambda w: {"pk": w.api_token.pk},
            post=frozenset({INVESTOR}),
            state=row(ApiToken, lambda w: w.api_token.pk),
        ),
    ),
    # --- open data: read-only, the same for a session as for a visitor (the API reads tokens, not sessions)
    "robots_txt": public(),
    "sitemap_index": public(),
    "sitemap_section": public(kwargs=lambda w: {"section": "startups"}),
    "api:schema": public(),
    "api:docs": public(),
    "api:hub-list": public(),
    "api:hub-detail": public(kwargs=lambda w: {"slug": w.hub_x.slug}),
    "api:topic-list": public(),
    "api:topic-detail": public(kwargs=lambda w: {"slug": w.topic.slug}),
    "api:network-list": public(),
    "api:network-detail": public(kwargs=lambda w: {"slug": w.network.slug}),
    "api:startup-list": public(),
    "api:startup-detail": entry(
        "published: everyone; a draft: nobody, not even its team",
        Target("published", slug("a_published"), get=EVERYONE),
        Target("draft", slug("a_draft"), get=NOBODY),
    ),
    "api:event-list": public(),
    "api:event-detail": entry(
        "public events: everyone; invite-only ones: nobody",
        Target("published", event("published"), get=EVERYONE),
        Target("invite", event("invite"), get=NOBODY),
    ),
    "api:news-list": public(),
    "api:news-detail": entry(
        "published news: everyone; drafts: nobody",
        Target("published", lambda w: {"slug": w.update.slug}, get=EVERYONE),
        Target("draft", lambda w: {"slug": w.update_draft.slug}, get=NOBODY),
    ),
    "api:call-list": public(),
    "api:call-detail": public(kwargs=lambda w: {"slug": w.call.slug}),
    "api:call-results": entry(
        "once finalists are announced (as the results page)",
        Target("open call", lambda w: {"slug": w.call.slug}, get=NOBODY),
    ),
    "route:api/v1/^.*$": entry("API catch-all: a JSON 404", Target(path=lambda w: "/api/v1/no-such/", get=NOBODY)),
    "route:^api/": entry("API catch-all: a JSON 404", Target(path=lambda w: "/api/no-such/", get=NOBODY)),
    "users:account_deleted": public(),
    "account_login": entry("allauth, public", Target(get=EVERYONE, get_ok=ALLAUTH_PUBLIC)),
    "account_signup": entry("allauth, public", Target(get=EVERYONE, get_ok=ALLAUTH_PUBLIC)),
    "account_inactive": entry("allauth, public", Target(get=EVERYONE, get_ok=ALLAUTH_PUBLIC)),
    "account_reset_password": entry("allauth, public", Target(get=EVERYONE, get_ok=ALLAUTH_PUBLIC)),
    "account_reset_password_done": entry("allauth, public", Target(get=EVERYONE, get_ok=ALLAUTH_PUBLIC)),
    "account_reset_password_from_key_done": entry("allauth, public", Target(get=EVERYONE, get_ok=ALLAUTH_PUBLIC)),
    "account_reset_password_from_key": entry(
        "allauth, secret key",
        Target(kwargs=lambda w: {"uidb36": "1", "key": "bogus-key"}, get=EVERYONE, get_ok=ALLAUTH_PUBLIC),
    ),
    "account_email_verification_sent": entry("allauth, public", Target(get=EVERYONE, get_ok=ALLAUTH_PUBLIC)),
    "account_confirm_email": entry(
        "allauth, secret key", Target(kwargs=lambda w: BAD_KEY, get=EVERYONE, get_ok=ALLAUTH_PUBLIC)
    ),
    "account_confirm_login_code": entry("allauth, login step", Target(get=EVERYONE, get_ok=ALLAUTH_OWN)),
    "account_logout": entry("allauth, own session", Target(get=EVERYONE, get_ok=ALLAUTH_PUBLIC)),
    "account_reauthenticate": entry("allauth, own account", Target(get=LOGGED_IN, get_ok=ALLAUTH_OWN)),
    "account_email": entry("allauth, own account", Target(get=LOGGED_IN, get_ok=ALLAUTH_OWN)),
    "account_change_password": entry("allauth, own account", Target(get=LOGGED_IN, get_ok=ALLAUTH_OWN)),
    "account_set_password": entry("allauth, own account", Target(get=LOGGED_IN, get_ok=ALLAUTH_OWN)),
    "mfa_index": entry("allauth, own account", Target(get=LOGGED_IN, get_ok=ALLAUTH_OWN)),
    "mfa_authenticate": entry("allauth, login step", Target(get=EVERYONE, get_ok=ALLAUTH_OWN)),
    "mfa_reauthenticate": entry("allauth, own account", Target(get=LOGGED_IN, get_ok=ALLAUTH_OWN)),
    "mfa_activate_totp": entry("allauth, own account", Target(get=LOGGED_IN, get_ok=ALLAUTH_OWN)),
    "mfa_deactivate_totp": entry("allauth, own account", Target(get=LOGGED_IN, get_ok=ALLAUTH_OWN)),
    "mfa_view_recovery_codes": entry("allauth, own account", Target(get=LOGGED_IN, get_ok=ALLAUTH_OWN)),
    "mfa_generate_recovery_codes": entry("allauth, own account", Target(get=LOGGED_IN, get_ok=ALLAUTH_OWN)),
    "mfa_download_recovery_codes": entry("allauth, own account", Target(get=LOGGED_IN, get_ok=ALLAUTH_OWN)),
    # --- agency
    "agency:organisationprofile_update": entry(
        "organisation accounts, own profile",
        Target(
            get=frozenset({ORGANISATION}),
            post=frozenset({ORGANISATION}),
            data={"company_name": "Neu AG", "size": "small", "sector": "Handel"},
            state=lambda w: organisation_state(),
        ),
    ),
    "agency:advicerequest_list": login_required(),
    "agency:advicerequest_detail": entry(
        "the requester",
        Target(
            "startup's request",
            lambda w: {"pk": w.advice_a.pk},
            get=frozenset({OWNER_A}),
            post=frozenset({OWNER_A}),
            data={"text": "Hier die Zahlen."},
            state=advice_state,
            hidden=lambda w, role: [ADVICE_NOTE],
        ),
        Target("company's request", lambda w: {"pk": w.advice_org.pk}, get=frozenset({ORGANISATION})),
    ),
    "agency:advicerequest_withdraw": entry(
        "the requester (POST)",
        Target("", lambda w: {"pk": w.advice_a.pk}, post=frozenset({OWNER_A}), state=advice_state),
        Target(
            "company's request", lambda w: {"pk": w.advice_org.pk}, post=frozenset({ORGANISATION}), state=advice_state
        ),
    ),
    "agency:advicerequest_create": login_required(
        post=True, data={"topic": "funding", "message": "Hilfe", "contact_way": "email"}
    ),
    "agency:hubupdate_list": public(),
    "agency:hubupdate_feed": public(),
    "agency:hubupdate_detail": entry(
        "published: public",
        Target("published", lambda w: {"slug": w.update.slug}, get=EVERYONE),
        Target("unpublished", lambda w: {"slug": w.update_draft.slug}, get=NOBODY),
    ),
    # --- admin: the site's own views (model views follow the rule below)
    "admin:index": entry("staff (my work)", Target(get=STAFF)),
    "admin:dashboard": entry("staff (each section by the permission of its data)", Target(get=STAFF)),
    "admin:login": entry(
        "staff are sent on; others to allauth's login or 403", Target(get=STAFF, get_ok=frozenset({302}))
    ),
    "admin:logout": entry(
        "POST only; a GET is refused (staff) or sent to the admin index",
        Target(get=EVERYONE, get_ok=frozenset({302, 405})),
    ),
    "admin:password_change": entry("staff", Target(get=STAFF)),
    "admin:password_change_done": entry("staff", Target(get=STAFF)),
    "admin:jsi18n": entry("staff", Target(get=STAFF)),
    "admin:autocomplete": entry(
        "staff who may view the target model; results limited to the admin queryset",
        Target(
            "hubs of a startup",
            query="app_label=startups&model_name=startup&field_name=hub",
            get=staff_with("hubs", "view_hub"),
            hidden=lambda w, role: [w.hub_x.name] if role == HUB_OTHER else [],
        ),
        Target(
            "users of an investor profile",
            query="app_label=startups&model_name=investorprofile&field_name=user",
            get=staff_with("users", "view_user"),
        ),
        Target("no parameters", get=NOBODY),
    ),
    "admin:view_on_site": entry(
        "staff who may view the object in the admin",
        Target(
            "registration",
            lambda w: {"content_type_id": ct(Registration), "object_id": w.registration.pk},
            get=EVENT_STAFF_X,
            get_ok=frozenset({302}),
        ),
        Target(
            "advice request (view_on_site off: the page is the requester's)",
            lambda w: {"content_type_id": ct(type(w.advice_a)), "object_id": w.advice_a.pk},
            get=NOBODY,
        ),
        Target(
            "team invitation",
            lambda w: {"content_type_id": ct(type(w.invitation)), "object_id": w.invitation.pk},
            get=staff_with("startups", "view_startupinvitation"),
            get_ok=frozenset({302}),
        ),
    ),
    "admin:app_list": entry(
        "staff with a permission in the app",
        *(
            Target(app, lambda w, app=app: {"app_label": app}, get=staff_with_app(app))
            for app in sorted({model._meta.app_label for model in admin.site._registry})
        ),
    ),
    "route:admin/(?P<url>.*)$": entry(
        "admin catch-all: 404 for everyone", Target(path=lambda w: "/de/admin/no-such-page/", get=NOBODY)
    ),
    "admin:startups_startup_timeline": entry(
        "staff who may view startups", Target(kwargs=lambda w: {"pk": w.startups["a_draft"].pk}, get=STARTUP_STAFF)
    ),
    "admin:startups_startup_step": entry(
        "staff who may change startups: a moderation step's confirmation page",
        Target(
            kwargs=lambda w: {"pk": w.startups["a_published"].pk, "step": "unpublish"},
            get=staff_with("startups", "change_startup"),
        ),
    ),
    "admin:startups_investorprofile_step": entry(
        "staff who may change investor profiles: a verification step's confirmation page",
        Target(
            kwargs=lambda w: {"pk": w.investor_new.pk, "step": "decline"},
            get=staff_with("startups", "change_investorprofile"),
        ),
    ),
    "admin:startups_startup_transfer_ownership": entry(
        "staff who may change startups",
        Target(
            kwargs=lambda w: {"pk": w.startups["a_published"].pk},
            get=staff_with("startups", "change_startup"),
            post=staff_with("startups", "change_startup"),
            data=lambda w: {"membership": w.membership_a.pk},
            state=membership_state,
        ),
    ),
    "admin:agency_hubreport_missing": entry("staff of every hub", Target(get=frozenset({AGENCY}))),
    "admin:agency_hubreport_export": entry("staff of every hub", Target(get=frozenset({AGENCY}))),
    "admin:agency_hubreport_compare": entry("staff of every hub", Target(get=frozenset({AGENCY}))),
    "admin:agency_hubreport_file": entry(
        "hub managers (their own hubs) and agency staff", Target(get=staff_with("agency", "add_hubreport"))
    ),
    "admin:auth_user_password_change": entry(
        "staff who may change users; a superuser's password only by a superuser",
        Target(
            "founder",
            lambda w: {"id": w.users[OWNER_A].pk},
            get=staff_with("users", "change_user"),
            post=staff_with("users", "change_user"),
            data={"password1": "Neu-Passwort-123!", "password2": "Neu-Passwort-123!"},
            state=lambda w: user_password(w.users[OWNER_A]),
        ),
        Target(
            "superuser",
            lambda w: {"id": w.superuser.pk},
            get=NOBODY,
            post=NOBODY,
            data={"password1": "Neu-Passwort-123!", "password2": "Neu-Passwort-123!"},
            state=lambda w: user_password(w.superuser),
        ),
    ),
}

# --- the admin, by rule -----------------------------------------------------------------------
# For every registered ModelAdmin: its changelist, add, change, history and delete views and the
# `<id>/` redirect. Staff may use a view when their group (hubportal/admin/roles.py) has the permission;
# the exceptions are listed here. Non-staff are sent to the admin login.

ADMIN_VIEWS = ("changelist", "add", "change", "history", "delete")

ADMIN_OBJECTS = {
    "calls.application": lambda w: w.app_a.pk,
    "calls.call": lambda w: w.call.pk,
    "calls.review": lambda w: w.review.pk,
    "account.emailaddress": lambda w: w.email_address.pk,
    "activity.activity": lambda w: w.activity.pk,
    "agency.advicerequest": lambda w: w.advice_a.pk,
    "agency.hubreport": lambda w: w.report.pk,
    "agency.hubupdate": lambda w: w.update.pk,
    "agency.organisationprofile": lambda w: w.organisation.pk,
    "auth.group": lambda w: w.group.pk,
    "django_tasks_database.dbtaskresult": lambda w: w.task.pk,
    "events.event": lambda w: w.events["published"].pk,
    "events.registration": lambda w: w.registration.pk,
    "events.speaker": lambda w: w.speaker.pk,
    "hubs.hub": lambda w: w.hub_x.pk,
    "hubs.hubnetwork": lambda w: w.network.pk,
    "hubs.topic": lambda w: w.topic.pk,
    "mail.outboundemail": lambda w: w.mail.pk,
    "matching.digestlog": lambda w: w.digest.pk,
    "matching.introduction": lambda w: w.intro.pk,
    "matching.savedsearch": lambda w: w.search.pk,
    "mfa.authenticator": lambda w: w.authenticator.pk,
    "sites.site": lambda w: w.site.pk,
    "startups.bookmark": lambda w: w.bookmark.pk,
    "startups.investorprofile": lambda w: w.investor.pk,
    "startups.startup": lambda w: w.startups["a_published"].pk,
    "startups.startupinvitation": lambda w: w.invitation.pk,
    "users.user": lambda w: w.users[OWNER_A].pk,
    "users.apitoken": lambda w: w.api_token.pk,
    "scheduler.jobrun": lambda w: w.job_run.pk,
}
# Texts no admin view of the model shows to anyone (the bookmark's note is the investor's alone).
# The token's digest neither (nor the token, which is never stored).
ADMIN_HIDDEN = {"startups.bookmark": lambda w: [BOOKMARK_NOTE], "users.apitoken": lambda w: [w.api_token.digest]}
# Objects of hub X: the manager of another hub must not see them, whatever the group allows.
HUB_SCOPED = {
    "calls.call",
    "calls.application",
    "calls.review",
    "hubs.hub",
    "events.event",
    "events.registration",
    "events.speaker",
    "agency.hubupdate",
    "agency.hubreport",
}
# Rows that only come from the portal's services (nobody adds them in the admin).
NO_ADD = {
    "calls.application",
    "calls.review",
    "activity.activity",
    "agency.advicerequest",
    "events.registration",
    "mail.outboundemail",
    "matching.introduction",
    "scheduler.jobrun",
    "startups.startupinvitation",  # written by the team page's service; the admin only shows and deletes them
    "users.apitoken",  # created by their owner on the account page
}
# Rows nobody deletes in the admin, whatever the group holds: the domain cancels, closes or withdraws them instead.
NO_DELETE = {
    "agency.advicerequest",
    "calls.application",
    "events.registration",
    "matching.introduction",
    "startups.investorprofile",
}


def admin_models() -> list[str]:
    return sorted(model._meta.label_lower for model in admin.site._registry)


def admin_may(role: str, label: str, action: str, *, on_object: bool = True) -> bool:
    """Whether `role` may use the admin for `action` (view/add/change/delete) on `label` (an object of hub X)."""
    if role not in STAFF_GROUP:
        return False
    app, model = label.split(".")
    keys = group_permission_keys(STAFF_GROUP[role])
    if action == "view":
        allowed = (app, f"view_{model}") in keys or (app, f"change_{model}") in keys
    else:
        allowed = (app, f"{action}_{model}") in keys
    if action == "add" and label in NO_ADD:
        allowed = False
    if action == "delete" and label in NO_DELETE:
        allowed = False
    if on_object and role == HUB_OTHER and label in HUB_SCOPED:
        allowed = False
    return allowed


def admin_view_roles(label: str, view: str) -> frozenset:
    action = {"changelist": "view", "change": "view", "history": "view", "add": "add", "delete": "delete"}[view]
    on_object = view not in ("changelist", "add")
    return frozenset(role for role in STAFF if admin_may(role, label, action, on_object=on_object))


def admin_target(label: str, view: str) -> tuple[str, Target]:
    app, model = label.split(".")
    name = f"admin:{app}_{model}_{view}"
    model_class = admin_model(label)
    pk = ADMIN_OBJECTS.get(label, lambda w: 0)
    allowed = admin_view_roles(label, view)
    if view in ("changelist", "add"):
        kwargs = None
        state = (lambda w: model_class.objects.count()) if view == "add" else None
    else:
        kwargs = lambda w: {"object_id": pk(w)}  # noqa: E731
        state = row(model_class, pk)

    def hidden(w, role, label=label, pk=pk, view=view):
        texts = ADMIN_HIDDEN[label](w) if label in ADMIN_HIDDEN else []
        if view == "changelist" and not admin_may(role, label, "view", on_object=True):
            # Whoever lists the model but may not open hub X's object must not see it in the list either.
            texts.append(reverse(f"admin:{app}_{model}_change", args=[pk(w)]))
        return texts

    post = None if view in ("changelist", "history") else allowed
    data = {"post": "yes"} if view == "delete" else {}
    return name, Target(
        view, kwargs, get=allowed, post=post, data=data, state=state, hidden=hidden, post_refused_only=True
    )


def admin_model(label: str):
    return next(model for model in admin.site._registry if model._meta.label_lower == label)


def admin_cases() -> list[tuple[str, Target]]:
    cases: list[tuple] = []
    for label in admin_models():
        cases.extend(admin_target(label, view) for view in ADMIN_VIEWS)
        app, model = label.split(".")
        cases.append(
            (
                f"route:admin/{app}/{model}/<path:object_id>/",
                Target(
                    "redirect to the change view",
                    path=lambda w, app=app, model=model, label=label: (
                        f"/de/admin/{app}/{model}/{ADMIN_OBJECTS[label](w)}/"
                    ),
                    get=STAFF,
                    get_ok=frozenset({302}),
                ),
            )
        )
    return cases


# Admin actions: (model, action) -> (permission the action needs, object, extra POST data, effect).
# `effect(world, response)` says whether the action did its work; refused roles must leave no effect.
def _status(model, pk, value):
    return lambda w, response: model.objects.filter(pk=pk(w), status=value).exists()


def _csv_with(text):
    """The action answered with a CSV file that contains `text(world)` (an empty export does not count)."""

    def effect(w, response):
        is_csv = response.get("Content-Type", "").startswith("text/csv")
        return is_csv and text(w) in response.getvalue().decode("utf-8-sig")

    return effect


def _stage(key, value):
    from calls.models import Application

    return lambda w, response: Application.objects.filter(pk=getattr(w, key).pk, stage=value).exists()


def _review_closed(key, closed):
    from calls.models import Call

    return lambda w, response: Call.objects.filter(pk=getattr(w, key).pk, review_closed_at__isnull=not closed).exists()


ADMIN_ACTIONS = {
    ("users.apitoken", "revoke_selected"): (
        "change",
        lambda w: w.api_token.pk,
        {},
        lambda w, r: ApiToken.objects.filter(pk=w.api_token.pk, revoked_at__isnull=False).exists(),
    ),
    ("calls.call", "close_review"): ("change", lambda w: w.call.pk, {}, _review_closed("call", True)),
    ("calls.call", "reopen_review"): (
        "change",
        lambda w: w.call_closed_review.pk,
        {},
        _review_closed("call_closed_review", False),
    ),
    ("calls.application", "move_to_eligible"): ("change", lambda w: w.app_a.pk, {}, _stage("app_a", "eligible")),
    ("calls.application", "move_to_not_eligible"): (
        "change",
        lambda w: w.app_a.pk,
        {"reason": "Kein Startup"},
        _stage("app_a", "not_eligible"),
    ),
    ("calls.application", "move_to_shortlisted"): (
        "change",
        lambda w: w.app_eligible.pk,
        {},
        _stage("app_eligible", "shortlisted"),
    ),
    ("calls.application", "move_to_finalist"): (
        "change",
        lambda w: w.app_shortlisted.pk,
        {},
        _stage("app_shortlisted", "finalist"),
    ),
    ("calls.application", "move_to_winner"): ("change", lambda w: w.app_final.pk, {}, _stage("app_final", "winner")),
    ("calls.application", "move_to_not_selected"): (
        "change",
        lambda w: w.app_eligible.pk,
        {},
        _stage("app_eligible", "not_selected"),
    ),
    ("account.emailaddress", "make_verified"): (
        "change",
        lambda w: w.unverified_address.pk,
        {},
        lambda w, r: EmailAddress.objects.filter(pk=w.unverified_address.pk, verified=True).exists(),
    ),
    ("startups.startup", "publish_selected"): (
        "change",
        lambda w: w.startups["a_submitted"].pk,
        {},
        _status(Startup, lambda w: w.startups["a_submitted"].pk, "published"),
    ),
    ("startups.startup", "reject_selected"): (
        "change",
        lambda w: w.startups["a_submitted"].pk,
        {"reason": "Unvollständig"},
        _status(Startup, lambda w: w.startups["a_submitted"].pk, "rejected"),
    ),
    ("startups.startup", "unpublish_selected"): (
        "change",
        lambda w: w.startups["a_published"].pk,
        {"reason": "Veraltet"},
        _status(Startup, lambda w: w.startups["a_published"].pk, "draft"),
    ),
    ("startups.investorprofile", "verify_selected"): (
        "change",
        lambda w: w.investor_new.pk,
        {},
        lambda w, r: InvestorProfile.objects.filter(pk=w.investor_new.pk, is_verified=True).exists(),
    ),
    ("startups.investorprofile", "unverify_selected"): (
        "change",
        lambda w: w.investor.pk,
        {},
        lambda w, r: InvestorProfile.objects.filter(pk=w.investor.pk, is_verified=False).exists(),
    ),
    ("startups.investorprofile", "decline_selected"): (
        "change",
        lambda w: w.investor_new.pk,
        {"reason": "Kein Investor"},
        lambda w, r: InvestorProfile.objects.filter(pk=w.investor_new.pk, declined_at__isnull=False).exists(),
    ),
    ("agency.advicerequest", "assign_to_me"): (
        "change",
        lambda w: w.advice_a.pk,
        {},
        lambda w, r: type(w.advice_a).objects.filter(pk=w.advice_a.pk, advisor__isnull=False).exists(),
    ),
    ("agency.advicerequest", "close_resolved"): (
        "change",
        lambda w: w.advice_a.pk,
        {},
        _status(AdviceRequestFactory._meta.model, lambda w: w.advice_a.pk, "closed"),
    ),
    ("agency.hubreport", "export_csv"): ("view", lambda w: w.report.pk, {}, _csv_with(lambda w: w.report.hub.name)),
    ("events.event", "cancel_events"): (
        "change",
        lambda w: w.events["published"].pk,
        {},
        _status(Event, lambda w: w.events["published"].pk, "cancelled"),
    ),
    ("events.event", "export_attendees"): (
        "view",
        lambda w: w.events["published"].pk,
        {},
        _csv_with(lambda w: w.registration.ticket_code),
    ),
    ("events.registration", "promote"): (
        "change",
        lambda w: w.waitlisted.pk,
        {},
        _status(Registration, lambda w: w.waitlisted.pk, "confirmed"),
    ),
    ("events.registration", "cancel"): (
        "change",
        lambda w: w.registration.pk,
        {},
        _status(Registration, lambda w: w.registration.pk, "cancelled"),
    ),
    ("events.registration", "export_csv"): (
        "view",
        lambda w: w.registration.pk,
        {},
        _csv_with(lambda w: w.registration.ticket_code),
    ),
    # Retrying a failed mail re-sends what the portal meant to send: the agency's view permission suffices.
    ("mail.outboundemail", "retry_now"): (
        "view",
        lambda w: w.mail.pk,
        {},
        lambda w, r: OutboundEmail.objects.filter(pk=w.mail.pk).exclude(status="failed").exists(),
    ),
    # Deletion as on request: Django's delete permission on users, which no staff group holds.
    ("users.user", "delete_and_anonymise"): (
        "delete",
        lambda w: w.users[ORGANISATION].pk,
        {},
        lambda w, r: not User.objects.filter(pk=w.users[ORGANISATION].pk).exists(),
    ),
    ("matching.introduction", "close_introductions"): (
        "change",
        lambda w: w.intro.pk,
        {},
        _status(Introduction, lambda w: w.intro.pk, "closed"),
    ),
}


def admin_actions() -> list[tuple[str, str]]:
    """(model, action) of every action of every ModelAdmin except Django's own delete_selected."""
    found = []
    for model, model_admin in admin.site._registry.items():
        for action in model_admin.actions or ():
            name = action if isinstance(action, str) else action.__name__
            found.append((model._meta.label_lower, name))
    return sorted(found)


# --- the checks -------------------------------------------------------------------------------


def login_paths() -> set[str]:
    return {reverse("account_login"), reverse("admin:login")}


def outcome(response) -> str:
    if isinstance(response, Exception):
        return f"raised {type(response).__name__}: {response}"
    location = f" → {response['Location']}" if response.has_header("Location") else ""
    return f"{response.status_code}{location}"


def refused(response) -> bool:
    if isinstance(response, Exception):
        return False
    if response.status_code in (403, 404):
        return True
    return response.status_code == 302 and urlsplit(response["Location"]).path in login_paths()


def target_url(w: World, key: str, target: Target) -> str:
    if target.path:
        url = target.path(w)
    else:
        kwargs = target.kwargs(w) if target.kwargs else None
        url = reverse(key, kwargs=kwargs)
    query = target.query(w) if callable(target.query) else target.query
    return f"{url}?{query}" if query else url


def check(w: World, key: str, target: Target) -> list[str]:
    """Requests the target as every role; returns one line per failure."""
    failures = []
    url = target_url(w, key, target)
    for method, allowed, ok in (("get", target.get, target.get_ok), ("post", target.post, target.post_ok)):
        if allowed is None:
            continue
        data = target.data(w) if callable(target.data) else target.data
        for role in ROLES:
            if method == "post" and target.post_refused_only and role in allowed:
                continue
            state = target.state if method == "post" else None
            response, changed = w.request(role, method, url, data, state)
            where = f"{method.upper()} {url} as {role}"
            if role in allowed:
                if isinstance(response, Exception) or response.status_code not in ok:
                    failures.append(f"{where}: expected {sorted(ok)}, got {outcome(response)}")
                    continue
                if method == "get" and target.hidden:
                    content = response.getvalue().decode(errors="replace")
                    failures.extend(
                        f"{where}: shows {text!r}" for text in target.hidden(w, role) if text and text in content
                    )
            elif not refused(response):
                failures.append(f"{where}: expected 403/404 or a login redirect, got {outcome(response)}")
            may_change = allowed if target.may_change is None else target.may_change
            if changed and role not in may_change:
                failures.append(f"{where}: changed what it must not change")
    return failures


def classified_cases() -> list[tuple[str, Target]]:
    return [(key, target) for key, item in URLS.items() for target in item.targets] + admin_cases()


def case_id(key: str, target: Target) -> str:
    return f"{key}[{target.label}]" if target.label else key


CASES = classified_cases()


@pytest.mark.django_db
@pytest.mark.parametrize(("key", "target"), CASES, ids=[case_id(k, t) for k, t in CASES])
def test_access(world, key, target):
    failures = check(world, key, target)
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
@pytest.mark.parametrize(("label", "action"), admin_actions(), ids=[f"{m}.{a}" for m, a in admin_actions()])
def test_admin_action(world, label, action):
    """Only staff whose group has the action's permission (and who manage the object) get its effect."""
    assert (label, action) in ADMIN_ACTIONS, (
        f"The admin action {action!r} of {label} is not classified: add it to ADMIN_ACTIONS in {__file__} "
        "with the permission it needs, an object and how to see that it worked."
    )
    permission, pk, extra, effect = ADMIN_ACTIONS[(label, action)]
    app, model = label.split(".")
    url = reverse(f"admin:{app}_{model}_changelist") + ("?status=all" if label == "startups.startup" else "")
    data = {"action": action, "index": 0, ACTION_CHECKBOX_NAME: [pk(world)], **extra}
    failures = []
    for role in ROLES:
        allowed = admin_may(role, label, permission)
        client = world.clients[role]
        if role in world.sessions:
            client.cookies["sessionid"] = world.sessions[role]
        with transaction.atomic():
            try:
                response = client.post(url, data)
                worked = effect(world, response)
            except Exception as error:
                response, worked = error, False
            transaction.set_rollback(True)
        if isinstance(response, Exception) or response.status_code >= 500:
            failures.append(f"{action} as {role}: {outcome(response)}")
        elif worked != allowed:
            failures.append(f"{action} as {role}: {'worked' if worked else 'did nothing'} ({outcome(response)})")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
@pytest.mark.parametrize("label", admin_models())
def test_admin_delete_selected_needs_the_delete_permission(world, label):
    model = admin_model(label)
    pk = ADMIN_OBJECTS[label]
    app, name = label.split(".")
    url = reverse(f"admin:{app}_{name}_changelist") + ("?status=all" if label == "startups.startup" else "")
    data = {"action": "delete_selected", "index": 0, ACTION_CHECKBOX_NAME: [pk(world)], "post": "yes"}
    failures = []
    for role in ROLES:
        if admin_may(role, label, "delete"):
            continue  # deleting may still be refused (protected rows); the point is who must not
        response, changed = world.request(role, "post", url, data, row(model, pk))
        if isinstance(response, Exception) or response.status_code >= 500 or changed:
            failures.append(f"delete_selected as {role}: {'deleted, ' if changed else ''}{outcome(response)}")
    assert not failures, "\n".join(failures)


def url_patterns(resolver=None, namespace="", route=""):
    """(key, route) of every URL pattern: `namespace:name`, or `route:<route>` for patterns without a name."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        part = "" if isinstance(pattern.pattern, LocalePrefixPattern) else str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace]))
            yield from url_patterns(pattern, inner, route + part)
        elif isinstance(pattern, URLPattern):
            if pattern.name:
                yield ":".join(filter(None, [namespace, pattern.name])), route + part
            else:
                yield f"route:{route + part}", route + part


def test_every_url_pattern_is_classified():
    existing = {key for key, _route in url_patterns()}
    classified = {key for key, _target in CASES}
    missing = sorted(existing - classified)
    assert not missing, (
        f"URL patterns without a row in the access matrix: {missing}. Classify each in URLS in {__file__} "
        "(who may reach it, and the objects its URL arguments come from); admin model views are "
        "classified by rule (ADMIN_OBJECTS)."
    )
    stale = sorted(classified - existing)
    assert not stale, f"The access matrix lists URL patterns that no longer exist: {stale}. Remove them from URLS."


def test_every_admin_model_has_an_object():
    missing = sorted(set(admin_models()) - set(ADMIN_OBJECTS))
    assert not missing, f"Registered in the admin without an object in ADMIN_OBJECTS ({__file__}): {missing}"


def test_matrix_size():
    """The matrix covers every role for every classified target (a guard against an emptied table)."""
    assert len(ROLES) == 16
    assert len(CASES) > 200


def user_admin_data(user, **overrides) -> dict:
    """The POST data of the admin's user change form, as it shows `user`."""
    joined = timezone.localtime(user.date_joined)
    data = {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "account_type": user.account_type,
        "language": user.language,
        "is_active": "on",
        "groups": list(user.groups.values_list("pk", flat=True)),
        "date_joined_0": joined.strftime("%Y-%m-%d"),
        "date_joined_1": joined.strftime("%H:%M:%S"),
    }
    if user.is_staff:
        data["is_staff"] = "on"
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_agency_administrator_cannot_hand_out_superuser_or_single_permissions(world):
    """Agency administrators manage accounts and staff groups, never more rights than the groups give."""
    from django.contrib.auth.models import Permission

    from hubportal.users.models import User

    permission = Permission.objects.get(content_type__app_label="users", codename="delete_user")
    client = world.clients[AGENCY]
    failures = []
    for role in (AGENCY, OWNER_A):
        user = world.users[role]
        data = user_admin_data(user, first_name="Geändert", is_superuser="on", user_permissions=[permission.pk])
        with transaction.atomic():
            response = client.post(reverse("admin:users_user_change", args=[user.pk]), data)
            after = User.objects.get(pk=user.pk)
            saved = after.first_name == "Geändert"
            powers = (after.is_superuser, list(after.user_permissions.values_list("codename", flat=True)))
            transaction.set_rollback(True)
        if not saved:
            failures.append(f"{role}: the form did not save ({outcome(response)})")
        if powers != (False, []):
            failures.append(f"{role}: the agency administrator handed out {powers}")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_agency_administrator_cannot_change_a_superuser(world):
    superuser = world.superuser
    data = user_admin_data(superuser, email="taken-over@example.org", is_superuser="on")
    url = reverse("admin:users_user_change", args=[superuser.pk])
    response, changed = world.request(AGENCY, "post", url, data, row(type(superuser), lambda w: w.superuser.pk))
    assert refused(response) and not changed, outcome(response)
