"""Who the visitor is, behind a reverse proxy.

Behind nginx every request reaches gunicorn from nginx's address, so ``REMOTE_ADDR`` alone
would make all visitors one client to the HSDS rate limit and the sign-in throttle. nginx
appends the address it saw to ``X-Forwarded-For``; this middleware believes that header only
when the request came from a trusted proxy (``TRUSTED_PROXIES``), and then only as far back as
the chain of trusted proxies goes: the right-most address that is not a trusted proxy is the
visitor. A visitor who writes their own ``X-Forwarded-For`` adds entries to the left of it,
which are never read.
"""

import ipaddress

from django.conf import settings


def _address(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def visitor_address(remote_addr: str, forwarded_for: str, trusted) -> str:
    """The visitor's address, given the direct peer and the ``X-Forwarded-For`` chain."""
    peer = _address(remote_addr)
    if peer is None or not any(peer in network for network in trusted):
        return remote_addr
    visitor = remote_addr
    for entry in reversed(forwarded_for.split(",")):
        address = _address(entry)
        if address is None:  # a malformed entry ends what can be believed
            break
        visitor = str(address)
        if not any(address in network for network in trusted):
            break
    return visitor


class ForwardedClientMiddleware:
    """Set ``REMOTE_ADDR`` to the visitor's address before anything reads it."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.trusted = settings.TRUSTED_PROXIES

    def __call__(self, request):
        forwarded_for = request.META.get("HTTP_X_FORWARDED_FOR")
        if forwarded_for:
            request.META["REMOTE_ADDR"] = visitor_address(
                request.META.get("REMOTE_ADDR", ""), forwarded_for, self.trusted
            )
        return self.get_response(request)
