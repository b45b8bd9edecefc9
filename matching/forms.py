from django import forms
from django.utils.translation import gettext_lazy as _

from .models import SavedSearch


class IntroductionRequestForm(forms.Form):
    """The short message of an introduction request; a startup team with several profiles picks one."""

    startup = forms.ChoiceField(label=_("On behalf of"), required=False)
    message = forms.CharField(
        label=_("Message"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("A few sentences on why you would like to meet (up to 1,000 characters)."),
    )

    def __init__(self, *args, startups=None, **kwargs):
        super().__init__(*args, **kwargs)
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
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The requester reads this."),
    )


class SavedSearchForm(forms.ModelForm):
    class Meta:
        model = SavedSearch
        fields = ["name", "frequency", "querystring"]
        widgets = {"querystring": forms.HiddenInput}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_name(self):
        name = self.cleaned_data["name"]
        if self.user and SavedSearch.objects.filter(user=self.user, name=name).exists():
            raise forms.ValidationError(_("You already have a saved search with this name."))
        return name
