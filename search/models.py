"""What site search remembers: anonymous daily counts per query, and editors' promoted results.

Both store queries *folded* (``search.normalise.fold``: lower case, no accents, final sigma as
σ), so «Κέντρο Κοινότητας» and «κεντρο κοινοτητας» are one row in the report and hit one
promotion. See ``docs/search-analytics.md`` for what is recorded and what is not.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from search.normalise import fold, phonetic_key

# Longest folded query kept, in the log and in promotions alike (so both cut the same way).
MAX_QUERY_LENGTH = 100


def fold_query(text: str) -> str:
    """The stored form of a query: folded, cut to ``MAX_QUERY_LENGTH``, no trailing space."""
    return fold(text or "")[:MAX_QUERY_LENGTH].rstrip()


class SearchQueryDay(models.Model):
    """How often one folded query was searched in one language on one day.

    Deliberately nothing else: no IP address, cookie, session, user, user agent, referrer or
    time of day, so no row can be tied to a person or to another row of the same visit.
    """

    day = models.DateField(help_text=_("The day (Athens time) the searches were made."))
    language = models.CharField(max_length=10, help_text=_("The site language searched in."))
    query = models.CharField(
        max_length=MAX_QUERY_LENGTH,
        help_text=_("The query, folded: lower case, without accents."),
    )
    searches = models.PositiveIntegerField(
        default=0, help_text=_("How many times it was searched that day.")
    )
    zero_results = models.PositiveIntegerField(
        default=0, help_text=_("How many of those searches found nothing.")
    )
    last_result_count = models.PositiveIntegerField(
        default=0, help_text=_("How many results the latest of those searches found.")
    )

    class Meta:
        verbose_name = _("search query (daily count)")
        verbose_name_plural = _("search queries (daily counts)")
        default_permissions = ()  # rows are written by searches only, never edited
        permissions = [("view_search_reports", _("Can view search reports"))]
        constraints = [
            models.UniqueConstraint(
                fields=["day", "language", "query"], name="search_query_day_unique"
            )
        ]
        indexes = [models.Index(fields=["language", "day"], name="search_query_day_lang")]

    def __str__(self):
        return f"{self.day} {self.language} {self.query}"


class SearchPromotion(models.Model):
    """A page an editor pins above the results for a query, in every language it exists in."""

    query = models.CharField(
        _("query"),
        max_length=MAX_QUERY_LENGTH,
        help_text=_(
            "What residents type. Capitals and accents do not matter: "
            "«Κέντρο Κοινότητας» and «κεντρο κοινοτητας» are the same query."
        ),
    )
    key = models.CharField(
        max_length=2 * MAX_QUERY_LENGTH,
        editable=False,
        db_index=True,
        help_text=_("The query's sound-alike key, so a query typed in Greeklish finds it."),
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("page"),
        help_text=_(
            "The page to show first. Readers of another language see its translation, "
            "or nothing if it has none."
        ),
    )
    sort_order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Lower numbers are shown first.")
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_(
            "Optional text under the title, in the page's language; "
            "without it, the page's search description is shown."
        ),
    )

    class Meta:
        verbose_name = _("promoted search result")
        verbose_name_plural = _("promoted search results")
        ordering = ["query", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["query", "page"], name="search_promotion_unique")
        ]

    def __str__(self):
        return f"{self.query} → {self.page}"

    def save(self, *args, **kwargs):
        self.query = fold_query(self.query)
        self.key = phonetic_key(self.query)
        super().save(*args, **kwargs)

    def clean(self):
        # Folded before the unique check, so «Κέντρο» and «κεντρο» for one page is a duplicate.
        self.query = fold_query(self.query)
        if not self.query:
            raise ValidationError({"query": _("Type at least one letter or digit.")})
