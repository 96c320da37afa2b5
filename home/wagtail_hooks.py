"""Admin hooks of the home app: the permission checks Wagtail's own screens lack
(``home.admin_gaps``), and the script that starts the admin's widgets without inline script
(core/adaptations/chooser_starters.py)."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks

from home.admin_gaps import page_viewset, refuse_a_move_the_user_may_not_make

hooks.register("before_move_page", refuse_a_move_the_user_may_not_make)


# After Wagtail's own viewset for ``Page`` (order 0), which this one replaces.
@hooks.register("register_admin_viewset", order=1)
def register_page_viewset():
    return page_viewset


@hooks.register("insert_global_admin_js")
def admin_starters_script():
    # Deferred: it runs once the page is parsed, after the widgets' own (synchronous) scripts.
    return format_html('<script src="{}" defer></script>', static("js/admin-starters.js"))
