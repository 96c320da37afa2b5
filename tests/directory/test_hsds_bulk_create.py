"""``import_hsds`` creates new organisations and their services in bulk (``directory.bulk_pages``):
the pages must be what Wagtail's own path (add_child, save_revision, publish) leaves — a sound
tree, one revision each, live or draft as asked, searchable, listed, editable."""

import json
import re
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.search.models import IndexEntry

from directory.hsds import ids, importer
from directory.hsds.importer import import_organisations
from directory.hsds.serialise import Serialiser
from directory.models import (
    DirectoryIndexPage,
    OrganisationPage,
    ServiceFacet,
    ServicePage,
)
from search.normalise import fold, phonetic_key

pytestmark = pytest.mark.django_db

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def new_copies(count: int = 6, suffix: str = "νέο") -> list[dict]:
    """Demo partners exported, with fresh ids (taxonomy ids kept) and new names: new
    organisations with locations, services, hours and terms."""
    pages = OrganisationPage.objects.live().filter(locale__language_code="el").order_by("path")
    el = pages.first().locale
    exported = json.loads(
        json.dumps(
            Serialiser(el, "el", lambda url: f"https://koinotita.example{url}").organisations(
                list(pages[:count]), True
            ),
            default=str,
        )
    )
    keep = set()

    def walk(value):
        if isinstance(value, dict):
            for key, item in value.items():
                if key in ("taxonomy_term_id", "taxonomy_id", "parent_id") and item:
                    keep.add(item)
                if key in ("taxonomy_term", "taxonomy_detail") and isinstance(item, dict):
                    keep.add(item.get("id"))
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(exported)
    fresh: dict[str, str] = {}
    copies = []
    for organisation in exported:
        organisation["name"] = f"{organisation['name']} {suffix}"
        for service in organisation.get("services") or []:
            service["name"] = f"{service['name']} {suffix}"
        text = json.dumps(organisation, ensure_ascii=False)
        text = UUID.sub(
            lambda m: m[0] if m[0] in keep else fresh.setdefault(m[0], str(uuid.uuid4())), text
        )
        copies.append(json.loads(text))
    return copies


def new_pages(organisations):
    keys = [ids.to_key(o["id"]) for o in organisations]
    orgs = list(OrganisationPage.objects.filter(translation_key__in=keys).order_by("path"))
    services = list(
        ServicePage.objects.filter(path__regex=r"^(" + "|".join(o.path for o in orgs) + ")")
        .filter(depth=orgs[0].depth + 1)
        .order_by("path")
    )
    return orgs, services


def snapshot(organisations) -> dict:
    """What the application sees of the imported pages, without ids and times."""
    orgs, services = new_pages(organisations)
    found = {}
    for page in [*orgs, *services]:
        revisions = Revision.page_revisions.filter(object_id=str(page.pk))
        found[page.translation_key] = {
            "tree": (page.depth, page.numchild, page.url_path, page.slug),
            "page": (page.title, page.draft_title, page.live, page.has_unpublished_changes),
            "published": (page.first_published_at is not None, page.live_revision_id is not None),
            "revisions": revisions.count(),
            "latest": page.latest_revision_id == revisions.first().pk,
            "content": {
                k: v
                for k, v in revisions.first().content.items()
                if k in ("title", "description", "slug", "live", "categories", "search_text")
            },
            "logs": sorted(
                PageLogEntry.objects.filter(page_id=page.pk).values_list("action", flat=True)
            ),
            "references": sorted(
                ReferenceIndex.objects.filter(object_id=str(page.pk)).values_list(
                    "model_path", flat=True
                )
            ),
            "search": IndexEntry.objects.filter(object_id=str(page.pk)).count(),
            "facets": sorted(
                ServiceFacet.objects.filter(service_id=page.pk).values_list("kind", "value")
            ),
            "search_text": getattr(page.specific, "search_text", None),
        }
    return found


def the_slow_path(organisations, publish: bool) -> dict:
    """The same import through Wagtail's per-page path, rolled back."""

    class Undo(Exception):
        pass

    importer._Run.bulk = False
    try:
        with transaction.atomic():
            import_organisations(organisations, publish=publish)
            found = snapshot(organisations)
            raise Undo
    except Undo:
        return found
    finally:
        importer._Run.bulk = True


@pytest.mark.parametrize("publish", [True, False])
def test_bulk_creation_leaves_what_the_per_page_path_leaves(publish):
    organisations = new_copies()
    slow = the_slow_path(organisations, publish)
    index = DirectoryIndexPage.objects.get(locale__language_code="el")
    children = index.get_children().count()
    summary = import_organisations(organisations, publish=publish)
    assert summary.counts["organisation"]["created"] == len(organisations)
    assert snapshot(organisations) == slow
    assert not any(Page.find_problems())
    index.refresh_from_db()
    assert index.numchild == children + len(organisations)


def test_published_pages_render_and_are_found(client):
    organisations = new_copies(count=4, suffix="Ζαγόρι")
    import_organisations(organisations, publish=True)
    orgs, services = new_pages(organisations)
    assert services and all(page.live for page in [*orgs, *services])
    service = services[0]
    for page in (orgs[0], service):
        assert page.live_revision_id == page.latest_revision_id
        assert client.get(page.url).status_code == 200
    text = " ".join(p for p in (service.title, service.description, service.eligibility) if p)
    assert service.search_text == f"{fold(text)} | {phonetic_key(text)}"  # as save() does
    listing = client.get("/domes/", {"q": "Ζαγόρι"}).content.decode()
    assert service.title in listing
    assert service in [p.specific for p in Page.objects.live().search("Ζαγόρι")]
    assert ServiceFacet.objects.filter(service=service).exists()


def test_a_draft_import_is_not_live_and_its_revision_opens_and_publishes(client):
    organisations = new_copies(count=2)
    summary = import_organisations(organisations)
    assert summary.counts["service"]["created"] > 0
    orgs, services = new_pages(organisations)
    for page in [*orgs, *services]:
        assert not page.live and page.has_unpublished_changes
        assert page.live_revision_id is None
        assert Revision.page_revisions.filter(object_id=str(page.pk)).count() == 1
    assert client.get(services[0].url).status_code == 404
    user = get_user_model().objects.create_superuser("bulk", "bulk@example.org", "x")
    client.force_login(user)
    for page in (orgs[0], services[0]):
        assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200
    revision = orgs[0].get_latest_revision()
    revision.publish()
    services[0].specific.get_latest_revision().publish()
    client.logout()
    assert client.get(services[0].url).status_code == 200
    assert not any(Page.find_problems())


def test_a_second_run_changes_nothing():
    organisations = new_copies(count=3)
    import_organisations(organisations, publish=True)
    revisions = Revision.objects.count()
    again = import_organisations(organisations, publish=True)
    assert again.created == 0 and again.updated == 0
    assert again.unchanged == len(organisations) + sum(
        len(o.get("services") or []) for o in organisations
    )
    assert Revision.objects.count() == revisions


def test_written_in_batches_the_tree_is_the_same(monkeypatch):
    monkeypatch.setattr(importer._Run, "flush_every", 3)
    organisations = new_copies(count=5)
    import_organisations(organisations, publish=True)
    assert not any(Page.find_problems())
    orgs, services = new_pages(organisations)
    assert sum(o.numchild for o in orgs) == len(services)
