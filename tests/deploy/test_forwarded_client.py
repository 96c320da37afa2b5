"""Behind nginx every request comes from nginx: the visitor is read from X-Forwarded-For, as
far back as the chain of trusted proxies goes, and never from what a visitor wrote. No proxy
is trusted unless named in TRUSTED_PROXIES, loopback included, and ``check --deploy`` warns
when the settings expect a proxy that is not named."""

import ipaddress
import os
import secrets
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, RequestFactory, override_settings

from core.proxy import ForwardedClientMiddleware, visitor_address
from portal.settings.deployment import trusted_proxies
from signin.checks import proxies_as_deployed
from tests.deploy.conftest import DEPLOY, ROOT

NONE = trusted_proxies({})
LOOPBACK = trusted_proxies({"TRUSTED_PROXIES": "127.0.0.1,::1"})
PRIVATE = trusted_proxies({"TRUSTED_PROXIES": "127.0.0.1, 10.0.0.0/24"})
PASSWORD = "correct horse battery staple"  # noqa: S105 - a test account's password


@pytest.mark.parametrize(
    ("peer", "forwarded_for", "trusted", "visitor"),
    [
        ("127.0.0.1", "203.0.113.9", LOOPBACK, "203.0.113.9"),  # nginx on this machine
        ("127.0.0.1", "203.0.113.9", NONE, "127.0.0.1"),  # nobody named: nobody believed
        ("198.51.100.4", "203.0.113.9", LOOPBACK, "198.51.100.4"),  # not a proxy of ours
        ("127.0.0.1", "1.2.3.4, 203.0.113.9", LOOPBACK, "203.0.113.9"),  # a visitor's own entry
        ("10.0.0.2", "203.0.113.9, 10.0.0.3", PRIVATE, "203.0.113.9"),  # balancer → nginx
        ("127.0.0.1", "not-an-address", LOOPBACK, "127.0.0.1"),  # nothing believable
        ("127.0.0.1", "2001:db8::7", LOOPBACK, "2001:db8::7"),
    ],
)
def test_the_visitor_is_the_last_address_before_our_proxies(peer, forwarded_for, trusted, visitor):
    assert visitor_address(peer, forwarded_for, trusted) == visitor


def test_no_proxy_is_trusted_by_default_and_networks_are_accepted():
    assert NONE == []
    loopback = [ipaddress.ip_network("127.0.0.1/32"), ipaddress.ip_network("::1/128")]
    assert loopback == LOOPBACK
    assert ipaddress.ip_address("10.0.0.200") in PRIVATE[1]


def test_a_misspelt_proxy_stops_the_start_with_its_name():
    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXIES"):
        trusted_proxies({"TRUSTED_PROXIES": "10.0.0.0/33"})


def forwarded_request(peer: str, trusted, **headers):
    """What the portal sees of a request from ``peer`` after the first middleware."""
    request = RequestFactory().get("/", REMOTE_ADDR=peer, **headers)
    middleware = ForwardedClientMiddleware(lambda request: request)
    middleware.trusted = trusted
    return middleware(request)


@override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_the_scheme_and_host_are_believed_only_from_a_named_proxy():
    headers = {
        "HTTP_X_FORWARDED_PROTO": "https",
        "HTTP_X_FORWARDED_HOST": "elsewhere.example",
        "HTTP_X_FORWARDED_FOR": "203.0.113.9",
        "HTTP_FORWARDED": "for=203.0.113.9;proto=https",
    }
    direct = forwarded_request("127.0.0.1", NONE, **headers)
    assert not direct.is_secure()
    assert not [key for key in direct.META if "FORWARDED" in key]
    assert direct.META["REMOTE_ADDR"] == "127.0.0.1"

    through_nginx = forwarded_request("127.0.0.1", LOOPBACK, **headers)
    assert through_nginx.is_secure()
    assert through_nginx.META["REMOTE_ADDR"] == "203.0.113.9"


