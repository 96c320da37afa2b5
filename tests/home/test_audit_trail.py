"""Every content change leaves a revision and an audit-log entry naming who made it (decision
0015): for every page type and every snippet, each admin action an editor takes — create,
edit, publish, unpublish, delete — is posted through the admin's own views, as a signed-in
administrator's browser would, and the history is read back.

The page types and snippets are listed from Wagtail's registries, so a new page type or
snippet without a way through this test fails it rather than going unchecked.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from wagtail.models import (
    DraftStateMixin,
    Locale,
    ModelLogEntry,
    Page,
    PageLogEntry,
    Revision,
    RevisionMixin,
    Site,
    get_page_models,
)
from wagtail.snippets.models import get_snippet_models

from home.models import HomePage, PortalSettings, SiteAlert
from tests.admin_forms import editor_form

pytestmark = pytest.mark.django_db

OUR_APPS = {"home", "directory", "search"}
PAGE_TYPES = sorted(
    (model for model in get_page_models() if model._meta.app_label in OUR_APPS),
    key=lambda model: model.__name__,
)
SNIPPETS = sorted(
    (model for model in get_snippet_models() if model._meta.app_label in OUR_APPS),
    key=lambda model: model.__name__,
)


@pytest.fixture
def editor(admin_user):
    return admin_user


def html_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def posted(client, url: str, data) -> None:
    """Post an admin form as a browser would (every value of a repeated field) and insist it
    was accepted: an invalid form answers 200 with its errors."""
    response = client.post(url, dict(data.lists()))
    assert response.status_code == 302, BeautifulSoup(response.content, "html.parser").select(
        ".error-message, .help-critical, .messages, .w-field__errors"
    )


def page_form(client, url: str, model):
    """The page editor's form as the browser would submit it, nothing changed yet."""
    return editor_form(html_of(client.get(url)), "page-edit-form", model)


def latest(log_model, **filters):
    return log_model.objects.filter(**filters).order_by("-timestamp", "-pk").first()


def page_revisions(page) -> int:
    return Revision.page_revisions.filter(object_id=str(page.pk)).count()


def assert_page_logged(page, action: str, user) -> PageLogEntry:
    entry = latest(PageLogEntry, page_id=page.pk, action=action)
    assert entry is not None, f"no {action} in {type(page).__name__}'s history"
    assert entry.user_id == user.pk, f"{action} of {type(page).__name__} not attributed"
    return entry


def an_existing(model):
    return model.objects.filter(locale=Locale.get_default()).order_by("pk").first()


def test_every_page_type_and_snippet_of_ours_is_covered():
    names = {model.__name__ for model in PAGE_TYPES}
    assert {"HomePage", "CentrePage", "OrganisationPage", "ServicePage", "StandardPage"} <= names
    assert len(PAGE_TYPES) == 12
    assert {model.__name__ for model in SNIPPETS} == {
        "AnnouncementCategory",
        "Category",
        "ServiceLanguage",
        "SiteAlert",
        "TargetGroup",
    }


@pytest.mark.parametrize("model", PAGE_TYPES, ids=lambda model: model.__name__)
def test_each_admin_action_on_a_page_leaves_a_revision_and_a_log_entry(
    admin_client, editor, model, monkeypatch
):
    page = an_existing(model)
    assert page is not None, f"the demo content has no {model.__name__}"
    parent = page.get_parent()
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])

    # Edit: a draft saved.
    revisions = page_revisions(page)
    data = page_form(admin_client, edit_url, model)
    data["title"] = f"{page.title} (draft)"
    posted(admin_client, edit_url, data)
    assert page_revisions(page) == revisions + 1
    entry = assert_page_logged(page, "wagtail.edit", editor)
    assert entry.revision.content["title"] == f"{page.title} (draft)"
    assert entry.revision.user_id == editor.pk

    # Publish.
    data = page_form(admin_client, edit_url, model)
    data["title"] = f"{page.title} (published)"
    data["action-publish"] = "action-publish"
    posted(admin_client, edit_url, data)
    page.refresh_from_db()
    assert page.live and page.title.endswith("(published)")
    assert page_revisions(page) == revisions + 2
    assert assert_page_logged(page, "wagtail.publish", editor).revision == page.live_revision

    # Unpublish.
    response = admin_client.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk]))
    assert response.status_code == 302
    page.refresh_from_db()
    assert not page.live
    assert_page_logged(page, "wagtail.unpublish", editor)

    # Create, then delete. Index and home pages are one per parent (``max_count_per_parent``);
    # the limit is lifted so a second one is created beside the demo's, whose subtree stays.
    monkeypatch.setattr(model, "max_count_per_parent", None)
    form = page_form(admin_client, edit_url, model)
    add_url = reverse(
        "wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk]
    )
    form["title"] = f"Νέα σελίδα {model.__name__}"
    form["slug"] = f"nea-{model._meta.model_name}"
    for name in list(form):  # the new page's inline rows are new rows too
        if name.endswith("-id"):
            form[name] = ""
    posted(admin_client, add_url, form)
    created = model.objects.get(slug=f"nea-{model._meta.model_name}", locale=page.locale)
    assert_page_logged(created, "wagtail.create", editor)
    assert page_revisions(created) == 1
    assert created.latest_revision.user_id == editor.pk
    delete_through_the_admin(admin_client, created, editor)


