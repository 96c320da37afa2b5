"""Community centres: the index page, the centre page, its branches and staff contacts.

Branches and contacts are inline models (``TranslatableMixin`` so wagtail-localize carries them
into every language); values that must not differ between languages — phones, e-mails,
coordinates, hours — are declared as synchronised fields.
"""

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from directory import blocks, closures, hours
from directory.languages import language_names
from directory.models.index_pages import IndexPageMixin
from search.indexing import NORMALISED_SEARCH_FIELD, NormalisedSearchMixin

phone_validator = RegexValidator(
    r"^\+?[0-9 ]{5,20}$",
    _("Enter a phone number with digits only, e.g. 2343033151 or +30 2343033151."),
)
postcode_validator = RegexValidator(r"^\d{5}$", _("A Greek postcode has five digits, e.g. 61200."))


class BranchKind(models.TextChoices):
    MAIN = "main", _("Main office")
    ROMA = "roma", _("Roma annex")
    KEM = "kem", _("Migrant integration centre (ΚΕΜ)")
    MOBILE = "mobile", _("Mobile unit")
    OTHER = "other", _("Other branch")


class CentreIndexPage(IndexPageMixin, NormalisedSearchMixin, Page):
    """Lists every community centre with whether it is open now."""

    intro = models.TextField(blank=True, help_text=_("A sentence or two above the list."))

    subpage_types = ["directory.CentrePage"]

    class Meta:
        verbose_name = _("centres index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        centres = list(
            CentrePage.objects.child_of(self)
            .live()
            .public()
            .order_by("title")
            .prefetch_related("branches")
        )
        closures.attach(centres)
        now = timezone.now()
        language = (get_language() or "el").split("-")[0]
        context["centres"] = []
        for centre in centres:
            branch = centre.main_branch
            engine = branch.opening_hours_engine if branch else None
            status = engine.status(now, language) if engine else None
            sentence = engine.sentence(now, language, status) if engine else ""
            context["centres"].append((centre, status, sentence))
        from directory.finder_views import finder_context

        context.update(finder_context(request))
        return context


