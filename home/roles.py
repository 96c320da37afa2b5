"""Who may do what with editorial content.

Three groups exist from the start (migration ``home.0005_editorial_groups``):

- *Communications staff* write announcements and funding notices and submit them for review;
  they can never publish.
- *Editors-in-chief* approve (and so publish), reject, unpublish and lock them.
- *Centre staff* edit their centre pages and approve partners' changes (``directory``).

Both editorial groups may also edit standard pages (each page as it is created, under the same
review), manage site-wide alerts, and submit pages for translation with wagtail-localize
(model permissions, migration ``home.0010_editorial_model_permissions``). An alert has no
review step: it is for news that cannot wait, and its start and end times are its schedule.

Page permissions belong to a subtree, so they can only be granted once the subtree's root
exists: ``ensure_editorial_roles`` grants them on an announcements or funding index page, in
every language, and puts that subtree under the review workflow. It runs when such an index
page is created (``home.signals``), so a new installation needs no extra step.
"""

from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import (
    Collection,
    Page,
    Workflow,
    WorkflowPage,
)

from core.permissions import approval_workflow, grant_collection, grant_pages

COMMUNICATIONS_STAFF = "Υπεύθυνοι επικοινωνίας"
EDITORS_IN_CHIEF = "Αρχισυντάκτες"
WORKFLOW_NAME = "Έγκριση από αρχισυντάκτη"
TASK_NAME = "Έγκριση δημοσίευσης"

WRITER_PAGE_PERMISSIONS = ("add", "change")
APPROVER_PAGE_PERMISSIONS = ("add", "change", "publish", "lock", "unlock")
MEDIA = (
    ("wagtailimages", "image", ("add", "choose")),
    ("wagtaildocs", "document", ("add", "choose")),
)


def ensure_standard_page_roles(page: Page) -> None:
    """Communications staff may edit a standard page (About, Privacy, the accessibility
    statement) and submit the change; editors-in-chief publish it. Granted on the page
    itself, not its parent, so neither group can touch the home page or the centres."""
    writers, _ = Group.objects.get_or_create(name=COMMUNICATIONS_STAFF)
    approvers, _ = Group.objects.get_or_create(name=EDITORS_IN_CHIEF)
    workflow = review_workflow(approvers)
    grant_pages(writers, page, ("change",))
    grant_pages(approvers, page, ("change", "publish", "lock", "unlock"))
    WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})


def review_workflow(approvers: Group) -> Workflow:
    return approval_workflow(WORKFLOW_NAME, TASK_NAME, approvers)


@transaction.atomic
def ensure_editorial_roles(index_page: Page) -> None:
    """Writers and approvers on this index page's subtree, in every language, under review."""
    writers, _ = Group.objects.get_or_create(name=COMMUNICATIONS_STAFF)
    approvers, _ = Group.objects.get_or_create(name=EDITORS_IN_CHIEF)
    workflow = review_workflow(approvers)
    for group in (writers, approvers):
        grant_collection(group, Collection.get_first_root_node(), MEDIA)
    for page in index_page.get_translations(inclusive=True):
        grant_pages(writers, page, WRITER_PAGE_PERMISSIONS)
        grant_pages(approvers, page, APPROVER_PAGE_PERMISSIONS)
        WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
