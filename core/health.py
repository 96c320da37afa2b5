"""Health endpoints for a load balancer or an orchestrator.

* ``/healthz`` (liveness): the process answers. It touches nothing else, so a database outage
  never gets healthy web processes restarted in a loop.
* ``/readyz`` (readiness): this process can serve pages now: the database answers, and, when
  they are configured, the shared cache (Redis) and Elasticsearch. A load balancer stops
  sending requests to a process that is not ready and resumes when it is. Only the database is
  essential: with Redis down the portal serves uncached (core/cache.py) and with
  Elasticsearch down the search answers from the database (search/elasticsearch.py), so those
  two are reported, and make the answer 503 only with ``READYZ_STRICT`` set.

Both answer JSON with ``Cache-Control: no-store``, to anyone (they say nothing private: no
versions, hosts or error texts, only which dependency failed), and are exempt from the HTTPS
redirect so a load balancer can probe a process over plain HTTP.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connections, transaction
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def _database() -> bool:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001 - any failure means "not ready"
        logger.warning("readyz: the database does not answer", exc_info=True)
        return False


def _shared_cache() -> bool | None:
    """None when no shared cache is configured (the per-process memory cache cannot fail)."""
    backend = settings.CACHES["default"]["BACKEND"]
    if "redis" not in backend.lower():
        return None
    try:
        client = cache._cache.get_client(write=True)  # noqa: SLF001 - a ping, bypassing the tolerance
        return bool(client.ping())
    except Exception:  # noqa: BLE001
        logger.warning("readyz: the cache does not answer", exc_info=True)
        return False


def _search() -> bool | None:
    """None when Elasticsearch is not configured."""
    from wagtail.search.backends import get_search_backend

    if "search.elasticsearch" not in settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"]:
        return None
    try:
        return bool(get_search_backend("default").es.ping(request_timeout=0.5))
    except Exception:  # noqa: BLE001
        logger.warning("readyz: Elasticsearch does not answer", exc_info=True)
        return False


@transaction.non_atomic_requests  # ATOMIC_REQUESTS would open the database for liveness
@require_safe
@never_cache
def healthz(request):
    return JsonResponse({"status": "ok"})


@transaction.non_atomic_requests  # a failing database is reported here, not raised on entry
@require_safe
@never_cache
def readyz(request):
    checks = {"database": _database(), "cache": _shared_cache(), "search": _search()}
    checks = {name: ok for name, ok in checks.items() if ok is not None}
    essential = ("database",) if not getattr(settings, "READYZ_STRICT", False) else tuple(checks)
    ready = all(checks[name] for name in essential)
    body = {
        "status": "ok" if ready else "unavailable",
        "checks": {name: "ok" if ok else "failing" for name, ok in checks.items()},
    }
    return JsonResponse(body, status=200 if ready else 503)
