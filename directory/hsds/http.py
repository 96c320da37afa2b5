"""What every HSDS API response shares: JSON errors, validators for conditional requests,
caching and CORS headers, and a per-client rate limit.

Kept apart from the views so each view reads as "which objects, in which shape".
"""

import functools
import hashlib
import json
import logging

from django.conf import settings
from django.http import HttpResponse, StreamingHttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from core.params import BadParameter
from core.rate_limit import seconds_to_wait

logger = logging.getLogger(__name__)

ALLOWED_METHODS = "GET, HEAD, OPTIONS"
CACHE_CONTROL = "public, max-age=300"


def dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def cors(response):
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Retry-After"
    response["Vary"] = "Accept-Language"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def error(status: int, message: str, parameter: str | None = None, **headers):
    body = {"error": {"status": status, "message": message}}
    if parameter:
        body["error"]["parameter"] = parameter
    response = HttpResponse(
        dumps(body), status=status, content_type="application/json; charset=utf-8"
    )
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    response["Cache-Control"] = "no-store"
    return cors(response)


def json_response(request, data, last_modified=None):
    """A JSON body with a strong ETag (of the body) and Last-Modified; answers a matching
    ``If-None-Match`` / ``If-Modified-Since`` with 304 and no body."""
    body = dumps(data).encode()
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    # Whole seconds: HTTP dates have no fractions, so a client's If-Modified-Since must match.
    timestamp = int(last_modified.timestamp()) if last_modified else None
    not_modified = get_conditional_response(request, etag=etag, last_modified=timestamp)
    response = not_modified or HttpResponse(body, content_type="application/json; charset=utf-8")
    response["ETag"] = etag
    if timestamp:
        response["Last-Modified"] = http_date(timestamp)
    response["Cache-Control"] = CACHE_CONTROL
    return cors(response)


def ndjson_response(items):
    """One JSON object per line, streamed: the body is never built in memory."""
    response = StreamingHttpResponse(
        (dumps(item) + "\n" for item in items), content_type="application/x-ndjson; charset=utf-8"
    )
    response["Cache-Control"] = CACHE_CONTROL
    return cors(response)


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "unknown")


def over_limit(request) -> int:
    """Seconds to wait when this client has used up its window, else 0 (core/rate_limit.py:
    a fixed window per client address in the shared cache; a cache failure lets it through)."""
    allowed, window = settings.HSDS_RATE_LIMIT
    return seconds_to_wait("hsds", client_address(request), allowed, window)


def endpoint(view):
    """GET/HEAD/OPTIONS only, CORS, the rate limit, and ``BadParameter`` → 400."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Allow"] = ALLOWED_METHODS
            response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            response["Access-Control-Allow-Headers"] = (
                "Accept, Accept-Language, If-None-Match, If-Modified-Since"
            )
            response["Access-Control-Max-Age"] = "86400"
            return cors(response)
        if request.method not in ("GET", "HEAD"):
            return error(405, "This API is read-only: use GET.", Allow=ALLOWED_METHODS)
        wait = over_limit(request)
        if wait:
            allowed, window = settings.HSDS_RATE_LIMIT
            return error(
                429,
                f"Too many requests: at most {allowed} every {window} seconds from one "
                f"address. Try again in {wait} seconds.",
                Retry_After=str(wait),
            )
        try:
            return view(request, *args, **kwargs)
        except BadParameter as problem:
            return error(400, problem.message, problem.name)

    return wrapped
