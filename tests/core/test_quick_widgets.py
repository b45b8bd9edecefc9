"""The quick checkboxes write exactly what Django's templates write, for every state a filter form has."""

import pytest
from django import forms
from django.utils import translation

from hubportal.forms import QuickCheckboxSelectMultiple

CHOICES = [("ai", "KI & Daten"), ("iot", "IoT <Sensorik>"), ("fin", 'Fin"Tech')]
GROUPED = [("Gruppe A", [("a1", "Eins"), ("a2", "Zwei")]), ("Gruppe <B>", [("b1", "Drei")])]


class Both(forms.Form):
    quick = forms.MultipleChoiceField(choices=CHOICES, widget=QuickCheckboxSelectMultiple, required=False)
    django = forms.MultipleChoiceField(choices=CHOICES, widget=forms.CheckboxSelectMultiple, required=False)
    quick_grouped = forms.MultipleChoiceField(choices=GROUPED, widget=QuickCheckboxSelectMultiple, required=False)
    django_grouped = forms.MultipleChoiceField(choices=GROUPED, widget=forms.CheckboxSelectMultiple, required=False)


@pytest.mark.parametrize("selected", [[], ["iot"], ["ai", "fin"], ["a1", "b1"]])
@pytest.mark.parametrize("attrs", [{}, {"class": "checks", "aria-describedby": "hint"}, {"disabled": True}])
def test_the_markup_is_djangos(selected, attrs):
    form = Both(
        {"quick": selected, "django": selected, "quick_grouped": selected, "django_grouped": selected},
        auto_id="id_%s",
    )
    for pair in (("quick", "django"), ("quick_grouped", "django_grouped")):
        quick, django = (form[name] for name in pair)
        quick_html = quick.as_widget(attrs=attrs).replace(f"id_{pair[0]}", "ID").replace(f'name="{pair[0]}"', "N")
        django_html = django.as_widget(attrs=attrs).replace(f"id_{pair[1]}", "ID").replace(f'name="{pair[1]}"', "N")
        assert quick_html == django_html
    assert "checked" in str(form["quick"]) if selected and selected[0] in dict(CHOICES) else True


def test_labels_are_escaped_and_translated_lazily():
    form = Both()
    with translation.override("de"):
        html = str(form["quick"])
    assert "IoT &lt;Sensorik&gt;" in html and "Fin&quot;Tech" in html and "<Sensorik>" not in html
