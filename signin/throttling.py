"""What django-axes needs from the portal: the client's address and the lock-out page.

The lock-out page is the same whoever was tried, so it never tells whether a username exists
(axes counts failures for unknown usernames exactly like real ones). It says how long to wait
and answers 429 Too Many Requests with a ``Retry-After`` header.
"""

from axes.helpers import get_cool_off
from django.conf import settings
from django.shortcuts import render

# The client's address, the same one the rest of the portal counts (core/proxy.py).
from core.proxy import client_address  # noqa: F401


def lockout_response(request, original_response=None, credentials=None):
    cool_off = get_cool_off(request)
    minutes = max(1, round(cool_off.total_seconds() / 60)) if cool_off else None
    response = render(
        request,
        "signin/locked_out.html",
        {"minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
