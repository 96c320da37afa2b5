"""Admin registration: the taxonomy is edited as snippets, translated with wagtail-localize;
partner editors' page chooser is limited (see ``directory.partner_access``)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

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
