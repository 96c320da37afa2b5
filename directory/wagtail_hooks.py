"""Admin registration: the taxonomy is edited as snippets, translated with wagtail-localize."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from directory.models import Category, ServiceLanguage, TargetGroup


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "folder-open-1"
    list_display = ["name", "code", "tree_path"]
    search_fields = ["name", "code"]
    menu_label = _("Categories")


register_snippet(CategoryViewSet)
register_snippet(TargetGroup)
register_snippet(ServiceLanguage)
