"""robots.txt: where the sitemap is, and what crawlers leave alone."""

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

# Per language: sign-in and account pages, the admin, the match pages (personal); the API and its documentation
# (its "try it" buttons would send a crawler into the data endpoints).
PRIVATE_PREFIXES = ("accounts/", "account/", "admin/", "matching/")


@require_GET
def robots_txt(request):
    languages = [code for code, _name in settings.LANGUAGES]
    lines = ["User-agent: *"]
    lines += [f"Disallow: /{language}/{prefix}" for language in languages for prefix in PRIVATE_PREFIXES]
    lines += ["Disallow: /api/", "", f"Sitemap: {settings.SITE_URL}{reverse('sitemap_index')}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
