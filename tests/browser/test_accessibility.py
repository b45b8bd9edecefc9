"""axe-core finds no WCAG 2.1 A/AA violation on the portal's pages and forms, in German and English.

Each test walks many pages in one browser (lists with filters and empty results, forms sent empty
or invalid so their error states are checked too) and asserts once, listing every violation with
the rule, the elements and what to fix. Besides axe, `AxeReport` checks that invalid fields point
to their error messages (aria-invalid + aria-describedby).
"""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from events.models import Registration
from events.tokens import confirm_token, guest_token
from hubs.models import Hub, Topic
from matching.models import Introduction
from tests.factories import (
    AdviceRequestFactory,
    AgendaItemFactory,
    BookmarkFactory,
    EventFactory,
    HubUpdateFactory,
    IntroductionFactory,
    InvestorProfileFactory,
    OrganisationProfileFactory,
    RegistrationFactory,
    SavedSearchFactory,
    SpeakerFactory,
    StartupFactory,
    UserFactory,
)

from .axe import AxeReport, reflow_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
LANGUAGES = pytest.mark.parametrize("lang", ["de", "en"])


def send_form(page, form="main form.form", *, expect_errors=True):
    """Sends the (last) form as it is, without the browser's own validation, as a script-free browser would.

    With `expect_errors` the answer must show error messages: the state whose presentation is checked next.
    """
    target = page.locator(form).last
    target.evaluate("form => { form.noValidate = true; }")
    with page.expect_navigation():
        target.evaluate("form => form.requestSubmit(form.querySelector('[type=submit]'))")
    if expect_errors:
        assert page.locator(".errorlist, .error-summary").count() > 0, (
            f"{page.url} shows no error after sending the form"
        )


@pytest.fixture
def portal(real_hubs):
    """A small but complete portal: startups, investors, events, news, introductions, advice."""
    berlin = Hub.objects.get(slug="berlin")
    logistics, ai = Topic.objects.get(slug="logistics"), Topic.objects.get(slug="ai")
    founder = UserFactory(account_type="startup", email="founder@example.org", first_name="Fiona", last_name="Gründer")
    startup = StartupFactory(
        owner=founder, name="Alpha Logistik", slug="alpha-logistik", hub=berlin, topics=[logistics, ai]
    )
    StartupFactory(name="Beta Robotik", slug="beta-robotik", hub=berlin, topics=[ai])
    investor = InvestorProfileFactory(
        user__email="investor@example.org", user__first_name="Ida", user__last_name="Investorin", slug="ida-kapital"
    )
    investor.topics.set([logistics])
    InvestorProfileFactory(organisation="Zweitkapital", slug="zweitkapital")
    IntroductionFactory(startup=startup, investor=investor)
    accepted = InvestorProfileFactory(organisation="Angenommen Ventures")
    IntroductionFactory(startup=startup, investor=accepted, status=Introduction.Status.ACCEPTED)
    BookmarkFactory(investor=investor, startup=startup, note="Anrufen")
    SavedSearchFactory(user=investor.user, querystring="topic=logistics")

    event = EventFactory(title="Pitch-Abend Logistik", slug="pitch-abend", hub=berlin, topics=[logistics], capacity=30)
    AgendaItemFactory(event=event).speakers.add(SpeakerFactory())
    EventFactory(title="Vergangenes Treffen", starts_at=timezone.now() - datetime.timedelta(days=30))
    RegistrationFactory(event=event, user=UserFactory(first_name="Paula", last_name="Publik"), listed_publicly=True)
    HubUpdateFactory(hub=berlin, slug="neues-programm")
    advice = AdviceRequestFactory(requester=founder)
    company = OrganisationProfileFactory(user__email="firma@example.org").user
    company_advice = AdviceRequestFactory(requester=company, topic="funding")
    return {
        "founder": founder,
        "startup": startup,
        "investor": investor,
        "event": event,
        "advice": advice,
        "company": company,
        "company_advice": company_advice,
    }


