"""Search analytics without tracking, and editors' promoted results.

What residents look for, and what they fail to find, tells editors which pages to write and
which words to use. This module keeps exactly that and nothing about who searched:

- :func:`record` adds one search to a per-day count for its folded query and language. There is
  no IP address, cookie, session, user, user agent or time of day anywhere in the table, so a
  row cannot be tied to a person or to the other searches of the same visit. Queries that look
  like personal data (an e-mail address, a phone, ΑΜΚΑ, ΑΦΜ or ID number, a full date) are not
  recorded at all (:func:`looks_personal`). Rows older than a year are removed by
  ``manage.py prune_search_log``.
- :func:`report` sums those counts over a period for the admin reports.
- :func:`promotions` answers which pinned pages to show above the results for a query.

Recording must never cost a search its answer: it is one statement (an upsert on the unique
(day, language, query) row) and any database error is logged and swallowed.
See ``docs/search-analytics.md``.
"""

from __future__ import annotations

import contextlib
import logging
import re
from datetime import date, timedelta

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import F, Max, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone, translation
from wagtail.models import Locale, Page

from search.models import SearchPromotion, SearchQueryDay, fold_query
from search.normalise import phonetic_keys, search_terms

logger = logging.getLogger(__name__)

DEFAULT_RETENTION_DAYS = 365
REPORT_PERIODS = (7, 30, 90)
DEFAULT_REPORT_PERIOD = 30

# Personal data residents sometimes paste into a search box. Checked on the query as typed,
# before folding turns "@" and "." into spaces.
# An e-mail address, or anything shaped like one ("name@gmail").
EMAIL_LIKE = re.compile(r"[^\s@]@[^\s@]")
# Six or more digits, each optionally one space, dot, dash or slash from the next: phones
# ("210 123 4567", "+30 6912345678"), ΑΜΚΑ (11), ΑΦΜ (9), ID card and IBAN numbers, and full
# dates such as a birth date ("12/03/1984"). Five-digit postcodes ("54622", "546 22") stay.
DIGIT_RUN = re.compile(r"\d(?:[\s./-]?\d){5,}")

# Databases whose INSERT … ON CONFLICT … DO UPDATE we use (identical syntax on both).
UPSERT_VENDORS = frozenset({"sqlite", "postgresql"})


def looks_personal(query: str) -> bool:
    """True if the query may hold personal data and must not be recorded.

    A deliberately blunt test: a dropped query costs the report one count, a kept phone number
    would be personal data in a log nobody asked to be in. Names cannot be told from other
    words, so they are not caught; the report shows folded queries only to editors, and rows
    are pruned after a year.
    """
    return bool(EMAIL_LIKE.search(query) or DIGIT_RUN.search(query))


def _language(code: str) -> str | None:
    """The configured site language for ``code`` ("en-gb" → "en"), or None if there is none."""
    try:
        return translation.get_supported_language_variant(code or "")
    except LookupError:
        return None


def record(query: str, result_count: int, language: str) -> None:
    """Count one search of ``query`` in ``language`` that found ``result_count`` results.

    Stores the folded query (at most 100 characters) under today's date in Athens; ignores
    empty queries, queries that look like personal data and unknown languages. Never raises
    for a database problem: it is logged and the search goes on.
    """
    folded = fold_query(query or "")
    language = _language(language)
    if not folded or language is None or looks_personal(query):
        return
    count = max(int(result_count), 0)
    try:
        _add(timezone.localdate(), language, folded, count)
    except DatabaseError:
        logger.warning("Could not record a search in the search log", exc_info=True)


def _add(day: date, language: str, query: str, count: int) -> None:
    # Inside a caller's transaction a failed statement must not poison it: use a savepoint
    # there. In autocommit (a normal request) the single statement needs no transaction.
    guard = transaction.atomic() if connection.in_atomic_block else contextlib.nullcontext()
    with guard:
        if connection.vendor in UPSERT_VENDORS:
            _upsert(day, language, query, count)
        else:
            _update_or_insert(day, language, query, count)


