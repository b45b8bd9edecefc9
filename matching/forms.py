from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from hubportal.forms import TextareaField, grouped
from startups.visibility import viewer_for

from .models import SavedSearch


class IntroductionRequestForm(forms.Form):
    """The short message of an introduction request; a startup team with several profiles picks one."""

    MESSAGE_MAX_LENGTH = 1_000

    startup = forms.ChoiceField(label=_("On behalf of"), required=False)
    message = TextareaField(
        label=_("Message"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "max_length": _(
                "Please shorten your message to at most %(limit_value)s characters (it has %(show_value)s)."
            )
        },
    )

    def __init__(self, *args, startups=None, **kwargs):
        super().__init__(*args, **kwargs)
        # set here, in the request's language, so the limit reads like the error message
        self.fields["message"].help_text = _(
            "A few sentences on why you would like to meet (up to %(limit)s characters)."
        ) % {"limit": grouped(self.MESSAGE_MAX_LENGTH)}
        self.startups = {s.slug: s for s in startups or []}
        if len(self.startups) > 1:
            self.fields["startup"].required = True
            self.fields["startup"].choices = [(slug, s.name) for slug, s in self.startups.items()]
        else:
            del self.fields["startup"]

    def chosen_startup(self):
        if "startup" in self.fields:
            return self.startups[self.cleaned_data["startup"]]
        return next(iter(self.startups.values()), None)


class IntroductionDeclineForm(forms.Form):
    reason = TextareaField(
        label=_("Reason (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The requester reads this."),
    )


class SavedSearchForm(forms.ModelForm):
    """A name and a digest frequency for the directory filter in the hidden `querystring` of the `kind` directory."""

    IGNORED_PARAMETERS = ("page",)

    class Meta:
        model = SavedSearch
        fields = ["name", "frequency", "kind", "querystring"]
        widgets = {"kind": forms.HiddenInput, "querystring": forms.HiddenInput}
        help_texts = {"frequency": _("A mail lists what is new since the last one, only when there is something new.")}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # Forms posted before searches had a kind are startup searches.
        self.fields["kind"].required = False

    def clean_name(self):
        name = self.cleaned_data["name"]
        if self.user and SavedSearch.objects.filter(user=self.user, name=name).exists():
            raise forms.ValidationError(_("You already have a saved search with this name."))
        return name

    def clean_kind(self):
        kind = self.cleaned_data.get("kind") or SavedSearch.Kind.STARTUPS
        if kind == SavedSearch.Kind.INVESTORS and self.user and not viewer_for(self.user).can_browse_investors:
            raise forms.ValidationError(
                _("Only teams of published startups can save searches of the investor directory.")
            )
        return kind

    def clean_querystring(self):
        query = QueryDict(mutable=True)
        # A filter form sends every field: the empty ones filter nothing, so the saved link leaves them out.
        for name, values in QueryDict(self.cleaned_data["querystring"]).lists():
            kept = [value for value in values if value]
            if name not in self.IGNORED_PARAMETERS and kept:
                query.setlist(name, kept)
        querystring = query.urlencode()
        limit = SavedSearch._meta.get_field("querystring").max_length
        if len(querystring) > limit:
            raise forms.ValidationError(_("This filter is too long to save. Please choose fewer filters."))
        return querystring
