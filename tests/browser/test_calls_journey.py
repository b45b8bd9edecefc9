"""Journey: apply → draft → submit → a juror declares and scores → finalist → second phase → winner → results page;
and axe on every page of the calls app, in German and English, also with their error states."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from calls.models import Application, Call
from calls.services import application_move, review_declare, review_save
from tests.calls.pdfs import pdf_bytes
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    CriterionFactory,
    JuryMemberFactory,
    QuestionFactory,
    UserFactory,
)

from .axe import AxeReport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
LANGUAGES = pytest.mark.parametrize("lang", ["de", "en"])


def jury_group():
    from django.contrib.auth.models import Group, Permission

    group, _ = Group.objects.get_or_create(name="Jury")
    group.permissions.set(Permission.objects.filter(content_type__app_label="calls", codename="review_application"))
    return group


@pytest.fixture
def world(db):
    call = CallFactory(slug="pitch-day", title_de="Pitch Day", title_en="Pitch Day")
    QuestionFactory(call=call, kind="short_text", label_de="Name des Produkts", label_en="Product name")
    QuestionFactory(call=call, kind="long_text", max_length=100, label_de="Idee", label_en="Idea")
    QuestionFactory(
        call=call,
        kind="choice",
        choices_de="Seed\nWachstum",
        choices_en="Seed\nGrowth",
        label_de="Phase",
        label_en="Stage",
    )
    QuestionFactory(call=call, kind="file", label_de="Pitch-Deck", label_en="Pitch deck")
    QuestionFactory(call=call, kind="long_text", phase="second", label_de="Konzept", label_en="Concept")
    CriterionFactory(call=call, name_de="Innovation", name_en="Innovation", weight=2)
    CriterionFactory(call=call, name_de="Team", name_en="Team", weight=1)
    founder = UserFactory(first_name="Fiona", language="de")
    juror = UserFactory(is_staff=True, first_name="Judith")
    juror.groups.add(jury_group())
    JuryMemberFactory(call=call, user=juror)
    staff = UserFactory(is_staff=True, is_superuser=True)
    return {"call": call, "founder": founder, "juror": juror, "staff": staff}


def time_passes(call: Call, *, finalists: bool = False, result: bool = False) -> None:
    """Moves the call's dates as the calendar would: the deadline behind us, then the finalists, then the result."""
    now = timezone.now()
    call.opens_at = now - datetime.timedelta(days=40)
    call.deadline = now - datetime.timedelta(days=20)
    call.finalists_at = now - datetime.timedelta(days=10) if finalists else now + datetime.timedelta(days=1)
    call.second_phase_deadline = now + datetime.timedelta(days=5) if not result else now - datetime.timedelta(days=3)
    call.result_at = now - datetime.timedelta(days=1) if result else now + datetime.timedelta(days=10)
    call.save()


def admin_move(page, base, application, action):
    page.goto(f"{base}/admin/calls/application/?call__id__exact={application.call_id}")
    page.locator(f"input[name=_selected_action][value='{application.pk}']").check()
    page.locator("select[name=action]").select_option(action)
    page.locator("button[name=index]").click()
    expect(page.locator(".messagelist")).to_be_visible()


