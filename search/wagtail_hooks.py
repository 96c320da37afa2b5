"""Admin registration for search: the two search reports under Reports, and promoted results
(pages pinned above the results for a query) under Settings."""

from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from search.admin_views import TopSearchesView, ZeroResultSearchesView, can_view_reports
from search.models import SearchPromotion, fold_query


class SearchReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_reports(request.user)


@hooks.register("register_admin_urls")
def search_report_urls():
    return [
        path("reports/searches/", TopSearchesView.as_view(), name="search_reports_top"),
        path(
            "reports/searches/results/",
            TopSearchesView.as_view(results_only=True),
            name="search_reports_top_results",
        ),
        path(
            "reports/searches/no-results/",
            ZeroResultSearchesView.as_view(),
            name="search_reports_zero",
        ),
        path(
            "reports/searches/no-results/results/",
            ZeroResultSearchesView.as_view(results_only=True),
            name="search_reports_zero_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def top_searches_menu_item():
    return SearchReportMenuItem(
        _("Top searches"),
        reverse("search_reports_top"),
        name="top-searches",
        icon_name="search",
        order=1400,
    )


@hooks.register("register_reports_menu_item")
def zero_result_searches_menu_item():
    return SearchReportMenuItem(
        _("Searches with no results"),
        reverse("search_reports_zero"),
        name="searches-with-no-results",
        icon_name="search",
        order=1410,
    )


@hooks.register("register_permissions")
def search_report_permission():
    return Permission.objects.filter(
        content_type__app_label="search", codename="view_search_reports"
    )


# --- promoted results ----------------------------------------------------------------------


class PromotionCreateView(generic.CreateView):
    """Opened from a report row with ``?query=…``: the query is filled in."""

    def get_initial(self):
        initial = super().get_initial()
        if query := fold_query(self.request.GET.get("query", "")):
            initial["query"] = query
        return initial


class PromotionIndexView(generic.IndexView):
    """The listing's search box folds what is typed, as the stored queries are folded."""

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return queryset.filter(query__contains=fold_query(self.search_query))

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("page", "page__locale")


class SearchPromotionViewSet(ModelViewSet):
    model = SearchPromotion
    name = "search_promotions"
    icon = "pick"
    menu_label = _("Promoted search results")
    add_to_settings_menu = True
    index_view_class = PromotionIndexView
    add_view_class = PromotionCreateView
    form_fields = ["query", "page", "sort_order", "description"]
    search_fields = ["query"]
    list_display = [
        "query",
        "page",
        Column("language", label=_("Language"), accessor="page.locale"),
        "sort_order",
    ]
    ordering = ["query", "sort_order"]


search_promotion_viewset = SearchPromotionViewSet()


@hooks.register("register_admin_viewset")
def register_search_promotions():
    return search_promotion_viewset
