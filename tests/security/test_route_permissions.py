"""The permission matrix over every route: the URLconf is walked, the Wagtail
admin's and every app's hook-registered screens included, and

- every route is either public by design (listed below, with the reason) or sends a visitor
  to sign in, for GET and POST alike;
- a partner editor, signed in, is refused every admin route that names another
  organisation's page, document, image, workflow or translation, or the portal's users,
  groups, sites, settings and taxonomy — except the screens listed below, which must answer
  without showing any of the other organisation's unpublished titles.

A new route that is neither listed nor refused fails here, so it cannot ship unchecked.

Two partners each own an image and a document in their own collection, the other's
restricted to signed-in users (a restriction every editor passes). No answer to partner A, on
any admin route — the admin API's listings and details and every registered bulk action
included — names partner B's files: not their titles, their files' names or addresses, nor
the admin and API addresses of the files themselves.

The pages-only matrix for five kinds of visitor is in tests/directory/test_partner_access.py.
"""

import pytest
from django.urls import reverse
from wagtail.admin.models import EditingSession
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from tests.directory.test_partner_access import as_user, world  # noqa: F401 - a fixture
from tests.security import routes, targets

pytestmark = pytest.mark.django_db

HSDS = "the HSDS open-data API: read-only, published services only (tests/directory/test_hsds_*)"
FEED = "announcement feeds: published announcements only"
PUBLIC_BY_DESIGN = {
    "wagtail_serve": "the public site; private pages are Wagtail's view restrictions",
    "wagtailcore_login": "the sign-in for private pages",
    "wagtailcore_authenticate_with_password": "the password form of a password-protected page",
    "wagtaildocs_serve": "documents; private collections are checked (tests/security/test_uploads)",
    "wagtaildocs_authenticate_with_password": "the password form of a protected collection",
    "sitemap": "lists the live public pages, for search engines",
    "robots_txt": "tells crawlers what to read",
    "search": "the site search: live public pages only",
    "search_suggest": "search suggestions: live public page titles only",
    "finder_json": "the centre finder's JSON (docs/api/finder.md)",
    "dismiss_alert": "hides an alert for this browser with a cookie; changes nothing stored",
    "announcements_atom": FEED,
    "announcements_rss": FEED,
    "centre_announcements_atom": FEED,
    "centre_announcements_rss": FEED,
    "hsds:root": HSDS,
    "hsds:openapi": HSDS,
    "hsds:services": HSDS,
    "hsds:service": HSDS,
    "hsds:organizations": HSDS,
    "hsds:organization": HSDS,
    "hsds:service_at_locations": HSDS,
    "hsds:service_at_location": HSDS,
    "hsds:taxonomies": HSDS,
    "hsds:taxonomy": HSDS,
    "hsds:taxonomy_terms": HSDS,
    "hsds:taxonomy_term": HSDS,
    "wagtailadmin_login": "the admin's sign-in form",
    "wagtailadmin_password_reset": "asks for an e-mail address; says the same whether it exists",
    "wagtailadmin_password_reset_done": "a fixed message",
    "wagtailadmin_password_reset_confirm": "needs the token sent by e-mail",
    "wagtailadmin_password_reset_complete": "a fixed message",
    "wagtailadmin_javascript_catalog": "the admin scripts' translated strings, the same for all",
    "wagtailadmin_sprite": "the admin's icons",
    "healthz": "liveness for a load balancer: says only that the process answers",
    "readyz": "readiness for a load balancer: names failing dependencies, nothing else",
}

