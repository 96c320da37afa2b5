"""The site search page and its autocomplete endpoint.

Finding is :mod:`search.engine`'s job (live, public pages of the active language, normalised
Greek, Greeklish, suggestions, the backend and its fallback); this module only cleans what the
resident typed, pages the hits and dresses them for the template. It never branches on the
backend.

Whatever arrives in the query string (nothing, 10 000 characters, NUL bytes, query syntax,
page 10**100, an unknown type) answers with a page, never an error.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET

from core.pages import parent_titles
from core.params import clean_text, page_number
from search import analytics, engine
from search.engine import MAX_QUERY_LENGTH
from search.snippets import snippet

logger = logging.getLogger(__name__)

MAX_PAGE = 9_999  # the paginator shows the last page for any number past it
RESULTS_PER_PAGE = 10
SUGGEST_MIN_LENGTH = 2
SUGGEST_MAX_LENGTH = 100
SUGGEST_LIMIT = 8


def selected_kinds(values: list[str]) -> list[str]:
    """The known types among ``values``, in the engine's order; unknown ones are ignored."""
    wanted = set(values)
    return [kind for kind in engine.KINDS if kind in wanted]


@dataclass
class Result:
    """One hit as the template shows it."""

    title: str
    url: str
    kind: str
    label: str
    snippet: SafeString


def _results(hits, terms: list[str], request) -> list[Result]:
    results = []
    for hit in hits:
        page = hit.page
        results.append(
            Result(
                title=page.title,
                url=page.get_url(request=request) or "",
                kind=hit.kind,
                label=str(engine.KINDS.get(hit.kind, "")),
                snippet=snippet(page, terms),
            )
        )
    return results


def _url(query: str, kinds: list[str], page_number: int | None = None) -> str:
    params = [("q", query), *(("kind", kind) for kind in kinds)]
    if page_number and page_number > 1:
        params.append(("page", str(page_number)))
    return "?" + urlencode(params)


def search(request):
    query = clean_text(request.GET.get("q"), MAX_QUERY_LENGTH)
    kinds = selected_kinds(request.GET.getlist("kind"))
    language = translation.get_language()
    outcome = engine.run(query, language, kinds=set(kinds) or None) if query else None
    hits = outcome.hits if outcome else []

    # Anonymous analytics and the editors' promoted pages, on the first page of results only:
    # paging through results is not a new search, and pins belong above the first results.
    promoted = []
    if query and page_number(request.GET.get("page"), MAX_PAGE) == 1:
        if not kinds:
            analytics.record(query, len(hits), language)
        promoted = analytics.promotions(query, language)

    paginator = Paginator(hits, RESULTS_PER_PAGE)
    current = paginator.get_page(page_number(request.GET.get("page"), MAX_PAGE))
    terms = engine.terms_to_highlight(query) if query else []

    counts = outcome.kind_counts if outcome else {}
    filters = [
        {
            "kind": kind,
            "label": label,
            "count": counts.get(kind, 0),
            "checked": kind in kinds,
        }
        for kind, label in engine.KINDS.items()
        if counts.get(kind, 0) or kind in kinds
    ]
    pages = None
    if current.has_other_pages():
        pages = {
            "previous": _url(query, kinds, current.previous_page_number())
            if current.has_previous()
            else None,
            "next": _url(query, kinds, current.next_page_number()) if current.has_next() else None,
        }
    context = {
        "search_query": query,
        "outcome": outcome,
        "results": _results(engine.specific(list(current.object_list)), terms, request),
        "promoted": promoted,
        "search_page": current,
        "pages": pages,
        "filters": filters,
        "kinds": kinds,
        "clear_filters_url": _url(query, []) if kinds else None,
        "suggestion_url": _url(outcome.suggestion, kinds)
        if outcome and outcome.suggestion
        else None,
    }
    return TemplateResponse(request, "search/search.html", context)


def service_owners(services: list) -> dict[int, str]:
    """Each service's organisation by name, in one query: many municipalities offer a service
    of the same title («Νομική συμβουλευτική»), and a list of identical suggestions would not
    say which is which."""
    titles = parent_titles(services)
    return {service.pk: titles[service.path] for service in services if service.path in titles}


@require_GET
def suggest(request):
    """Titles and addresses of the best few pages for a partly typed query, as JSON.

    For the autocomplete only, so it fails soft: a short or odd query, or any error in the
    engine, answers 200 with no suggestions rather than an error the script would have to
    handle.
    """
    query = clean_text(request.GET.get("q"), SUGGEST_MAX_LENGTH)
    suggestions = []
    if len(query) >= SUGGEST_MIN_LENGTH:
        try:
            language = translation.get_language()
            outcome = engine.run(query, language, limit=SUGGEST_LIMIT)
            if not outcome.hits:  # the last word is still being typed: «ψυχολ», «κοινοτ»
                whole = engine.completed(query, language)
                if whole:
                    outcome = engine.run(whole, language, limit=SUGGEST_LIMIT)
            hits = outcome.hits[:SUGGEST_LIMIT]
            owners = service_owners([hit.page for hit in hits if hit.kind == "service"])
            for hit in hits:
                url = hit.page.get_url(request=request)
                if url:
                    label = str(engine.KINDS.get(hit.kind, ""))
                    owner = owners.get(hit.page.pk) if hit.kind == "service" else None
                    suggestions.append(
                        {
                            "title": hit.page.title,
                            "url": url,
                            "kind": hit.kind,
                            "label": f"{label}, {owner}" if owner else label,
                        }
                    )
        except Exception:
            logger.exception("Search suggestions failed for a %d-character query", len(query))
            suggestions = []
    response = JsonResponse({"query": query, "suggestions": suggestions})
    response["Cache-Control"] = "private, max-age=60"
    return response
