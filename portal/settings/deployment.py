"""What changes when the portal runs on several machines: where media live, which caches in
front of the portal are purged on publish, and which proxies may say who the visitor is.

Each piece is a function of the environment, so ``base.py`` stays declarative and the tests
can call them with any environment (docs/decisions/0011-deployment-shape.md).
"""

import ipaddress
import os
from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

from portal.settings.env import env_list, env_str

FILESYSTEM_STORAGE = "django.core.files.storage.FileSystemStorage"
S3_STORAGE = "storages.backends.s3.S3Storage"


def _get(environ: Mapping[str, str], name: str) -> str:
    return env_str(name, environ=environ).strip()


def _list(environ: Mapping[str, str], name: str) -> list[str]:
    return env_list(name, environ=environ)


def media_storage(environ: Mapping[str, str] = os.environ) -> dict:
    """The ``STORAGES["default"]`` entry: S3-compatible storage when a bucket is named, the
    local disk otherwise.

    Several web machines cannot share a local disk, so a bucket is what makes them
    interchangeable. Nothing in the bucket is public by this configuration: no ACL is sent
    (objects are private by default, and AWS buckets made since 2023 refuse ACLs), and URLs are
    not signed, because documents never leave through their storage URL (Wagtail streams them
    through Django after its privacy checks, ``WAGTAILDOCS_SERVE_METHOD``) while image
    renditions under ``images/`` are published by the bucket's policy or the CDN in front of
    it. Credentials are never settings: boto3 reads ``AWS_ACCESS_KEY_ID`` /
    ``AWS_SECRET_ACCESS_KEY`` or the machine's role.
    """
    bucket = _get(environ, "AWS_STORAGE_BUCKET_NAME")
    if not bucket:
        return {"BACKEND": FILESYSTEM_STORAGE}
    options = {
        "bucket_name": bucket,
        "default_acl": _get(environ, "AWS_DEFAULT_ACL") or None,
        "querystring_auth": False,
        # Two editors uploading "poster.jpg" on two machines must get two files.
        "file_overwrite": False,
        "object_parameters": {"CacheControl": "public, max-age=86400"},
    }
    for option, name in (
        ("endpoint_url", "AWS_S3_ENDPOINT_URL"),
        ("region_name", "AWS_S3_REGION_NAME"),
        ("custom_domain", "AWS_S3_CUSTOM_DOMAIN"),
        ("location", "AWS_LOCATION"),
    ):
        if value := _get(environ, name):
            options[option] = value
    return {"BACKEND": S3_STORAGE, "OPTIONS": options}


def frontend_cache_backends(environ: Mapping[str, str] = os.environ) -> dict:
    """``WAGTAILFRONTENDCACHE``: the caches in front of the portal that publishing purges.

    - ``FRONTEND_CACHE_PURGE_URL``: comma-separated addresses of HTTP caches that accept
      ``PURGE`` (each nginx of deploy/nginx/koinotita.conf on its purge listener, or Varnish);
    - ``CLOUDFLARE_ZONE_ID`` with ``CLOUDFLARE_BEARER_TOKEN`` (or ``CLOUDFLARE_EMAIL`` and
      ``CLOUDFLARE_API_KEY``);
    - ``CLOUDFRONT_DISTRIBUTION_ID`` (credentials as for the media bucket).

    None set: no purging at all (an empty setting).
    """
    backends: dict[str, dict] = {}
    for number, location in enumerate(_list(environ, "FRONTEND_CACHE_PURGE_URL"), start=1):
        backends[f"http-{number}"] = {
            "BACKEND": "home.cdn_purge.TimedHTTPBackend",  # Wagtail's, with a time limit
            "LOCATION": location,
        }
    if zone := _get(environ, "CLOUDFLARE_ZONE_ID"):
        cloudflare = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "ZONEID": zone,
        }
        if token := _get(environ, "CLOUDFLARE_BEARER_TOKEN"):
            cloudflare["BEARER_TOKEN"] = token
        elif _get(environ, "CLOUDFLARE_EMAIL") and _get(environ, "CLOUDFLARE_API_KEY"):
            cloudflare["EMAIL"] = _get(environ, "CLOUDFLARE_EMAIL")
            cloudflare["API_KEY"] = _get(environ, "CLOUDFLARE_API_KEY")
        else:
            raise ImproperlyConfigured(
                "CLOUDFLARE_ZONE_ID is set: set CLOUDFLARE_BEARER_TOKEN too "
                "(or CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY)."
            )
        backends["cloudflare"] = cloudflare
    if distribution := _get(environ, "CLOUDFRONT_DISTRIBUTION_ID"):
        backends["cloudfront"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
            "DISTRIBUTION_ID": distribution,
        }
    return backends


def trusted_proxies(environ: Mapping[str, str] = os.environ) -> list:
    """``TRUSTED_PROXIES``: the addresses or networks of the reverse proxies (nginx, the load
    balancer) whose ``X-Forwarded-*`` headers are believed; gunicorn's ``forwarded_allow_ips``
    follows the same variable (deploy/gunicorn.conf.py).

    None by default, loopback included: whoever can reach the application port, from this
    machine too, would otherwise choose their own address. A deployment behind nginx names
    nginx here (docs/deployment.md); without it every visitor would be one client to the HSDS
    rate limit and the sign-in throttle, and ``check --deploy`` says so (signin/checks.py)."""
    names = _list(environ, "TRUSTED_PROXIES")
    try:
        return [ipaddress.ip_network(name, strict=False) for name in names]
    except ValueError as error:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES must list IP addresses or networks: {error}"
        ) from error