CHOOSER = "a chooser used while editing a page; lists only what the partner may choose"
TAXONOMY = "the taxonomy a partner tags services with; the same words are public on the site"
WAGTAIL_FILTERED = "Wagtail lists only pages the partner may explore or edit"
OWN_MEDIA = "the partner's own media and upload forms; other collections are not listed"
PARTNER_MAY = {
    "wagtailadmin_home": "the dashboard",
    "admin/test404/": "Wagtail's not-found page, rendered for a test",
    "wagtailadmin_error_test": "Wagtail's deliberate error, for testing error reports",
    "wagtailadmin_account": "the partner's own account",
    "wagtailadmin_logout": "signing out",
    **dict.fromkeys(
        (
            "signin_manage",
            "signin_verify",
            "signin_setup",
            "signin_backup_codes",
            "signin_new_backup_codes",
            "signin_turn_off",
        ),
        "the partner's own two-step verification (signin/)",
    ),
    "wagtailadmin_dismissibles": "the partner's own dismissed tips",
    "wagtailadmin_editing_sessions:release": "ends the partner's own editing sessions only",
    "wagtailadmin_block_preview": "previews a block type with its sample content",
    "wagtailadmin_api:pages:listing": WAGTAIL_FILTERED,
    "wagtailadmin_api:documents:listing": OWN_MEDIA,
    "wagtailadmin_api:images:listing": OWN_MEDIA,
    "wagtailadmin_explore_root": WAGTAIL_FILTERED,
    "wagtailadmin_explore": WAGTAIL_FILTERED + " (children of another organisation: none)",
    "wagtailadmin_explore_results": WAGTAIL_FILTERED,
    "wagtailadmin_pages:search": WAGTAIL_FILTERED,
    "wagtailadmin_pages:search_results": WAGTAIL_FILTERED,
    "wagtailadmin_pages:type_use": WAGTAIL_FILTERED,
    "wagtailadmin_pages:type_use_results": WAGTAIL_FILTERED,
    "wagtailadmin_pages:choose_parent": "goes straight to adding a service in the partner's own",
    "wagtailadmin_reports:workflow": WAGTAIL_FILTERED,
    "wagtailadmin_reports:workflow_results": WAGTAIL_FILTERED,
    "wagtailadmin_reports:workflow_tasks": WAGTAIL_FILTERED,
    "wagtailadmin_reports:workflow_tasks_results": WAGTAIL_FILTERED,
    "wagtailadmin_reports:site_history": "Wagtail lists only changes to what the partner edits",
    "wagtailadmin_reports:site_history_results": "as site_history",
    "wagtailadmin_reports:aging_pages": WAGTAIL_FILTERED,
    "wagtailadmin_reports:aging_pages_results": WAGTAIL_FILTERED,
    "wagtail_localize:translations_report": "translations of what the partner may edit",
    "wagtail_localize:translations_report_results": "as translations_report",
    "wagtail_localize:javascript_catalog": "wagtail-localize's translated strings",
    "wagtail_localize:snippets_api_listing": TAXONOMY,
    "wagtail_localize:snippets_api_detail": TAXONOMY,
    "wagtailforms:index": "lists form pages the partner may edit: none",
    "wagtailforms:index_results": "as wagtailforms:index",
    "wagtailembeds:chooser": "embeds are switched off (WAGTAILEMBEDS_FINDERS = [])",
    "wagtailembeds:chooser_upload": "as wagtailembeds:chooser",
    "wagtailadmin_tag_autocomplete": "tag names, which are public with the content",
    "wagtailadmin_workflows:task_chooser": "names the review steps; creating one needs a right",
    "wagtailadmin_workflows:task_chooser_results": "as task_chooser",
    "wagtailadmin_workflows:task_chooser_create": "shows no form without the right to add",
    "wagtailadmin_workflows:task_chosen": "as task_chooser",
    "wagtaildocs:index": OWN_MEDIA,
    "wagtaildocs:index_results": OWN_MEDIA,
    "wagtaildocs:add": OWN_MEDIA,
    "wagtaildocs:add_multiple": OWN_MEDIA,
    "wagtailimages:index": OWN_MEDIA,
    "wagtailimages:index_results": OWN_MEDIA,
    "wagtailimages:add": OWN_MEDIA,
    "wagtailimages:add_multiple": OWN_MEDIA,
    "wagtaildocs_chooser:choose": CHOOSER,
    "wagtaildocs_chooser:choose_results": CHOOSER,
    "wagtaildocs_chooser:chosen_multiple": CHOOSER,
    "wagtaildocs_chooser:create": CHOOSER,
    "wagtailimages_chooser:choose": CHOOSER,
    "wagtailimages_chooser:choose_results": CHOOSER,
    "wagtailimages_chooser:chosen_multiple": CHOOSER,
    "wagtailimages_chooser:create": CHOOSER,
    "wagtailadmin_choose_page": CHOOSER + " (directory.partner_access.limit_page_chooser)",
    "wagtailadmin_choose_page_child": CHOOSER + " (another organisation: live pages only)",
    "wagtailadmin_choose_page_search": CHOOSER,
    "wagtailadmin_choose_page_chosen_multiple": CHOOSER,
    "wagtailadmin_choose_page_external_link": "a form for a link address",
    "wagtailadmin_choose_page_email_link": "a form for an e-mail link",
    "wagtailadmin_choose_page_phone_link": "a form for a phone link",
    "wagtailadmin_choose_page_anchor_link": "a form for an anchor link",
}
# Snippet choosers: Wagtail has no "choose" permission for snippets. The taxonomy is needed
# to edit a service; a site alert is public once it starts (noted in decision 0013).
for model in ("sitealert", "announcementcategory", "category", "targetgroup", "servicelanguage"):
    app = "home" if model in ("sitealert", "announcementcategory") else "directory"
    for view in ("choose", "choose_results", "chosen", "chosen_multiple"):
        PARTNER_MAY[f"wagtailsnippetchoosers_{app}_{model}:{view}"] = TAXONOMY


