"""A person with one of everything the portal stores, for the export and deletion tests.

Every personal text carries the person's marker (a rare word), so a test can search a whole export,
or every table, for it.
"""

import datetime
import itertools
from types import SimpleNamespace

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import generate_totp_secret
from django.utils import timezone

from agency.models import AdviceNote, AdviceReply
from hubportal.mail.models import OutboundEmail
from matching.models import Introduction, IntroductionEvent
from startups.models import StartupChange, StartupInvitation
from tests.factories import (
    AdviceRequestFactory,
    BookmarkFactory,
    EventFactory,
    IntroductionFactory,
    InvestorProfileFactory,
    OrganisationProfileFactory,
    RegistrationFactory,
    SavedSearchFactory,
    StartupFactory,
    UserFactory,
)

PASSWORD = "correct-horse-battery"
P = "xavorine"  # the person whose data is exported or deleted
Q = "ysoldara"  # another person with everything, who must stay untouched
_third = itertools.count()


def neutral_startup(**kwargs):
    """A published startup of a third person (no marker anywhere)."""
    owner = UserFactory(email=f"owner-{next(_third)}@third.example.org", first_name="Dritte", last_name="Person")
    return StartupFactory(owner=owner, **kwargs)


def neutral_investor(**kwargs):
    user = UserFactory(
        email=f"investor-{next(_third)}@third.example.org",
        first_name="Ines",
        last_name="Investorin",
        account_type="investor",
    )
    return InvestorProfileFactory(user=user, organisation="Drittkapital", **kwargs)


def make_person(marker: str, *, past_event=None, language: str = "en") -> SimpleNamespace:
    """Creates `marker`@example.org with a profile, startup, registrations, advice, introductions, mails …"""
    now = timezone.now()
    title = marker.title()
    user = UserFactory(
        email=f"{marker}@example.org",
        first_name=title,
        last_name=f"{title}sdottir",
        account_type="investor",
        language=language,
    )
    EmailAddress.objects.create(user=user, email=f"{marker}.alt@example.org", verified=True, primary=False)
    totp_secret = generate_totp_secret()
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": totp_secret})
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.RECOVERY_CODES, data={"seed": f"recoveryseed{marker}", "used_mask": 0}
    )

    own_startup = StartupFactory(owner=user, name=f"{title} Solo", contact_email=f"{marker}@example.org")
    StartupChange.objects.create(  # type: ignore[misc]  # factory_boy returns the model
        startup=own_startup, user=user, action=StartupChange.Action.UPDATED, changes={"pitch": ["", f"{marker} pitch"]}
    )
    StartupInvitation.objects.create(  # type: ignore[misc]  # factory_boy returns the model
        startup=own_startup,
        email=f"friend-of-{marker}@example.org",
        token=f"invitetoken{marker}",
        invited_by=user,
        expires_at=now + datetime.timedelta(days=14),
    )
    left_earlier = neutral_startup()  # the person was on this team once; the log still names them
    StartupChange.objects.create(
        startup=left_earlier, action=StartupChange.Action.TEAM, note=f"removed: {marker}@example.org"
    )
    investor = InvestorProfileFactory(user=user, organisation=f"{title} Kapital", thesis=f"{marker} thesis")
    third = neutral_startup()
    BookmarkFactory(investor=investor, startup=third, note=f"{marker} private note")
    intro = IntroductionFactory(
        investor=investor,
        startup=third,
        status=Introduction.Status.ACCEPTED,
        message=f"{marker} would like to meet",
        decided_at=now,
    )
    IntroductionEvent.objects.create(introduction=intro, action=IntroductionEvent.Action.REQUESTED, actor=user)  # type: ignore[misc]  # factory_boy returns the model
    OrganisationProfileFactory(user=user, company_name=f"{title} Werke GmbH")

    past_event = past_event or EventFactory(
        starts_at=now - datetime.timedelta(days=10), ends_at=now - datetime.timedelta(days=10, hours=-2)
    )
    past = RegistrationFactory(
        event=past_event,
        user=user,
        company=f"{title} AG",
        dietary_needs=f"{marker} vegan",
        listed_publicly=True,
        checked_in_at=past_event.starts_at,
    )
    # Typed by hand as a guest, in other letter case than the verified address.
    guest = RegistrationFactory(event=EventFactory(), user=None, name=f"{title} Gast", email=f"{title}.ALT@Example.org")

    advice = AdviceRequestFactory(requester=user, message=f"{marker} question", phone=f"+49 30 {len(marker)}12345")
    AdviceReply.objects.create(request=advice, text=f"Dear {title}, here is our answer.")  # type: ignore[misc]  # factory_boy returns the model
    AdviceNote.objects.create(request=advice, text=f"internal note about {marker}")  # type: ignore[misc]  # factory_boy returns the model

    SavedSearchFactory(user=user, name=f"{title} search", querystring="stage=seed")
    OutboundEmail.objects.create(
        to=[user.email],
        subject=f"Hello {title}",
        body_text=f"Your one-time link: https://example.org/reset/mailtoken{marker}/",
        from_email="noreply@hubportal.example",
        template="emails/test",
    )
    return SimpleNamespace(
        user=user,
        marker=marker,
        totp_secret=totp_secret,
        own_startup=own_startup,
        investor=investor,
        third=third,
        intro=intro,
        past_registration=past,
        past_event=past_event,
        guest_registration=guest,
        advice=advice,
    )
