"""sitemap.xml: an index with pages of at most `limit` objects, each URL in both languages with hreflang
alternates and x-default. No page ever loads every startup: the pages are slices of the table in id order."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Max
from django.urls import reverse

from agency.models import HubUpdate
from calls.models import Call
from events.models import Event
from hubs.models import Hub, HubNetwork, Topic
from startups.models import Startup


class _LanguagePairs:
    """(object, language) for each object of an ordered queryset, read one slice at a time."""

    def __init__(self, queryset, languages: list[str]):
        self.queryset, self.languages = queryset, languages

    def count(self) -> int:
        return self.queryset.count() * len(self.languages)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list:
        size = len(self.languages)
        first = window.start // size
        rows = self.queryset[first : -(-window.stop // size)]
        pairs = [(row, language) for row in rows for language in self.languages]
        skip = window.start - first * size
        return pairs[skip : skip + window.stop - window.start]


class PagedSitemap(Sitemap):
    """A sitemap of model objects in both languages, paged by the database (a query per page, not per table)."""

    i18n = True
    alternates = True
    x_default = True
    limit = 10_000  # URLs per page: 5,000 objects in two languages
    changefreq = "weekly"
    lastmod_field = "updated_at"

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or super().get_protocol(protocol)

    def rows(self):
        """The public rows of this section: each section below names its own (this base class has none)."""
        raise NotImplementedError

    def items(self):
        return self.rows().order_by("pk").only("pk", "slug", self.lastmod_field)

    @property
    def paginator(self):
        return Paginator(_LanguagePairs(self.items(), self._languages()), self.limit)

    def lastmod(self, item):
        return getattr(item, self.lastmod_field)

    def get_latest_lastmod(self):
        return self.rows().aggregate(latest=Max(self.lastmod_field))["latest"]


class HubSitemap(PagedSitemap):
    priority = 0.8

    def rows(self):
        return Hub.objects.active()


class TopicSitemap(PagedSitemap):
    def rows(self):
        return Topic.objects.all()


class NetworkSitemap(PagedSitemap):
    def rows(self):
        return HubNetwork.objects.all()


class StartupSitemap(PagedSitemap):
    def rows(self):
        return Startup.objects.published()


class EventSitemap(PagedSitemap):
    def rows(self):
        return Event.objects.listed()


class NewsSitemap(PagedSitemap):
    def rows(self):
        return HubUpdate.objects.published()


class CallSitemap(PagedSitemap):
    def rows(self):
        return Call.objects.published()


class PageSitemap(Sitemap):
    """The lists and the fixed pages."""

    i18n = True
    alternates = True
    x_default = True
    changefreq = "daily"
    NAMES = [
        "home",
        "hubs:hub_list",
        "startups:startup_list",
        "events:event_list",
        "calls:call_list",
        "agency:hubupdate_list",
        "imprint",
        "privacy",
        "accessibility",
    ]

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or super().get_protocol(protocol)

    def items(self):
        return self.NAMES

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "pages": PageSitemap,
    "hubs": HubSitemap,
    "topics": TopicSitemap,
    "networks": NetworkSitemap,
    "startups": StartupSitemap,
    "events": EventSitemap,
    "news": NewsSitemap,
    "calls": CallSitemap,
}
