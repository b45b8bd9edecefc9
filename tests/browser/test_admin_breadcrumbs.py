"""The admin's breadcrumb links are underlined on every admin page (admin.css), not only on the pages that load the
agency's stylesheet: axe finds no colour-only link there."""

import pytest

from tests.factories import StartupFactory, UserFactory

from .axe import AxeReport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("lang", ["de", "en"])
def test_admin_pages_without_the_agency_stylesheet_underline_their_breadcrumbs(page, live_server, lang, log_in):
    startup = StartupFactory(name="Alpha Logistik")
    log_in(UserFactory(is_staff=True, is_superuser=True, language=lang))
    axe = AxeReport(page)
    change = f"/admin/startups/startup/{startup.pk}"
    for path in ["/admin/startups/startup/", "/admin/hubs/hub/", f"{change}/history/", f"{change}/delete/"]:
        page.goto(f"{live_server.url}/{lang}{path}")
        assert page.locator("link[href$='css/agency.css']").count() == 0, path
        axe.check(path)
        links = page.locator(".breadcrumbs a")
        assert links.count() >= 1, path
        decorations = links.evaluate_all("links => links.map((a) => getComputedStyle(a).textDecorationLine)")
        assert set(decorations) == {"underline"}, (path, decorations)
    axe.assert_clean()
