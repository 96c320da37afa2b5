"""Behind nginx every request comes from nginx: the visitor is read from X-Forwarded-For, as
far back as the chain of trusted proxies goes, and never from what a visitor wrote."""

import ipaddress

import pytest
from django.test import override_settings

from portal.proxy import visitor_address
from portal.settings.deployment import trusted_proxies

LOOPBACK = trusted_proxies({})
PRIVATE = trusted_proxies({"TRUSTED_PROXIES": "127.0.0.1, 10.0.0.0/24"})


@pytest.mark.parametrize(
    ("peer", "forwarded_for", "trusted", "visitor"),
    [
        ("127.0.0.1", "203.0.113.9", LOOPBACK, "203.0.113.9"),  # nginx on this machine
        ("198.51.100.4", "203.0.113.9", LOOPBACK, "198.51.100.4"),  # not a proxy of ours
        ("127.0.0.1", "1.2.3.4, 203.0.113.9", LOOPBACK, "203.0.113.9"),  # a visitor's own entry
        ("10.0.0.2", "203.0.113.9, 10.0.0.3", PRIVATE, "203.0.113.9"),  # balancer → nginx
        ("127.0.0.1", "not-an-address", LOOPBACK, "127.0.0.1"),  # nothing believable
        ("127.0.0.1", "2001:db8::7", LOOPBACK, "2001:db8::7"),
    ],
)
def test_the_visitor_is_the_last_address_before_our_proxies(peer, forwarded_for, trusted, visitor):
    assert visitor_address(peer, forwarded_for, trusted) == visitor


def test_loopback_is_trusted_by_default_and_networks_are_accepted():
    loopback = [ipaddress.ip_network("127.0.0.1/32"), ipaddress.ip_network("::1/128")]
    assert loopback == LOOPBACK
    assert ipaddress.ip_address("10.0.0.200") in PRIVATE[1]


def test_a_misspelt_proxy_stops_the_start_with_its_name():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXIES"):
        trusted_proxies({"TRUSTED_PROXIES": "10.0.0.0/33"})


@pytest.mark.django_db
@override_settings(HSDS_RATE_LIMIT=(2, 60))
def test_each_visitor_behind_nginx_has_their_own_api_allowance(client):
    first = {"HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    second = {"HTTP_X_FORWARDED_FOR": "203.0.113.10"}
    for _ in range(2):
        assert client.get("/api/hsds/", **first).status_code == 200
    assert client.get("/api/hsds/", **first).status_code == 429
    assert client.get("/api/hsds/", **second).status_code == 200
