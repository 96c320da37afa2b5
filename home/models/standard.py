"""Standard pages: About, Privacy notice, and the Accessibility statement.

The accessibility statement follows the EU model statement (Commission Implementing Decision
(EU) 2018/1523): compliance status, the content that is not accessible and why, when the
statement was prepared and how, how to give feedback, and the enforcement procedure. Its
fields are structured so no section can be left out by accident.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from search.indexing import NORMALISED_SEARCH_FIELD, NormalisedSearchMixin

TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul"]


class StandardPage(NormalisedSearchMixin, Page):
    """About, Privacy notice and any other page of plain text."""

    intro = models.TextField(blank=True, help_text=_("One or two sentences at the top."))
    body = RichTextField(features=TEXT_FEATURES)
    in_footer = models.BooleanField(
        default=False, help_text=_("Link to this page from the footer of every page.")
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    promote_panels = [*Page.promote_panels, FieldPanel("in_footer")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("locale"),
        NORMALISED_SEARCH_FIELD,
    ]
    search_kind = "page"
    search_body_fields = ("intro", "body")
    override_translatable_fields = [SynchronizedField("in_footer")]
    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("standard page")


class ComplianceStatus(models.TextChoices):
    FULL = "full", _("Fully compliant")
    PARTIAL = "partial", _("Partially compliant")
    NONE = "none", _("Not compliant")


class AssessmentMethod(models.TextChoices):
    SELF = "self", _("Self-assessment")
    THIRD_PARTY = "third-party", _("Assessment by a third party")


class AccessibilityStatementPage(NormalisedSearchMixin, Page):
    """The accessibility statement, linked from every page's footer."""

    compliance_status = models.CharField(
        max_length=10, choices=ComplianceStatus.choices, default=ComplianceStatus.PARTIAL
    )
    standard = models.CharField(
        max_length=120,
        default="EN 301 549 v3.2.1 / WCAG 2.1 AA",
        help_text=_("The standard the site is measured against."),
    )
    non_compliance = RichTextField(
        blank=True,
        features=TEXT_FEATURES,
        help_text=_("Content that is not accessible because it does not meet the standard."),
    )
    disproportionate_burden = RichTextField(
        blank=True,
        features=TEXT_FEATURES,
        help_text=_("Content exempt as a disproportionate burden."),
    )
    out_of_scope = RichTextField(
        blank=True, features=TEXT_FEATURES, help_text=_("Content outside the law's scope.")
    )
    prepared_on = models.DateField(help_text=_("When this statement was first prepared."))
    reviewed_on = models.DateField(null=True, blank=True, help_text=_("When it was last reviewed."))
    assessment_method = models.CharField(
        max_length=12, choices=AssessmentMethod.choices, default=AssessmentMethod.SELF
    )
    feedback_email = models.EmailField(help_text=_("Where to report an accessibility problem."))
    feedback_phone = models.CharField(max_length=20, blank=True)
    response_days = models.PositiveSmallIntegerField(
        default=30, help_text=_("Within how many days you answer.")
    )
    enforcement = RichTextField(
        features=TEXT_FEATURES,
        help_text=_("What a reader can do if the answer is unsatisfactory, and whom to contact."),
    )

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("compliance_status"), FieldPanel("standard")]),
        MultiFieldPanel(
            [
                FieldPanel("non_compliance"),
                FieldPanel("disproportionate_burden"),
                FieldPanel("out_of_scope"),
            ],
            heading=_("Non-accessible content"),
        ),
        FieldRowPanel(
            [
                FieldPanel("prepared_on"),
                FieldPanel("reviewed_on"),
                FieldPanel("assessment_method"),
            ]
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("feedback_email"), FieldPanel("feedback_phone")]),
                FieldPanel("response_days"),
            ],
            heading=_("Feedback and contact"),
        ),
        FieldPanel("enforcement"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("non_compliance"),
        index.SearchField("enforcement"),
        index.FilterField("locale"),
        NORMALISED_SEARCH_FIELD,
    ]
    search_kind = "page"
    search_body_fields = (
        "standard",
        "non_compliance",
        "disproportionate_burden",
        "out_of_scope",
        "enforcement",
    )
    override_translatable_fields = [
        SynchronizedField("compliance_status"),
        SynchronizedField("prepared_on"),
        SynchronizedField("reviewed_on"),
        SynchronizedField("assessment_method"),
        SynchronizedField("feedback_email"),
        SynchronizedField("feedback_phone"),
        SynchronizedField("response_days"),
    ]
    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("accessibility statement")