@LANGUAGES
def test_public_pages_have_no_violations(page, live_server, portal, lang):
    base = f"{live_server.url}/{lang}"
    axe = AxeReport(page)
    for path in [
        "/",
        "/hubs/",
        "/hubs/?topic=ai&state=BE",
        "/hubs/?q=kein-treffer-xyz",
        "/hubs/berlin/",
        "/hubs/topics/logistics/",
        "/hubs/networks/digital-hub-netzwerk-bw/",
        "/startups/",
        "/startups/?topic=logistics&stage=seed&hub=berlin&sort=name",
        "/startups/?q=kein-treffer-xyz",
        "/startups/?funding_min=abc&team_min=1.5",
        "/startups/alpha-logistik/",
        "/events/",
        "/events/?hub=berlin&topic=logistics",
        "/events/?q=kein-treffer-xyz",
        "/events/?date_from=kein-datum",
        "/events/archive/",
        "/events/pitch-abend/",
        "/news/",
        "/news/neues-programm/",
        "/imprint/",
        "/privacy/",
        "/accessibility/",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/signup/?as=investor",
        "/accounts/password/reset/",
    ]:
        axe.visit(base + path, path)
    axe.visit(base + "/gibt-es-nicht/", "404 page", status=404)
    axe.visit(base + "/accounts/password/reset/key/falsch-falsch/", "password reset with a bad key")
    axe.assert_clean()


def test_server_error_page_has_no_violations(page, live_server):
    """The 500 page is static HTML in both languages; it is served here from a route as the server would send it."""
    from hubportal.core.views import error_500

    html = error_500(None).content.decode()
    page.route(f"{live_server.url}/boom/", lambda route: route.fulfill(status=500, body=html, content_type="text/html"))
    axe = AxeReport(page)
    axe.visit(f"{live_server.url}/boom/", "500 page", status=500)
    axe.assert_clean()


