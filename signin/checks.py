"""``check --deploy`` warns when a deployment has switched off the two-factor requirement, or
when its proxy settings disagree with docs/deployment.md (nginx in front, named in
``TRUSTED_PROXIES``): the sign-in lock-out and the HSDS rate limit count the address that
``core/proxy.py`` finds, so a wrong proxy setting either lets a client choose its own address
or makes every visitor one client."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def two_factor_required(app_configs, **kwargs):
    if settings.KOINOTITA_REQUIRE_2FA:
        return []
    return [
        Warning(
            "KOINOTITA_REQUIRE_2FA is off: superusers and editors-in-chief can sign in to the "
            "admin with a password alone.",
            hint="Unset KOINOTITA_REQUIRE_2FA (it defaults to on) in production.",
            id="signin.W001",
        )
    ]


def _proxy_settings() -> list[str]:
    """The settings that only make sense with a reverse proxy in front."""
    names = []
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        names.append("SECURE_PROXY_SSL_HEADER")
    for name in ("USE_X_FORWARDED_HOST", "USE_X_FORWARDED_PORT"):
        if getattr(settings, name, False):
            names.append(name)
    return names


@register(Tags.security, deploy=True)
def proxies_as_deployed(app_configs, **kwargs):
    """Two ways the proxy settings disagree with the deployment guide:

    - ``signin.W002``: a setting reads a proxy's header (``SECURE_PROXY_SSL_HEADER``, as the
      production settings do, or ``USE_X_FORWARDED_HOST`` / ``_PORT``) while ``TRUSTED_PROXIES``
      names no proxy. Behind nginx every request would then look like plain HTTP (the HTTPS
      redirect never ends) and come from nginx's address (one count for everybody).
    - ``signin.W003``: ``TRUSTED_PROXIES`` holds a network of every address (``0.0.0.0/0``,
      ``::/0``): every client would be a trusted proxy, free to choose its own address.

    The reverse of the first, proxies named without ``SECURE_PROXY_SSL_HEADER``, is not
    warned about: gunicorn takes the scheme from the same proxies (``forwarded_allow_ips``).
    """
    trusted = list(getattr(settings, "TRUSTED_PROXIES", []))
    warnings = []
    expecting_a_proxy = _proxy_settings()
    if expecting_a_proxy and not trusted:
        warnings.append(
            Warning(
                f"{', '.join(expecting_a_proxy)} expects a reverse proxy in front, but "
                "TRUSTED_PROXIES names none: behind nginx every request would look like plain "
                "HTTP and come from nginx's address, one client for the sign-in lock-out and "
                "the HSDS rate limit.",
                hint="Set TRUSTED_PROXIES to the address of nginx as this machine sees it "
                "(127.0.0.1 when it runs here) and of any balancer in front of it "
                "(docs/deployment.md).",
                id="signin.W002",
            )
        )
    everything = [str(network) for network in trusted if network.prefixlen == 0]
    if everything:
        warnings.append(
            Warning(
                f"TRUSTED_PROXIES holds {', '.join(everything)}: every client is taken for a "
                "proxy and chooses its own address with X-Forwarded-For.",
                hint="Name only the addresses of nginx and of any balancer in front of it.",
                id="signin.W003",
            )
        )
    return warnings
