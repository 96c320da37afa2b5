"""Objects for every kind of parameter an admin or public route takes, each belonging to
someone other than the partner under test (partner B's pages and media, the portal's users,
groups, settings, workflows, translations…), and the function that fills a route's
parameters with them."""

from pathlib import PurePosixPath

from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.models import EditingSession
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Locale,
    Page,
    PageViewRestriction,
    Site,
    UploadedFile,
)
from wagtail_localize.models import (
    OverridableSegment,
    StringSegment,
    Translation,
    TranslationSource,
)

from directory.models import ServicePage
from directory.partner_access import PARTNER_PREFIX
from home.models import PortalSettings, SiteAlert
from search.models import SearchPromotion
from tests.security import media

SECRETS = {
    "draft": "Πρόχειρη υπηρεσία Β ΜΥΣΤΙΚΟ-1",
    "pending": "Αλλαγή σε αναμονή Β ΜΥΣΤΙΚΟ-2",
    "document": "Έγγραφο Β ΜΥΣΤΙΚΟ-3",
    "image": "Εικόνα Β ΜΥΣΤΙΚΟ-4",
}


def build(world) -> dict:
    """Everything partner B (or the portal) owns that a route could name."""
    org_b, service_b = world["org_b"], world["service_b"]
    partner_b = world["users"]["partner_b"]
    document_b, image_b = world["media_b"]
    collection_b = Collection.objects.get(name=f"{PARTNER_PREFIX}{org_b.title}")

    # What partner B has not published: a draft service, and a change awaiting review whose
    # title is new. No screen may show partner A either title.
    draft = ServicePage(title=SECRETS["draft"], slug="draft-b", description="—", live=False)
    org_b.add_child(instance=draft)
    draft.save_revision(user=partner_b)
    pending = service_b.specific
    pending.title = SECRETS["pending"]
    workflow = service_b.get_workflow()
    revision = pending.save_revision(user=partner_b)
    workflow_state = workflow.start(service_b, partner_b)
    task_state = workflow_state.current_task_state

    source, _ = TranslationSource.get_or_create_from_instance(org_b.specific)
    english = Locale.objects.get(language_code="en")
    translation, _ = Translation.objects.get_or_create(source=source, target_locale=english)

    site = Site.objects.get(is_default_site=True)
    page_restriction = PageViewRestriction.objects.create(
        page=service_b, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    # B's own collection is for signed-in users only (the world fixture); a password is asked
    # for a collection under it, so that the password routes have a restriction to name.
    collection_restriction = CollectionViewRestriction.objects.create(
        collection=collection_b.add_child(name="Με κωδικό"),
        restriction_type=CollectionViewRestriction.PASSWORD,
        password="x",
    )
    SiteAlert.objects.create(message="Δοκιμαστική ειδοποίηση", locale=Locale.get_default())
    document_b.title, image_b.title = SECRETS["document"], SECRETS["image"]
    document_b.save()
    image_b.save()
    return {
        "page": org_b,
        "draft": draft,
        "service": service_b,
        "revision": revision,
        "image": image_b,
        "document": document_b,
        "uploaded_file": UploadedFile.objects.create(
            for_content_type=ContentType.objects.get_for_model(get_image_model()),
            file=SimpleUploadedFile("pending.png", media.png()),
            uploaded_by_user=partner_b,
        ),
        "collection": collection_b,
        "workflow": workflow,
        "task": task_state.task,
        "task_state": task_state,
        "workflow_state": workflow_state,
        "editing_session": EditingSession.objects.create(
            user=partner_b,
            content_type=ContentType.objects.get_for_model(Page),
            object_id=str(org_b.pk),
            last_seen_at=timezone.now(),
        ),
        "translation": translation,
        "translation_source": source,
        "string_segment": StringSegment.objects.filter(source=source).first(),
        "overridable_segment": OverridableSegment.objects.filter(source=source).first(),
        "redirect": Redirect.objects.create(old_path="/old-page", redirect_link="/"),
        "site": site,
        "locale": english,
        "user": partner_b,
        "group": Group.objects.get(name=f"{PARTNER_PREFIX}{org_b.title}"),
        "settings": PortalSettings.for_site(site),
        "promotion": SearchPromotion.objects.create(query="βοήθεια", page=service_b),
        "page_restriction": page_restriction,
        "collection_restriction": collection_restriction,
    }


def media_traces(things: dict) -> dict[str, str]:
    """What in a response would give away partner B's image or document besides its title
    (in ``SECRETS``): its file's name (in the file's address, a rendition's, a download's),
    and the admin and API addresses that name it."""
    document, image = things["document"], things["image"]

    def stem(file) -> str:
        return PurePosixPath(file.name).stem  # "photo-beta", or Django's "photo-beta_x1Y2z3a"

    return {
        "document file": stem(document.file),
        "image file": stem(image.file),
        "document download": document.url,
        "document edit": reverse("wagtaildocs:edit", args=[document.pk]),
        "image edit": reverse("wagtailimages:edit", args=[image.pk]),
        "document in the API": reverse("wagtailadmin_api:documents:detail", args=[document.pk]),
        "image in the API": reverse("wagtailadmin_api:images:detail", args=[image.pk]),
    }


# Parameters whose name says what they are, wherever they appear.
BY_NAME = {
    "page_id": "page",
    "parent_page_id": "page",
    "page_to_move_id": "page",
    "destination_id": "page",
    "page_pk": "page",
    "revision_id": "revision",
    "image_id": "image",
    "document_id": "document",
    "doc_id": "document",
    "uploaded_file_id": "uploaded_file",
    "collection_id": "collection",
    "workflow_pk": "workflow",
    "task_id": "task",
    "task_state_id": "task_state",
    "workflow_state_id": "workflow_state",
    "session_id": "editing_session",
    "translation_id": "translation",
    "translation_source_id": "translation_source",
    "string_segment_id": "string_segment",
    "overridable_segment_id": "overridable_segment",
    "redirect_id": "redirect",
    "restriction_id": "collection_restriction",
    "page_view_restriction_id": "page_restriction",
}
# ``pk`` means a different thing in each namespace.
PK_BY_NAMESPACE = {
    "wagtailadmin_pages": "page",
    "wagtailadmin_api:pages": "page",
    "wagtailadmin_api:documents": "document",
    "wagtailadmin_api:images": "image",
    "wagtailadmin_collections": "collection",
    "wagtailadmin_workflows": "workflow",
    "wagtaildocs_chooser": "document",
    "wagtailimages_chooser": "image",
    "search_promotions": "promotion",
    "wagtaillocales": "locale",
    "wagtailsites": "site",
    "wagtailusers_users": "user",
    "wagtailusers_groups": "group",
    "wagtailsettings": "settings",
}
TASK_ROUTES = {"edit_task", "disable_task", "enable_task"}
# Model names in routes: the page type a partner adds, the model a tag list or a snippet
# route is about.
MODELS = {
    "wagtailadmin_pages": ("directory", "servicepage"),
    "wagtailadmin_workflows": ("wagtailcore", "groupapprovaltask"),
    "wagtail_bulk_action": ("wagtailcore", "page"),
    "wagtailadmin_tag_model_autocomplete": ("wagtailimages", "image"),
    "wagtailadmin_editing_sessions": ("wagtailcore", "page"),
    "wagtailsettings": ("home", "portalsettings"),
    "wagtail_localize": ("directory", "category"),
}
OTHER = {
    "action": "delete",
    "action_name": "approve",
    "filter_spec": "fill-10x10",
    "mode": "default",
    "uidb64": "MQ",
    "token": "set-password",
    "id": "00000000-0000-0000-0000-000000000000",
    "key": "abc",
    "slug": "paionia",
    "revision_id_a": "earliest",
    "revision_id_b": "latest",
}


def namespace_of(route) -> str:
    return route.name.rsplit(":", 1)[0] if route.name and ":" in route.name else route.name or ""


def snippet_model(namespace: str):
    """``wagtailsnippets_home_sitealert`` → the SiteAlert model (choosers likewise)."""
    for prefix in ("wagtailsnippets_", "wagtailsnippetchoosers_"):
        if namespace.startswith(prefix):
            app_label, model_name = namespace.removeprefix(prefix).split("_", 1)
            return apps.get_model(app_label, model_name)
    return None


def filler(targets: dict):
    """``value(route, parameter)`` for ``Route.url``."""

    def value(route, parameter):
        namespace = namespace_of(route)
        short = route.name.rsplit(":", 1)[-1] if route.name else ""
        if isinstance(parameter, int):  # unnamed groups
            if route.name == "wagtaildocs_serve":
                document = targets["document"]
                return [document.pk, document.filename][parameter]
            return targets["service"].url.strip("/") + "/"  # wagtail_serve: a page's path
        if parameter in (
            "app_label",
            "app_name",
            "content_type_app_name",
            "model_name",
            "content_type_model_name",
        ):
            model = MODELS.get(namespace) or MODELS.get(route.name, ("wagtailcore", "page"))
            if namespace == "wagtail_localize" and "snippet" not in short:
                model = ("directory", "category")
            return model[0] if "app" in parameter else model[1]
        if parameter == "action_name" and namespace == "wagtailadmin_api:pages":
            return "publish"
        if parameter == "object_id":
            return str(targets["page"].pk)
        if parameter == "pk":
            model = snippet_model(namespace)
            if model is not None:
                return str(model.objects.order_by("pk").first().pk)
            if namespace == "wagtail_localize":
                return str(apps.get_model("directory", "category").objects.first().pk)
            if namespace == "wagtailadmin_workflows" and short in TASK_ROUTES:
                return targets["task"].pk
            return targets[PK_BY_NAMESPACE[namespace]].pk
        if parameter == "task_id" and short == "task_chosen":
            return targets["task"].pk
        if parameter in BY_NAME:
            return targets[BY_NAME[parameter]].pk
        return OTHER[parameter]

    return value
