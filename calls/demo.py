"""Demo data: an open pitch day of the agency with applications in several stages, two jurors and their reviews.

Everything goes through the services (with their mails). A second run changes nothing.
"""

import datetime

from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from hubportal.users.demo import ensure_user
from hubportal.users.models import User
from hubportal.users.organisations import organisations_of

from . import services
from .models import Application, Call, Criterion, JuryMember, Question

SLUG = "pitch-day-demo"
JURORS = [("jury@hubportal.example", "Judith", "Jury"), ("jury2@hubportal.example", "Jonas", "Juror")]
QUESTIONS = [
    ("short_text", "Name des Produkts", "Product name", True, None, "", ""),
    ("long_text", "Welches Problem lösen Sie?", "Which problem do you solve?", True, 800, "", ""),
    ("number", "Wie viele Personen arbeiten im Team?", "How many people work in the team?", True, None, "", ""),
    (
        "choice",
        "In welcher Phase sind Sie?",
        "Which stage are you at?",
        True,
        None,
        "Idee\nPrototyp\nAm Markt",
        "Idea\nPrototype\nOn the market",
    ),
    ("yes_no", "Haben Sie schon zahlende Kunden?", "Do you have paying customers?", True, None, "", ""),
    ("date", "Wann wurden Sie gegründet?", "When were you founded?", False, None, "", ""),
    ("file", "Pitch-Deck (PDF)", "Pitch deck (PDF)", False, None, "", ""),
]
CRITERIA = [("Innovation", "Innovation", 3), ("Team", "Team", 2), ("Markt", "Market", 2)]


def _jury_group() -> Group:
    group, _ = Group.objects.get_or_create(name="Jury")
    group.permissions.add(*Permission.objects.filter(content_type__app_label="calls", codename="review_application"))
    return group


def _answers(call) -> dict[int, str]:
    values = {
        "short_text": "Sensorwiese Pro",
        "long_text": "Grünflächen werden zu viel oder zu wenig bewässert. Unsere Sensoren messen die Feuchte.",
        "number": "6",
        "choice": "2",
        "yes_no": "yes",
        "date": "2023-04-01",
    }
    return {q.pk: values[q.kind] for q in call.questions.filter(phase="first") if q.kind in values}


def _create_call() -> Call:
    now = timezone.localtime()
    deadline = (now + datetime.timedelta(days=12)).replace(hour=23, minute=59, second=0, microsecond=0)
    call = Call.objects.create(
        slug=SLUG,
        title_de="Pitch Day der Hub-Agentur",
        title_en="Pitch Day of the hub agency",
        summary_de="Startups pitchen vor Investorinnen, Investoren und Unternehmen aus allen de:hubs.",
        summary_en="Startups pitch to investors and companies from all de:hubs.",
        description_de="Bewerben Sie sich mit Ihrem Startup. Die Jury wählt fünf Finalisten für den Pitch Day aus.",
        description_en="Apply with your startup. The jury picks five finalists for the pitch day.",
        organiser=Call.Organiser.AGENCY,
        eligible=[Call.Applicant.STARTUP, Call.Applicant.COMPANY],
        prize_de="Ein Pitch vor 40 Investorinnen und Investoren und ein Coaching durch die Agentur",
        prize_en="A pitch to 40 investors and a coaching by the agency",
        opens_at=now - datetime.timedelta(days=10),
        deadline=deadline,
        finalists_at=deadline + datetime.timedelta(days=7),
        second_phase_deadline=deadline + datetime.timedelta(days=21),
        result_at=deadline + datetime.timedelta(days=28),
        is_published=True,
    )
    for position, (kind, de, en, required, limit, choices_de, choices_en) in enumerate(QUESTIONS):
        Question.objects.create(
            call=call,
            position=position,
            kind=kind,
            label_de=de,
            label_en=en,
            required=required,
            max_length=limit,
            choices_de=choices_de,
            choices_en=choices_en,
        )
    Question.objects.create(
        call=call,
        phase=Question.Stage.SECOND,
        kind="long_text",
        max_length=2000,
        label_de="Wie sieht Ihr Pitch aus?",
        label_en="What will your pitch look like?",
    )
    for position, (de, en, weight) in enumerate(CRITERIA):
        Criterion.objects.create(call=call, position=position, name_de=de, name_en=en, weight=weight)
    return call


