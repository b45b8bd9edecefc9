from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from hubportal.core.i18n import LocalizedField
from hubportal.fields import ChoiceArrayField
from hubportal.images import CleanImageField

from .querysets import HubNetworkQuerySet, HubQuerySet, TopicQuerySet, can_manage_all_hubs


class Topic(models.Model):
    """A subject of the shared taxonomy (FinTech, IoT, …) used by hubs, startups, investors, events."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name_de = models.CharField(_("name (German)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80)
    description_de = models.TextField(_("description (German)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = TopicQuerySet.as_manager()

    name = LocalizedField("name")
    description = LocalizedField("description")

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name_en"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("hubs:topic_detail", kwargs={"slug": self.slug})


class Hub(models.Model):
    """A digital hub: one of the twelve national de:hubs or a regional hub of a state network."""

    class Kind(models.TextChoices):
        NATIONAL = "national", _("de:hub (national Digital Hub Initiative)")
        PARTNER = "partner", _("Partner location of a de:hub")
        REGIONAL = "regional", _("Regional digital hub")

    class State(models.TextChoices):
        BW = "BW", "Baden-Württemberg"
        BY = "BY", "Bayern"
        BE = "BE", "Berlin"
        BB = "BB", "Brandenburg"
        HB = "HB", "Bremen"
        HH = "HH", "Hamburg"
        HE = "HE", "Hessen"
        MV = "MV", "Mecklenburg-Vorpommern"
        NI = "NI", "Niedersachsen"
        NW = "NW", "Nordrhein-Westfalen"
        RP = "RP", "Rheinland-Pfalz"
        SL = "SL", "Saarland"
        SN = "SN", "Sachsen"
        ST = "ST", "Sachsen-Anhalt"
        SH = "SH", "Schleswig-Holstein"
        TH = "TH", "Thüringen"

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.NATIONAL)
    cities = models.CharField(_("cities"), max_length=200, help_text=_("Comma separated, e.g. “Dresden, Leipzig”."))
    states = ChoiceArrayField(
        models.CharField(max_length=2, choices=State.choices),
        verbose_name=_("federal states"),
        help_text=_("A hub may span two states."),
    )
    focus_topics = models.ManyToManyField(Topic, related_name="hubs", blank=True, verbose_name=_("focus topics"))
    focus_de = models.CharField(_("focus (German)"), max_length=200, blank=True)
    focus_en = models.CharField(_("focus (English)"), max_length=200, blank=True)
    tagline_de = models.CharField(_("tagline (German)"), max_length=200, blank=True)
    tagline_en = models.CharField(_("tagline (English)"), max_length=200, blank=True)
    description_de = models.TextField(_("description (German)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    logo = CleanImageField(_("logo"), upload_to="hubs/logos/", blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_email = models.EmailField(_("public contact email"), blank=True)
    contact_address = models.TextField(
        _("contact address"), blank=True, max_length=500, help_text=_("Postal address, one line each.")
    )
    selection_round_de = models.CharField(_("selection round (German)"), max_length=120, blank=True)
    selection_round_en = models.CharField(_("selection round (English)"), max_length=120, blank=True)
    selected_on = models.DateField(_("selected on"), null=True, blank=True, help_text=_("Month of selection."))
    lead_hub = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reinforcing_hubs",
        verbose_name=_("reinforces"),
        help_text=_("For a partner location that reinforces another hub, e.g. Darmstadt → Frankfurt."),
    )
    partner_hubs = models.ManyToManyField("self", blank=True, verbose_name=_("partner hubs"))
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="managed_hubs",
        blank=True,
        verbose_name=_("hub managers"),
        help_text=_("These staff users may edit this hub in the admin."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = HubQuerySet.as_manager()

    focus = LocalizedField("focus")
    selection_round = LocalizedField("selection_round")
    tagline = LocalizedField("tagline")
    description = LocalizedField("description")

    class Meta:
        verbose_name = _("hub")
        verbose_name_plural = _("hubs")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["kind", "is_active", "name"]),
            GinIndex(fields=["states"], name="hub_states_gin"),
        ]
        permissions = [
            ("manage_all_hubs", gettext_noop("Can manage all hubs, their managers and flags (agency staff)"))
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("hubs:hub_detail", kwargs={"slug": self.slug})

    @property
    def city_list(self) -> list[str]:
        return [c.strip() for c in self.cities.split(",") if c.strip()]

    @property
    def state_list(self) -> list[str]:
        labels = dict(self.State.choices)
        return [labels.get(code, code) for code in self.states]

    def is_managed_by(self, user) -> bool:
        """Whether `user` is one of this hub's managers."""
        return bool(user.is_authenticated and self.managers.filter(pk=user.pk).exists())

    def is_editable_by(self, user) -> bool:
        """Whether `user` may edit this hub (agency staff, or one of its managers)."""
        return can_manage_all_hubs(user) or self.is_managed_by(user)


class HubNetwork(models.Model):
    """A network of hubs, e.g. the Digital Hub-Netzwerk Baden-Württemberg."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=150)
    coordinator = models.CharField(
        _("coordinating organisation"), max_length=150, blank=True, help_text=_("E.g. DIZ GmbH.")
    )
    coordinator_hub = models.ForeignKey(
        Hub, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("coordinating hub")
    )
    description_de = models.TextField(_("description (German)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    states = ChoiceArrayField(
        models.CharField(max_length=2, choices=Hub.State.choices),
        verbose_name=_("federal states"),
        default=list,
        blank=True,
    )
    expected_member_count = models.PositiveSmallIntegerField(
        _("number of member hubs"), null=True, blank=True, help_text=_("As announced, incl. hubs not yet listed.")
    )
    website = models.URLField(_("website"), blank=True)
    members = models.ManyToManyField(Hub, related_name="networks", blank=True, verbose_name=_("member hubs"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = HubNetworkQuerySet.as_manager()

    description = LocalizedField("description")

    class Meta:
        verbose_name = _("hub network")
        verbose_name_plural = _("hub networks")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("hubs:network_detail", kwargs={"slug": self.slug})


class HubLink(models.Model):
    """A link on a hub's page: a partner organisation or one of the hub's social media profiles."""

    class Kind(models.TextChoices):
        PARTNER = "partner", _("Partner organisation")
        SOCIAL = "social", _("Social media profile")

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="links", verbose_name=_("hub"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PARTNER)
    name = models.CharField(
        _("name"), max_length=120, help_text=_("The organisation, or the network (e.g. “LinkedIn”, “Mastodon”).")
    )
    url = models.URLField(_("address (URL)"), max_length=300)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("hub link")
        verbose_name_plural = _("partners and social media links")
        ordering = ["hub", "kind", "position", "name"]
        constraints = [models.UniqueConstraint(fields=["hub", "kind", "url"], name="hublink_unique_url")]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.url and not self.url.lower().startswith(("https://", "http://")):
            raise ValidationError({"url": _("Please enter an address starting with https://.")})