@pytest.mark.django_db
@override_settings(HSDS_RATE_LIMIT=(2, 60), TRUSTED_PROXIES=LOOPBACK)
def test_each_visitor_behind_nginx_has_their_own_api_allowance(client):
    first = {"HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    second = {"HTTP_X_FORWARDED_FOR": "203.0.113.10"}
    for _ in range(2):
        assert client.get("/api/hsds/", **first).status_code == 200
    assert client.get("/api/hsds/", **first).status_code == 429
    assert client.get("/api/hsds/", **second).status_code == 200


@pytest.mark.django_db
@override_settings(HSDS_RATE_LIMIT=(2, 60), TRUSTED_PROXIES=NONE)
def test_a_forged_address_does_not_escape_the_api_limit(client):
    """From 127.0.0.1 with the default settings, X-Forwarded-For is the client's own words."""
    for number in range(2):
        forged = {"HTTP_X_FORWARDED_FOR": f"203.0.113.{number}"}
        assert client.get("/api/hsds/", **forged).status_code == 200
    for forged in ("203.0.113.77", "198.51.100.1, 203.0.113.78", ""):
        response = client.get("/api/hsds/", HTTP_X_FORWARDED_FOR=forged)
        assert response.status_code == 429, forged


@pytest.mark.django_db
@override_settings(TRUSTED_PROXIES=NONE)
def test_a_forged_address_does_not_escape_the_sign_in_lock_out(django_user_model, settings):
    django_user_model.objects.create_superuser("root", "root@example.org", PASSWORD)
    client = Client()

    def sign_in(password, number):
        return client.post(
            "/admin/login/",
            {"username": "root", "password": password, "next": "/admin/"},
            HTTP_X_FORWARDED_FOR=f"203.0.113.{number}",
        )

    limit = settings.AXES_FAILURE_LIMIT
    answers = [sign_in("not the password", number).status_code for number in range(limit)]
    assert answers == [200] * (limit - 1) + [429]
    assert sign_in(PASSWORD, 200).status_code == 429  # a new forged address, the right password
    assert client.get("/admin/").status_code == 302  # still not signed in


def warnings_for(settings, **values) -> list[str]:
    for name, value in values.items():
        setattr(settings, name, value)
    return [warning.id for warning in proxies_as_deployed(None)]


def test_the_check_warns_when_a_proxy_is_expected_but_not_named(settings):
    proto = ("HTTP_X_FORWARDED_PROTO", "https")
    assert warnings_for(settings, SECURE_PROXY_SSL_HEADER=proto, TRUSTED_PROXIES=[]) == [
        "signin.W002"
    ]
    assert warnings_for(settings, SECURE_PROXY_SSL_HEADER=proto, TRUSTED_PROXIES=LOOPBACK) == []
    assert warnings_for(
        settings, SECURE_PROXY_SSL_HEADER=None, USE_X_FORWARDED_HOST=True, TRUSTED_PROXIES=[]
    ) == ["signin.W002"]
    assert (
        warnings_for(
            settings, SECURE_PROXY_SSL_HEADER=None, USE_X_FORWARDED_HOST=False, TRUSTED_PROXIES=[]
        )
        == []
    )  # no proxy expected, none named: serving directly, as make serve-prod does


def test_the_check_warns_when_every_address_is_a_proxy(settings):
    everyone = trusted_proxies({"TRUSTED_PROXIES": "10.0.0.2, 0.0.0.0/0"})
    assert warnings_for(settings, TRUSTED_PROXIES=everyone) == ["signin.W003"]


def example_environment() -> dict[str, str]:
    """deploy/env.example's active lines."""
    values = {}
    for line in (DEPLOY / "env.example").read_text().splitlines():
        name, separator, value = line.partition("=")
        if separator and not line.startswith("#"):
            values[name.strip()] = value.strip()
    return values


def check_deploy(environ: dict[str, str]) -> subprocess.CompletedProcess:
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if k not in ("SECURE_SSL_REDIRECT", "TRUSTED_PROXIES")
        },
        **environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": "sqlite:///:memory:",
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_documented_environment_passes_the_deployment_check():
    environ = example_environment()
    assert environ["TRUSTED_PROXIES"] == "127.0.0.1"
    result = check_deploy(environ)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout

    without = check_deploy({**environ, "TRUSTED_PROXIES": ""})
    assert without.returncode != 0
    assert "signin.W002" in without.stdout + without.stderr
