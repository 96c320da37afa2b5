"""The two-factor pages live inside the admin (so Wagtail's own access check and language
apply), and every admin user finds them under Account › More actions."""

from django.urls import path, reverse
from django.utils.translation import gettext as _
from wagtail import hooks

from signin import views


@hooks.register("register_admin_urls")
def two_factor_urls():
    return [
        path("two-factor/", views.manage, name="signin_manage"),
        path("two-factor/verify/", views.verify, name="signin_verify"),
        path("two-factor/set-up/", views.setup, name="signin_setup"),
        path("two-factor/backup-codes/", views.backup_codes, name="signin_backup_codes"),
        path(
            "two-factor/backup-codes/new/",
            views.new_backup_codes,
            name="signin_new_backup_codes",
        ),
        path("two-factor/turn-off/", views.turn_off, name="signin_turn_off"),
    ]


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    return {
        "url": reverse("signin_manage"),
        "label": _("Two-step verification"),
        "help_text": _("Ask for a code from your phone as well as your password when you sign in."),
    }
