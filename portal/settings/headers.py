"""Response headers every environment sends: the Content Security Policy and its companions.

The policy is strict on purpose: every script, style, image and font comes from the portal
itself, nothing inline (no ``unsafe-inline``, no ``unsafe-eval``), so an injected
``<script>`` or ``onload=`` cannot run even if a template ever failed to escape it. The
pages were written for this: JavaScript lives in ``static/js/`` and is loaded with ``src``,
styles in ``static/css/``; the only inline ``<script>`` is the centre page's JSON-LD, a data
block that CSP does not execute. The Wagtail admin runs under the same ``script-src``: the
inline scripts Wagtail writes to start its widgets become JSON data blocks started by
``static/js/admin-starters.js`` (core/adaptations/); its signed-in screens allow inline
``<style>`` elements only, for the rich-text editor (core/security_headers.py). Frames: no
page may be framed (``frame-ancestors 'none'``) except the admin's preview, which Wagtail
frames from the admin itself (core/security_headers.py relaxes it to ``'self'`` for exactly
those responses). docs/decisions/0016-caching-headers-and-health.md.
"""

from csp.constants import NONE, SELF

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF],
        "manifest-src": [SELF],
        "worker-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Browser features no page of the portal uses are switched off; geolocation is the finder's
# "use my location" (static/js/finder.js), for the portal's own pages only.
PERMISSIONS_POLICY = (
    "geolocation=(self), camera=(), microphone=(), payment=(), usb=(), serial=(), "
    "magnetometer=(), gyroscope=(), accelerometer=(), midi=(), "
    "display-capture=(), browsing-topics=()"
)

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
