"""Security headers of the main pages with the production settings, scored like the Mozilla (MDN) HTTP
Observatory v2 scores a site.

`observatory_score` follows the Observatory's tests and score table (github.com/mdn/mdn-http-observatory,
src/analyzer/tests/*.js and src/grader/charts.js): a baseline of 100, the penalties of the ten tests, and the
bonuses only if the score with the penalties alone is still at least 90. What a header test cannot see is a
parameter: whether the host is on the browsers' HSTS preload list (hubportal is not, so no +5 for it).
"""

import re
from http.cookies import Morsel
from urllib.parse import urlsplit

import pytest
from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation

from tests.factories import EventFactory, StartupFactory, UserFactory

SIX_MONTHS = 15_552_000  # the Observatory's "white lie" for six months
BROAD = {"ftp:", "http:", "https:", "*", "http://*", "http://*.*", "https://*", "https://*.*"}
UNSAFE_INLINE = {"'unsafe-inline'", "data:"}
NONCE_OR_HASH = ("'sha256-", "'sha384-", "'sha512-", "'nonce-")
PRIVATE_REFERRER = {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}
UNSAFE_REFERRER = {"origin", "origin-when-cross-origin", "unsafe-url", "no-referrer-when-downgrade"}
MINIMUM_SCORE_FOR_EXTRA_CREDIT = 90


def parse_csp(header: str) -> dict[str, set[str]] | None:
    """Directive → sources of the policies in a Content-Security-Policy header (None if it cannot be parsed).
    A directive repeated in a later policy keeps its first sources, as in one policy."""
    policy: dict[str, set[str]] = {}
    for part in header.replace(",", ";").split(";"):
        tokens = part.strip().split()
        if not tokens:
            continue
        name = tokens[0].lower()
        if not re.fullmatch(r"[a-z-]+", name):
            return None
        policy.setdefault(name, {token.lower() for token in tokens[1:]})
    return policy or None


def score_csp(response, *, https: bool = True) -> int:
    header = response.headers.get("Content-Security-Policy")
    if not header:
        return -25  # csp-not-implemented (Report-Only alone counts as not implemented, too)
    csp = parse_csp(header)
    if csp is None:
        return -25  # csp-header-invalid
    default = csp.get("default-src")
    script_src = set(csp.get("script-src") or default or {"*"})
    object_src = set(csp.get("object-src") or default or {"*"})
    style_src = set(csp.get("style-src") or default or {"*"})
    for sources in (script_src, style_src):
        if any(source.startswith(NONCE_OR_HASH) for source in sources):
            sources.discard("'unsafe-inline'")
    if "'strict-dynamic'" in script_src:
        if not any(source.startswith(NONCE_OR_HASH) for source in script_src):
            return -25  # strict-dynamic without a nonce or hash: csp-header-invalid
        script_src = {
            source
            for source in script_src
            if not any(source.startswith(broad) for broad in BROAD) and source not in {"'self'", "'unsafe-inline'"}
        }
    passive = {"img-src", "media-src"}
    active_sources = [s for name, sources in csp.items() if name not in passive | {"script-src"} for s in sources]
    active_sources += list(script_src)
    passive_sources = [s for name in passive for s in (csp.get(name) or default or set())]
    insecure = ("http:", "ftp:")
    if script_src & (BROAD | UNSAFE_INLINE) or object_src & BROAD:
        return -20  # csp-implemented-with-unsafe-inline
    if https and any(source.startswith(insecure) for source in active_sources):
        return -20  # csp-implemented-with-insecure-scheme
    if "'unsafe-eval'" in script_src | style_src:
        return -10  # csp-implemented-with-unsafe-eval
    if https and any(source.startswith(insecure) for source in passive_sources):
        return -10  # csp-implemented-with-insecure-scheme-in-passive-content-only
    if style_src & (BROAD | UNSAFE_INLINE):
        return 0  # csp-implemented-with-unsafe-inline-in-style-src-only
    if default == {"'none'"}:
        return 10  # csp-implemented-with-no-unsafe-default-src-none
    return 5  # csp-implemented-with-no-unsafe


def hsts_passes(response) -> bool:
    return score_hsts(response) >= 0


