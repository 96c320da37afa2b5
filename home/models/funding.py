"""Funding notices: what an EU co-financed centre must publish about the act that pays for it.

Regulation (EU) 2021/1060 (Art. 47, 50 and Annex IX) asks a beneficiary to show the EU
emblem with the statement "Co-funded by the European Union" and to describe the operation. The
facts that are the same in every language — amounts, dates, codes, funds — are synchronised
fields, so an English translation cannot drift from the Greek decision it reports.
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from core.params import clean_text
from directory.models import IndexPageMixin
from search.indexing import NORMALISED_SEARCH_FIELD, NormalisedSearchMixin

FUNDS = [
    ("esf", _("European Social Fund (ESF)")),
    ("esf_plus", _("European Social Fund Plus (ESF+)")),
    ("erdf", _("European Regional Development Fund (ERDF)")),
    ("cf", _("Cohesion Fund (CF)")),
    ("jtf", _("Just Transition Fund (JTF)")),
    ("national", _("National resources")),
]
EU_FUNDS = {"esf", "esf_plus", "erdf", "cf", "jtf"}

# The statement of Annex IX is a legal wording with an official text in each EU language, not
# interface copy: it is kept here in both of the portal's languages so the notice is never
# shown with a missing or paraphrased statement.
EU_STATEMENT = {
    "el": "Συγχρηματοδοτείται από την Ευρωπαϊκή Ένωση",
    "en": "Co-funded by the European Union",
}

EURO_FIELD = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(0)]}
RICH_FEATURES = ["h3", "bold", "italic", "link", "ol", "ul"]


class FundsField(models.JSONField):
    """A list of fund codes from ``FUNDS``, edited as checkboxes; JSON keeps it portable
    between SQLite and PostgreSQL (no ArrayField)."""

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            choices=FUNDS,
            widget=forms.CheckboxSelectMultiple,
            required=not self.blank,
            label=self.verbose_name.capitalize(),
            help_text=self.help_text,
        )

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        codes = {code for code, _label in FUNDS}
        unknown = [v for v in value or [] if v not in codes]
        if unknown:
            raise ValidationError(
                _("Unknown fund: %(codes)s."), params={"codes": ", ".join(unknown)}
            )


class FundingDocumentBlock(blocks.StructBlock):
    """An attached document (decision, technical sheet) with the title residents see."""

    title = blocks.CharBlock(help_text=_("What the document is, e.g. “Inclusion decision”."))
    document = DocumentChooserBlock()

    class Meta:
        icon = "doc-full"
        template = "components/blocks/funding-document.html"
        label = _("Document")
        description = _("A decision or other document about the funding, with its title.")
        preview_value = {"title": "Απόφαση ένταξης"}


class FundingIndexPage(IndexPageMixin, NormalisedSearchMixin, Page):
    """The list of funding notices of one language, newest first, filterable by centre."""

    intro = models.TextField(
        blank=True, help_text=_("A sentence on why the portal publishes funding notices.")
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.FilterField("locale"),
        NORMALISED_SEARCH_FIELD,
    ]
    subpage_types = ["home.FundingNoticePage"]

    class Meta:
        verbose_name = _("funding index page")

    def get_context(self, request, *args, **kwargs):
        from directory.models import CentrePage

        context = super().get_context(request, *args, **kwargs)
        notices = (
            FundingNoticePage.objects.child_of(self)
            .live()
            .public()
            .filter(alias_of__isnull=True)  # an untranslated mirror is not this language's
            .order_by("-decision_date", "-first_published_at")
            .prefetch_related("related_centres")
        )
        centres = list(
            CentrePage.objects.live().public().filter(locale=self.locale).order_by("title")
        )
        # Chosen among the listed centres, not looked up: whatever the visitor typed (a NUL
        # byte that PostgreSQL refuses, say) never reaches the database.
        wanted = clean_text(request.GET.get("centre"))
        selected = next((centre for centre in centres if centre.slug == wanted), None)
        if selected is not None:
            notices = notices.filter(related_centres__translation_key=selected.translation_key)
        context.update(notices=notices.distinct(), centres=centres, selected_centre=selected)
        return context


class FundingNoticePage(NormalisedSearchMixin, Page):
    """One act (operation) that co-finances one or more centres, as the publicity rules ask."""

    operation_title = models.CharField(
        max_length=500,
        help_text=_("The operation's full title as in the decision, e.g. the centre's act."),
    )
    programme = models.CharField(
        max_length=255, help_text=_("The operational programme, e.g. «Κρήτη 2021-2027».")
    )
    priority_axis = models.CharField(
        max_length=500, blank=True, help_text=_("The priority axis of the programme, if any.")
    )
    specific_objective = models.CharField(
        max_length=500,
        blank=True,
        help_text=_("The specific objective, if the decision names one."),
    )
    funds = FundsField(
        default=list,
        verbose_name=_("funds"),
        help_text=_("The fund or funds paying for the operation."),
    )
    budget = models.DecimalField(
        **EURO_FIELD, null=True, blank=True, help_text=_("Total budget in euros.")
    )
    eligible_expenditure = models.DecimalField(
        **EURO_FIELD, null=True, blank=True, help_text=_("Eligible public expenditure in euros.")
    )
    eu_share = models.DecimalField(
        **EURO_FIELD,
        null=True,
        blank=True,
        verbose_name=_("EU share"),
        help_text=_("The EU's contribution in euros."),
    )
    national_share = models.DecimalField(
        **EURO_FIELD, null=True, blank=True, help_text=_("The national contribution in euros.")
    )
    eu_rate = models.DecimalField(
        verbose_name=_("EU co-financing rate"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("The EU co-financing rate, in per cent (0–100)."),
    )
    beneficiary = models.CharField(
        max_length=255, blank=True, help_text=_("Who receives the funding, e.g. the municipality.")
    )
    mis_code = models.CharField(
        max_length=30,
        blank=True,
        verbose_name=_("MIS (ΟΠΣ) code"),
        help_text=_("The project code in the ΟΠΣ / MIS, e.g. 5002880."),
    )
    decision_issuer = models.CharField(
        max_length=255,
        blank=True,
        help_text=_("Who took the decision, e.g. the Regional Governor."),
    )
    decision_date = models.DateField(null=True, blank=True, help_text=_("Date of the decision."))
    decision_reference = models.CharField(
        max_length=100,
        blank=True,
        help_text=_("The decision's reference number or its ΑΔΑ (Diavgeia code)."),
    )
    legal_basis = models.TextField(
        blank=True, help_text=_("The laws and calls the decision rests on.")
    )
    start_date = models.DateField(null=True, blank=True, help_text=_("Start of the operation."))
    end_date = models.DateField(null=True, blank=True, help_text=_("End of the operation."))
    extended_until = models.DateField(
        null=True, blank=True, help_text=_("New end date if the operation has been extended.")
    )
    aims = RichTextField(
        blank=True, features=RICH_FEATURES, help_text=_("What the operation sets out to do.")
    )
    results = RichTextField(
        blank=True, features=RICH_FEATURES, help_text=_("What it is expected to achieve, or did.")
    )
    documents = StreamField(
        [("document", FundingDocumentBlock())],
        blank=True,
        help_text=_("The decision and other documents residents can read."),
    )
    related_centres = ParentalManyToManyField(
        "directory.CentrePage",
        related_name="funding_notices",
        help_text=_("The community centres this operation funds (at least one)."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("operation_title"),
        MultiFieldPanel(
            [
                FieldPanel("programme"),
                FieldPanel("priority_axis"),
                FieldPanel("specific_objective"),
                FieldPanel("funds"),
            ],
            heading=_("Programme"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("budget"), FieldPanel("eligible_expenditure")]),
                FieldRowPanel(
                    [FieldPanel("eu_share"), FieldPanel("national_share"), FieldPanel("eu_rate")]
                ),
            ],
            heading=_("Amounts"),
        ),
        FieldPanel("beneficiary"),
        FieldPanel("mis_code"),
        MultiFieldPanel(
            [
                FieldPanel("decision_issuer"),
                FieldRowPanel([FieldPanel("decision_date"), FieldPanel("decision_reference")]),
                FieldPanel("legal_basis"),
            ],
            heading=_("Decision"),
        ),
        FieldRowPanel(
            [FieldPanel("start_date"), FieldPanel("end_date"), FieldPanel("extended_until")],
            heading=_("Period"),
        ),
        FieldPanel("aims"),
        FieldPanel("results"),
        FieldPanel("documents"),
        FieldPanel("related_centres"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("operation_title"),
        index.SearchField("programme"),
        index.SearchField("beneficiary"),
        index.SearchField("mis_code"),
        index.FilterField("locale"),
        NORMALISED_SEARCH_FIELD,
    ]
    search_kind = "funding"
    search_body_fields = (
        "operation_title",
        "programme",
        "priority_axis",
        "specific_objective",
        "beneficiary",
        "mis_code",
        "aims",
        "results",
    )
    override_translatable_fields = [
        TranslatableField("operation_title"),
        TranslatableField("programme"),
        TranslatableField("priority_axis"),
        TranslatableField("specific_objective"),
        TranslatableField("beneficiary"),
        TranslatableField("decision_issuer"),
        TranslatableField("legal_basis"),
        TranslatableField("aims"),
        TranslatableField("results"),
        TranslatableField("documents"),
        SynchronizedField("funds"),
        SynchronizedField("budget"),
        SynchronizedField("eligible_expenditure"),
        SynchronizedField("eu_share"),
        SynchronizedField("national_share"),
        SynchronizedField("eu_rate"),
        SynchronizedField("mis_code"),
        SynchronizedField("decision_date"),
        SynchronizedField("decision_reference"),
        SynchronizedField("start_date"),
        SynchronizedField("end_date"),
        SynchronizedField("extended_until"),
        SynchronizedField("related_centres"),
    ]
    parent_page_types = ["home.FundingIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("funding notice")

    def clean(self):
        super().clean()
        errors: dict[str, list] = {}
        eligible, eu, national = self.eligible_expenditure, self.eu_share, self.national_share
        if eu is not None and national is not None:
            if eligible is None:
                eligible = self.budget
            if eligible is not None and eu + national != eligible:
                errors["national_share"] = [
                    _(
                        "The EU and national shares add up to %(total)s €, "
                        "not the eligible expenditure of %(eligible)s €."
                    )
                    % {"total": eu + national, "eligible": eligible}
                ]
        if self.eu_rate is not None and eu is not None and eligible:
            expected = (eligible * self.eu_rate / 100).quantize(Decimal("0.01"))
            if abs(expected - eu) > Decimal("1.00"):
                errors.setdefault("eu_rate", []).append(
                    _("A rate of %(rate)s%% of %(eligible)s € is %(expected)s €, not %(eu)s €.")
                    % {"rate": self.eu_rate, "eligible": eligible, "expected": expected, "eu": eu}
                )
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = [_("The end date cannot be before the start date.")]
        if self.extended_until:
            floor = self.end_date or self.start_date
            if floor and self.extended_until < floor:
                errors["extended_until"] = [
                    _("The extension cannot end before the original end date.")
                ]
        if errors:
            raise ValidationError(errors)

    @property
    def fund_labels(self) -> list[str]:
        labels = dict(FUNDS)
        return [str(labels[code]) for code in self.funds or [] if code in labels]

    @property
    def is_eu_funded(self) -> bool:
        return bool(EU_FUNDS.intersection(self.funds or []))

    @property
    def amount(self) -> Decimal | None:
        """The figure a resident is shown first: eligible public expenditure, else budget."""
        return self.eligible_expenditure if self.eligible_expenditure is not None else self.budget

    @property
    def current_end(self):
        return self.extended_until or self.end_date
