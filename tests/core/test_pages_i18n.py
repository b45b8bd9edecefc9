"""Every main page in both languages, the language switch, legal pages and error pages."""

import re

import pytest
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

MAIN_PAGES: list[tuple[str, dict[str, str]]] = [
    ("home", {}),
    ("hubs:hub_list", {}),
    ("startups:startup_list", {}),
    ("events:event_list", {}),
    ("imprint", {}),
    ("privacy", {}),
    ("accessibility", {}),
    ("account_login", {}),
    ("account_signup", {}),
    ("account_reset_password", {}),
]


def url_in(language, name, **kwargs):
    with translation.override(language):
        return reverse(name, **kwargs)


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("name", [name for name, _ in MAIN_PAGES])
def test_main_pages_render_in_both_languages_with_one_h1(client, real_hubs, language, name):
    response = client.get(url_in(language, name))

    assert response.status_code == 200
    content = response.content.decode()
    assert f'<html lang="{language}">' in content
    assert len(re.findall(r"<h1[\s>]", content)) == 1
    for landmark in ('<header class="site-header">', "<nav", '<main id="main"', "<footer"):
        assert landmark in content
    assert 'class="skip-link" href="#main"' in content


@pytest.mark.parametrize("language", ["de", "en"])
def test_account_pages_render_in_both_languages(client, user, language):
    client.force_login(user)
    for name in ("users:account", "users:profile_update", "account_email", "account_change_password", "mfa_index"):
        response = client.get(url_in(language, name))
        assert response.status_code == 200, name
        content = response.content.decode()
        assert f'<html lang="{language}">' in content, name
        assert len(re.findall(r"<h1[\s>]", content)) == 1, name


def switch_link(content, language):
    return re.search(rf'<a href="([^"]*)" hreflang="{language}"', content).group(1).replace("&amp;", "&")


@pytest.mark.parametrize(("start", "target"), [("de", "en"), ("en", "de")])
@pytest.mark.parametrize("name", ["home", "privacy", "account_signup"])
def test_language_switch_lands_on_the_same_page_in_the_other_language(client, db, start, target, name):
    """A fresh visitor on /en/… gets to /de/… and back, by a plain link that sets no cookie."""
    content = client.get(url_in(start, name)).content.decode()

    response = client.get(switch_link(content, target))

    assert response.status_code == 200
    assert response.request["PATH_INFO"] == url_in(target, name)
    assert f'<html lang="{target}">' in response.content.decode()
    assert "django_language" not in response.cookies
    assert "django_language" not in client.cookies


def test_language_switch_keeps_the_query_string(client, db):
    content = client.get(url_in("de", "account_signup") + "?as=investor").content.decode()

    assert switch_link(content, "en") == url_in("en", "account_signup") + "?as=investor"


def test_language_switch_on_a_missing_page_keeps_the_path(client, db):
    content = client.get("/en/no-such-page/?x=1").content.decode()

    assert switch_link(content, "de") == "/de/no-such-page/?x=1"


def test_language_switch_offers_only_the_other_language(client, db):
    content = client.get(url_in("en", "imprint")).content.decode()

    assert "/i18n/setlang/" not in content
    assert 'hreflang="de" lang="de">Deutsch</a>' in content
    switch = content.split('class="language-switch"')[1].split("</div>")[0]
    assert 'hreflang="en"' not in switch  # the page's own <link rel="alternate" hreflang="en"> is in <head>
    assert '<span class="language-current" lang="en" aria-current="true">English</span>' in content


def test_german_pages_show_german_texts(client, db):
    """Needs the compiled catalogue (`manage.py compile_catalogs`, done by `make`)."""
    content = client.get(url_in("de", "home")).content.decode()
    assert "Zum Inhalt springen" in content
    assert "Impressum" in content
    assert "Datenschutz" in content
    english = client.get(url_in("en", "home")).content.decode()
    assert "Skip to content" in english and "Imprint" in english


def test_navigation_marks_the_current_section(client, db):
    content = client.get(url_in("en", "hubs:hub_list")).content.decode()
    assert re.search(r'href="/en/hubs/"\s+aria-current="page"', content)
    assert not re.search(r'href="/en/events/"\s+aria-current="page"', content)


def test_unknown_page_gets_our_404_in_the_right_language(client, db):
    response = client.get("/en/this-does-not-exist/")

    assert response.status_code == 404
    content = response.content.decode()
    assert "Page not found" in content and '<html lang="en">' in content
    assert 'class="site-header"' in content


def test_403_page_uses_our_design(client, user):
    client.force_login(user)
    response = client.get(url_in("en", "admin:index"))
    assert response.status_code in {302, 403}  # the admin redirects non-staff to its login

    from django.core.exceptions import PermissionDenied
    from django.test import RequestFactory

    from hubportal.core.views import error_403

    request = RequestFactory().get("/en/")
    request.user = user
    with translation.override("en"):
        response = error_403(request, PermissionDenied())
    assert response.status_code == 403
    assert b"Access denied" in response.content and b'class="site-header"' in response.content


def test_500_page_renders_without_database_or_request():
    from hubportal.core.views import error_500

    def no_database(*args, **kwargs):
        raise AssertionError("the 500 page must not query the database")

    with connection.execute_wrapper(no_database):
        response = error_500(None)

    assert response.status_code == 500
    assert b"Something went wrong" in response.content
    assert b"Ein Fehler ist aufgetreten" in response.content


@override_settings(DEBUG=False)
def test_server_error_in_a_view_shows_the_500_page(client, db, monkeypatch):
    from hubportal.core import views

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.PageView, "get_template_names", broken)
    client.raise_request_exception = False

    response = client.get(url_in("en", "imprint"))

    assert response.status_code == 500
    assert b"Something went wrong" in response.content


def test_legal_pages_mark_placeholders_for_the_operator(client, db):
    for name in ("imprint", "privacy", "accessibility"):
        content = client.get(url_in("en", name)).content.decode()
        assert "placeholders" in content, name


@pytest.mark.parametrize("language", ["de", "en"])
def test_more_allauth_pages_use_our_layout(client, user, language):
    anonymous = [
        "account_reset_password_done",
        "account_email_verification_sent",
        "account_reset_password_from_key_done",
    ]
    for name in anonymous:
        content = client.get(url_in(language, name)).content.decode()
        assert 'class="auth-card"' in content and f'<html lang="{language}">' in content, name
        assert len(re.findall(r"<h1[\s>]", content)) == 1, name
    client.force_login(user)
    for name in ("account_logout", "account_reauthenticate", "mfa_activate_totp"):
        response = client.get(url_in(language, name), follow=True)
        content = response.content.decode()
        assert response.status_code == 200, name
        assert 'class="site-header"' in content and len(re.findall(r"<h1[\s>]", content)) == 1, name


@pytest.mark.parametrize("language", ["de", "en"])
def test_every_page_leads_to_the_agencys_advice_and_news(client, real_hubs, language):
    """The advice offer and the hubs' news were reachable only from the account page and a hub page with news."""
    advice, news = url_in(language, "agency:advicerequest_create"), url_in(language, "agency:hubupdate_list")
    for name in ("home", "events:event_list", "imprint"):
        footer = client.get(url_in(language, name)).content.decode().split('<footer class="site-footer">')[1]
        assert f'<a href="{advice}">' in footer and f'<a href="{news}">' in footer
    home = client.get(url_in(language, "home")).content.decode()
    start = home.index('id="audiences-heading"')
    audiences = home[start : home.index("</section>", start)]
    assert f'<a href="{advice}">' in audiences  # the card for companies and organisations
