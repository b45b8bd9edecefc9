from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hubportal.forms import TextareaField
from hubs.models import Hub, Topic

from .models import Bookmark, InvestorProfile, Stage, Startup


def _limit_number_inputs(form: forms.ModelForm, *names: str) -> None:
    """Gives each number input the smallest and largest value the server accepts (form and model validators).

    No `step`: any whole number within the limits is valid, in the browser as on the server.
    """
    for name in names:
        field = form.fields[name]
        validators = [*field.validators, *form._meta.model._meta.get_field(name).validators]
        lows = [v.limit_value for v in validators if isinstance(v, MinValueValidator)]
        highs = [v.limit_value for v in validators if isinstance(v, MaxValueValidator)]
        field.widget.attrs.pop("step", None)
        if lows:
            field.widget.attrs["min"] = max(lows)
        if highs:
            field.widget.attrs["max"] = min(highs)


class ContentLanguageMixin:
    """The language of the texts: German unless chosen, also when a form is sent without the field (its select
    always has a value, so the label does not call it optional)."""

    def content_language_optional(self):
        field = self.fields["content_language"]
        field.required = False
        field.always_filled = True

    def clean_content_language(self):
        return self.cleaned_data.get("content_language") or self.instance.content_language or "de"


class StartupForm(ContentLanguageMixin, forms.ModelForm):
    """The profile form of the team. Status, slug, team and moderation fields are not on it."""

    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.order_by("name_en"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Choose up to five."),
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https", max_length=200)
    hub = forms.ModelChoiceField(
        label=_("Home hub"),
        queryset=Hub.objects.active().order_by("name"),
        required=False,
        help_text=_("The digital hub closest to your work."),
    )

    class Meta:
        model = Startup
        fields = [
            "name",
            "logo",
            "pitch",
            "description",
            "content_language",
            "website",
            "founded_year",
            "team_size",
            "stage",
            "business_model",
            "topics",
            "hub",
            "city",
            "seeking_funding",
            "funding_sought",
            "current_round",
            "contact_email",
            "company_visibility",
            "funding_visibility",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 8})}
        field_classes = {"description": TextareaField}  # line breaks count once, as in the browser's maxlength

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("topics", list(self.instance.topics.all()))
        _limit_number_inputs(self, "founded_year", "team_size", "funding_sought")
        self.content_language_optional()
        self.fields["founded_year"].widget.attrs["max"] = timezone.now().year  # as clean_founded_year

    def clean_topics(self):
        topics = self.cleaned_data["topics"]
        if len(topics) > 5:
            raise forms.ValidationError(_("Please choose at most five topics."))
        return topics

    def clean_founded_year(self):
        year = self.cleaned_data["founded_year"]
        if year and year > timezone.now().year:
            raise forms.ValidationError(_("The founding year cannot be in the future."))
        return year

    def clean(self):
        data = super().clean()
        if data.get("funding_sought") and not data.get("seeking_funding"):
            self.add_error("seeking_funding", _("Tick this box if you are looking for the funding you entered."))
        return data

    def save(self, commit=True):
        raise NotImplementedError("Use startups.services.startup_create / startup_update")


class RejectForm(forms.Form):
    reason = TextareaField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address of the person you invite"))


class InvestorProfileForm(ContentLanguageMixin, forms.ModelForm):
    """The investor's own profile. Verification fields are not on it."""

    stages = forms.MultipleChoiceField(
        label=_("Preferred stages"), choices=Stage.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.order_by("name_en"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https", max_length=200)
    hubs = forms.ModelMultipleChoiceField(
        label=_("Preferred hubs and regions"),
        queryset=Hub.objects.active().order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = InvestorProfile
        fields = [
            "investor_type",
            "organisation",
            "thesis",
            "ticket_min",
            "ticket_max",
            "stages",
            "topics",
            "hubs",
            "website",
            "content_language",
        ]
        widgets = {"thesis": forms.Textarea(attrs={"rows": 6})}
        field_classes = {"thesis": TextareaField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["stages"] = self.instance.stage_list
            self.initial["topics"] = list(self.instance.topics.all())
            self.initial["hubs"] = list(self.instance.hubs.all())
        _limit_number_inputs(self, "ticket_min", "ticket_max")
        self.content_language_optional()

    def clean(self):
        data = super().clean()
        low, high = data.get("ticket_min"), data.get("ticket_max")
        if low is not None and high is not None and low > high:
            self.add_error("ticket_max", _("The largest ticket must not be smaller than the smallest ticket."))
        return data

    def save(self, commit=True):
        raise NotImplementedError("Use startups.services.investor_profile_save")


class BookmarkNoteForm(forms.ModelForm):
    class Meta:
        model = Bookmark
        fields = ["note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"note": TextareaField}
