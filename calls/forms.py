"""The forms of applicants and jurors: starting an application, the answers (built from the call's questions),
the conflict declaration and the rubric."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hubportal.forms import TextareaField
from hubportal.users.organisations import organisation_of, organisations_of

from .models import Answer, Call, Question
from .pdf import validate_pdf

NEW_ORGANISATION = "new"
SHORT_TEXT_LIMIT = 300
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class ApplicationStartForm(forms.Form):
    """Which organisation applies: one of the person's own (startups, company profile) or one named here."""

    organisation = forms.ChoiceField(label=_("Who applies?"), widget=forms.RadioSelect)
    organisation_name = forms.CharField(
        label=_("Name of the organisation"),
        max_length=200,
        required=False,
        help_text=_("Only when you apply for an organisation that is not on the portal."),
    )
    organisation_type = forms.ChoiceField(label=_("Kind of organisation"))
    publish_consent = forms.BooleanField(
        label=_("If we become a finalist or win, the results page may name our organisation."), required=False
    )

    def __init__(self, *args, user, call: Call, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.call = user, call
        choices = [
            (str(provider.label), [(organisation.key, organisation.name) for organisation in found])
            for provider, found in organisations_of(user)
        ]
        choices.append((NEW_ORGANISATION, _("Another organisation (name it below)")))  # type: ignore[arg-type]  # dynamic answer fields
        self.fields["organisation"].choices = choices  # type: ignore[attr-defined]  # dynamic answer fields
        eligible = [(code, label) for code, label in Call.Applicant.choices if code in call.eligible]
        self.fields["organisation_type"].choices = eligible or Call.Applicant.choices  # type: ignore[attr-defined]  # dynamic answer fields
        if len(eligible) == 1:
            self.fields["organisation_type"].initial = eligible[0][0]

    def clean(self):
        data = super().clean()
        key = data.get("organisation")
        if key == NEW_ORGANISATION:
            if not (data.get("organisation_name") or "").strip():
                self.add_error("organisation_name", _("Please name the organisation that applies."))
            data["organisation_ref"] = None
        elif key:
            data["organisation_ref"] = organisation_of(self.user, key)
            if data["organisation_ref"] is None:
                self.add_error("organisation", _("Please choose one of your organisations."))
        return data


class PdfField(forms.FileField):
    """A PDF upload: checked with pypdf (see calls/pdf.py)."""

    widget = forms.ClearableFileInput

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators.append(validate_pdf)
        self.widget.attrs["accept"] = "application/pdf,.pdf"


def question_field(question: Question, *, strict: bool, has_file: bool = False) -> forms.Field:
    """The form field of one question; without `strict` (a draft) nothing is required and no limit applies yet."""
    required = strict and question.required
    common = {"label": question.label, "help_text": question.help, "required": required}
    kind = question.kind
    if kind == Question.Kind.SHORT_TEXT:
        limit = min(question.max_length or SHORT_TEXT_LIMIT, SHORT_TEXT_LIMIT)
        return forms.CharField(max_length=limit if strict else None, **common)
    if kind == Question.Kind.LONG_TEXT:
        field = TextareaField(max_length=question.max_length if strict else None, **common)
        if question.max_length:
            field.help_text = " ".join(
                filter(
                    None, [str(question.help), str(_("At most %(limit)s characters.") % {"limit": question.max_length})]
                )
            )
        return field
    if kind == Question.Kind.NUMBER:
        field = forms.DecimalField(max_digits=15, decimal_places=2, **common)  # type: ignore[assignment]  # dynamic answer fields
        # A text input keeps whatever was typed (a number input would show nothing for "12 500").
        field.widget = forms.TextInput(attrs={"inputmode": "decimal"})  # type: ignore[assignment]  # dynamic answer fields
        return field if strict else forms.CharField(widget=field.widget, **common)
    if kind == Question.Kind.CHOICE:
        return forms.ChoiceField(choices=question.choice_list(), widget=forms.RadioSelect, **common)
    if kind == Question.Kind.YES_NO:
        return forms.ChoiceField(choices=YES_NO, widget=forms.RadioSelect, **common)
    if kind == Question.Kind.DATE:
        field = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **common)  # type: ignore[assignment]  # dynamic answer fields
        return field if strict else forms.CharField(widget=field.widget, **common)
    common["required"] = required and not has_file
    return PdfField(**common)


