"""Admin reports: what residents search for, and what they search for in vain.

Two Wagtail reports over :func:`search.analytics.report` — top searches and searches with no
results — for the last 7, 30 or 90 days, all languages or one. Each row links to the site's
search page for that query (in its language) and to a new promoted result for it. Only users
with ``search.view_search_reports`` (communications staff and editors-in-chief, migration
``search.0002``; superusers) may open them.
"""

from urllib.parse import urlencode

import django_filters
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, NumberColumn, TitleColumn
from wagtail.admin.views.reports import ReportView

from search import analytics
from search.models import SearchQueryDay

REPORT_PERMISSION = "search.view_search_reports"
PERIOD_CHOICES = [
    (str(days), _("Last %(days)s days") % {"days": days}) for days in analytics.REPORT_PERIODS
]


def can_view_reports(user) -> bool:
    return user.is_active and user.has_perm(REPORT_PERMISSION)


def site_search_url(row) -> str:
    """The public search page for the row's query, in the row's language."""
    with translation.override(row["language"]):
        return f"{reverse('search')}?{urlencode({'q': row['query']})}"


def promote_url(row) -> str:
    """The form for a new promoted result, with the query filled in."""
    return f"{reverse('search_promotions:add')}?{urlencode({'query': row['query']})}"


def language_name(row) -> str:
    return dict(settings.LANGUAGES).get(row["language"], row["language"])


class PromoteColumn(Column):
    cell_template_name = "search/admin/promote_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["url"] = promote_url(instance)
        context["query"] = instance["query"]
        return context


class SearchReportFilterSet(WagtailFilterSet):
    """The period and language; read by the view, which aggregates (see ``get_queryset``)."""

    period = django_filters.ChoiceFilter(
        label=_("Period"),
        choices=PERIOD_CHOICES,
        empty_label=None,
        initial=str(analytics.DEFAULT_REPORT_PERIOD),  # the default is not an "active filter"
        method="keep",
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=settings.LANGUAGES, empty_label=_("All"), method="keep"
    )

    class Meta:
        model = SearchQueryDay
        fields = []

    def keep(self, queryset, name, value):
        return queryset


class SearchReportView(ReportView):
    """What both reports share; subclasses choose the rows and their order."""

    header_icon = "search"
    is_searchable = True
    filterset_class = SearchReportFilterSet
    zero_only = False
    paginate_by = 50

    def dispatch(self, request, *args, **kwargs):
        if not can_view_reports(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filterset_kwargs(self):
        kwargs = super().get_filterset_kwargs()
        data = kwargs["data"].copy()
        if data.get("period") not in dict(PERIOD_CHOICES):
            data["period"] = str(analytics.DEFAULT_REPORT_PERIOD)
        kwargs["data"] = data
        return kwargs

    def chosen(self, name, default=None):
        filters = self.filters
        if filters is not None and filters.is_valid():
            return filters.form.cleaned_data.get(name) or default
        return default

    @property
    def columns(self):
        return [
            TitleColumn(
                "query",
                label=_("Query"),
                sort_key="query",
                get_url=site_search_url,
                link_attrs={"title": _("Search the site for this query")},
            ),
            Column("language", label=_("Language"), accessor=language_name),
            NumberColumn("total_searches", label=_("Searches"), sort_key="total_searches"),
            NumberColumn(
                "total_zero_results",
                label=_("With no results"),
                sort_key="total_zero_results",
            ),
            NumberColumn("last_result_count", label=_("Results last time")),
            Column("last_day", label=_("Last searched"), sort_key="last_day"),
            PromoteColumn("promote", label=_("Promoted result")),
        ]

    list_export = [
        "query",
        "language",
        "total_searches",
        "total_zero_results",
        "last_result_count",
        "last_day",
    ]
    export_headings = {
        "query": _("Query"),
        "language": _("Language"),
        "total_searches": _("Searches"),
        "total_zero_results": _("With no results"),
        "last_result_count": _("Results last time"),
        "last_day": _("Last searched"),
    }

    def get_queryset(self):
        rows = analytics.report(
            int(self.chosen("period", analytics.DEFAULT_REPORT_PERIOD)),
            self.chosen("language"),
            zero_only=self.zero_only,
            containing=self.search_query,
        )
        ordering = self.ordering
        return rows.order_by(ordering, "query") if ordering else rows.order_by("query")

    def get_page_subtitle(self):
        days = int(self.chosen("period", analytics.DEFAULT_REPORT_PERIOD))
        return _("Last %(days)s days") % {"days": days}


class TopSearchesView(SearchReportView):
    page_title = _("Top searches")
    default_ordering = "-total_searches"
    index_url_name = "search_reports_top"
    index_results_url_name = "search_reports_top_results"
    export_filename = "top-searches"


class ZeroResultSearchesView(SearchReportView):
    page_title = _("Searches with no results")
    default_ordering = "-total_zero_results"
    zero_only = True
    index_url_name = "search_reports_zero"
    index_results_url_name = "search_reports_zero_results"
    export_filename = "searches-with-no-results"
