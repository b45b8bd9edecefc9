"""Choices shared by startups, investors and the directory filters."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    IDEA = "idea", _("Idea")
    PRE_SEED = "pre_seed", _("Pre-seed")
    SEED = "seed", _("Seed")
    SERIES_A = "series_a", _("Series A")
    SERIES_B_PLUS = "series_b_plus", _("Series B+")
    GROWTH = "growth", _("Growth")


class BusinessModel(models.TextChoices):
    B2B = "b2b", "B2B"
    B2C = "b2c", "B2C"
    B2B2C = "b2b2c", "B2B2C"
    B2G = "b2g", "B2G"


class Visibility(models.TextChoices):
    """Who may see a group of fields; the order is from most to least open."""

    PUBLIC = "public", _("Everyone")
    INVESTORS = "investors", _("Verified investors only")
    INTRODUCTION = "introduction", _("Only after an accepted introduction")


class InvestorType(models.TextChoices):
    BUSINESS_ANGEL = "business_angel", _("Business angel")
    VC = "vc", _("Venture capital fund")
    CVC = "cvc", _("Corporate venture capital")
    FAMILY_OFFICE = "family_office", _("Family office")
    PUBLIC_FUND = "public_fund", _("Public fund / promotional bank")
    ACCELERATOR = "accelerator", _("Accelerator")