def score_hsts(response, *, preloaded: bool = False) -> int:
    if preloaded:
        return 5  # hsts-preloaded
    header = response.headers.get("Strict-Transport-Security")
    if header is None:
        return -20  # hsts-not-implemented
    if "," in header:
        return -20  # hsts-header-invalid (set twice)
    max_age = None
    for parameter in (p.strip().lower() for p in header.split(";")):
        if parameter.startswith("max-age="):
            try:
                max_age = int(parameter[8:].strip('"'))
            except ValueError:
                return -20
    if max_age is None:
        return -20  # hsts-header-invalid
    return -10 if max_age < SIX_MONTHS else 0


# Ordered from least to most severe, as the Observatory's `goodness` list: a cookie only makes the result worse.
COOKIE_RESULTS = [
    ("cookies-without-secure-flag-but-protected-by-hsts", -5),
    ("cookies-without-secure-flag", -20),
    ("cookies-session-without-secure-flag-but-protected-by-hsts", -10),
    ("cookies-samesite-flag-invalid", -20),
    ("cookies-anticsrf-without-samesite-flag", -20),
    ("cookies-session-without-httponly-flag", -30),
    ("cookies-session-without-secure-flag", -40),
]


def score_cookies(response) -> int:
    cookies: list[Morsel] = [
        morsel for morsel in response.cookies.values() if str(morsel["max-age"]) != "0"
    ]  # a max-age of 0 deletes a cookie: the browser keeps nothing
    if not cookies:
        return 0  # cookies-not-found
    hsts = hsts_passes(response)
    names = [name for name, _ in COOKIE_RESULTS]
    worst = -1

    def worse(result):
        nonlocal worst
        worst = max(worst, names.index(result))

    missing_samesite = False
    for morsel in cookies:
        key = morsel.key.lower()
        session = "login" in key or "sess" in key
        anticsrf = "csrf" in key
        secure = bool(morsel["secure"])
        samesite = str(morsel["samesite"] or "")
        if samesite and samesite.lower() not in {"lax", "strict", "none"}:
            worse("cookies-samesite-flag-invalid")
        if not secure and samesite.lower() == "none":
            worse("cookies-samesite-flag-invalid")
        if not secure:
            worse("cookies-without-secure-flag-but-protected-by-hsts" if hsts else "cookies-without-secure-flag")
        if anticsrf and not samesite:
            worse("cookies-anticsrf-without-samesite-flag")
        if session and not secure:
            worse(
                "cookies-session-without-secure-flag-but-protected-by-hsts"
                if hsts
                else "cookies-session-without-secure-flag"
            )
        if session and not morsel["httponly"]:
            worse("cookies-session-without-httponly-flag")
        missing_samesite = missing_samesite or not samesite
    if worst >= 0:
        return COOKIE_RESULTS[worst][1]
    return 0 if missing_samesite else 5  # secure-with-httponly-sessions(-and-samesite)


def score_cors(response, *, origin: str) -> int:
    allow_origin = response.headers.get("Access-Control-Allow-Origin", "").strip()
    credentials = response.headers.get("Access-Control-Allow-Credentials", "").strip().lower() == "true"
    if allow_origin and allow_origin != "*" and allow_origin == origin and credentials:
        return -50  # cross-origin-resource-sharing-implemented-with-universal-access
    return 0  # not implemented, public, or restricted access


def score_redirection(http_response, *, host: str) -> int:
    """The answer to the plain-HTTP request: it must redirect to HTTPS on the same host first."""
    if http_response is None:
        return 0  # redirection-not-needed-no-http
    location = http_response.headers.get("Location") if 300 <= http_response.status_code < 400 else None
    if location is None:
        return -20  # redirection-missing
    target = urlsplit(location)
    if target.scheme != "https":
        return -10 if target.scheme == "http" and target.netloc else -20
    if target.netloc != host:
        return -5  # redirection-off-host-from-http
    return 0  # redirection-to-https


def score_referrer_policy(response) -> int:
    header = response.headers.get("Referrer-Policy")
    if header is None:
        return 0  # referrer-policy-not-implemented
    valid = [
        value.strip().lower()
        for value in header.split(",")
        if value.strip().lower() in PRIVATE_REFERRER | UNSAFE_REFERRER
    ]
    if not valid:
        return -5  # referrer-policy-header-invalid
    return 5 if valid[-1] in PRIVATE_REFERRER else -5


