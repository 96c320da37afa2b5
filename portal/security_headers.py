"""Headers Django and django-csp do not set by themselves (portal/settings/headers.py).

* ``Permissions-Policy`` on every response (``PERMISSIONS_POLICY``).
* ``frame-ancestors 'self'`` instead of ``'none'`` on the responses Wagtail lets the admin
  frame (its previews mark them ``X-Frame-Options: SAMEORIGIN``): CSP's ``frame-ancestors``
  takes precedence over ``X-Frame-Options`` in browsers, so without this the preview panel
  would stay blank. Everything else stays unframeable.
* ``'unsafe-inline'`` added to ``script-src`` and ``style-src`` for the Wagtail admin's
  signed-in screens only. Wagtail 8 still writes inline ``<script>`` elements: every chooser
  widget from Python (``BaseChooser.render``), the date and time widgets, the inline panels and
  the search promotions (wagtail/wagtail#1288, #12940); under ``'self'`` alone the listings'
  date filters, the page editor's choosers and the inline panels stop working. Its page
  editor's scripts also insert inline styles. The
  public site, the sign-in pages, the previews (the public templates, which need no inline
  script) and every other directive of the admin stay strict:
  docs/decisions/0016-security-headers.md.

Sits after django-csp's middleware in ``MIDDLEWARE``, so it sees each response first.
"""

from csp.constants import SELF, UNSAFE_INLINE
from django.conf import settings
from django.urls import reverse

# Admin pages that are fully strict: they are open to anyone and write no inline script.
STRICT_ADMIN_PAGES = ("wagtailadmin_login", "wagtailadmin_password_reset")


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
        elif is_signed_in_admin_page(request):
            update = dict(getattr(response, "_csp_update", None) or {})
            for directive in ("script-src", "style-src"):
                update[directive] = [*update.get(directive, []), UNSAFE_INLINE]
            response._csp_update = update
        return response


def is_signed_in_admin_page(request) -> bool:
    """A Wagtail admin screen behind the sign-in (the sign-in and reset pages are not)."""
    if not request.path.startswith(reverse("wagtailadmin_home")):
        return False
    match = getattr(request, "resolver_match", None)
    return not (match and match.url_name in STRICT_ADMIN_PAGES)
