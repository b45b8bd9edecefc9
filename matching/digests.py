"""Digest mails of saved searches: what is new in the directory since the last digest and matches the filter.

Startup searches list startups published since then (`Startup.published_at`, which unpublishing clears);
investor searches list investor profiles verified since then (`InvestorProfile.verified_at`, which a
withdrawn verification clears). Either leaves out what an earlier digest of the search named, and lists
each as the user may see it now.
"""

import logging
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import QueryDict
from django.utils import timezone

from hubportal.mail.services import email_send
from startups.filtersets import InvestorFilterSet, StartupFilterSet
from startups.models import InvestorProfile, Startup
from startups.visibility import viewer_for

from .models import DigestLog, SavedSearch

logger = logging.getLogger(__name__)

PERIODS = {SavedSearch.Frequency.DAILY: timedelta(days=1), SavedSearch.Frequency.WEEKLY: timedelta(days=7)}
SLACK = timedelta(hours=1)  # a run a little early (cron jitter) still counts as due
MAIL_LIMIT = 20


def due_searches(now):
    """Saved searches whose digest is due at `now`."""
    due = Q()
    for frequency, period in PERIODS.items():
        due |= Q(frequency=frequency) & (Q(last_sent_at__isnull=True) | Q(last_sent_at__lte=now - period + SLACK))
    return SavedSearch.objects.filter(due).select_related("user").filter(user__is_active=True)


def new_startups(search: SavedSearch, start, end):
    """Published startups matching the saved filter, published in (start, end] and not named in an earlier digest
    of `search`, as the user may filter them."""
    viewer = viewer_for(search.user)
    base = (
        Startup.objects.published()
        .filter(published_at__gt=start, published_at__lte=end)
        .exclude(digests__search=search)
        .for_listing()
    )
    filterset = StartupFilterSet(QueryDict(search.querystring), queryset=base, viewer=viewer)
    if not filterset.is_valid():
        return base.none()
    return filterset.qs.order_by("-published_at", "-id")


def new_investors(search: SavedSearch, start, end):
    """Verified investors matching the saved filter, verified in (start, end] and not named in an earlier digest
    of `search`; none if the user may not browse them."""
    base = InvestorProfile.objects.none()
    if not viewer_for(search.user).can_browse_investors:
        return base
    base = (
        InvestorProfile.objects.verified()
        .filter(verified_at__gt=start, verified_at__lte=end)
        .exclude(user=search.user)
        .exclude(digests__search=search)
        .for_listing()
    )
    filterset = InvestorFilterSet(QueryDict(search.querystring), queryset=base)
    if not filterset.is_valid():
        return base.none()
    return filterset.qs.order_by("-verified_at", "-id")


def new_matches(search: SavedSearch, start, end):
    """What the digest of `search` lists for the period (start, end]: startups or investors."""
    if search.kind == SavedSearch.Kind.INVESTORS:
        return new_investors(search, start, end)
    return new_startups(search, start, end)


@transaction.atomic
def digest_send(*, search: SavedSearch, now=None) -> DigestLog | None:
    """Sends one digest if due; the log row (unique per period) and last_sent_at commit together with the mail."""
    now = now or timezone.now()
    search = SavedSearch.objects.select_for_update().select_related("user").get(pk=search.pk)
    if not due_searches(now).filter(pk=search.pk).exists():
        return None
    start = search.last_sent_at or search.created_at
    try:
        with transaction.atomic():
            log = DigestLog.objects.create(search=search, period_start=start, period_end=now)
    except IntegrityError:
        return None
    rows = list(new_matches(search, start, now)[: MAIL_LIMIT + 1])
    log.count = len(rows)
    log.save(update_fields=["count"])
    named = log.investors if search.kind == SavedSearch.Kind.INVESTORS else log.startups
    named.set(rows[:MAIL_LIMIT])
    search.last_sent_at = now
    search.save(update_fields=["last_sent_at", "updated_at"])
    if rows:
        investors = search.kind == SavedSearch.Kind.INVESTORS
        email_send(
            to=search.user.email,
            template_prefix="emails/matching/digest_investors" if investors else "emails/matching/digest",
            context={
                "user": search.user,
                "search": search,
                "investors" if investors else "startups": rows[:MAIL_LIMIT],
                "more": len(rows) > MAIL_LIMIT,
            },
            language=search.user.language or None,
        )
    return log


def digests_send_due(*, now=None) -> int:
    """Sends every due digest (each in its own transaction); returns how many mails went out."""
    now = now or timezone.now()
    sent = 0
    for search in due_searches(now):
        try:
            log = digest_send(search=search, now=now)
        except Exception:
            logger.exception("Digest of saved search %s failed", search.pk)
            continue
        sent += bool(log and log.count)
    return sent