def delete_through_the_admin(client, page, user) -> None:
    response = client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))
    assert response.status_code == 302
    assert not Page.objects.filter(pk=page.pk).exists()
    entry = latest(PageLogEntry, page_id=page.pk, action="wagtail.delete")
    assert entry is not None and entry.user_id == user.pk


def snippet_url(model, view: str, *args) -> str:
    return reverse(
        f"wagtailsnippets_{model._meta.app_label}_{model._meta.model_name}:{view}", args=args
    )


def assert_snippet_logged(instance, action: str, user) -> ModelLogEntry:
    content_type = ContentType.objects.get_for_model(instance)
    entry = latest(
        ModelLogEntry, content_type=content_type, object_id=str(instance.pk), action=action
    )
    assert entry is not None, f"no {action} for {type(instance).__name__}"
    assert entry.user_id == user.pk
    return entry


@pytest.mark.parametrize("model", SNIPPETS, ids=lambda model: model.__name__)
def test_each_admin_action_on_a_snippet_leaves_a_revision_and_a_log_entry(
    admin_client, editor, model
):
    # Snippets keep revisions; none has a draft state (a site-wide alert is scheduled by its
    # own start and end, decision 0015), so there is no publish or unpublish to take.
    assert issubclass(model, RevisionMixin)
    assert not issubclass(model, DraftStateMixin)
    if model is SiteAlert and an_existing(SiteAlert) is None:  # the demo shows no banner
        SiteAlert.objects.create(locale=Locale.get_default(), message="Αλλαγή ωραρίου.")
    existing = an_existing(model)
    assert existing is not None, f"the demo content has no {model.__name__}"
    edit_url = snippet_url(model, "edit", existing.pk)
    form = editor_form(html_of(admin_client.get(edit_url)), "w-editor-form", model)

    # Edit.
    label_field = "message" if "message" in form else "name"
    form[label_field] = f"{form[label_field]} (αλλαγή)"
    posted(admin_client, edit_url, form)
    existing.refresh_from_db()
    entry = assert_snippet_logged(existing, "wagtail.edit", editor)
    assert existing.latest_revision is not None
    assert existing.latest_revision.user_id == editor.pk
    assert entry.revision == existing.latest_revision
    assert existing.revisions.count() == 1

    # Create: the same values under a new code, in the default language.
    add_url = snippet_url(model, "add") + f"?locale={existing.locale.language_code}"
    form = editor_form(html_of(admin_client.get(edit_url)), "w-editor-form", model)
    form[label_field] = f"Νέο: {form[label_field]}"
    if "code" in form:
        form["code"] = "nea" if model._meta.model_name != "servicelanguage" else "xx"
    posted(admin_client, add_url, form)
    created = model.objects.exclude(pk=existing.pk).get(**{label_field: form[label_field]})
    assert_snippet_logged(created, "wagtail.create", editor)
    assert created.revisions.count() == 1
    assert created.latest_revision.user_id == editor.pk

    # Delete.
    response = admin_client.post(snippet_url(model, "delete", created.pk))
    assert response.status_code == 302
    assert not model.objects.filter(pk=created.pk).exists()
    assert_snippet_logged(created, "wagtail.delete", editor)


def test_site_settings_and_promoted_results_changes_are_logged(admin_client, editor):
    """Neither is a snippet: Wagtail's settings view keeps no revisions, and promoted results
    are search configuration; each change is in the audit log with who made it."""
    from search.models import SearchPromotion

    settings = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    url = reverse("wagtailsettings:edit", args=["home", "portalsettings", settings.site_id])
    form = editor_form(html_of(admin_client.get(url)), "w-editor-form", PortalSettings)
    form["footer_text"] = "Τηλεφωνικό κέντρο: Δευτέρα έως Παρασκευή, 08:00–15:00."
    posted(admin_client, url, form)
    assert_snippet_logged(PortalSettings.objects.get(pk=settings.pk), "wagtail.edit", editor)

    add_url = reverse("search_promotions:add")
    form = editor_form(html_of(admin_client.get(add_url)), "w-editor-form", SearchPromotion)
    form.update(query="κεπ", page=str(an_existing(HomePage).pk), sort_order="0")
    posted(admin_client, add_url, form)
    promotion = SearchPromotion.objects.get(query="κεπ")
    assert_snippet_logged(promotion, "wagtail.create", editor)
    response = admin_client.post(reverse("search_promotions:delete", args=[promotion.pk]))
    assert response.status_code == 302
    assert_snippet_logged(promotion, "wagtail.delete", editor)
