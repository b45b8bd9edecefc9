"""The self-service data export (Art. 15 and 20 GDPR): everything the portal holds about one person."""

from allauth.account.models import EmailAddress
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.db.models import Prefetch, Q
from django.utils import timezone

from agency.models import AdviceEvent, AdviceReply, AdviceRequest, OrganisationProfile
from events.models import Registration
from hubportal.mail.models import OutboundEmail
from matching.models import Introduction, IntroductionEvent, SavedSearch
from matching.selectors import startup_contact
from startups.models import Bookmark, InvestorProfile, StartupChange, StartupInvitation, StartupMembership

from .. import privacy
from .addresses import address_q, mails_to, verified_addresses

EXPORT_FORMAT = "hubportal-account-export"
EXPORT_VERSION = 1


def _url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _account(user, addresses, mfa_enabled: bool) -> dict:
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "language": user.language,
        "account_type": user.account_type,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary} for address in addresses
        ],
        "two_factor_authentication_enabled": mfa_enabled,
    }


def _startups(user) -> list[dict]:
    memberships = StartupMembership.objects.filter(user=user).select_related("startup").order_by("created_at", "pk")
    return [
        {
            "name": m.startup.name,
            "url": _url(m.startup.get_absolute_url()),
            "status": m.startup.status,
            "role": m.role,
            "joined_at": m.created_at,
        }
        for m in memberships
    ]


def _invitations(user, emails: list[str]) -> dict:
    rows = (
        StartupInvitation.objects.filter(address_q("email", emails) | Q(invited_by=user))
        .select_related("startup")
        .order_by("-created_at", "-pk")
    )
    result = {"received": [], "sent": []}
    for invitation in rows:
        row = {
            "startup": invitation.startup.name,
            "email": invitation.email,
            "created_at": invitation.created_at,
            "expires_at": invitation.expires_at,
            "accepted_at": invitation.accepted_at,
        }
        if invitation.email.lower() in emails:
            result["received"].append(row)
        if invitation.invited_by_id == user.pk:
            result["sent"].append(row)
    return result


def _investor_profile(user) -> dict | None:
    profile = (
        InvestorProfile.objects.filter(user=user)
        .prefetch_related(
            "topics",
            "hubs",
            Prefetch("bookmarks", queryset=Bookmark.objects.select_related("startup").order_by("-created_at", "-pk")),
        )
        .first()
    )
    if profile is None:
        return None
    return {
        "url": _url(profile.get_absolute_url()),
        "investor_type": profile.investor_type,
        "organisation": profile.organisation,
        "thesis": profile.thesis,
        "ticket_min": profile.ticket_min,
        "ticket_max": profile.ticket_max,
        "stages": profile.stage_list,
        "topics": sorted(topic.slug for topic in profile.topics.all()),
        "hubs": sorted(hub.slug for hub in profile.hubs.all()),
        "website": profile.website,
        "is_verified": profile.is_verified,
        "verified_at": profile.verified_at,
        "created_at": profile.created_at,
        "updated_at": profile.updated_at,
        "bookmarks": [
            {
                "startup": bookmark.startup.name,
                "url": _url(bookmark.startup.get_absolute_url()),
                "note": bookmark.note,
                "created_at": bookmark.created_at,
                "updated_at": bookmark.updated_at,
            }
            for bookmark in profile.bookmarks.all()
        ],
    }


def _organisation_profile(user) -> dict | None:
    profile = OrganisationProfile.objects.filter(user=user).first()
    if profile is None:
        return None
    return {
        "company_name": profile.company_name,
        "size": profile.size,
        "sector": profile.sector,
        "created_at": profile.created_at,
        "updated_at": profile.updated_at,
    }


def _registrations(user, emails: list[str]) -> list[dict]:
    # Guest registrations count only under a verified address: an unverified one may be someone else's.
    guest = Q(user__isnull=True) & address_q("email", emails)
    rows = Registration.objects.filter(Q(user=user) | guest).select_related("event").order_by("event__starts_at", "pk")
    return [
        {
            "event": r.event.title,
            "url": _url(r.event.get_absolute_url()),
            "starts_at": r.event.starts_at,
            "as_guest": r.user_id is None,
            "name": r.name,
            "email": r.email,
            "language": r.language,
            "status": r.status,
            "waitlist_position": r.waitlist_position,
            "company": r.company,
            "dietary_needs": r.dietary_needs,
            "listed_publicly": r.listed_publicly,
            "created_at": r.created_at,
            "email_confirmed_at": r.email_confirmed_at,
            "confirmed_at": r.confirmed_at,
            "promoted_at": r.promoted_at,
            "cancelled_at": r.cancelled_at,
            "checked_in_at": r.checked_in_at,
        }
        for r in rows
    ]


