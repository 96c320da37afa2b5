"""What every section index page shares: the centres index, the partner directory, and the
announcements and funding lists in ``home``.

Each is one page of its kind under the home page, with an introduction above its list, and is
found in site search by its title and introduction. Each model keeps its own ``intro`` field
(their help texts differ) and its own ``get_context``.
"""

from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index

from search.indexing import NORMALISED_SEARCH_FIELD


class IndexPageMixin:
    """Put before ``NormalisedSearchMixin`` and ``Page``; the model sets ``subpage_types``."""

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), NORMALISED_SEARCH_FIELD]
    search_kind = "page"
    search_body_fields = ("intro",)
    parent_page_types = ["home.HomePage"]
    max_count_per_parent = 1