def score_sri(response, *, host: str) -> int:
    if "html" not in response.headers.get("Content-Type", ""):
        return 0  # sri-not-implemented-response-not-html
    scripts = re.findall(r"<script\b([^>]*)>", response.content.decode(), flags=re.IGNORECASE)
    loaded = []
    for attributes in scripts:
        src = re.search(r"""\bsrc\s*=\s*["']?([^"'\s>]+)""", attributes)
        if src:
            loaded.append((src.group(1), bool(re.search(r"\bintegrity\s*=", attributes))))
    if not loaded:
        return 0  # sri-not-implemented-but-no-scripts-loaded
    external = [(urlsplit(src), integrity) for src, integrity in loaded if urlsplit(src).netloc not in {"", host}]
    if not external:
        return 5 if all(integrity for _, integrity in loaded) else 0
    if any(url.scheme != "https" for url, _ in external):  # http: or protocol-relative //host
        return -20 if all(integrity for _, integrity in external) else -50
    return 5 if all(integrity for _, integrity in external) else -5


def score_x_content_type_options(response) -> int:
    return 0 if response.headers.get("X-Content-Type-Options", "").strip().lower() == "nosniff" else -5


def score_x_frame_options(response) -> int:
    csp = parse_csp(response.headers.get("Content-Security-Policy", "")) or {}
    if "frame-ancestors" in csp:
        return 5  # x-frame-options-implemented-via-csp
    value = response.headers.get("X-Frame-Options", "").strip().lower()
    if value in {"deny", "sameorigin"} or value.startswith("allow-from"):
        return 0
    return -20  # not implemented or invalid


def score_corp(response) -> int:
    value = response.headers.get("Cross-Origin-Resource-Policy")
    if value is None:
        return 0  # cross-origin-resource-policy-not-implemented
    value = value.strip().lower()
    if value in {"same-origin", "same-site"}:
        return 10
    return 0 if value == "cross-origin" else -5


def observatory_score(response, *, http_response=None, host="testserver", origin="https://evil.example"):
    """(score, modifiers by test) of an HTTPS response, and the plain-HTTP answer for the same URL."""
    modifiers = {
        "content-security-policy": score_csp(response),
        "cookies": score_cookies(response),
        "cross-origin-resource-sharing": score_cors(response, origin=origin),
        "redirection": score_redirection(http_response, host=host),
        "referrer-policy": score_referrer_policy(response),
        "strict-transport-security": score_hsts(response),
        "subresource-integrity": score_sri(response, host=host),
        "x-content-type-options": score_x_content_type_options(response),
        "x-frame-options": score_x_frame_options(response),
        "cross-origin-resource-policy": score_corp(response),
    }
    uncurved = 100 + sum(value for value in modifiers.values() if value < 0)
    score = 100 + sum(modifiers.values()) if uncurved >= MINIMUM_SCORE_FOR_EXTRA_CREDIT else uncurved
    return max(score, 0), modifiers


# --- the scorer itself ------------------------------------------------------------------------------------

GOOD_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; object-src 'none'; frame-ancestors 'none'",
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Content-Type": "text/html; charset=utf-8",
}


def response_with(headers=None, *, drop=(), body="<p>x</p>", cookies=()):
    response = HttpResponse(body)
    for name, value in {**GOOD_HEADERS, **(headers or {})}.items():
        if name not in drop:
            response[name] = value
    for name, options in cookies:
        response.set_cookie(name, "value", **options)
    return response


def test_scorer_gives_a_complete_set_of_headers_full_marks():
    score, modifiers = observatory_score(response_with())
    assert modifiers["content-security-policy"] == 5 and modifiers["x-frame-options"] == 5
    assert score == 100 + 5 + 5 + 5 + 10  # CSP, frame-ancestors, referrer policy, CORP


