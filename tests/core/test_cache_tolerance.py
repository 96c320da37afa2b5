"""With Redis unreachable the portal serves uncached instead of failing (core/cache.py);
with Redis up the pages are shared through it. Redis runs on 127.0.0.1:6379 here."""

import uuid

import pytest
from django.test import override_settings
from wagtail.models import Page

pytestmark = pytest.mark.django_db


def redis(location):
    return {
        "default": {
            "BACKEND": "core.cache.TolerantRedisCache",
            "LOCATION": location,
            # Two suites (SQLite and PostgreSQL) may share this Redis at once in CI.
            "KEY_PREFIX": f"koinotita-test-{uuid.uuid4().hex}",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }


def test_every_page_type_is_served_with_redis_down(client, caplog):
    from core import cache as tolerant

    tolerant.TolerantRedisCache._down_until = 0.0
    centre = Page.objects.get(slug="chania", locale__language_code="el")
    urls = ["/", centre.url, "/en/", "/domes/", "/search/?q=ψυχολόγος", "/api/hsds/services"]
    with override_settings(CACHES=redis("redis://127.0.0.1:9/0"), PAGE_CACHE_SECONDS=60):
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert response.get("X-Cache") != "hit", url
    assert "Redis cache unreachable" in caplog.text
    tolerant.TolerantRedisCache._down_until = 0.0


def test_a_running_redis_serves_the_cached_page(client):
    import redis as redis_client

    try:
        redis_client.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=0.5).ping()
    except redis_client.exceptions.ConnectionError:
        pytest.fail("Redis is expected on 127.0.0.1:6379 on this machine and in CI")
    centre = Page.objects.get(slug="chania", locale__language_code="el")
    with override_settings(CACHES=redis("redis://127.0.0.1:6379/15"), PAGE_CACHE_SECONDS=60):
        assert client.get(centre.url)["X-Cache"] == "miss"
        assert client.get(centre.url)["X-Cache"] == "hit"
