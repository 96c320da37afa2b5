"""Partner self-service: a partner edits its own organisation and nothing else, cannot publish,
and its changes go live only when centre staff approve. The permission matrix tries every admin
route listed in the issue for five kinds of visitor."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

from directory.models import OrganisationPage, ServicePage
from directory.partner_access import CENTRE_STAFF, PARTNER_PREFIX, invite_partner

pytestmark = pytest.mark.django_db

ALLOWED, REFUSED = "allowed", "refused"
PAGE_ROUTES = [
    "edit",
    "history",
    "view_draft",
    "workflow_history",
    "add_service",
    "delete",
    "move",
    "copy",
    "unpublish",
    "revisions_view",
    "revisions_revert",
    "preview_on_edit",
]
PARTNER_OWN = {
    "edit": ALLOWED,
    "history": ALLOWED,
    "view_draft": ALLOWED,
    "workflow_history": ALLOWED,
    "add_service": ALLOWED,
    "delete": REFUSED,
    "move": REFUSED,
    # The copy form opens, but a copy can only land inside the partner's own
    # subtree, unpublished, and goes through review like any other change.
    "copy": ALLOWED,
    "unpublish": REFUSED,
    "revisions_view": ALLOWED,
    "revisions_revert": ALLOWED,  # opens the edit form on an old version; saving needs review
    "preview_on_edit": ALLOWED,
}


@pytest.fixture
def world(client):
    org_a = OrganisationPage.objects.get(slug="ngo-heraklion", locale__language_code="el")
    org_b = OrganisationPage.objects.get(slug="ngo-chania", locale__language_code="el")
    partner_a, _ = invite_partner(org_a, "a@partners.example")
    partner_b, _ = invite_partner(org_b, "b@partners.example")
    User = get_user_model()
    staff = User.objects.create_user("staff@centre.example", password="x")
    staff.groups.add(Group.objects.get(name=CENTRE_STAFF))
    admin = User.objects.create_superuser("root@centre.example", password="x")

    def media_in(organisation, name):
        """A document and an image in the organisation's own collection, their files named
        after ``name`` so that a response naming them can be recognised."""
        collection = Collection.objects.get(name=f"{PARTNER_PREFIX}{organisation.title}")
        document = get_document_model().objects.create(
            title="Έντυπο",
            collection=collection,
            file=SimpleUploadedFile(f"entypo-{name}.txt", b"demo"),
        )
        buffer = io.BytesIO()
        PILImage.new("RGB", (8, 8), "white").save(buffer, "PNG")
        image = get_image_model().objects.create(
            title="Φωτογραφία",
            collection=collection,
            file=SimpleUploadedFile(f"photo-{name}.png", buffer.getvalue()),
        )
        return document, image

    media_a = media_in(org_a, "alpha")
    media_b = media_in(org_b, "beta")
    # Partner B keeps its files for signed-in users only: a restriction every signed-in
    # editor passes, so it is no boundary between organisations.
    CollectionViewRestriction.objects.create(
        collection=media_b[0].collection, restriction_type=CollectionViewRestriction.LOGIN
    )

    return {
        "org_a": org_a,
        "org_b": org_b,
        "service_a": ServicePage.objects.child_of(org_a).first(),
        "service_b": ServicePage.objects.child_of(org_b).first(),
        "english_b": org_b.get_translation(org_b.locale.__class__.objects.get(language_code="en")),
        "media_a": media_a,
        "media_b": media_b,
        "users": {
            "anonymous": None,
            "partner_a": partner_a,
            "partner_b": partner_b,
            "staff": staff,
            "admin": admin,
        },
    }


def outcome(client, url) -> str:
    """ALLOWED, or REFUSED the right way: a signed-in user gets the 403 page, a visitor is
    sent to sign in. Never a 500, never a silent redirect."""
    response = client.get(url)
    assert response.status_code != 500, url
    if response.status_code == 200:
        return ALLOWED
    if "_auth_user_id" in client.session:
        assert response.status_code == 403, (url, response.status_code)
        assert "wagtailadmin/permission_denied.html" in [t.name for t in response.templates]
    else:
        assert response.status_code == 302, (url, response.status_code)
        assert "/admin/login/" in response["Location"]
    return REFUSED


def as_user(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)


@pytest.mark.parametrize("who", ["anonymous", "partner_a", "partner_b", "staff", "admin"])
def test_page_permission_matrix(client, world, who):
    as_user(client, world["users"][who])
    for target in ("org_a", "service_a", "org_b", "service_b", "english_b"):
        page = world[target]
        for route in PAGE_ROUTES:
            if route == "add_service":
                if target.startswith("service"):
                    continue  # services have no children
                url = reverse("wagtailadmin_pages:add", args=["directory", "servicepage", page.pk])
            elif route.startswith("revisions_"):
                args = [page.pk, page.get_latest_revision().pk]
                url = reverse(f"wagtailadmin_pages:{route}", args=args)
            else:
                url = reverse(f"wagtailadmin_pages:{route}", args=[page.pk])
            result = outcome(client, url)
            if who == "anonymous":
                expected = REFUSED
            elif who in ("admin", "staff"):
                expected = ALLOWED
            elif (who == "partner_a") == target.endswith("_a"):
                expected = PARTNER_OWN[route]
            else:
                expected = REFUSED
            assert result == expected, (who, target, route, result)


@pytest.mark.parametrize("who", ["anonymous", "partner_a", "partner_b", "staff", "admin"])
def test_media_permission_matrix(client, world, who):
    as_user(client, world["users"][who])
    for owner in ("a", "b"):
        document, image = world[f"media_{owner}"]
        for url in (
            reverse("wagtaildocs:edit", args=[document.pk]),
            reverse("wagtailimages:edit", args=[image.pk]),
        ):
            result = outcome(client, url)
            if who == "anonymous":
                expected = REFUSED
            elif who in ("staff", "admin"):
                expected = ALLOWED
            else:
                expected = ALLOWED if who == f"partner_{owner}" else REFUSED
            assert result == expected, (who, owner, url, result)


def test_partners_cannot_reach_taxonomy_or_settings(client, world):
    as_user(client, world["users"]["partner_a"])
    for url in (
        "/admin/snippets/directory/category/",
        "/admin/users/",
        "/admin/groups/",
        "/admin/settings/home/portalsettings/1/",
    ):
        assert outcome(client, url) == REFUSED, url


def test_a_partner_cannot_publish_lock_or_bypass_review(client, world):
    partner = world["users"]["partner_a"]
    service = world["service_a"]
    permissions = service.permissions_for_user(partner)
    assert permissions.can_edit() and not permissions.can_publish()
    assert not permissions.can_lock() and not permissions.can_delete()
    assert not world["service_b"].permissions_for_user(partner).can_edit()
    as_user(client, partner)
    for route in ("lock", "unpublish"):
        response = client.post(reverse(f"wagtailadmin_pages:{route}", args=[service.pk]))
        assert response.status_code in (302, 403)
    service.refresh_from_db()
    assert service.live and not service.locked


def test_changes_go_live_only_after_centre_staff_approve(client, world):
    partner, staff = world["users"]["partner_a"], world["users"]["staff"]
    service = world["service_a"].specific
    original = service.description
    service.description = "Νέο ωράριο από τον Δεκέμβριο."
    revision = service.save_revision(user=partner)
    workflow = service.get_workflow()
    assert workflow is not None
    state = workflow.start(service, partner)
    task = state.current_task_state.task.specific
    assert task.get_actions(service, partner) == []  # the partner cannot approve
    assert client.get(service.url).content.decode().count("Νέο ωράριο") == 0
    assert original in client.get(service.url).content.decode()
    assert [name for name, *_ in task.get_actions(service, staff)][:2] == ["reject", "approve"]
    state.current_task_state.approve(user=staff)
    service.refresh_from_db()
    assert service.live_revision_id == revision.pk
    assert "Νέο ωράριο από τον Δεκέμβριο." in client.get(service.url).content.decode()


def test_invite_partner_command(world):
    out = io.StringIO()
    call_command("invite_partner", "ngo-xanthi", "new@partners.example", stdout=out)
    assert "Password (shown once)" in out.getvalue()
    user = get_user_model().objects.get(username="new@partners.example")
    assert user.groups.filter(name__startswith=PARTNER_PREFIX).count() == 1
    with pytest.raises(Exception, match="No organisation"):
        call_command("invite_partner", "no-such-org", "x@partners.example")
    with pytest.raises(Exception, match="Not an e-mail"):
        call_command("invite_partner", "ngo-xanthi", "not-an-email")


def test_choosers_show_a_partner_only_what_is_theirs_or_public(client, world):
    org_b = world["org_b"]
    draft_b = ServicePage(title="Πρόχειρη υπηρεσία Β", slug="draft-b", description="—", live=False)
    org_b.add_child(instance=draft_b)
    draft_b.save_revision()
    draft_a = ServicePage(title="Πρόχειρη υπηρεσία Α", slug="draft-a", description="—", live=False)
    world["org_a"].add_child(instance=draft_a)
    draft_a.save_revision()
    as_user(client, world["users"]["partner_a"])

    def chooser(page):
        url = reverse("wagtailadmin_choose_page_child", args=[page.pk])
        response = client.get(url)
        assert response.status_code == 200
        return response.json()["html"]

    assert "Πρόχειρη υπηρεσία Α" in chooser(world["org_a"])
    other = chooser(org_b)
    assert world["service_b"].title in other  # live pages stay linkable
    assert "Πρόχειρη υπηρεσία Β" not in other
    search = client.get(reverse("wagtailadmin_choose_page_search"), {"q": "Πρόχειρη"})
    found = search.content.decode()  # the results fragment, as HTML
    assert "Πρόχειρη υπηρεσία Α" in found
    assert "Πρόχειρη υπηρεσία Β" not in found
    as_user(client, world["users"]["staff"])
    assert "Πρόχειρη υπηρεσία Β" in chooser(org_b)  # staff are not limited

    as_user(client, world["users"]["partner_a"])
    for name in ("wagtailimages_chooser:choose", "wagtaildocs_chooser:choose"):
        listing = client.get(reverse(name)).json()["html"]
        own = world["media_a"][0 if "docs" in name else 1]
        other_media = world["media_b"][0 if "docs" in name else 1]
        assert f"/{own.pk}/" in listing, name
        assert f"/{other_media.pk}/" not in listing, name


def test_submitting_for_review_emails_centre_staff(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    staff = world["users"]["staff"]
    staff.email = "staff@centre.example"
    staff.save()
    partner = world["users"]["partner_a"]
    service = world["service_a"].specific
    service.description = "Νέο ωράριο από τον Δεκέμβριο."
    service.save_revision(user=partner)
    with django_capture_on_commit_callbacks(execute=True):
        service.get_workflow().start(service, partner)
    recipients = [address for message in mailoutbox for address in message.to]
    assert "staff@centre.example" in recipients
    message = next(m for m in mailoutbox if "staff@centre.example" in m.to)
    assert service.title in message.subject + message.body
    assert partner.email not in recipients  # the submitter is not told of their own change


@pytest.mark.parametrize("data", [{"title": "Άλλο", "action-publish": "1"}, {"title": "Άλλο"}, {}])
def test_an_incomplete_edit_post_is_refused_cleanly(client, world, data):
    service = world["service_a"]
    as_user(client, world["users"]["partner_a"])
    response = client.post(reverse("wagtailadmin_pages:edit", args=[service.pk]), data)
    assert response.status_code == 400
    assert "wagtailadmin/incomplete_form.html" in [t.name for t in response.templates]
    fresh = ServicePage.objects.get(pk=service.pk)
    assert fresh.title == service.title
    assert fresh.latest_revision_id == service.latest_revision_id  # nothing half-written


def test_the_admin_listing_of_a_large_organisation_is_paged(client, world):
    """An organisation with hundreds of services: its admin listing shows one page of rows
    and makes the same number of queries at 60 services as at 120."""
    organisation = world["org_a"]
    as_user(client, world["users"]["staff"])
    url = reverse("wagtailadmin_explore", args=[organisation.pk])

    def add_services(start, count):
        for number in range(start, start + count):
            organisation.add_child(
                instance=ServicePage(
                    title=f"Υπηρεσία {number}", slug=f"bulk-{number}", description="—"
                )
            )

    def queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured), response.content.decode()

    add_services(0, 60)
    at_sixty, page = queries()
    assert "?p=2" in page  # paged
    add_services(60, 60)
    at_hundred_twenty, _ = queries()
    assert at_hundred_twenty == at_sixty
