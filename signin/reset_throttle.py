"""A limit on the admin's password-reset e-mails.

Wagtail's "forgotten password" form sends an e-mail to any address that has an account,
as often as it is asked. Unchecked, anyone can flood an editor's mailbox (and the portal's
mail quota) from a script. Two fixed windows (core/rate_limit.py):

* **per client address** (``PASSWORD_RESET_LIMIT_PER_CLIENT``, 5 an hour): beyond it the
  form answers 429 Too Many Requests with ``Retry-After`` and a page that says how long to
  wait;
* **per e-mail address** (``PASSWORD_RESET_LIMIT_PER_ADDRESS``, 3 an hour, whoever asks):
  beyond it no e-mail is sent, and the answer is the usual "check your e-mail" page, so the
  form still never tells whether an address has an account. The address is kept hashed.

Signing in itself is throttled by django-axes (signin/throttling.py).
"""

import hashlib

from django.conf import settings
from django.shortcuts import redirect, render

from core.rate_limit import seconds_to_wait
from signin.throttling import client_address

RESET_VIEW = "wagtailadmin_password_reset"


class PasswordResetThrottleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = getattr(request, "resolver_match", None)
        if request.method != "POST" or match is None or match.url_name != RESET_VIEW:
            return None
        allowed, window = settings.PASSWORD_RESET_LIMIT_PER_CLIENT
        wait = seconds_to_wait("password-reset-client", client_address(request), allowed, window)
        if wait:
            minutes = max(1, round(wait / 60))
            response = render(
                request, "signin/reset_throttled.html", {"minutes": minutes}, status=429
            )
            response["Retry-After"] = str(wait)
            return response
        address = request.POST.get("email", "").strip().lower()
        if address:
            allowed, window = settings.PASSWORD_RESET_LIMIT_PER_ADDRESS
            hashed = hashlib.sha256(address.encode("utf-8", "surrogateescape")).hexdigest()
            if seconds_to_wait("password-reset-address", hashed, allowed, window):
                return redirect("wagtailadmin_password_reset_done")
        return None