def as_text(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def is_refused(client, response) -> bool:
    """403 or 404 (the object is not revealed), or a redirect to a refusal: Wagtail sends
    some refusals to the dashboard with a message, and some screens to a sibling that
    refuses (a revision list to the history)."""
    if response.status_code in (401, 403, 404):
        return True
    if response.status_code != 302:
        return False
    target = response["Location"]
    if target.startswith(reverse("wagtailadmin_login")) or target == reverse("wagtailadmin_home"):
        return True
    return client.get(target).status_code in (403, 404)


def answers(client, url) -> dict:
    """What each method gets; a method the route does not take answers 405 and says nothing."""
    outcome = {}
    for method in ("get", "post", "put", "delete"):
        if method in ("put", "delete") and {r.status_code for r in outcome.values()} != {405}:
            break  # only for routes that take neither GET nor POST
        response = getattr(client, method)(url)
        assert response.status_code != 500, (method, url)
        outcome[method] = response
    return {method: r for method, r in outcome.items() if r.status_code != 405}


def listed(leaks) -> str:
    return "\n".join(str(leak) for leak in leaks)


def traces_of_b(response, things: dict) -> list[str]:
    """Which of partner B's unpublished titles and traces of B's files the answer shows."""
    text = as_text(response)
    found = {**targets.SECRETS, **targets.media_traces(things)}
    return [what for what, secret in found.items() if secret in text]


@pytest.fixture
def things(world):  # noqa: F811
    return targets.build(world)


def test_every_public_route_is_still_there():
    keys = {route.key for route in routes.all_routes()}
    assert set(PUBLIC_BY_DESIGN) <= keys, set(PUBLIC_BY_DESIGN) - keys
    assert set(PARTNER_MAY) <= keys, set(PARTNER_MAY) - keys


def test_every_other_route_sends_a_visitor_to_sign_in(client, things):
    value = targets.filler(things)
    for route in routes.all_routes():
        if route.key in PUBLIC_BY_DESIGN:
            continue
        url = route.url(value)
        methods = answers(client, url)
        assert methods, url
        for method, response in methods.items():
            assert response.status_code == 302, (method, url, response.status_code)
            assert response["Location"].startswith(reverse("wagtailadmin_login")), (method, url)


def test_a_partner_is_refused_everything_of_another_organisation(client, world, things):  # noqa: F811
    partner = world["users"]["partner_a"]
    value = targets.filler(things)
    leaks = []
    for route in routes.admin_routes():
        if route.key in PUBLIC_BY_DESIGN or route.key in PARTNER_MAY:
            continue
        url = route.url(value)
        as_user(client, partner)
        methods = answers(client, url)
        assert methods, url
        for method, response in methods.items():
            if not is_refused(client, response) or traces_of_b(response, things):
                leaks.append((method, url, response.status_code, traces_of_b(response, things)))
    assert not leaks, listed(leaks)


def test_what_a_partner_may_open_shows_nothing_unpublished_of_another(client, world, things):  # noqa: F811
    """The screens every editor opens list only what the partner may see: searched for the
    other organisation's draft title, its title awaiting review, and its media's titles;
    asked for the other organisation's files by id, by collection and newest first."""
    partner = world["users"]["partner_a"]
    value = targets.filler(things)
    queries = [
        {},
        {"q": "ΜΥΣΤΙΚΟ"},
        {"search": "ΜΥΣΤΙΚΟ"},
        {"child_of": things["page"].pk},
        {"id": things["image"].pk},
        {"id": things["document"].pk},
        {"collection_id": things["collection"].pk},
        {"order": "-id"},
    ]
    leaks = []
    for route in routes.admin_routes():
        if route.key not in PARTNER_MAY or route.name in ("wagtailadmin_logout",):
            continue
        url = route.url(value)
        for query in queries:
            as_user(client, partner)
            if route.name == "wagtailadmin_error_test":
                with pytest.raises(Exception, match="emergency broadcast"):
                    client.get(url)
                continue
            response = client.get(url, query)
            # 400: a parameter this screen does not take
            assert response.status_code in (200, 302, 400, 404, 405), (url, response.status_code)
            if leaked := traces_of_b(response, things):
                leaks.append((url, query, leaked))
    assert not leaks, listed(leaks)


def test_a_partner_cannot_end_another_editors_session(client, world, things):  # noqa: F811
    session = things["editing_session"]
    as_user(client, world["users"]["partner_a"])
    client.post(reverse("wagtailadmin_editing_sessions:release", args=[session.pk]))
    assert EditingSession.objects.filter(pk=session.pk).exists()


def test_the_move_confirmation_names_no_page_the_partner_may_not_move(client, world, things):  # noqa: F811
    draft, own = things["draft"], world["org_a"]
    as_user(client, world["users"]["partner_a"])
    response = client.get(reverse("wagtailadmin_pages:move_confirm", args=[draft.pk, own.pk]))
    assert response.status_code == 403
    assert targets.SECRETS["draft"] not in response.content.decode()


def test_staff_still_confirm_a_move_they_may_make(client, world, things):  # noqa: F811
    service = world["service_a"]
    as_user(client, world["users"]["staff"])
    url = reverse("wagtailadmin_pages:move_confirm", args=[service.pk, world["org_b"].pk])
    assert client.get(url).status_code == 200


def test_only_publishers_see_which_page_of_each_type_was_edited_last(client, world, things):  # noqa: F811
    url = reverse("wagtailadmin_reports:page_types_usage")
    as_user(client, world["users"]["partner_a"])
    assert client.get(url).status_code == 403
    as_user(client, world["users"]["staff"])
    assert client.get(url).status_code == 200


# --- the admin API and the bulk actions ----------------------------------------------------


def api_ids(client, name, query=None) -> set[int]:
    response = client.get(reverse(f"wagtailadmin_api:{name}:listing"), query or {})
    assert response.status_code == 200, (name, query, response.status_code)
    return {item["id"] for item in response.json()["items"]}


def test_the_admin_api_gives_a_partner_only_their_own_files(client, world, things):  # noqa: F811
    document_a, image_a = world["media_a"]
    as_user(client, world["users"]["partner_a"])
    leaks = []
    for name, own, other in (
        ("images", image_a, things["image"]),
        ("documents", document_a, things["document"]),
    ):
        for query in ({}, {"order": "-id"}, {"id": other.pk}, {"search": "ΜΥΣΤΙΚΟ"}):
            if other.pk in api_ids(client, name, query):
                leaks.append((f"wagtailadmin_api:{name}:listing", query))
        assert own.pk in api_ids(client, name, {"id": own.pk}), name
        detail = f"wagtailadmin_api:{name}:detail"
        assert client.get(reverse(detail, args=[own.pk])).status_code == 200, name
        response = client.get(reverse(detail, args=[other.pk]))
        if response.status_code != 404 or traces_of_b(response, things):
            leaks.append((reverse(detail, args=[other.pk]), response.status_code))
        find = reverse(f"wagtailadmin_api:{name}:find")
        response = client.get(find, {"id": other.pk})
        if response.status_code != 404:
            leaks.append((f"{find}?id={other.pk}", response.status_code))
    draft = things["draft"].pk
    assert client.get(reverse("wagtailadmin_api:pages:detail", args=[draft])).status_code == 404
    assert draft not in api_ids(client, "pages", {"order": "-id"})
    assert not leaks, listed(leaks)


@pytest.mark.parametrize("who", ["staff", "admin"])
def test_the_admin_api_still_gives_staff_every_file(client, world, things, who):  # noqa: F811
    as_user(client, world["users"][who])
    for name, model, other in (
        ("images", get_image_model(), things["image"]),
        ("documents", get_document_model(), things["document"]),
    ):
        assert api_ids(client, name, {"id": other.pk}) == {other.pk}, (who, name)
        newest = set(model.objects.order_by("-id").values_list("pk", flat=True)[:20])
        assert api_ids(client, name, {"order": "-id"}) == newest, (who, name)


# B's own object of each model a bulk action works on; other models (the taxonomy, alerts)
# have none, and their bulk actions must simply say nothing of B.
BULK_TARGETS = {
    ("wagtailimages", "image"): "image",
    ("wagtaildocs", "document"): "document",
    ("wagtailcore", "page"): "draft",
    ("auth", "user"): "user",
}


def bulk_actions():
    """Every registered bulk action: (app label, model name, action)."""
    bulk_action_registry._scan_for_bulk_actions()
    return [
        (app_label, model_name, action)
        for app_label, models in bulk_action_registry.actions.items()
        for model_name, actions in models.items()
        for action in actions
    ]


def test_every_bulk_action_is_walked():
    assert {(app, model) for app, model, _action in bulk_actions()} >= set(BULK_TARGETS)


def snapshot(obj) -> dict:
    """What a bulk action could change on ``obj``, or that it is gone."""
    fresh = type(obj).objects.filter(pk=obj.pk).first()
    if fresh is None:
        return {"deleted": True}
    state = {"str": str(fresh)}
    for field in ("collection_id", "live", "path", "is_active"):
        state[field] = getattr(fresh, field, None)
    if hasattr(fresh, "tags"):
        state["tags"] = sorted(fresh.tags.names())
    if hasattr(fresh, "groups"):
        state["groups"] = sorted(fresh.groups.values_list("pk", flat=True))
    return state


def test_no_bulk_action_names_or_touches_another_organisations_things(client, world, things):  # noqa: F811
    """Every registered bulk action, asked by partner A about partner B's image, document,
    draft page or account: the confirmation page is refused (403, 404 or a redirect to a
    refusal) and names nothing of B's, and posting the action changes nothing. Asked for
    "all" (in B's page or collection), it names nothing of B's either."""
    partner = world["users"]["partner_a"]
    form = {  # what any of the actions' forms posts; fields an action does not take are ignored
        "tags": "σήμανση-α",
        "collection": world["media_a"][0].collection_id,
        "include_descendants": "on",
        "move_applicable": "on",
    }
    parents = {"wagtailcore": things["page"].pk, "wagtailimages": things["collection"].pk}
    parents["wagtaildocs"] = parents["wagtailimages"]
    leaks = []
    for app_label, model_name, action in bulk_actions():
        url = reverse("wagtail_bulk_action", args=[app_label, model_name, action])
        as_user(client, partner)
        response = client.get(url, {"id": "all", "childOf": parents.get(app_label, "")})
        assert response.status_code in (200, 302, 403, 404), (url, response.status_code)
        if leaked := traces_of_b(response, things):
            leaks.append((f"{url}?id=all", leaked))
        key = BULK_TARGETS.get((app_label, model_name))
        if key is None:
            continue
        target = things[key]
        where = f"{url}?id={target.pk}"
        response = client.get(where)
        if not is_refused(client, response) or traces_of_b(response, things):
            leaks.append((where, response.status_code, traces_of_b(response, things)))
        before = snapshot(target)
        response = client.post(where, form)
        if response.status_code not in (302, 403, 404) or traces_of_b(response, things):
            leaks.append(("POST", where, response.status_code, traces_of_b(response, things)))
        assert snapshot(target) == before, where
    assert not leaks, listed(leaks)


def test_a_bulk_action_on_own_and_others_files_names_only_the_own(client, world, things):  # noqa: F811
    document_a, image_a = world["media_a"]
    as_user(client, world["users"]["partner_a"])
    for app_label, model_name, own, other in (
        ("wagtailimages", "image", image_a, things["image"]),
        ("wagtaildocs", "document", document_a, things["document"]),
    ):
        url = reverse("wagtail_bulk_action", args=[app_label, model_name, "add_tags"])
        response = client.get(url, {"id": [own.pk, other.pk]})
        assert response.status_code == 200, (url, response.status_code)
        assert own.title in as_text(response)
        assert not traces_of_b(response, things), url
        response = client.post(f"{url}?id={own.pk}&id={other.pk}", {"tags": "δική-μας"})
        assert response.status_code == 302, (url, response.status_code)
        assert "δική-μας" in type(own).objects.get(pk=own.pk).tags.names()
        assert "δική-μας" not in type(other).objects.get(pk=other.pk).tags.names()


def test_staff_still_bulk_edit_every_organisations_files(client, world, things):  # noqa: F811
    as_user(client, world["users"]["staff"])
    for app_label, model_name, other in (
        ("wagtailimages", "image", things["image"]),
        ("wagtaildocs", "document", things["document"]),
    ):
        for action in ("add_tags", "add_to_collection", "delete"):
            url = reverse("wagtail_bulk_action", args=[app_label, model_name, action])
            response = client.get(url, {"id": other.pk})
            assert response.status_code == 200, (url, response.status_code)
            assert other.title in as_text(response), url
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    assert client.get(url, {"id": things["draft"].pk}).status_code == 200
