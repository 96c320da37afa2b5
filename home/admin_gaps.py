"""Permission checks some of Wagtail's secondary admin screens lack, found by the route-by-route
permission matrix (tests/security/test_route_permissions.py). Each let a partner editor read
something of another organisation's that is not public:

- the "move" confirmation screen renders for any two pages, with their titles (a draft's title
  included); the move itself is checked, the screen before it is not;
- the "page types usage" report names, for every page type, the page edited last anywhere in
  the site, by its draft title: any editor with any page permission could read it;
- the "publish and cancel the workflow" confirmation tells, for any page, whether it awaits
  review and at which step.

Each is closed here with the check its sibling screens make, through Wagtail's public ways: a
hook, a view subclass at the report's own address, and the page viewset. The refusal is the
admin's 403 (core/adaptations/admin_refusal.py).
"""

from django.core.exceptions import PermissionDenied
from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.pages.workflow import ConfirmWorkflowCancellationView
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.admin.viewsets.pages import PageViewSet


def refuse_a_move_the_user_may_not_make(request, page, destination):
    """``before_move_page`` hook (home/wagtail_hooks.py): runs before the confirmation renders."""
    if not page.permissions_for_user(request.user).can_move_to(destination):
        raise PermissionDenied
    return None


class PublishersPageTypesUsageReportView(PageTypesUsageReportView):
    """Who may publish somewhere (centre staff, editors-in-chief, administrators) sees which
    page of each type was edited last; partners and writers, who only submit, do not."""

    any_permission_required = ["publish"]


class EditorsConfirmWorkflowCancellationView(ConfirmWorkflowCancellationView):
    """The confirmation before "publish and cancel the workflow", for who may edit the page."""

    def dispatch(self, request, *args, **kwargs):
        if not self.object.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class EditorialPageViewSet(PageViewSet):
    """Wagtail's views for every page type, with the checked workflow confirmation. Registered
    for ``Page`` after Wagtail's own (home/wagtail_hooks.py), so it replaces the default; a
    viewset for one page type must inherit from it."""

    confirm_workflow_cancellation_view_class = EditorsConfirmWorkflowCancellationView


page_viewset = EditorialPageViewSet()


def _admin_view(view):
    # What Wagtail wraps around every admin URL (wagtail/admin/urls/__init__.py).
    return never_cache(require_admin_access(view))


# In portal/urls.py before ``include(wagtailadmin_urls)``: the report at Wagtail's own
# addresses, so every link to it (``wagtailadmin_reports:page_types_usage``) reaches this one.
urlpatterns = [
    path(
        "admin/reports/page-types-usage/",
        _admin_view(PublishersPageTypesUsageReportView.as_view()),
        name="page_types_usage_for_publishers",
    ),
    path(
        "admin/reports/page-types-usage/results/",
        _admin_view(PublishersPageTypesUsageReportView.as_view(results_only=True)),
        name="page_types_usage_results_for_publishers",
    ),
]
