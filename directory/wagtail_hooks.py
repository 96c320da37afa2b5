"""Admin registration: the taxonomy is edited as snippets, translated with wagtail-localize;
partner editors' page chooser is limited (see ``directory.partner_access``), and so are the
admin API and downloads of images and documents (``directory.partner_media``) and the bulk
actions (``directory.partner_bulk_actions``)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from directory import partner_bulk_actions, partner_media
from directory.models import Category, ServiceLanguage, TargetGroup
from directory.partner_access import limit_page_chooser


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "folder-open-1"
    list_display = ["name", "code", "tree_path"]
    search_fields = ["name", "code"]
    menu_label = _("Categories")


register_snippet(CategoryViewSet)
register_snippet(TargetGroup)
register_snippet(ServiceLanguage)


@hooks.register("construct_page_chooser_queryset")
def partners_choose_among_public_pages(pages, request):
    return limit_page_chooser(pages, request.user)


# Order 1: after Wagtail's own hooks (this app comes first in INSTALLED_APPS), whose endpoints
# and bulk actions these replace.
hooks.register("construct_admin_api", partner_media.limit_admin_api, order=1)
for _action in partner_bulk_actions.BULK_ACTIONS:
    hooks.register("register_bulk_action", _action, order=1)
hooks.register("before_serve_document", partner_media.refuse_another_organisations_document)


# --- a partner's own services as CSV (the import template, docs/hsds-csv-import.md) ---------


@hooks.register("register_admin_urls")
def services_csv_urls():
    from django.urls import path

    from directory.views_admin import protected_places, services_csv
    from directory.views_import import import_partners

    return [
        path(
            "directory/organisation/<int:page_id>/services.csv",
            services_csv,
            name="directory_services_csv",
        ),
        path("reports/protected-places/", protected_places, name="directory_protected_places"),
        path("directory/import/", import_partners, name="directory_import"),
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        from directory.views_import import LANGUAGES, import_rights

        return any(import_rights(request.user, code)[0] for code, _label in LANGUAGES)


@hooks.register("register_admin_menu_item")
def import_menu_item():
    from django.urls import reverse

    return ImportMenuItem(
        _("Import partners' data"), reverse("directory_import"), icon_name="upload", order=450
    )


@hooks.register("register_log_actions")
def import_log_action(actions):
    actions.register_action(
        "directory.import", _("Import of partners' data"), _("Partners' data imported from a file")
    )


class ProtectedPlacesMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("directory.confirm_public_address")


@hooks.register("register_reports_menu_item")
def protected_places_menu_item():
    from django.urls import reverse

    return ProtectedPlacesMenuItem(
        _("Addresses of protected places"),
        reverse("directory_protected_places"),
        icon_name="warning",
        order=900,
    )


def _services_csv_button(page, user, priority):
    from django.urls import reverse
    from wagtail.admin.widgets import Button

    from directory.models import OrganisationPage

    if page.specific_class is not OrganisationPage:
        return
    if not page.permissions_for_user(user).can_edit():
        return
    yield Button(
        _("Download services (CSV)"),
        reverse("directory_services_csv", args=[page.pk]),
        icon_name="download",
        priority=priority,
    )


@hooks.register("register_page_header_buttons")
def services_csv_header_button(page, user, view_name, next_url=None):
    yield from _services_csv_button(page, user, 80)


@hooks.register("register_page_listing_more_buttons")
def services_csv_listing_button(page, user, next_url=None):
    yield from _services_csv_button(page, user, 80)
