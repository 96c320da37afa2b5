"""Headers Django and django-csp do not set by themselves (portal/settings/headers.py).

* ``Permissions-Policy`` on every response (``PERMISSIONS_POLICY``).
* ``frame-ancestors 'self'`` instead of ``'none'`` on the responses Wagtail lets the admin
  frame (its previews mark them ``X-Frame-Options: SAMEORIGIN``): CSP's ``frame-ancestors``
  takes precedence over ``X-Frame-Options`` in browsers, so without this the preview panel
  would stay blank. Everything else stays unframeable.
* Nothing relaxed for the Wagtail admin: it runs under the same ``script-src 'self'`` as the
  public site. Wagtail 8 writes inline ``<script>`` elements to start its choosers, date
  widgets and inline panels; the portal writes inert JSON data blocks instead and starts the
  widgets from a file (home/admin_starters.py, static/js/admin-starters.js).
  docs/decisions/0016-caching-headers-and-health.md.

Sits after django-csp's middleware in ``MIDDLEWARE``, so it sees each response first.
"""

from csp.constants import SELF
from django.conf import settings


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = policy
        previewed = response.get("X-Frame-Options", "").upper() == "SAMEORIGIN"
        if previewed:
            # Wagtail renders a preview by running the page's request through the middleware
            # itself, so the page may arrive with the policy already written for it, unframeable.
            if "Content-Security-Policy" in response:
                del response["Content-Security-Policy"]
            replace = dict(getattr(response, "_csp_replace", None) or {})
            replace["frame-ancestors"] = [SELF]
            response._csp_replace = replace
        return response