def test_scorer_without_csp_stays_below_100():
    score, modifiers = observatory_score(response_with(drop=["Content-Security-Policy"]))
    assert modifiers["content-security-policy"] == -25
    assert modifiers["x-frame-options"] == -20  # no frame-ancestors and no X-Frame-Options either
    assert score == 55 < 100  # below 90: no bonus points


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        ("default-src 'self'; script-src 'self' 'unsafe-inline'", -20),
        ("default-src 'self'; script-src 'self' data:", -20),
        ("default-src 'self'; object-src https:", -20),
        ("script-src 'self'", -20),  # object-src falls back to *
        ("default-src 'self'; script-src 'self' 'unsafe-eval'", -10),
        ("default-src 'self'; img-src http://images.example", -10),
        ("default-src 'self'; connect-src http://api.example", -20),
        ("default-src 'self'; style-src 'self' 'unsafe-inline'", 0),
        ("default-src 'self'; script-src 'self' 'unsafe-inline' 'nonce-abc'", 5),
        ("default-src 'none'; script-src 'self'", 10),
        ("default-src 'self'; script-src 'strict-dynamic'", -25),
    ],
)
def test_scorer_rates_csp_like_the_observatory(policy, expected):
    assert score_csp(response_with({"Content-Security-Policy": policy})) == expected


@pytest.mark.parametrize(
    ("header", "expected"),
    [("max-age=31536000", 0), ("max-age=15552000", 0), ("max-age=86400", -10), ("includeSubDomains", -20)],
)
def test_scorer_rates_hsts(header, expected):
    assert score_hsts(response_with({"Strict-Transport-Security": header})) == expected
    assert score_hsts(response_with(drop=["Strict-Transport-Security"])) == -20


def test_scorer_rates_cookies():
    secure = {"secure": True, "httponly": True, "samesite": "Lax"}
    assert score_cookies(response_with(cookies=[("sessionid", secure), ("csrftoken", secure)])) == 5
    assert score_cookies(response_with(cookies=[("sessionid", {**secure, "samesite": None})])) == 0
    assert score_cookies(response_with(cookies=[("sessionid", {**secure, "httponly": False})])) == -30
    # Not Secure: HSTS softens it; without HSTS the session cookie costs 40.
    assert score_cookies(response_with(cookies=[("sessionid", {**secure, "secure": False})])) == -10
    no_hsts = response_with(drop=["Strict-Transport-Security"], cookies=[("sessionid", {**secure, "secure": False})])
    assert score_cookies(no_hsts) == -40
    assert score_cookies(response_with(cookies=[("csrftoken", {"secure": True, "samesite": None})])) == -20
    assert score_cookies(response_with(cookies=[("lang", {"secure": True, "samesite": "None"})])) == 5
    assert score_cookies(response_with()) == 0


def test_scorer_rates_the_other_headers():
    assert score_x_frame_options(response_with({"X-Frame-Options": "DENY"}, drop=["Content-Security-Policy"])) == 0
    assert score_x_content_type_options(response_with(drop=["X-Content-Type-Options"])) == -5
    assert score_referrer_policy(response_with({"Referrer-Policy": "unsafe-url"})) == -5
    assert (
        score_referrer_policy(response_with({"Referrer-Policy": "no-referrer, strict-origin-when-cross-origin"})) == 5
    )
    assert score_corp(response_with({"Cross-Origin-Resource-Policy": "cross-origin"})) == 0
    assert score_corp(response_with(drop=["Cross-Origin-Resource-Policy"])) == 0
    cors = response_with(
        {"Access-Control-Allow-Origin": "https://evil.example", "Access-Control-Allow-Credentials": "true"}
    )
    assert score_cors(cors, origin="https://evil.example") == -50
    external = '<script src="https://cdn.example/x.js"></script>'
    assert score_sri(response_with(body=external), host="testserver") == -5
    assert score_sri(response_with(body='<script src="//cdn.example/x.js"></script>'), host="testserver") == -50
    assert score_sri(response_with(body='<script src="/static/js/x.js" defer></script>'), host="testserver") == 0
    redirect = HttpResponse(status=301, headers={"Location": "https://testserver/en/"})
    assert score_redirection(redirect, host="testserver") == 0
    assert score_redirection(HttpResponse(), host="testserver") == -20
    off_host = HttpResponse(status=301, headers={"Location": "https://www.example/"})
    assert score_redirection(off_host, host="testserver") == -5


# --- the portal's pages -----------------------------------------------------------------------------------

PROXY_HTTPS = {"X-Forwarded-Proto": "https"}  # what the reverse proxy sends (SECURE_PROXY_SSL_HEADER)


