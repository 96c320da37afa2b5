"""Headers Django and django-csp do not set by themselves (portal/settings/headers.py).

* ``Permissions-Policy`` on every response (``PERMISSIONS_POLICY``).
* ``frame-ancestors 'self'`` instead of ``'none'`` on the responses Wagtail lets the admin
  frame (its previews mark them ``X-Frame-Options: SAMEORIGIN``): CSP's ``frame-ancestors``
  takes precedence over ``X-Frame-Options`` in browsers, so without this the preview panel
  would stay blank. Everything else stays unframeable.
* No inline script anywhere, the Wagtail admin included: Wagtail 8 writes inline ``<script>``
  elements to start its choosers, date widgets and inline panels; the portal writes inert
  JSON data blocks instead and starts the widgets from a file (core/adaptations/,
  static/js/admin-starters.js).
* One relaxation, on the admin's signed-in screens only: ``style-src-elem 'self'
  'unsafe-inline'``, i.e. inline ``<style>`` elements (not ``style=""`` attributes, which stay
  under ``style-src 'self'``). The rich-text editor (Draftail, rendered by React) draws its
  empty-block placeholders and nested-list numbering with ``<style>`` elements whose text
  depends on the field's features, the admin's language and a random block key, so no hash
  can name them and React offers no nonce. Browsers without ``style-src-elem`` fall back to
  ``style-src 'self'`` and only lose those placeholders. The sign-in pages and the previews
  keep the strict policy. docs/decisions/0016-caching-headers-and-health.md.

Sits after django-csp's middleware in ``MIDDLEWARE``, so it sees each response first.
"""

from csp.constants import SELF, UNSAFE_INLINE
from django.conf import settings
from django.urls import reverse

# Admin pages open to anyone: they keep the public site's policy.
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
            replace = dict(getattr(response, "_csp_replace", None) or {})
            replace["style-src-elem"] = [SELF, UNSAFE_INLINE]
            response._csp_replace = replace
        return response


def is_signed_in_admin_page(request) -> bool:
    """A Wagtail admin screen behind the sign-in (the sign-in and reset pages are not)."""
    if not request.path.startswith(reverse("wagtailadmin_home")):
        return False
    match = getattr(request, "resolver_match", None)
    return not (match and match.url_name in STRICT_ADMIN_PAGES)