class AnswersForm(forms.Form):
    """The answers to a call's questions of one phase. `strict` checks everything (submitting); a draft only files."""

    def __init__(self, *args, questions, answers: dict[int, Answer], strict: bool, **kwargs):
        self.questions, self.answers, self.strict = list(questions), answers, strict
        if "initial" not in kwargs:
            kwargs["initial"] = {f"q{q.pk}": answers[q.pk].value for q in self.questions if q.pk in answers}
        super().__init__(*args, **kwargs)
        for question in self.questions:
            answer = answers.get(question.pk)
            has_file = bool(answer and answer.file)
            field = question_field(question, strict=strict, has_file=has_file)
            if question.kind == Question.Kind.FILE and has_file:
                field.help_text = " ".join(
                    filter(
                        None,
                        [
                            str(field.help_text),
                            str(_("Uploaded: %(name)s. A new file replaces it.") % {"name": answer.file_name}),  # type: ignore[union-attr]  # dynamic answer fields
                        ],
                    )
                )
            self.fields[f"q{question.pk}"] = field

    def raw_values(self) -> dict[int, str]:
        """What was typed, question by question (files aside): a draft keeps it as it is."""
        values = {}
        for question in self.questions:
            if question.kind == Question.Kind.FILE:
                continue
            value = self[f"q{question.pk}"].value()
            # PostgreSQL keeps no NUL character in a text; nobody types one
            values[question.pk] = "" if value is None else str(value).replace("\r\n", "\n").replace("\x00", "").strip()
        return values

    def clean_values(self) -> dict[int, str]:
        """The checked answers as stored text (after is_valid())."""
        values = {}
        for question in self.questions:
            if question.kind == Question.Kind.FILE:
                continue
            value = self.cleaned_data.get(f"q{question.pk}")
            if value is None:
                values[question.pk] = ""
            elif question.kind == Question.Kind.DATE and hasattr(value, "isoformat"):
                values[question.pk] = value.isoformat()
            elif question.kind == Question.Kind.NUMBER:
                values[question.pk] = format(value.normalize(), "f") if value == value.to_integral() else str(value)
            else:
                values[question.pk] = str(value).strip()
        return values

    def uploads(self) -> dict[int, object]:
        """Valid uploaded files by question (invalid ones have an error at their field)."""
        found = {}
        for question in self.questions:
            name = f"q{question.pk}"
            if question.kind == Question.Kind.FILE and name in self.files and not self.errors.get(name):
                found[question.pk] = self.files[name]
        return found  # type: ignore[return-value]  # dynamic answer fields

    def file_errors(self) -> bool:
        return any(self.errors.get(f"q{q.pk}") for q in self.questions if q.kind == Question.Kind.FILE)


class DraftAnswersForm(AnswersForm):
    """Only uploaded files are checked; everything else is kept as typed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, strict=False, **kwargs)

    def full_clean(self):
        super().full_clean()
        # In a draft only a file can be refused: keep the errors of file fields alone.
        files = {f"q{q.pk}" for q in self.questions if q.kind == Question.Kind.FILE}
        for name in list(self._errors or {}):
            if name not in files:
                del self._errors[name]


class DeclarationForm(forms.Form):
    """Before opening an application a juror declares whether they have a conflict of interest."""

    conflict = forms.TypedChoiceField(
        label=_("Do you have a conflict of interest with this applicant?"),
        choices=[("no", _("No, I have no conflict of interest")), ("yes", _("Yes, I have a conflict of interest"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        help_text=_("For example: you work for, advise, invest in or are related to someone from this organisation."),
    )
    note = forms.CharField(label=_("Explanation (only for the agency)"), max_length=500, required=False)


class RubricForm(forms.Form):
    """A score from 1 to 5 and a comment per criterion; all scores are needed to submit the review."""

    SCALE = [(str(n), str(n)) for n in range(1, 6)]

    def __init__(self, *args, criteria, scores: dict, **kwargs):
        self.criteria = list(criteria)
        initial = {}
        for criterion in self.criteria:
            score = scores.get(criterion.pk)
            if score is not None:
                initial[f"score_{criterion.pk}"] = str(score.value) if score.value else ""
                initial[f"comment_{criterion.pk}"] = score.comment
        super().__init__(*args, initial=initial, **kwargs)  # type: ignore[misc]  # dynamic answer fields
        for criterion in self.criteria:
            help_text = criterion.description
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=_("%(criterion)s (weight %(weight)s): score from 1 (weak) to 5 (excellent)")
                % {"criterion": criterion.name, "weight": criterion.weight},
                choices=self.SCALE,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                help_text=help_text,
            )
            self.fields[f"comment_{criterion.pk}"] = TextareaField(
                label=_("Comment on %(criterion)s") % {"criterion": criterion.name},
                max_length=4000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def scores(self) -> dict[int, tuple[int | None, str]]:
        return {
            c.pk: (self.cleaned_data.get(f"score_{c.pk}"), self.cleaned_data.get(f"comment_{c.pk}") or "")
            for c in self.criteria
        }

    def pairs(self):
        """(criterion, score field, comment field) for the template."""
        return [(c, self[f"score_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]