def _advice_requests(user) -> list[dict]:
    # Internal notes (AdviceNote) are the agency's working notes and never leave the back office.
    replies = Prefetch("replies", queryset=AdviceReply.objects.order_by("created_at", "pk"))
    rows = (
        AdviceRequest.objects.filter(requester=user)
        .select_related("preferred_hub", "startup")
        .prefetch_related(replies)
        .order_by("-created_at", "-pk")
    )
    return [
        {
            "topic": a.topic,
            "message": a.message,
            "startup": a.startup.name if a.startup else None,
            "preferred_hub": a.preferred_hub.name if a.preferred_hub else None,
            "contact_way": a.contact_way,
            "phone": a.phone,
            "status": a.status,
            "outcome": a.outcome,
            "created_at": a.created_at,
            "closed_at": a.closed_at,
            "replies": [{"text": reply.text, "created_at": reply.created_at} for reply in a.replies.all()],
        }
        for a in rows
    ]


def _introductions(user) -> list[dict]:
    rows = Introduction.objects.involving(user).for_inbox()
    result = []
    for intro in rows:
        is_investor = intro.investor.user_id == user.pk
        revealed = intro.status == Introduction.Status.ACCEPTED
        if is_investor:
            other = {"startup": intro.startup.name, "url": _url(intro.startup.get_absolute_url())}
            if revealed:
                other["contact_email"] = startup_contact(intro.startup)
        else:
            other = {"investor": intro.investor.display_name, "url": _url(intro.investor.get_absolute_url())}
            if revealed:
                other["contact_name"] = intro.investor.user.get_full_name()
                other["contact_email"] = intro.investor.user.email
        side = Introduction.Side.INVESTOR if is_investor else Introduction.Side.STARTUP
        result.append(
            {
                "your_side": side,
                "your_startup": None if is_investor else intro.startup.name,
                "other_side": other,
                "requested_by_your_side": intro.requester_side == side,
                "requested_by_you": intro.requested_by_id == user.pk,
                "message": intro.message,
                "status": intro.status,
                "reason": intro.reason,
                "created_at": intro.created_at,
                "expires_at": intro.expires_at,
                "decided_at": intro.decided_at,
            }
        )
    return result


def _saved_searches(user) -> list[dict]:
    return [
        {
            "name": s.name,
            "directory": s.kind,
            "filter": s.querystring,
            "url": _url(s.get_absolute_url()),
            "digest": s.frequency,
            "last_digest_at": s.last_sent_at,
            "created_at": s.created_at,
        }
        for s in SavedSearch.objects.filter(user=user).order_by("name", "pk")
    ]


def _mails(emails: list[str]) -> list[dict]:
    # Subject, date and delivery state only: bodies hold one-time links (password reset, confirmations).
    rows = mails_to(emails, OutboundEmail.objects.only("to", "subject", "status", "created_at", "sent_at", "template"))
    return [
        {
            "to": [address for address in mail.to if address.lower() in emails],
            "subject": mail.subject,
            "kind": mail.template,
            "status": mail.status,
            "created_at": mail.created_at,
            "sent_at": mail.sent_at,
        }
        for mail in rows
    ]


def _history(user) -> dict:
    startup_changes = StartupChange.objects.filter(user=user).select_related("startup").order_by("created_at", "pk")
    intro_events = (
        IntroductionEvent.objects.filter(actor=user)
        .select_related("introduction__startup", "introduction__investor__user")
        .order_by("created_at", "pk")
    )
    advice_events = AdviceEvent.objects.filter(actor=user).order_by("created_at", "pk")
    return {
        "startup_changes": [
            {
                "startup": c.startup.name,
                "action": c.action,
                "changed_fields": c.changes,
                "note": c.note,
                "created_at": c.created_at,
            }
            for c in startup_changes
        ],
        "introductions": [
            {
                "introduction": f"{e.introduction.startup.name} ↔ {e.introduction.investor.display_name}",
                "action": e.action,
                "note": e.note,
                "created_at": e.created_at,
            }
            for e in intro_events
        ],
        "advice_requests": [
            {"request": e.request_id, "action": e.action, "detail": e.detail, "created_at": e.created_at}
            for e in advice_events
        ],
    }


def account_export(*, user) -> dict:
    """Everything the portal holds about `user`, as JSON-ready data; a fixed number of queries.

    Never secrets: no password hash, authenticator secrets, recovery codes, ticket codes or mail
    bodies (they carry one-time links), and none of the agency's internal notes.
    """
    addresses = list(EmailAddress.objects.filter(user=user).order_by("-primary", "email"))
    emails = verified_addresses(addresses)
    mfa_enabled = is_mfa_enabled(user)
    # The apps that registered with hubportal/users/privacy.py add their sections (and history) themselves.
    sections, history = privacy.export_sections(privacy.Person(user=user, emails=emails, now=timezone.now()))
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": timezone.now(),
        "site": settings.SITE_URL,
        "account": _account(user, addresses, mfa_enabled),
        "startups": _startups(user),
        "team_invitations": _invitations(user, emails),
        "investor_profile": _investor_profile(user),
        "organisation_profile": _organisation_profile(user),
        "event_registrations": _registrations(user, emails),
        "advice_requests": _advice_requests(user),
        "introductions": _introductions(user),
        "saved_searches": _saved_searches(user),
        "mails": _mails(emails),
        **sections,
        "history": {**_history(user), **history},
    }
