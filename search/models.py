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
MAX_STORED_QUERY_LENGTH = 100


def fold_query(text: str) -> str:
    """The stored form of a query: folded, cut to ``MAX_STORED_QUERY_LENGTH``, no trailing space."""
    return fold(text or "")[:MAX_STORED_QUERY_LENGTH].rstrip()


class SearchQueryDay(models.Model):
    """How often one folded query was searched in one language on one day.

    Deliberately nothing else: no IP address, cookie, session, user, user agent, referrer or
    time of day, so no row can be tied to a person or to another row of the same visit.
    """

    day = models.DateField(help_text=_("The day (Athens time) the searches were made."))
    language = models.CharField(max_length=10, help_text=_("The site language searched in."))
    query = models.CharField(
        max_length=MAX_STORED_QUERY_LENGTH,
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
        max_length=MAX_STORED_QUERY_LENGTH,
        help_text=_(
            "What residents type. Capitals and accents do not matter: "
            "«Κέντρο Κοινότητας» and «κεντρο κοινοτητας» are the same query."
        ),
    )
    key = models.CharField(
        max_length=2 * MAX_STORED_QUERY_LENGTH,
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


class PageTerm(models.Model):
    """One indexed form of a word of one live page, and where on the page it is.

    The database's own inverted index (``search.terms``): a search looks its query's forms up
    here with one indexed ``term IN (…)`` query and scores the pages in SQL, instead of
    scanning every page's full text (docs/decisions/0010-term-index.md). Kept in step by the
    ``terms`` search backend, like any Wagtail search backend: on publish, unpublish, move and
    delete, and by ``manage.py update_index``.
    """

    class Field(models.IntegerChoices):
        TITLE = 0, _("Title")
        NAME = 1, _("Name")
        BODY = 2, _("Body")

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    locale_id = models.IntegerField()
    bulk = models.BooleanField(
        help_text=_("A page of the many (services), searched apart from the few.")
    )
    term = models.CharField(max_length=64)
    field = models.PositiveSmallIntegerField(choices=Field.choices)
    exact = models.BooleanField(
        help_text=_("The word itself or its stem (not only a sound-alike key).")
    )

    class Meta:
        verbose_name = _("indexed word")
        verbose_name_plural = _("indexed words")
        indexes = [
            # Covers the search (every column it reads), and a term's title and name rows are one
            # range of it (``field < body``, for common terms).
            models.Index(
                fields=["term", "locale_id", "bulk", "field", "page", "exact"],
                name="search_pageterm_lookup",
            ),
            # A page's rows: deleting them, and scoring the pages the rarer terms proposed.
            models.Index(fields=["page", "term", "field", "exact"], name="search_pageterm_page"),
        ]

    def __str__(self):
        return f"{self.term} ({self.get_field_display()})"


class SearchWord(models.Model):
    """A word (folded, or its stem) that some page of a locale has had, once.

    The list typos are looked up in on PostgreSQL, through ``pg_trgm``'s trigram index
    (``search.terms.similar_words``): far fewer rows than the term index, and every word of
    the pages, bodies included. Words are added as pages are indexed and only dropped by a
    rebuild: a word no page has any more can only propose a correction that finds nothing.
    """

    locale_id = models.IntegerField()
    term = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")
        constraints = [
            models.UniqueConstraint(fields=["locale_id", "term"], name="search_word_unique")
        ]

    def __str__(self):
        return self.term
