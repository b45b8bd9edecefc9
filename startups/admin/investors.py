"""Investor profiles in the admin: the verification queue with verify, decline (with a reason) and withdraw, as
actions and as buttons on the profile; the other models of the app."""

from django.contrib import admin
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from hubportal.admin.actions import ServiceDeleteAdmin, ServiceSaveAdmin, bulk_action
from hubportal.admin.services import reference_delete, reference_save

from .. import services
from ..models import Bookmark, InvestorProfile, StartupInvitation
from .moderation import Step, StepsMixin, history_table, named, reason_action
from .startups import INVESTOR_RELATED, TEXTAREA_OVERRIDES


def _in_queue(profile: InvestorProfile) -> bool:
    return not profile.is_verified and profile.declined_at is None


VERIFICATION_STEPS = {
    "verify": Step(
        label=_("Verify"),
        service=services.investor_verify,
        argument="profile",
        actor="by",
        applies=lambda profile: not profile.is_verified,
        done=_("The investor is verified and told by mail."),
        explanation=_("The investor sees investor-only details from now on and gets a mail."),
    ),
    "decline": Step(
        label=_("Decline"),
        service=services.investor_decline,
        argument="profile",
        actor="by",
        applies=_in_queue,
        done=_("The investor profile is declined; the reason is mailed to the investor."),
        reason=True,
        explanation=_("The reason is mailed to the investor."),
    ),
}


@admin.register(InvestorProfile)
class InvestorProfileAdmin(StepsMixin, ServiceSaveAdmin):
    save_service = reference_save  # verifying, declining and rejecting: the moderation steps' services
    """The verification queue: unverified investors first; actions and buttons verify or decline them by mail."""

    formfield_overrides = TEXTAREA_OVERRIDES  # type: ignore[assignment]  # admin options typed narrower than Django accepts

    list_display = ["__str__", "user", "investor_type", "is_verified", "declined_at", "ticket_min", "ticket_max"]
    list_filter = ["is_verified", ("declined_at", admin.EmptyFieldListFilter), "investor_type", "topics"]
    list_select_related = ["user"]
    search_fields = ["organisation", "user__email", "user__last_name", "thesis"]
    autocomplete_fields = ["user", *INVESTOR_RELATED["autocomplete_fields"]]
    filter_horizontal = INVESTOR_RELATED["filter_horizontal"]
    readonly_fields = [
        "is_verified",
        "verified_at",
        "verified_by",
        "declined_at",
        "created_at",
        "updated_at",
        "history",
    ]
    steps = VERIFICATION_STEPS
    actions = [
        named(
            bulk_action(
                services.investor_verify,
                description=_("Verify selected investors (sends a mail)"),
                done=lambda n: ngettext("%d investor verified.", "%d investors verified.", n) % n,
                argument="profile",
                queryset=lambda rows: rows.filter(is_verified=False),
            ),
            "verify_selected",
        ),
        reason_action(
            services.investor_decline,
            name="decline_selected",
            description=_("Decline selected investors (asks for a reason, sends a mail)"),
            done=lambda n: ngettext("%d investor declined.", "%d investors declined.", n) % n,
            argument="profile",
            actor="by",
            title=_("Decline and send mail"),
            explanation=_("The reason is mailed to each investor."),
        ),
        named(
            bulk_action(
                services.investor_reject,
                description=_("Withdraw verification"),
                done=lambda n: (
                    ngettext("Verification withdrawn for %d investor.", "Verification withdrawn for %d investors.", n)
                    % n
                ),
                argument="profile",
            ),
            "unverify_selected",
        ),
    ]

    # The verification queue: waiting profiles first, then declined ones, then the verified.
    ordering = ["is_verified", F("declined_at").asc(nulls_first=True), "created_at"]  # type: ignore[list-item]  # Django accepts expressions

    @admin.display(description=_("History"))
    def history(self, obj):
        return history_table(obj)

    def has_delete_permission(self, request, obj=None):
        return False  # staff decline or withdraw a verification; the profile goes with its owner's account


class ReadOnlyAdmin(ServiceDeleteAdmin):
    delete_service = reference_delete
    """Written by the team's pages through the services; the admin shows them (and may delete an invitation)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(StartupInvitation)
class StartupInvitationAdmin(ReadOnlyAdmin):
    list_display = ["email", "startup", "invited_by", "created_at", "expires_at", "accepted_at"]
    list_select_related = ["startup", "invited_by"]
    search_fields = ["email", "startup__name"]
    autocomplete_fields = ["startup", "invited_by"]
    exclude = ["token"]


@admin.register(Bookmark)
class BookmarkAdmin(ReadOnlyAdmin):
    list_display = ["investor", "startup", "created_at"]
    list_select_related = ["investor", "investor__user", "startup"]
    search_fields = ["investor__organisation", "startup__name"]
    autocomplete_fields = ["investor", "startup"]
    # Notes are private to the investor.
    exclude = ["note"]
