"""Announcements: what residents must know (a new service, a closure), newest first, with
Atom and RSS feeds per language (``home.feeds``).

Categories are a translatable snippet rather than tags: each has a stable ``code`` that the
listing filters on in every language, and a name editors translate. Related centres and
categories are synchronised fields, so the English page points at the same centres as the
Greek one and filters by the centres' ``translation_key``.
"""

import datetime

from django.contrib.contenttypes.fields import GenericRelation
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Locale, Page, PageViewRestriction, RevisionMixin, TranslatableMixin
from wagtail.search import index
from wagtail.snippets.models import register_snippet
from wagtail_localize.fields import SynchronizedField

from core.params import choice, clean_text, integer_or, page_number
from directory.models import CentrePage, IndexPageMixin
from home.announcement_blocks import body_blocks
from search.indexing import NORMALISED_SEARCH_FIELD, NormalisedSearchMixin

PER_PAGE = 10


@register_snippet
class AnnouncementCategory(TranslatableMixin, RevisionMixin, models.Model):
    """A kind of announcement (news, closure, programme); ``code`` is the same in every
    language, so a filter link keeps working when the reader switches language."""

    code = models.SlugField(
        max_length=50, help_text=_("Short identifier used in addresses, e.g. closures.")
    )
    name = models.CharField(max_length=80, help_text=_("The name readers see."))

    # Every edit in the admin is kept as a revision (history, compare, revert); deleting the
    # snippet deletes them, as deleting a page does. The audit log keeps the entry.
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="announcement_category")

    panels = [FieldPanel("code"), FieldPanel("name")]
    override_translatable_fields = [SynchronizedField("code")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("announcement category")
        verbose_name_plural = _("announcement categories")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["code", "locale"], name="unique_category_code_locale")
        ]

    def __str__(self):
        return self.name

    @property
    def revisions(self):
        return self._revisions


def published_announcements(locale):
    """Live, public announcements written in ``locale`` (untranslated aliases left out, so an
    English listing or feed never shows Greek text as English), newest first."""
    # Same meaning as Wagtail's ``.public()`` (no view restriction on the page or an
    # ancestor), as one subquery rather than an extra query: the centre page's query budget
    # is tested.
    restricted = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return (
        AnnouncementPage.objects.live()
        .filter(~Exists(restricted), locale=locale, alias_of__isnull=True)
        .order_by("-date", "-first_published_at", "-pk")
    )


def announcements_for_centre(centre, limit=3):
    """The latest announcements that name ``centre`` (in the centre page's language)."""
    return list(
        published_announcements(centre.locale_id)
        .filter(related_centres__translation_key=centre.translation_key)
        .distinct()
        .select_related("locale")[:limit]
    )


class AnnouncementIndexPage(IndexPageMixin, NormalisedSearchMixin, Page):
    """The list of announcements, filterable by category, centre and year."""

    intro = models.TextField(blank=True, help_text=_("One or two sentences above the list."))

    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.FilterField("locale"),
        NORMALISED_SEARCH_FIELD,
    ]
    subpage_types = ["home.AnnouncementPage"]

    class Meta:
        verbose_name = _("announcement index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        locale = Locale.get_active()
        base = published_announcements(locale)
        announcements = base
        categories = list(AnnouncementCategory.objects.filter(locale=locale))
        centres = list(CentrePage.objects.live().public().filter(locale=locale).order_by("title"))
        years = [d.year for d in base.dates("date", "year", order="DESC")]

        category = choice(request.GET.get("category"), {c.code for c in categories})
        if category:
            announcements = announcements.filter(categories__code=category)
        centre = clean_text(request.GET.get("centre"))
        chosen = next((c for c in centres if c.slug == centre), None)
        if chosen:
            announcements = announcements.filter(
                related_centres__translation_key=chosen.translation_key
            )
        else:
            centre = ""
        year = integer_or(request.GET.get("year"), 0, minimum=1, maximum=9999)
        if year in years:
            announcements = announcements.filter(date__year=year)
        else:
            year = ""

        announcements = announcements.distinct().select_related("locale")
        paginator = Paginator(announcements, PER_PAGE)
        page_obj = paginator.page(page_number(request.GET.get("page"), paginator.num_pages))
        rows = list(page_obj.object_list)
        names = {c.code: c.name for c in categories}
        centre_titles = {c.translation_key: c for c in centres}
        links = AnnouncementPage.categories.through.objects.filter(
            announcementpage__in=rows
        ).values_list("announcementpage_id", "announcementcategory__code")
        centre_links = AnnouncementPage.related_centres.through.objects.filter(
            announcementpage__in=rows
        ).values_list("announcementpage_id", "centrepage__translation_key")
        by_page_categories: dict[int, list[str]] = {}
        for page_id, code in links:
            if code in names:
                by_page_categories.setdefault(page_id, []).append(names[code])
        by_page_centres: dict[int, list] = {}
        for page_id, key in centre_links:
            if key in centre_titles:
                by_page_centres.setdefault(page_id, []).append(centre_titles[key])
        for row in rows:
            row.category_names = sorted(by_page_categories.get(row.pk, []))
            row.centre_pages = by_page_centres.get(row.pk, [])

        query = {k: v for k, v in (("category", category), ("centre", centre), ("year", year)) if v}
        context.update(
            announcements=rows,
            announcement_page=page_obj,
            announcement_total=paginator.count,
            announcement_filters=query,
            announcement_querystring="&".join(f"{k}={v}" for k, v in query.items()),
            announcement_categories=categories,
            announcement_centres=centres,
            announcement_years=years,
        )
        return context


class AnnouncementPage(NormalisedSearchMixin, Page):
    """One announcement: a dated summary and a body of text, images and documents."""

    date = models.DateField(
        default=datetime.date.today,
        help_text=_("The announcement's date, shown to readers and used for ordering."),
    )
    summary = models.TextField(
        max_length=300,
        help_text=_(
            "One or two plain sentences shown in lists and feeds (at most 300 characters)."
        ),
    )
    body = StreamField(
        body_blocks(),
        blank=True,
        help_text=_("The full announcement: paragraphs, headings, images, documents, a button."),
    )
    categories = ParentalManyToManyField(
        "home.AnnouncementCategory",
        blank=True,
        related_name="announcements",
        help_text=_("What kind of announcement this is."),
    )
    related_centres = ParentalManyToManyField(
        "directory.CentrePage",
        blank=True,
        related_name="announcements",
        help_text=_("The community centres this announcement concerns; shown on their pages."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("categories"),
        FieldPanel("related_centres"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("locale"),
        index.FilterField("date"),
        NORMALISED_SEARCH_FIELD,
    ]
    search_kind = "announcement"
    search_body_fields = ("summary", "body")
    override_translatable_fields = [
        SynchronizedField("date"),
        SynchronizedField("categories"),
        SynchronizedField("related_centres"),
    ]
    parent_page_types = ["home.AnnouncementIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")

    @property
    def published_at(self) -> datetime.datetime:
        """The announcement's date as an aware datetime (midnight in Athens) for feeds."""
        return timezone.make_aware(datetime.datetime.combine(self.date, datetime.time()))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        locale = self.locale_id
        codes = list(self.categories.values_list("code", flat=True))
        context["category_names"] = list(
            AnnouncementCategory.objects.filter(locale=locale, code__in=codes).values_list(
                "name", flat=True
            )
        )
        keys = self.related_centres.values_list("translation_key", flat=True)
        context["centre_pages"] = list(
            CentrePage.objects.live()
            .public()
            .filter(locale=locale, translation_key__in=keys)
            .order_by("title")
        )
        return context
