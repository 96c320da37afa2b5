"""A partner's restricted files are never served to another organisation's editor, and the
replacements ``directory.partner_media`` and ``directory.partner_bulk_actions`` make through
Wagtail's hooks are the ones in use: a Wagtail upgrade that adds an admin API endpoint or a
bulk action for images, documents or pages, or registers its own after ours, fails here. What
partner A sees of partner B's files on every admin route is tested by the permission matrix
(test_route_permissions)."""

import pytest
from django.contrib.auth.models import Group
from wagtail.admin.api.urls import admin_api
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.models import CollectionViewRestriction

from directory import partner_bulk_actions, partner_media
from tests.directory.test_partner_access import as_user, world  # noqa: F401 - a fixture
from tests.security import routes
from tests.security.test_uploads import storage  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def test_a_restricted_document_is_served_only_to_its_own_organisation_and_staff(
    client,
    storage,  # noqa: F811 - before ``world``, which stores the files
    world,  # noqa: F811
):
    """B's collection is for signed-in users only (the world fixture); A's is made so too.
    On both kinds of storage the portal runs on."""
    own, other = world["media_a"][0], world["media_b"][0]
    CollectionViewRestriction.objects.create(
        collection=own.collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    expected = {
        ("partner_a", "a"): 200,
        ("partner_a", "b"): 403,
        ("partner_b", "a"): 403,
        ("partner_b", "b"): 200,
        ("staff", "a"): 200,
        ("staff", "b"): 200,
        ("admin", "a"): 200,
        ("admin", "b"): 200,
        ("anonymous", "a"): 302,
        ("anonymous", "b"): 302,
    }
    for (who, owner), status in expected.items():
        as_user(client, world["users"][who])
        response = client.get((own if owner == "a" else other).url)
        assert response.status_code == status, (who, owner, response.status_code)
        assert (body(response) == b"demo") == (status == 200), (who, owner)


def test_a_partner_still_downloads_another_organisations_public_document(client, storage, world):  # noqa: F811
    other = world["media_b"][0]
    CollectionViewRestriction.objects.filter(collection=other.collection).delete()
    as_user(client, world["users"]["partner_a"])
    response = client.get(other.url)
    assert response.status_code == 200 and body(response) == b"demo"


def test_a_restriction_to_named_groups_is_left_to_wagtail(client, storage, world):  # noqa: F811
    """Staff who share a collection with partner A's group by name mean A to read it."""
    other = world["media_b"][0]
    CollectionViewRestriction.objects.filter(collection=other.collection).delete()
    restriction = CollectionViewRestriction.objects.create(
        collection=other.collection, restriction_type=CollectionViewRestriction.GROUPS
    )
    partner_a = world["users"]["partner_a"]
    restriction.groups.add(*Group.objects.filter(user=partner_a))
    as_user(client, partner_a)
    assert client.get(other.url).status_code == 200


def test_the_admin_api_uses_the_limited_endpoints():
    assert admin_api._endpoints["images"] is partner_media.ImagesAPIViewSet
    assert admin_api._endpoints["documents"] is partner_media.DocumentsAPIViewSet
    for name, endpoint in admin_api._endpoints.items():
        model = getattr(endpoint, "model", None)
        if model is not None and model._meta.app_label in ("wagtailimages", "wagtaildocs"):
            assert issubclass(endpoint, partner_media.OwnFilesAPIMixin), name


@pytest.mark.parametrize(
    ("app_label", "model_name", "actions"),
    [
        ("wagtailimages", "image", {"add_tags", "add_to_collection", "delete"}),
        ("wagtaildocs", "document", {"add_tags", "add_to_collection", "delete"}),
        ("wagtailcore", "page", {"delete", "move", "publish", "unpublish"}),
    ],
)
def test_every_bulk_action_on_files_and_pages_is_limited(app_label, model_name, actions):
    registered = list(bulk_action_registry.get_bulk_actions_for_model(app_label, model_name))
    assert {action.action_type for action in registered} == actions
    for action in registered:
        assert issubclass(action, partner_bulk_actions.VisibleOnlyMixin), action


def test_no_route_serves_an_image_file():
    """Original images are never published and renditions are public files (decision 0013):
    were Wagtail's image-serving view added to the URLconf, it would need the check documents
    have."""
    assert not [
        route
        for route in routes.all_routes()
        if (route.name or "").startswith("wagtailimages_serve")
    ]
