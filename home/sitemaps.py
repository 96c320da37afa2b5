"""The sitemap lists every language's pages. Wagtail's own lists the site root's tree, which
is the Greek one; the English pages live in a sibling tree (wagtail-localize). Aliases (an
untranslated page mirrored into English) are left out: they repeat the Greek content."""

from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class AllLanguagesSitemap(Sitemap):
    def items(self):
        root = self.get_wagtail_site().root_page
        trees = Q()
        for home in root.get_translations(inclusive=True):
            trees |= Q(path__startswith=home.path)
        return (
            Page.objects.filter(trees)
            .live()
            .public()
            .filter(alias_of__isnull=True)
            .order_by("path")
            .defer_streamfields()
            .specific()
        )
