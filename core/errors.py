"""The server-error page, which tells a passing database outage from a real fault.

Why: while PostgreSQL restarts (a failover, an upgrade, a crash), every request that needs
it raises ``OperationalError``. Those are not the portal's bugs and the resident can do
something about them: try again in a few seconds. So they are answered ``503 Service
Unavailable`` with ``Retry-After`` (which load balancers and crawlers understand) and a
page that says so, instead of a 500. Nothing is half-written: each request runs in one
transaction (``ATOMIC_REQUESTS``), which the database rolls back, and the next request
opens a new connection (``CONN_HEALTH_CHECKS``), so the portal recovers by itself.
Any other error is a 500, as before. Both pages are static HTML: they must render with the
database gone.
"""

import logging
import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 5
OUTAGES = (OperationalError, InterfaceError)


def _is_outage(error: BaseException | None) -> bool:
    while error is not None:
        if isinstance(error, OUTAGES):
            return True
        if isinstance(error, DatabaseError):
            return False
        error = error.__cause__ or error.__context__
    return False


def server_error(request, template_name="500.html"):
    error = sys.exc_info()[1]
    if _is_outage(error):
        logger.warning("Database unavailable; answered 503: %s", error)
        response = HttpResponse(
            loader.get_template("503.html").render(), status=503, content_type="text/html"
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    return HttpResponseServerError(loader.get_template(template_name).render())
