"""Model fields shared by the apps."""

from django import forms
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _


def content_language_field() -> models.CharField:
    """The language a record's own texts are written in (German unless its authors say otherwise): pages in the
    other language mark those texts with lang="…" (templatetag `text_lang`)."""
    return models.CharField(
        _("language of the texts"),
        max_length=5,
        choices=settings.LANGUAGES,
        default="de",
        db_default="de",  # rows written by code that predates the field (older migrations, raw SQL) get it too
        help_text=_("The language the texts are written in, so that screen readers read them in it."),
    )


class ChoiceArrayField(ArrayField):
    """A list of choices stored as a PostgreSQL array, edited as checkboxes (each choice stored once, in the
    order of the choices)."""

    def formfield(self, **kwargs):
        defaults = {
            "form_class": forms.TypedMultipleChoiceField,
            "choices": self.base_field.choices,
            "coerce": self.base_field.to_python,
            "widget": forms.CheckboxSelectMultiple,
            **kwargs,
        }
        return super(ArrayField, self).formfield(**defaults)

    def pre_save(self, model_instance, add):
        value = super().pre_save(model_instance, add)
        if value:
            order = {code: index for index, (code, _label) in enumerate(self.base_field.choices)}
            value = sorted(dict.fromkeys(value), key=lambda code: order.get(code, len(order)))
            setattr(model_instance, self.attname, value)
        return value
