"""Granting a group rights on pages and media, and the one-step approval workflow.

The directory's partner and centre-staff groups and the editorial groups are set up the same
way: page permissions on a subtree, media permissions on a collection, and a workflow whose
single task a group approves. Every function is idempotent, so setup can run again safely.
"""

from __future__ import annotations

from collections.abc import Iterable


def grant_pages(group, page, kinds: Iterable[str]) -> None:
    """``group`` may do each of ``kinds`` ("add", "change", "publish", …) on ``page``'s subtree."""
    from django.contrib.auth.models import Permission
    from wagtail.models import GroupPagePermission

    for kind in kinds:
        permission = Permission.objects.get(
            content_type__app_label="wagtailcore", codename=f"{kind}_page"
        )
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


def grant_collection(group, collection, media) -> None:
    """``group`` may use images and documents in ``collection``: ``media`` holds
    ``(app_label, model, kinds)``, e.g. ``("wagtailimages", "image", ("add", "choose"))``."""
    from django.contrib.auth.models import Permission
    from wagtail.models import GroupCollectionPermission

    for app_label, model, kinds in media:
        for kind in kinds:
            permission = Permission.objects.get(
                content_type__app_label=app_label, codename=f"{kind}_{model}"
            )
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=permission
            )


def approval_workflow(name: str, task_name: str, approvers):
    """The workflow ``name`` with one group-approval task ``task_name`` that ``approvers`` may
    approve, made if missing."""
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowTask

    workflow, _ = Workflow.objects.get_or_create(name=name, defaults={"active": True})
    task = GroupApprovalTask.objects.filter(name=task_name).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=task_name)
    task.groups.add(approvers)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow
