"""What django-axes needs from the portal: the client's address and the lock-out page.

The lock-out page is the same whoever was tried, so it never tells whether a username exists
(axes counts failures for unknown usernames exactly like real ones). It says how long to wait
and answers 429 Too Many Requests with a ``Retry-After`` header.
"""

from axes.helpers import get_cool_off
from django.conf import settings
from django.shortcuts import render


def client_address(request) -> str:
    """``REMOTE_ADDR``: behind a trusted reverse proxy, ``portal/proxy.py`` (the first
    middleware) has already set it to the visitor's address, so the throttle and the HSDS rate
    limit name the same client. ``X-Forwarded-For`` is never read here: a client can write it."""
    return request.META.get("REMOTE_ADDR", "")


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