@pytest.fixture
def main_pages(real_hubs):
    with translation.override("en"):
        event = EventFactory(title="Pitch night")
        startup = StartupFactory(name="Frachtfuchs")
        return {
            "home": reverse("home"),
            "hub list": reverse("hubs:hub_list"),
            "hub detail": reverse("hubs:hub_detail", kwargs={"slug": "berlin"}),
            "startup directory": reverse("startups:startup_list"),
            "startup detail": reverse("startups:startup_detail", kwargs={"slug": startup.slug}),
            "events": reverse("events:event_list"),
            "event detail": reverse("events:event_detail", kwargs={"slug": event.slug}),
            "login": reverse("account_login"),
            "sign-up": reverse("account_signup"),
            "privacy": reverse("privacy"),
        }


@pytest.mark.django_db
def test_main_pages_score_at_least_100_with_the_production_settings(client, prod_like, main_pages):
    for name, path in main_pages.items():
        response = client.get(path, headers={**PROXY_HTTPS, "Origin": "https://evil.example"})
        assert response.status_code == 200, (name, response.status_code)
        plain_http = client.get(path)
        score, modifiers = observatory_score(response, http_response=plain_http)
        assert score >= 100, (name, score, modifiers)
        assert min(modifiers.values()) >= 0, (name, modifiers)


@pytest.mark.django_db
def test_main_pages_send_every_security_header(client, prod_like, main_pages):
    for name, path in main_pages.items():
        response = client.get(path, headers=PROXY_HTTPS)
        assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload", name
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["X-Frame-Options"] == "DENY"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        assert response["Cross-Origin-Resource-Policy"] == "same-origin"
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
        permissions = response["Permissions-Policy"]
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert f"{feature}=()" in permissions, (name, feature)
        # Pages with a POST form set the CSRF cookie (tests/core/test_cookies.py: only those).
        if "csrftoken" in response.cookies:
            csrf = response.cookies["csrftoken"]
            assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax", name
    login = client.get(reverse("account_login"), headers=PROXY_HTTPS)
    csrf = login.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https_on_the_same_host(client, prod_like):
    response = client.get("/en/privacy/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/en/privacy/"
    assert "Strict-Transport-Security" not in response  # HSTS is only sent over HTTPS


@pytest.mark.django_db
def test_session_cookie_is_secure_httponly_and_samesite_and_no_language_cookie(client, prod_like):
    UserFactory(email="ada@example.org")
    response = client.post(
        reverse("account_login"),
        {"login": "ada@example.org", "password": "correct-horse-battery"},
        headers=PROXY_HTTPS,
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
    assert observatory_score(response)[1]["cookies"] == 5

    # The language lives in the URL prefix: switching sets no cookie at all (no set_language view).
    response = client.get("/en/", headers=PROXY_HTTPS)
    assert "django_language" not in response.cookies


@pytest.mark.django_db
def test_only_the_check_in_page_may_use_the_camera(client, staff_user):
    """events.js scans ticket QR codes with the camera on the staff check-in page, and only there."""
    event = EventFactory()
    client.force_login(staff_user)
    checkin = client.get(reverse("events:event_checkin", kwargs={"slug": event.slug}))
    assert checkin.status_code == 200
    assert "camera=(self)" in checkin["Permissions-Policy"]
    assert "microphone=()" in checkin["Permissions-Policy"]
    detail = client.get(event.get_absolute_url())
    assert "camera=()" in detail["Permissions-Policy"]


@pytest.mark.django_db
def test_development_and_test_settings_send_the_headers_too(client):
    """CSP and the other headers come from settings/base.py; only HSTS and Secure cookies need HTTPS (prod)."""
    response = client.get("/en/")
    score, modifiers = observatory_score(response)
    assert modifiers["content-security-policy"] == 5
    assert modifiers["strict-transport-security"] == -20
    assert "Permissions-Policy" in response and response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_chromium_accepts_the_permissions_policy(page, live_server):
    """Every feature in settings.PERMISSIONS_POLICY is one the browser knows (else it logs an error)."""
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.goto(f"{live_server.url}/en/imprint/")
    page.wait_for_load_state("networkidle")
    assert [message for message in messages if "Permissions-Policy" in message] == []