def test_apply_review_finalist_second_phase_winner_results(page, live_server, world, tmp_path, log_in):
    base = f"{live_server.url}/de"
    call, founder, juror, staff = world["call"], world["founder"], world["juror"], world["staff"]
    deck = tmp_path / "deck.pdf"
    deck.write_bytes(pdf_bytes())

    log_in(founder)
    page.goto(f"{base}/calls/")
    page.get_by_role("link", name="Pitch Day").first.click()
    expect(page.get_by_text("noch 14 Tage").or_(page.get_by_text("noch 13 Tage"))).to_be_visible()
    page.get_by_role("link", name="Jetzt bewerben").click()
    page.get_by_label("Eine andere Organisation (unten nennen)").check()
    page.get_by_label("Name der Organisation").fill("Sensorwiese GmbH")
    page.get_by_label(
        "Wenn wir ins Finale kommen oder gewinnen, darf die Ergebnisseite unsere Organisation nennen."
    ).check()
    page.get_by_role("button", name="Bewerbung beginnen").click()
    expect(page.get_by_role("heading", level=1, name="Bewerbung: Pitch Day")).to_be_visible()

    page.get_by_label("Name des Produkts").fill("Sensorwiese")
    page.get_by_label("Idee").fill("Sensoren für die Bewässerung")
    page.get_by_role("button", name="Entwurf speichern").click()
    expect(page.get_by_text("Ihre Antworten wurden gespeichert.")).to_be_visible()
    expect(page.get_by_label("Idee")).to_have_value("Sensoren für die Bewässerung")

    page.get_by_role("button", name="Prüfen und einreichen").click()  # the phase and the deck are missing
    expect(page.locator(".errorlist").first).to_be_visible()
    expect(page.get_by_label("Name des Produkts")).to_have_value("Sensorwiese")
    page.get_by_label("Idee").fill("Sensoren für die Bewässerung städtischer Grünflächen.")
    page.get_by_label("Seed").check()
    page.get_by_label("Pitch-Deck").set_input_files(str(deck))
    page.get_by_role("button", name="Prüfen und einreichen").click()
    expect(page.get_by_role("heading", level=1, name="Ihre Bewerbung einreichen?")).to_be_visible()
    page.get_by_role("button", name="Ja, jetzt einreichen").click()
    expect(page.get_by_text("Ihre Bewerbung wurde eingereicht.")).to_be_visible()
    application = Application.objects.get(call=call)
    assert application.stage == "submitted" and application.answers.exclude(file="").count() == 1

    log_in(juror)
    page.goto(f"{base}/calls/jury/")
    page.get_by_role("link", name="Pitch Day").click()
    page.get_by_role("link", name="Sensorwiese GmbH").click()
    expect(page.get_by_text("Sensoren für die Bewässerung")).to_have_count(0)  # not before the declaration
    page.get_by_label("Nein, ich habe keinen Interessenkonflikt").check()
    page.get_by_role("button", name="Erklären").click()
    expect(page.get_by_text("Sensoren für die Bewässerung städtischer Grünflächen.")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="deck.pdf").click()
    assert download.value.suggested_filename == "deck.pdf"
    fieldsets = page.locator("form.rubric fieldset")
    fieldsets.nth(0).get_by_label("5").check()
    fieldsets.nth(1).get_by_label("4").check()
    page.get_by_label("Kommentar zu Innovation").fill("Überzeugende Idee.")
    page.get_by_role("button", name="Bewertung abgeben").click()
    expect(page.get_by_text("Ihre Bewertung wurde abgegeben.")).to_be_visible()
    expect(page.get_by_role("heading", name="Die Bewertungen der anderen Jurymitglieder")).to_be_visible()

    time_passes(call)
    log_in(staff)
    page.goto(f"{base}/admin/calls/call/{call.pk}/ranking/")
    expect(page.locator("#ranking")).to_contain_text("Sensorwiese GmbH")
    expect(page.locator("#ranking")).to_contain_text("4,67")
    for action in ("move_to_eligible", "move_to_shortlisted", "move_to_finalist"):
        admin_move(page, base, application, action)
    application.refresh_from_db()
    assert application.stage == "finalist"

    log_in(founder)
    page.goto(f"{base}/calls/applications/")
    page.get_by_role("link", name="Pitch Day").click()
    expect(page.get_by_text("Finalist", exact=True)).to_be_visible()
    page.get_by_role("link", name="Zweite Phase", exact=True).click()
    page.get_by_label("Konzept").fill("Pilot in drei Bezirken.")
    page.get_by_role("button", name="Prüfen und einreichen").click()
    page.get_by_role("button", name="Ja, jetzt einreichen").click()
    expect(page.get_by_text("Die zweite Phase wurde eingereicht.")).to_be_visible()

    log_in(staff)
    admin_move(page, base, application, "move_to_winner")
    time_passes(call, finalists=True, result=True)

    page.context.clear_cookies()
    page.goto(f"{base}/calls/pitch-day/")
    page.get_by_role("link", name="Ergebnisse").click()
    expect(page.get_by_role("heading", level=2, name="Gewinner")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Sensorwiese GmbH")


@pytest.fixture
def pages(world):
    """Every state of the applicant's and the juror's pages, for axe."""
    call, founder, juror, staff = world["call"], world["founder"], world["juror"], world["staff"]
    draft = ApplicationFactory(
        call=call, applicant=founder, stage="draft", submitted_at=None, organisation_name="Entwurf GmbH"
    )
    finalist = ApplicationFactory(call=call, applicant=founder, stage="submitted", organisation_name="Final GmbH")
    for stage in ("eligible", "shortlisted", "finalist"):
        application_move(application=finalist, stage=stage, by=staff)
    other_juror = UserFactory(is_staff=True)
    other_juror.groups.add(jury_group())
    JuryMemberFactory(call=call, user=other_juror)
    review = review_declare(application=finalist, juror=other_juror, conflict=False)
    review_save(review=review, juror=other_juror, scores={c.pk: (4, "Gut") for c in call.criteria.all()}, submit=True)
    conflicted = ApplicationFactory(call=call, organisation_name="Befangen AG")
    review_declare(application=conflicted, juror=juror, conflict=True)
    scored = ApplicationFactory(call=call, organisation_name="Bewertet AG")
    review = review_declare(application=scored, juror=juror, conflict=False)
    review_save(review=review, juror=juror, scores={c.pk: (3, "") for c in call.criteria.all()}, submit=True)
    other = review_declare(application=scored, juror=other_juror, conflict=False)
    review_save(review=other, juror=other_juror, scores={c.pk: (5, "Stark") for c in call.criteria.all()}, submit=True)
    # transactional tests flush the seed data: an archived call of the same shape
    now = timezone.now()
    archive = CallFactory(
        slug="archiv",
        applications_enabled=False,
        opens_at=None,
        deadline=now - datetime.timedelta(days=90),
        finalists_at=now - datetime.timedelta(days=80),
        second_phase_deadline=now - datetime.timedelta(days=60),
        result_at=now - datetime.timedelta(days=30),
        date_precision={"result_at": "month"},
        result_summary_de="Darmstadt gewann.",
        result_summary_en="Darmstadt won.",
    )
    ApplicationFactory(
        call=archive, applicant=None, stage="winner", publish_consent=True, organisation_name="Darmstadt"
    )
    return {**world, "draft": draft, "finalist": finalist, "conflicted": conflicted, "scored": scored}


@LANGUAGES
def test_calls_pages_have_no_violations(page, live_server, pages, lang, log_in):
    from .test_accessibility import send_form

    base = f"{live_server.url}/{lang}"
    axe = AxeReport(page)
    for path in ["/", "/calls/", "/calls/pitch-day/", "/calls/archiv/", "/calls/archiv/results/"]:
        axe.visit(base + path, path)

    log_in(pages["founder"])
    draft, finalist = pages["draft"].code, pages["finalist"].code
    for path in [
        "/calls/applications/",
        "/calls/pitch-day/apply/",
        f"/calls/applications/{draft}/",
        f"/calls/applications/{draft}/submit/",
        f"/calls/applications/{draft}/withdraw/",
        f"/calls/applications/{finalist}/",
        f"/calls/applications/{finalist}/second-phase/",
    ]:
        axe.visit(base + path, path)
    page.goto(base + "/calls/pitch-day/apply/")
    send_form(page)
    axe.check("apply (sent empty)")
    page.goto(f"{base}/calls/applications/{draft}/")
    page.locator("main form.form button[name=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".errorlist").count() > 0
    axe.check("application (submitted incomplete)")

    log_in(pages["juror"])
    call = pages["call"]
    for path in [
        "/calls/jury/",
        f"/calls/jury/{call.slug}/",
        f"/calls/jury/{call.slug}/{finalist}/",
        f"/calls/jury/{call.slug}/{pages['conflicted'].code}/",
        f"/calls/jury/{call.slug}/{pages['scored'].code}/",
    ]:
        axe.visit(base + path, path)
    page.goto(f"{base}/calls/jury/{call.slug}/{finalist}/")
    send_form(page)
    axe.check("declaration (sent empty)")
    axe.assert_clean()
