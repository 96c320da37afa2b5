"""Partner organisations and their services, aligned with HSDS 3.0 (organization, service,
location, service_at_location, schedule, contact).

Pages, not snippets: partners get revisions, moderation, per-subtree permissions and
translation for free. A location marked confidential (a shelter) keeps its address and
coordinates in the admin only: public code reads ``public_address`` / ``public_point``, which
are empty for it, and never the raw fields.
"""

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from core.pages import parent_path
from directory import blocks, hours
from directory.models.centres import phone_validator, postcode_validator
from directory.models.index_pages import IndexPageMixin
from directory.models.taxonomy import ServiceLanguage
from search.indexing import NORMALISED_SEARCH_FIELD, NormalisedSearchMixin

tax_id_validator = RegexValidator(r"^\d{9}$", _("A Greek tax number (ΑΦΜ) has nine digits."))


class LegalStatus(models.TextChoices):
    """Greek legal forms, as a centre's staff would sort partners (``hsds.legal_forms`` reads
    the names other publishers write: "ΑΜΚΕ", "Σωματείο", "ΚοιΣΠΕ", "ΝΠΔΔ" …)."""

    MUNICIPAL = "municipal", _("Municipal service")
    PUBLIC = "public", _("Public service")
    PUBLIC_LAW_ENTITY = "public-law-entity", _("Legal entity under public law (ΝΠΔΔ)")
    PRIVATE_LAW_ENTITY = "private-law-entity", _("Legal entity under private law (ΝΠΙΔ)")
    NGO = "ngo", _("Non-governmental organisation")
    ASSOCIATION = "association", _("Association (σωματείο)")
    FOUNDATION = "foundation", _("Foundation (ίδρυμα)")
    SOCIAL_COOPERATIVE = "koinsep", _("Social cooperative enterprise")
    LIMITED_SOCIAL_COOPERATIVE = "koispe", _("Limited liability social cooperative (ΚοιΣΠΕ)")
    CHURCH = "church", _("Church organisation")
    NON_PROFIT = "non-profit", _("Non-profit company")


class LocationKind(models.TextChoices):
    PHYSICAL = "physical", _("A place residents can visit")
    VIRTUAL = "virtual", _("Online or by phone only")
    CONFIDENTIAL = "confidential", _("Confidential address (e.g. a shelter)")


class ServiceStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    TEMPORARILY_CLOSED = "temporarily-closed", _("Temporarily closed")
    INACTIVE = "inactive", _("Inactive")


def _saves_listed_content(update_fields) -> bool:
    """Whether a save may change what the directory's listing index holds. Saving a draft
    revision only touches bookkeeping fields (``update_fields``), never the live content."""
    return update_fields is None


class DirectoryIndexPage(IndexPageMixin, NormalisedSearchMixin, Page):
    """The partner directory: keyword search and filters over every service."""

    intro = models.TextField(blank=True)

    subpage_types = ["directory.OrganisationPage"]

    class Meta:
        verbose_name = _("partner directory page")

    def get_context(self, request, *args, **kwargs):
        from directory.directory_search import directory_context

        context = super().get_context(request, *args, **kwargs)
        context.update(directory_context(self, request))
        return context


class OrganisationPage(NormalisedSearchMixin, Page):
    """A partner organisation, editable by its own partner group."""

    description = models.TextField(
        help_text=_("What the organisation is and does, in plain words.")
    )
    legal_status = models.CharField(max_length=20, choices=LegalStatus.choices)
    website = models.URLField(blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=20, blank=True, validators=[phone_validator])
    phone_alt = models.CharField(max_length=20, blank=True, validators=[phone_validator])
    tax_id = models.CharField(
        max_length=9, blank=True, validators=[tax_id_validator], verbose_name=_("ΑΦΜ")
    )
    last_verified = models.DateField(null=True, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("legal_status"), FieldPanel("tax_id")]),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("phone_alt"), FieldPanel("email")]),
        FieldPanel("website"),
        InlinePanel("locations", heading=_("Locations"), label=_("Location")),
        FieldPanel("last_verified"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("description"),
        index.FilterField("locale"),
        NORMALISED_SEARCH_FIELD,
    ]
    search_kind = "organisation"
    search_name_fields = ("locations.municipality",)
    # Not the locations' addresses: a confidential location (a shelter) must not be findable.
    search_body_fields = ("description",)
    override_translatable_fields = [
        SynchronizedField("legal_status"),
        SynchronizedField("website"),
        SynchronizedField("email"),
        SynchronizedField("phone"),
        SynchronizedField("phone_alt"),
        SynchronizedField("tax_id"),
        SynchronizedField("last_verified"),
    ]
    parent_page_types = ["directory.DirectoryIndexPage"]
    subpage_types = ["directory.ServicePage"]

    class Meta:
        verbose_name = _("partner organisation page")

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if self.pk and _saves_listed_content(kwargs.get("update_fields")):
            from directory import listing, protection

            protection.refresh([self.pk])  # before the listing reads the locations
            listing.rebuild_organisation(self.pk)  # locations: places, municipality, hours

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["services"] = ServicePage.objects.child_of(self).live().public().order_by("title")
        context["centres"] = [
            link.centre for link in self.centre_links.select_related("centre") if link.centre.live
        ]
        return context