class CentrePage(NormalisedSearchMixin, Page):
    """One community centre: what it offers, where and when, and whom to call."""

    municipality = models.CharField(
        max_length=120, help_text=_("The municipality that runs the centre, e.g. Δήμος Παιονίας.")
    )
    region = models.CharField(max_length=120, help_text=_("The region, e.g. Κεντρική Μακεδονία."))
    summary = models.TextField(
        max_length=400, help_text=_("One or two sentences shown in lists and search results.")
    )
    body = RichTextField(
        blank=True,
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"],
        help_text=_("What the centre does, in plain words."),
    )
    service_groups = StreamField(
        [("service_group", blocks.ServiceGroupBlock())],
        blank=True,
        help_text=_("The Α/Β/Γ service groups the centre offers, each with its services."),
    )
    supervising_service = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("The municipal social service that supervises the centre."),
    )
    last_verified = models.DateField(
        null=True, blank=True, help_text=_("When someone last checked these details were right.")
    )

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("municipality"), FieldPanel("region")]),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("service_groups"),
        FieldPanel("supervising_service"),
        InlinePanel("branches", heading=_("Branches"), label=_("Branch"), min_num=1),
        InlinePanel("staff_contacts", heading=_("Staff contacts"), label=_("Contact")),
        InlinePanel("partners", heading=_("Partners we refer to"), label=_("Partner")),
        FieldPanel("last_verified"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("municipality"),
        index.AutocompleteField("municipality"),
        index.FilterField("locale"),
        NORMALISED_SEARCH_FIELD,
    ]
    search_kind = "centre"
    # The towns of its branches name a centre as much as its municipality does.
    search_title_fields = ("municipality", "branches.name", "branches.street_address")
    search_body_fields = (
        "region",
        "summary",
        "body",
        "service_groups",
        "supervising_service",
        "branches.postcode",
        "staff_contacts.role",
    )
    override_translatable_fields = [SynchronizedField("last_verified")]

    parent_page_types = ["directory.CentreIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("community centre page")

    @cached_property
    def branch_list(self) -> list["Branch"]:
        """Branches in editor order, loaded once per request (and from a prefetch if any)."""
        return list(self.branches.all())

    @property
    def main_branch(self) -> "Branch | None":
        for branch in self.branch_list:
            if branch.kind == BranchKind.MAIN:
                return branch
        return self.branch_list[0] if self.branch_list else None

    def get_context(self, request, *args, **kwargs):
        from directory.presentation import centre_context

        context = super().get_context(request, *args, **kwargs)
        context.update(centre_context(self, timezone.now()))
        return context


class Branch(TranslatableMixin, Orderable):
    """A place a centre serves from: its main office, an annex, a ΚΕΜ or a mobile unit."""

    centre = ParentalKey(CentrePage, on_delete=models.CASCADE, related_name="branches")
    kind = models.CharField(
        max_length=10,
        choices=BranchKind.choices,
        default=BranchKind.MAIN,
        help_text=_("What this branch is."),
    )
    name = models.CharField(
        max_length=150, help_text=_("As residents know it, e.g. Παράρτημα Ρομά Χανίων.")
    )
    street_address = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("Street and number, town. A mobile unit may leave it empty."),
    )
    postcode = models.CharField(
        max_length=5, blank=True, validators=[postcode_validator], help_text=_("Five digits.")
    )
    latitude = models.FloatField(
        null=True,
        blank=True,
        db_index=True,
        validators=[MinValueValidator(34.0), MaxValueValidator(42.0)],
        help_text=_("Decimal degrees, e.g. 40.9906. Greece lies between 34 and 42."),
    )
    longitude = models.FloatField(
        null=True,
        blank=True,
        db_index=True,
        validators=[MinValueValidator(19.0), MaxValueValidator(30.0)],
        help_text=_("Decimal degrees, e.g. 22.5518. Greece lies between 19 and 30."),
    )
    phone = models.CharField(
        max_length=20, blank=True, validators=[phone_validator], help_text=_("Main phone.")
    )
    phone_alt = models.CharField(
        max_length=20, blank=True, validators=[phone_validator], help_text=_("Second phone.")
    )
    email = models.EmailField(blank=True, help_text=_("The branch's work e-mail."))
    accessibility = models.TextField(
        blank=True,
        help_text=_("Step-free entrance, accessible toilet, parking… as a resident needs to know."),
    )
    languages = models.CharField(
        max_length=100,
        blank=True,
        help_text=_(
            "Languages spoken, as ISO 639 codes separated by commas, e.g. el, en, ar, rom."
        ),
    )
    opening_hours = StreamField(
        blocks.WeeklyHoursBlock(), blank=True, help_text=_("The usual weekly hours.")
    )
    hours_exceptions = StreamField(
        blocks.HoursExceptionsBlock(),
        blank=True,
        help_text=_("Closures and special hours on given dates. Public holidays close by default."),
    )
    stops = StreamField(
        blocks.MobileStopsBlock(),
        blank=True,
        help_text=_("For a mobile unit: where it goes and when."),
    )

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("name")]),
        MultiFieldPanel(
            [
                FieldPanel("street_address"),
                FieldPanel("postcode"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("Address"),
        ),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("phone_alt"), FieldPanel("email")]),
        FieldPanel("accessibility"),
        FieldPanel("languages"),
        FieldPanel("opening_hours"),
        FieldPanel("hours_exceptions"),
        FieldPanel("stops"),
    ]
    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("street_address"),
        TranslatableField("accessibility"),
        TranslatableField("hours_exceptions"),
        TranslatableField("stops"),
        SynchronizedField("kind"),
        SynchronizedField("postcode"),
        SynchronizedField("latitude"),
        SynchronizedField("longitude"),
        SynchronizedField("phone"),
        SynchronizedField("phone_alt"),
        SynchronizedField("email"),
        SynchronizedField("languages"),
        SynchronizedField("opening_hours"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order"]
        verbose_name = _("branch")

    def __str__(self):
        return self.name

    @cached_property
    def opening_hours_engine(self) -> hours.OpeningHours:
        """The branch's own hours, plus the closures announced for its centre (which win)."""
        engine = blocks.opening_hours_from_raw(self.opening_hours, self.hours_exceptions)
        return engine.with_exceptions(closures.for_centre(self.centre))

    @property
    def language_names(self) -> list[str]:
        return language_names(self.languages)

    @property
    def phones(self) -> list[str]:
        return [p for p in (self.phone, self.phone_alt) if p]

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def stop_list(self) -> list[dict]:
        """Each mobile-unit stop with its own timetable engine (holidays apply to stops too)."""
        return [
            {"value": child.value, "hours": hours.OpeningHours([blocks.stop_session(child.value)])}
            for child in self.stops
        ]


class StaffContact(TranslatableMixin, Orderable):
    """A contact by role; a person's name is optional and shown only when an editor enters it."""

    centre = ParentalKey(CentrePage, on_delete=models.CASCADE, related_name="staff_contacts")
    role = models.CharField(max_length=120, help_text=_("Required, e.g. Κοινωνική Λειτουργός."))
    name = models.CharField(
        max_length=120, blank=True, help_text=_("Optional. Leave empty to list the role alone.")
    )
    phone = models.CharField(
        max_length=20, blank=True, validators=[phone_validator], help_text=_("Work phone.")
    )
    email = models.EmailField(blank=True, help_text=_("Work e-mail."))

    panels = [
        FieldRowPanel([FieldPanel("role"), FieldPanel("name")]),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
    ]
    translatable_fields = [
        TranslatableField("role"),
        SynchronizedField("name"),
        SynchronizedField("phone"),
        SynchronizedField("email"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order"]
        verbose_name = _("staff contact")

    def __str__(self):
        return self.role
