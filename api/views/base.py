"""What every API list and detail shares: language, the pages' FilterSets, the viewer, the keyset order."""

from functools import cached_property

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError

from startups.visibility import viewer_for

from ..pagination import Key

LANGUAGES = {code for code, _name in settings.LANGUAGES}


class PageFilterBackend(DjangoFilterBackend):
    """The pages' FilterSet classes, given the viewer where they take one; invalid values are a 400, never a 500."""

    def get_filterset_kwargs(self, request, queryset, view):
        return {**super().get_filterset_kwargs(request, queryset, view), **view.filterset_extra()}

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        view.filterset = filterset
        return filterset.qs


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """Read-only, by slug, in German or English (`?lang=` before `Accept-Language`), in a stable keyset order."""

    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    filter_backends = [PageFilterBackend]
    ordering_keys: tuple[Key, ...] = (Key("id"),)

    def initial(self, request, *args, **kwargs):
        lang = request.query_params.get("lang")
        if lang is not None:
            if lang not in LANGUAGES:
                raise ValidationError({"lang": [_("One of: %(codes)s.") % {"codes": ", ".join(sorted(LANGUAGES))}]})
            translation.activate(lang)
            request._request.LANGUAGE_CODE = lang
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Content-Language"] = translation.get_language()
        return response

    @cached_property
    def viewer(self):
        return viewer_for(self.request.user)

    def filterset_extra(self) -> dict:
        return {}

    def keyset(self) -> list[Key]:
        return list(self.ordering_keys)