class OrganisationLocation(TranslatableMixin, Orderable):
    """Where an organisation receives people (HSDS location)."""

    organisation = ParentalKey(OrganisationPage, on_delete=models.CASCADE, related_name="locations")
    name = models.CharField(max_length=150)
    kind = models.CharField(
        max_length=15, choices=LocationKind.choices, default=LocationKind.PHYSICAL
    )
    street_address = models.CharField(max_length=200, blank=True)
    postcode = models.CharField(max_length=5, blank=True, validators=[postcode_validator])
    municipality = models.CharField(max_length=120, blank=True)
    latitude = models.FloatField(
        null=True,
        blank=True,
        db_index=True,
        validators=[MinValueValidator(34.0), MaxValueValidator(42.0)],
    )
    longitude = models.FloatField(
        null=True,
        blank=True,
        db_index=True,
        validators=[MinValueValidator(19.0), MaxValueValidator(30.0)],
    )
    access_notes = models.TextField(blank=True, help_text=_("How to get in, e.g. ring the bell."))
    accessibility = models.TextField(blank=True)
    front_door_phone = models.CharField(
        max_length=20,
        blank=True,
        validators=[phone_validator],
        help_text=_("For a confidential location: the number residents call instead of visiting."),
    )
    opening_hours = StreamField(blocks.WeeklyHoursBlock(), blank=True)
    hours_exceptions = StreamField(blocks.HoursExceptionsBlock(), blank=True)
    # Kept by ``directory.protection`` from the services offered here and the location's own
    # words: a shelter's address stays hidden even when its kind says "physical"...
    protected_kind = models.BooleanField(
        default=False,
        editable=False,
        verbose_name=_("of a protected kind"),
    )
    # ...unless centre staff (and only they: the panel asks for a permission) confirm it public.
    address_public = models.BooleanField(
        default=False,
        verbose_name=_("Address confirmed public by centre staff"),
        help_text=_(
            "Only for a place of a protected kind (e.g. a shelter): tick only when the "
            "organisation has confirmed that its address may be published."
        ),
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("kind")]),
        MultiFieldPanel(
            [
                FieldPanel("street_address"),
                FieldRowPanel([FieldPanel("postcode"), FieldPanel("municipality")]),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("Address (never shown for a confidential location)"),
        ),
        FieldPanel("address_public", permission="directory.confirm_public_address"),
        FieldPanel("front_door_phone"),
        FieldPanel("access_notes"),
        FieldPanel("accessibility"),
        FieldPanel("opening_hours"),
        FieldPanel("hours_exceptions"),
    ]
    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("street_address"),
        TranslatableField("municipality"),
        TranslatableField("access_notes"),
        TranslatableField("accessibility"),
        TranslatableField("hours_exceptions"),
        SynchronizedField("kind"),
        SynchronizedField("postcode"),
        SynchronizedField("latitude"),
        SynchronizedField("longitude"),
        SynchronizedField("front_door_phone"),
        SynchronizedField("opening_hours"),
        SynchronizedField("address_public"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order"]
        verbose_name = _("location")
        permissions = [
            (
                "confirm_public_address",
                "Can confirm that the address of a place of a protected kind may be published",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def is_confidential(self) -> bool:
        """Whether the address must stay in the admin: marked confidential, or of a protected
        kind (a shelter) that centre staff have not confirmed public."""
        if self.kind == LocationKind.CONFIDENTIAL:
            return True
        return self.protected_kind and not self.address_public

    @property
    def public_address(self) -> str:
        """The address residents may see: empty for a confidential or virtual location."""
        if self.kind != LocationKind.PHYSICAL or self.is_confidential:
            return ""
        return ", ".join(p for p in (self.street_address, self.postcode) if p)

    @property
    def public_point(self) -> tuple[float, float] | None:
        if self.kind != LocationKind.PHYSICAL or self.is_confidential:
            return None
        if self.latitude is None or self.longitude is None:
            return None
        return (self.latitude, self.longitude)

    @cached_property
    def opening_hours_engine(self) -> hours.OpeningHours:
        return blocks.opening_hours_from_raw(self.opening_hours, self.hours_exceptions)


class ServicePage(NormalisedSearchMixin, Page):
    """One service an organisation offers: everything a referral needs."""

    description = models.TextField()
    categories = ParentalManyToManyField("directory.Category", blank=True, related_name="services")
    target_groups = ParentalManyToManyField(
        "directory.TargetGroup", blank=True, related_name="services"
    )
    languages = ParentalManyToManyField(
        "directory.ServiceLanguage", blank=True, related_name="services"
    )
    eligibility = models.TextField(blank=True)
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    is_free = models.BooleanField(default=True)
    fees = models.CharField(max_length=250, blank=True)
    how_to_apply = RichTextField(blank=True, features=["bold", "link", "ol", "ul"])
    referral = models.TextField(blank=True, help_text=_("How a centre refers a resident here."))
    required_documents = StreamField([("document", blocks.RequiredDocumentBlock())], blank=True)
    status = models.CharField(
        max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE
    )
    status_note = models.TextField(
        blank=True,
        verbose_name=_("Notice to residents"),
        help_text=_(
            "E.g. why the service is closed and until when; shown on its page and in the directory."
        ),
    )
    reopens_on = models.DateField(
        null=True,
        blank=True,
        verbose_name=_("Reopens on"),
        help_text=_("For a temporarily closed service, when it is expected to open again."),
    )
    phone = models.CharField(max_length=20, blank=True, validators=[phone_validator])
    email = models.EmailField(blank=True)
    last_verified = models.DateField(
        null=True, blank=True, verbose_name=_("Last checked by centre staff")
    )
    source_updated = models.DateField(
        null=True,
        blank=True,
        verbose_name=_("Last updated by its publisher"),
        help_text=_("The date the partner's own system says the service was last changed."),
    )
    search_text = models.TextField(blank=True, editable=False)

    content_panels = [
        *Page.content_panels,
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel("status"), FieldPanel("status_note"), FieldPanel("reopens_on")],
            heading=_("Status"),
        ),
        FieldPanel("categories"),
        FieldPanel("target_groups"),
        FieldPanel("languages"),
        FieldPanel("eligibility"),
        FieldRowPanel([FieldPanel("minimum_age"), FieldPanel("maximum_age")]),
        FieldRowPanel([FieldPanel("is_free"), FieldPanel("fees")]),
        FieldPanel("how_to_apply"),
        FieldPanel("referral"),
        FieldPanel("required_documents"),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
        InlinePanel("service_locations", heading=_("Where it is offered"), label=_("Location")),
        FieldRowPanel([FieldPanel("last_verified"), FieldPanel("source_updated")]),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("description"),
        index.SearchField("search_text"),
        index.FilterField("status"),
        index.FilterField("locale"),
        NORMALISED_SEARCH_FIELD,
    ]
    search_kind = "service"
    search_name_fields = ("categories.name",)
    search_body_fields = (
        "description",
        "eligibility",
        "fees",
        "how_to_apply",
        "referral",
        "target_groups.name",
    )
    search_parent_title = True
    override_translatable_fields = [
        SynchronizedField("categories"),
        SynchronizedField("target_groups"),
        SynchronizedField("languages"),
        SynchronizedField("minimum_age"),
        SynchronizedField("maximum_age"),
        SynchronizedField("is_free"),
        SynchronizedField("status"),
        SynchronizedField("reopens_on"),
        SynchronizedField("source_updated"),
        SynchronizedField("phone"),
        SynchronizedField("email"),
        SynchronizedField("last_verified"),
    ]
    parent_page_types = ["directory.OrganisationPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("service page")

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if (
            self.minimum_age is not None
            and self.maximum_age is not None
            and self.maximum_age < self.minimum_age
        ):
            raise ValidationError(
                {"maximum_age": _("The maximum age must not be below the minimum age.")}
            )

    def set_search_text(self) -> None:
        """Folded words for Greek queries, sound-alike keys for Greeklish ones (also called by
        the bulk creation of ``directory.bulk_pages``, which does not go through ``save``)."""
        from search.normalise import fold, phonetic_key

        text = " ".join(p for p in (self.title, self.description, self.eligibility) if p)
        self.search_text = f"{fold(text)} | {phonetic_key(text)}"

    def save(self, *args, **kwargs):
        self.set_search_text()
        super().save(*args, **kwargs)
        if _saves_listed_content(kwargs.get("update_fields")):
            from directory import listing, protection

            parent = OrganisationPage.objects.filter(path=parent_path(self.path)).first()
            if parent is not None and protection.refresh([parent.pk]):
                # A place of this service became (or stopped being) of a protected kind: the
                # organisation's other services there are listed from the same places.
                listing.rebuild_organisation(parent.pk)
            listing.rebuild([self.pk])

    @property
    def organisation(self):
        return self.get_parent().specific

    @property
    def is_closed(self) -> bool:
        """Temporarily closed or inactive: never "open now", whatever its hours."""
        return self.status != ServiceStatus.ACTIVE

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        language = self.locale.language_code
        places = []
        for link in self.service_locations.select_related("location"):
            engine = link.hours_engine
            status = engine.status(now, language)
            places.append(
                {
                    "location": link.location,
                    # A closed service is closed whatever its hours say.
                    "is_open": status.is_open and not self.is_closed,
                    "sentence": self.get_status_display()
                    if self.is_closed
                    else engine.sentence(now, language, status),
                    "week": engine.week(now),
                }
            )
        context["places"] = places
        context["organisation"] = self.organisation
        # Taxonomy names in the reader's language (links may point at the source language's
        # rows; the stable code finds the translation).
        codes = [language.code for language in self.languages.all()]
        context["language_names"] = list(
            ServiceLanguage.objects.filter(code__in=codes, locale=self.locale)
            .order_by("name")
            .values_list("name", flat=True)
        )
        return context


class ServiceAtLocation(TranslatableMixin, Orderable):
    """Where a service is delivered, with its own hours where they differ from the location's."""

    service = ParentalKey(ServicePage, on_delete=models.CASCADE, related_name="service_locations")
    location = models.ForeignKey(
        OrganisationLocation, on_delete=models.CASCADE, related_name="service_links"
    )
    opening_hours = StreamField(
        blocks.WeeklyHoursBlock(),
        blank=True,
        help_text=_("Leave empty when the service keeps the location's hours."),
    )

    hours_exceptions = StreamField(
        blocks.HoursExceptionsBlock(),
        blank=True,
        help_text=_("Closures or special hours of this service here, beside the location's."),
    )

    panels = [FieldPanel("location"), FieldPanel("opening_hours"), FieldPanel("hours_exceptions")]
    translatable_fields = [
        SynchronizedField("location"),
        SynchronizedField("opening_hours"),
        TranslatableField("hours_exceptions"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order"]
        verbose_name = _("service location")

    @cached_property
    def hours_engine(self) -> hours.OpeningHours:
        own = blocks.sessions_from_raw(self.opening_hours)
        base = self.location.opening_hours_engine
        engine = hours.OpeningHours(own, base.exceptions) if own else base
        # The service's own closures win a day it shares with the location's.
        return engine.with_exceptions(blocks.exceptions_from_raw(self.hours_exceptions))


class CentrePartner(TranslatableMixin, Orderable):
    """A partner a centre refers residents to, chosen by the centre's staff."""

    centre = ParentalKey("directory.CentrePage", on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        OrganisationPage, on_delete=models.CASCADE, related_name="centre_links"
    )

    panels = [FieldPanel("organisation")]
    translatable_fields = [SynchronizedField("organisation")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order"]
        verbose_name = _("partner")