def _seat_jurors(call: Call, password: str) -> list[User]:
    group, jurors = _jury_group(), []
    for email, first, last in JURORS:
        juror = ensure_user(
            email=email,
            first_name=first,
            last_name=last,
            account_type=User.AccountType.OTHER,
            password=password,
            is_staff=True,
        )
        juror.groups.add(group)
        JuryMember.objects.get_or_create(call=call, user=juror)
        jurors.append(juror)
    return jurors


def _own_organisation(email: str, kind: str):
    user = User.objects.filter(email=email).first()
    found = organisations_of(user) if user else []
    return next((o for provider, items in found for o in items if provider.kind == kind), None)


def _apply(call: Call, email: str, *, organisation=None, name: str = "", kind: str = "startup", submit: bool = True):
    user = User.objects.filter(email=email).first()
    if user is None:
        return None
    application = services.application_start(
        call=call,
        user=user,
        organisation=organisation,
        organisation_name=name,
        organisation_type=kind,
        publish_consent=True,
    )
    services.application_save(application=application, user=user, values=_answers(call), uploads={})
    if submit:
        services.application_submit(application=application, user=user)
    return application


def _decide(applications: list[tuple], staff) -> None:
    for application, stages, reason in applications:
        for stage in stages:
            if application is not None and staff is not None:
                services.application_move(application=application, stage=stage, by=staff, reason=reason)


def _score(call: Call, jurors: list[User], scored: list[tuple]) -> None:
    criteria = list(call.criteria.order_by("position", "pk"))
    for application, values in scored:
        if application is None:
            continue
        for juror, points in zip(jurors, values, strict=True):
            review = services.review_declare(application=application, juror=juror, conflict=False)
            scores = {c.pk: (p, "") for c, p in zip(criteria, points, strict=True)}
            services.review_save(review=review, juror=juror, scores=scores, submit=True)


def load_demo(*, password, stdout):
    if Call.objects.filter(slug=SLUG).exists():
        stdout.write("Demo call exists: nothing changed.")
        return
    call = _create_call()
    jurors = _seat_jurors(call, password)
    founder = _apply(
        call,
        "founder@hubportal.example",
        organisation=_own_organisation("founder@hubportal.example", "startup"),
        name="Demo Startup",
    )
    company = _own_organisation("mittelstand@hubportal.example", "company")
    _apply(call, "mittelstand@hubportal.example", organisation=company, name="Demo Maschinenbau GmbH", kind="company")
    _apply(call, "teilnehmerin1@hubportal.example", name="Grünfläche Digital UG", submit=False)
    late = _apply(call, "teilnehmer2@hubportal.example", name="Spätzünder GmbH")
    shortlisted = _apply(call, "teilnehmerin3@hubportal.example", name="Kiezlogistik eG")
    staff = User.objects.filter(is_superuser=True).order_by("pk").first()
    too_old = "Das Unternehmen ist älter als fünf Jahre."
    _decide(
        [
            (founder, ["eligible"], ""),
            (late, ["not_eligible"], too_old),
            (shortlisted, ["eligible", "shortlisted"], ""),
        ],
        staff,
    )
    _score(call, jurors, [(founder, [(5, 4, 4), (3, 4, 2)]), (shortlisted, [(4, 4, 5), (4, 5, 4)])])
    stdout.write(
        f"Demo call: /de/calls/{SLUG}/ ({Application.objects.filter(call=call).count()} applications); "
        "jurors: jury@hubportal.example, jury2@hubportal.example"
    )
