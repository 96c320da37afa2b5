"""Which search backend answers, and what happens when it fails.

Every search in the portal goes through :func:`run_search`, so the choice of backend (the
database by default; Elasticsearch when ``ELASTICSEARCH_URL`` is set) and the fallback to the
database when Elasticsearch is unreachable, slow or in error live in one place.

The fallback itself is built into the Elasticsearch backend's results
(:class:`search.elasticsearch.KoinotitaSearchResults`), because Wagtail's results are lazy: the
request to Elasticsearch happens when a paginator counts or slices them, possibly long after
this function returned. Here the count is taken at once, inside the backend's protection, so
the name returned is the backend that really answered.
"""

from wagtail.search.backends import get_search_backend


def run_search(queryset, query, **kwargs):
    """Search ``queryset`` for ``query``.

    Returns ``(results, backend)``: Wagtail search results (count them, slice them, paginate
    them) and ``"elasticsearch"`` or ``"database"``, whichever answered. ``kwargs`` are those of
    a backend's ``search()``: ``fields``, ``operator``, ``order_by_relevance``.
    """
    backend = get_search_backend("default")
    results = backend.search(query, queryset, **kwargs)
    if not hasattr(results, "answered_by"):  # the database backend, or no query at all
        return results, getattr(backend, "answers_as", "database")
    results.count()  # Elasticsearch is asked now; a paginator reuses this count
    return results, results.answered_by