@LANGUAGES
def test_account_forms_and_their_errors_have_no_violations(page, live_server, portal, lang):
    base = f"{live_server.url}/{lang}"
    axe = AxeReport(page)
    for path in ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]:
        page.goto(base + path)
        send_form(page)
        axe.check(f"{path} (sent empty)")

    page.goto(base + "/accounts/signup/")
    page.locator("input[name=email]").fill("kein-at-zeichen")
    page.locator("input[name=password1]").fill("kurz")
    page.locator("input[name=password2]").fill("anders")
    send_form(page)
    axe.check("/accounts/signup/ (invalid email, short passwords)")

    page.goto(base + "/accounts/login/")
    page.locator("input[name=login]").fill("founder@example.org")
    page.locator("input[name=password]").fill("falsch")
    send_form(page)
    axe.check("/accounts/login/ (wrong password)")

    page.goto(base + "/accounts/signup/")
    page.locator("input[name=first_name]").fill("Nora")
    page.locator("input[name=last_name]").fill("Neu")
    page.locator("input[name=email]").fill("nora@example.org")
    page.locator("input[name=password1]").fill("ein-langes-passwort-42")
    page.locator("input[name=password2]").fill("ein-langes-passwort-42")
    send_form(page, expect_errors=False)
    axe.check("/accounts/confirm-email/ (verification sent)")
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    axe.visit(link, "/accounts/confirm-email/<key>/")

    page.goto(base + "/accounts/password/reset/")
    page.locator("input[name=email]").fill("founder@example.org")
    send_form(page, expect_errors=False)
    axe.check("/accounts/password/reset/done/")
    link = re.search(r"http://\S+/accounts/password/reset/key/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    axe.check("/accounts/password/reset/key/ (new password form)")
    page.locator("input[name=password1]").fill("ein-langes-passwort-42")
    page.locator("input[name=password2]").fill("ein-anderes-passwort-42")
    send_form(page)
    axe.check("/accounts/password/reset/key/ (passwords differ)")
    axe.assert_clean()


@LANGUAGES
def test_event_registration_pages_have_no_violations(page, live_server, portal, lang, log_in):
    base = f"{live_server.url}/{lang}"
    axe = AxeReport(page)
    axe.visit(base + "/events/pitch-abend/register/", "guest registration form")
    send_form(page)
    axe.check("guest registration form (sent empty)")
    page.locator("input[name=name]").fill("Gerda Gast")
    page.locator("input[name=email]").fill("kein-at-zeichen")
    send_form(page)
    axe.check("guest registration form (invalid email)")
    page.locator("input[name=email]").fill("gerda@example.org")
    send_form(page, expect_errors=False)
    axe.check("guest registration pending")

    registration = Registration.objects.get(email="gerda@example.org")
    axe.visit(f"{base}/events/confirm/{confirm_token(registration)}/", "guest confirmation")
    page.locator("main form").last.locator("button[type=submit]").click()
    page.wait_for_load_state()
    axe.check("guest ticket after confirming")
    axe.visit(f"{base}/events/guest/{guest_token(registration)}/cancel/", "guest cancellation")
    axe.visit(f"{base}/events/confirm/falsch/", "guest confirmation with a bad link", status=400)

    log_in(portal["founder"])
    axe.visit(base + "/events/pitch-abend/", "event detail, logged in")
    axe.visit(base + "/events/pitch-abend/register/", "registration form, logged in")
    page.locator("main form.registration-form button[type=submit]").click()
    page.wait_for_load_state()
    assert "/events/tickets/" in page.url
    axe.check("ticket after registering")
    axe.visit(page.url + "cancel/", "cancellation")
    axe.visit(base + "/events/pitch-abend/", "event detail, registered")
    axe.assert_clean()


@LANGUAGES
def test_startup_team_pages_have_no_violations(page, live_server, portal, lang, log_in):
    base = f"{live_server.url}/{lang}"
    log_in(portal["founder"])
    axe = AxeReport(page)
    for path in [
        "/account/",
        "/account/profile/",
        "/startups/alpha-logistik/",
        "/startups/alpha-logistik/edit/",
        "/startups/alpha-logistik/team/",
        "/startups/new/",
        "/startups/investors/",
        "/startups/investors/?topic=logistics&investor_type=vc",
        "/startups/investors/ida-kapital/",
        "/matching/introductions/",
        "/matching/investors/",
        "/matching/introductions/investor/zweitkapital/",
        "/advice/",
        "/account/advice/",
        f"/account/advice/{portal['advice'].pk}/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/2fa/",
    ]:
        axe.visit(base + path, path)

    for path, fill in [
        ("/startups/alpha-logistik/edit/", {"name": "", "founded_year": "1700", "website": "kein link"}),
        ("/startups/new/", {}),
        ("/startups/alpha-logistik/team/", {"email": "kein-at-zeichen"}),
        ("/account/profile/", {"first_name": ""}),
        ("/matching/introductions/investor/zweitkapital/", {}),
        ("/advice/", {}),
        ("/accounts/email/", {"email": "kein-at-zeichen"}),
        ("/accounts/password/change/", {"oldpassword": "falsch"}),
    ]:
        page.goto(base + path)
        for name, value in fill.items():
            page.locator(f"main form [name={name}]").fill(value)
        form = "main form:has([name=email])" if path == "/accounts/email/" else "main form.form, main form:has(input)"
        send_form(page, form)
        axe.check(f"{path} (errors)")

    axe.visit(base + "/accounts/2fa/totp/activate/", "two-factor set-up asks for the password again")
    assert "/accounts/reauthenticate/" in page.url
    page.locator("main form [name=password]").fill("falsch")
    send_form(page)
    axe.check("/accounts/reauthenticate/ (wrong password)")
    page.locator("main form [name=password]").fill("correct-horse-battery")
    send_form(page, expect_errors=False)
    assert "/accounts/2fa/totp/activate/" in page.url
    axe.check("/accounts/2fa/totp/activate/")
    page.locator("main form [name=code]").fill("123")
    send_form(page)
    axe.check("/accounts/2fa/totp/activate/ (wrong code)")
    axe.assert_clean()


@LANGUAGES
def test_investor_pages_have_no_violations(page, live_server, portal, lang, log_in):
    base = f"{live_server.url}/{lang}"
    log_in(portal["investor"].user)
    axe = AxeReport(page)
    for path in [
        "/account/",
        "/startups/investors/profile/",
        "/startups/",
        "/startups/alpha-logistik/",
        "/startups/beta-robotik/",
        "/startups/watchlist/",
        "/matching/startups/",
        "/matching/startups/?topic=logistics&stage=seed",
        "/matching/introductions/",
        "/matching/searches/",
        "/matching/introductions/startup/beta-robotik/",
    ]:
        axe.visit(base + path, path)
    axe.visit(base + "/startups/investors/", "investor directory for an investor (403 page)", status=403)

    page.goto(base + "/startups/investors/profile/")
    page.locator("input[name=organisation]").fill("")
    page.locator("input[name=ticket_min]").fill("-5")
    send_form(page)
    axe.check("/startups/investors/profile/ (invalid)")

    page.goto(base + "/matching/introductions/startup/beta-robotik/")
    send_form(page)
    axe.check("/matching/introductions/startup/beta-robotik/ (sent empty)")

    page.goto(base + "/matching/startups/?topic=logistics")
    send_form(page, "main form:has([name=frequency])")
    axe.check("save search (sent empty)")
    axe.assert_clean()


@LANGUAGES
def test_company_and_staff_pages_have_no_violations(page, live_server, portal, staff_user, lang, log_in):
    base = f"{live_server.url}/{lang}"
    log_in(portal["company"])
    axe = AxeReport(page)
    for path in ["/account/", "/account/organisation/", "/advice/", f"/account/advice/{portal['company_advice'].pk}/"]:
        axe.visit(base + path, path)
    page.goto(base + "/account/organisation/")
    page.locator("main form [name=company_name]").fill("")
    send_form(page)
    axe.check("/account/organisation/ (invalid)")
    page.goto(base + "/advice/")
    send_form(page)
    axe.check("/advice/ as a company (sent empty)")

    log_in(staff_user)
    code = RegistrationFactory(event=portal["event"]).ticket_code
    axe.visit(base + "/events/pitch-abend/check-in/", "check-in")
    for typed in [code, code, "FALSCH"]:
        page.get_by_role("textbox").fill(typed)
        send_form(page, "main form#checkin-form", expect_errors=False)
        axe.check(f"check-in result for {typed}")
    axe.assert_clean()


@LANGUAGES
def test_pages_reflow_at_320_css_pixels(page, live_server, portal, lang, log_in):
    """WCAG 1.4.10: at 320 CSS pixels (400 % zoom of a 1280px window) nothing needs sideways scrolling."""
    base = f"{live_server.url}/{lang}"
    page.set_viewport_size({"width": 320, "height": 640})
    axe = AxeReport(page)
    problems = []

    def check(path):
        page.goto(base + path)
        problems.extend(f"{path}: {problem}" for problem in reflow_problems(page))

    for path in [
        "/",
        "/hubs/",
        "/hubs/berlin/",
        "/hubs/topics/logistics/",
        "/hubs/networks/digital-hub-netzwerk-bw/",
        "/startups/",
        "/startups/alpha-logistik/",
        "/events/",
        "/events/pitch-abend/",
        "/events/pitch-abend/register/",
        "/news/",
        "/imprint/",
        "/privacy/",
        "/accessibility/",
        "/accounts/login/",
        "/accounts/signup/",
    ]:
        check(path)
    for path in ["/", "/startups/", "/events/pitch-abend/"]:
        axe.visit(base + path, f"{path} at 320px")

    log_in(portal["founder"])
    for path in [
        "/account/",
        "/startups/alpha-logistik/edit/",
        "/startups/alpha-logistik/team/",
        "/startups/investors/",
        "/matching/introductions/",
        "/matching/investors/",
        "/advice/",
        "/accounts/email/",
    ]:
        check(path)
    log_in(portal["investor"].user)
    for path in ["/matching/startups/", "/startups/watchlist/", "/startups/investors/profile/"]:
        check(path)
    assert not problems, "content wider than 320px:\n" + "\n".join(problems)
    axe.assert_clean()


def test_fields_about_the_user_name_their_purpose(page, live_server, portal, log_in):
    """WCAG 1.3.5: fields for the person's own name, email, organisation and phone carry `autocomplete`."""
    expected = {
        "/en/accounts/signup/": {
            "first_name": "given-name",
            "last_name": "family-name",
            "email": "email",
            "password1": "new-password",
        },
        "/en/accounts/login/": {"login": "email", "password": "current-password"},
        "/en/events/pitch-abend/register/": {"name": "name", "email": "email", "company": "organization"},
    }
    logged_in = {
        "/en/account/profile/": {"first_name": "given-name", "last_name": "family-name"},
        "/en/events/pitch-abend/register/": {"company": "organization"},
        "/en/advice/": {"phone": "tel"},
    }
    company = {"/en/account/organisation/": {"company_name": "organization"}}
    found, wanted = {}, {}
    for user, pages in [(None, expected), (portal["founder"], logged_in), (portal["company"], company)]:
        if user is not None:
            log_in(user)
        for path, fields in pages.items():
            page.goto(live_server.url + path)
            for name, token in fields.items():
                wanted[(path, name)] = token
                found[(path, name)] = page.locator(f"main form [name={name}]").first.get_attribute("autocomplete")
    assert found == wanted
