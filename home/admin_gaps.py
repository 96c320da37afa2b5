"""Permission checks some of Wagtail's secondary admin screens lack, found by the route-by-route
permission matrix (tests/security/test_route_permissions.py). Each let a partner editor read
something of another organisation's that is not public:

- the "move" confirmation screen renders for any two pages, with their titles (a draft's title
  included); the move itself is checked, the screen before it is not;
- the "page types usage" report names, for every page type, the page edited last anywhere in
  the site, by its draft title: any editor with any page permission could read it;
- the "publish and cancel the workflow" confirmation tells, for any page, whether it awaits
  review and at which step.

Each is closed here with the check its sibling screens make; the refusal is the admin's 403.
"""

from home.admin_refusals import permission_denied


def refuse_a_move_the_user_may_not_make(request, page, destination):
    """``before_move_page`` hook (home/wagtail_hooks.py): runs before the confirmation renders."""
    if not page.permissions_for_user(request.user).can_move_to(destination):
        return permission_denied(request)
    return None


def install() -> None:
    from wagtail.admin.views.pages.workflow import ConfirmWorkflowCancellationView
    from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView

    # Who may publish somewhere (centre staff, editors-in-chief, administrators) sees which
    # page of each type was edited last; partners and writers, who only submit, do not.
    PageTypesUsageReportView.any_permission_required = ["publish"]

    if getattr(ConfirmWorkflowCancellationView, "checks_edit_permission", False):
        return
    original_dispatch = ConfirmWorkflowCancellationView.dispatch

    def dispatch(self, request, *args, **kwargs):
        if not self.object.permissions_for_user(request.user).can_edit():
            return permission_denied(request)
        return original_dispatch(self, request, *args, **kwargs)

    ConfirmWorkflowCancellationView.dispatch = dispatch
    ConfirmWorkflowCancellationView.checks_edit_permission = True
