"""The permission checks home/admin_gaps.py adds to Wagtail's screens go through Wagtail's
public ways; these fail if Wagtail moves the report's address or stops routing the workflow
confirmation through the page viewset, instead of the check silently standing aside. (What
each check refuses: tests/security/test_route_permissions.py.)"""

from django.urls import resolve, reverse
from wagtail.admin.viewsets.pages import page_viewset_registry
from wagtail.models import Page

from home import admin_gaps
from home.models import HomePage


def test_the_page_types_report_answers_from_the_publishers_view():
    for name in ("page_types_usage", "page_types_usage_results"):
        match = resolve(reverse(f"wagtailadmin_reports:{name}"))
        assert match.url_name == f"{name}_for_publishers", name


def test_every_page_type_confirms_a_workflow_cancellation_with_the_edit_check():
    for model in (Page, HomePage):
        viewset = page_viewset_registry.get_by_type(model)
        assert viewset is admin_gaps.page_viewset, model
        view = viewset.get_view_by_name("confirm_workflow_cancellation")
        assert issubclass(view.view_class, admin_gaps.EditorsConfirmWorkflowCancellationView)
