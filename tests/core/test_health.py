"""Health endpoints for a load balancer (core/health.py)."""

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_liveness_answers_without_touching_anything(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_readiness_checks_the_database(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok"}}
    assert "no-store" in response["Cache-Control"]


def test_not_ready_when_the_database_fails(client, monkeypatch):
    from core import health

    monkeypatch.setattr(health, "_database", lambda: False)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "failing"


REDIS_DOWN = {
    "default": {
        "BACKEND": "core.cache.TolerantRedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing listens
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}


def test_redis_down_is_reported_but_the_process_stays_ready(client):
    with override_settings(CACHES=REDIS_DOWN):
        response = client.get("/readyz")
        assert response.status_code == 200
        assert response.json()["checks"] == {"database": "ok", "cache": "failing"}
        with override_settings(READYZ_STRICT=True):
            assert client.get("/readyz").status_code == 503


def test_only_safe_methods(client):
    assert client.post("/readyz").status_code == 405