def _upsert(day: date, language: str, query: str, count: int) -> None:
    """One statement; the database serialises concurrent first searches of the same query."""
    table = connection.ops.quote_name(SearchQueryDay._meta.db_table)
    sql = (
        f"INSERT INTO {table} (day, language, query, searches, zero_results, last_result_count) "  # noqa: S608 (only the table name is formatted in; values are parameters)
        "VALUES (%s, %s, %s, 1, %s, %s) "
        "ON CONFLICT (day, language, query) DO UPDATE SET "
        f"searches = {table}.searches + 1, "
        f"zero_results = {table}.zero_results + excluded.zero_results, "
        "last_result_count = excluded.last_result_count"
    )
    params = [connection.ops.adapt_datefield_value(day), language, query, int(count == 0), count]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _update_or_insert(day: date, language: str, query: str, count: int) -> None:
    """The portable path for other databases: an F() increment, else an insert; if another
    request inserted the row in between (IntegrityError on the unique constraint), increment
    that row instead, once."""
    rows = SearchQueryDay.objects.filter(day=day, language=language, query=query)
    increment = {
        "searches": F("searches") + 1,
        "zero_results": F("zero_results") + int(count == 0),
        "last_result_count": count,
    }
    if rows.update(**increment):
        return
    try:
        with transaction.atomic():
            SearchQueryDay.objects.create(
                day=day,
                language=language,
                query=query,
                searches=1,
                zero_results=int(count == 0),
                last_result_count=count,
            )
    except IntegrityError:
        rows.update(**increment)


def prune(days: int = DEFAULT_RETENTION_DAYS) -> int:
    """Delete the counts of days more than ``days`` days ago; returns how many rows went."""
    if days < 1:
        raise ValueError("days must be at least 1")
    cutoff = timezone.localdate() - timedelta(days=days)
    deleted, _ = SearchQueryDay.objects.filter(day__lt=cutoff).delete()
    return deleted


def report(
    days: int = DEFAULT_REPORT_PERIOD,
    language: str | None = None,
    *,
    zero_only: bool = False,
    containing: str = "",
) -> QuerySet:
    """Queries searched in the last ``days`` days (today included), one row per language and
    query, as dicts: ``language``, ``query``, ``searches``, ``zero_results`` (how many of those
    found nothing), ``last_day`` and ``last_result_count`` (what the latest search found).

    ``zero_only`` keeps queries that found nothing at least once in the period;
    ``containing`` keeps queries containing that text (folded). Unordered: callers order.
    """
    since = timezone.localdate() - timedelta(days=days - 1)
    rows = SearchQueryDay.objects.filter(day__gte=since)
    if language:
        rows = rows.filter(language=language)
    if containing and (folded := fold_query(containing)):
        rows = rows.filter(query__contains=folded)
    latest = SearchQueryDay.objects.filter(
        language=OuterRef("language"), query=OuterRef("query"), day__gte=since
    ).order_by("-day")
    grouped = (
        rows.values("language", "query")
        .annotate(
            total_searches=Sum("searches"),
            total_zero_results=Sum("zero_results"),
            last_day=Max("day"),
        )
        .annotate(last_result_count=Subquery(latest.values("last_result_count")[:1]))
        .order_by()
    )
    if zero_only:
        grouped = grouped.filter(total_zero_results__gt=0)
    return grouped


def promotions(query: str, language: str) -> list[dict]:
    """The pages editors pinned for ``query``, for readers of ``language``, best first.

    Matching is on the folded query (and its Greek transliteration when it has Latin
    letters), or on its sound-alike key (``normalise.phonetic_keys``), so «Κέντρο Κοινότητας»,
    «κεντρο κοινοτητας» and the Greeklish «kentro koinotitas» hit the same promotion. A page pinned in one language is shown in the reader's language: its
    translation, if that is live and public; nothing if it has no translation there.

    Each item: ``page`` (a ``Page``), ``title``, ``url`` and ``description`` (the editor's
    text when the pinned page itself is shown, else the page's search description).
    """
    terms = {fold_query(term) for term in search_terms(query or "")} - {""}
    language = _language(language)
    if not terms or language is None:
        return []
    pins = list(
        SearchPromotion.objects.filter(
            Q(query__in=terms) | Q(key__in=phonetic_keys(fold_query(query), limit=16))
        )
        .select_related("page")
        .order_by("sort_order", "pk")
    )
    if not pins:
        return []
    locale = Locale.objects.filter(language_code=language).first()
    if locale is None:
        return []
    pages = (
        Page.objects.live()
        .public()
        .filter(
            locale=locale,
            alias_of__isnull=True,  # an untranslated mirror is not this language's page
            translation_key__in={pin.page.translation_key for pin in pins},
        )
    )
    by_key = {page.translation_key: page for page in pages}
    shown: list[dict] = []
    seen: set[int] = set()
    for pin in pins:
        page = by_key.get(pin.page.translation_key)
        if page is None or page.pk in seen:
            continue
        seen.add(page.pk)
        own_words = pin.description if page.pk == pin.page_id else ""
        shown.append(
            {
                "page": page,
                "title": page.title,
                "url": page.url,
                "description": own_words or page.search_description,
            }
        )
    return shown
