"""Who the visitor is, behind a reverse proxy.

Behind nginx every request reaches gunicorn from nginx's address, so ``REMOTE_ADDR`` alone
would make all visitors one client to the HSDS rate limit and the sign-in throttle. nginx
appends the address it saw to ``X-Forwarded-For``; this middleware believes that header only
when the request came from a proxy named in ``TRUSTED_PROXIES``, and then only as far back as
the chain of trusted proxies goes: the right-most address that is not a trusted proxy is the
visitor. A visitor who writes their own ``X-Forwarded-For`` adds entries to the left of it,
which are never read.

No proxy is trusted unless named (docs/decisions/0019-trusted-proxies-named.md). A request
from any other address loses its ``X-Forwarded-*`` and ``Forwarded`` headers here, before
anything reads them, so nothing later in the portal (Django's ``SECURE_PROXY_SSL_HEADER``
included) can be told by a client which address, scheme or host it used.
"""

import ipaddress

from django.conf import settings


def _address(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def is_trusted(remote_addr: str, trusted) -> bool:
    """Whether the direct peer is one of the named proxies."""
    peer = _address(remote_addr)
    return peer is not None and any(peer in network for network in trusted)


def visitor_address(remote_addr: str, forwarded_for: str, trusted) -> str:
    """The visitor's address, given the direct peer and the ``X-Forwarded-For`` chain."""
    if not is_trusted(remote_addr, trusted):
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


def client_address(request) -> str:
    """``REMOTE_ADDR``: behind a trusted reverse proxy, :class:`ForwardedClientMiddleware`
    (the first middleware) has already set it to the visitor's address, so the sign-in
    throttle, the password-form guards and the HSDS rate limit name the same client.
    ``X-Forwarded-For`` is never read here: a client can write it."""
    return request.META.get("REMOTE_ADDR", "")


def _is_forwarding_header(key: str) -> bool:
    return key.startswith("HTTP_X_FORWARDED_") or key == "HTTP_FORWARDED"


class ForwardedClientMiddleware:
    """Set ``REMOTE_ADDR`` to the visitor's address before anything reads it, and drop the
    forwarding headers of a request that did not come from a trusted proxy."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.trusted = settings.TRUSTED_PROXIES

    def __call__(self, request):
        meta = request.META
        remote_addr = meta.get("REMOTE_ADDR", "")
        if is_trusted(remote_addr, self.trusted):
            if forwarded_for := meta.get("HTTP_X_FORWARDED_FOR"):
                meta["REMOTE_ADDR"] = visitor_address(remote_addr, forwarded_for, self.trusted)
        else:
            for key in [key for key in meta if _is_forwarding_header(key)]:
                del meta[key]
        return self.get_response(request)
