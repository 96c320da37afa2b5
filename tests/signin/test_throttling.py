"""Admin sign-in is throttled per (username, address): after too many wrong passwords that
pair is refused, even with the right password, for the cool-off time, with a clear 429 page
that is the same whether or not the username exists. Other people, other addresses, a
successful sign-in and password reset behave as an operator expects."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.core.management import call_command
from django.db.models import F
from django.test import Client, RequestFactory
from django.utils.translation import gettext, ngettext

from signin.throttling import client_address
from tests.signin.conftest import DASHBOARD, PASSWORD, sign_in

pytestmark = pytest.mark.django_db

WRONG = "not the password"  # noqa: S105


@pytest.fixture
def limit(settings) -> int:
    return settings.AXES_FAILURE_LIMIT


def fail(client, username, times, **extra):
    responses = [sign_in(client, username, WRONG, **extra) for _ in range(times)]
    return responses[-1]


def without_csrf_token(response) -> str:
    """The page, less the admin's per-session CSRF token in its script configuration."""
    return re.sub(r'"CSRF_TOKEN": "[^"]*"', "", response.content.decode())


def is_signed_in(client) -> bool:
    return client.get(DASHBOARD).status_code == 200


def test_the_defaults_are_five_failures_and_fifteen_minutes(settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60


def test_failures_below_the_limit_show_the_usual_form_error(client, writer, limit):
    response = fail(client, "writer", limit - 1)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_after_too_many_failures_even_the_right_password_is_refused(client, writer, limit):
    locked = fail(client, "writer", limit)
    assert locked.status_code == 429
    assert locked["Retry-After"] == str(15 * 60)
    page = locked.content.decode()
    assert gettext("Too many sign-in attempts") in page  # the admin's sign-in is in Greek
    minutes = ngettext(
        "Wait %(minutes)s minute, then try again.", "Wait %(minutes)s minutes, then try again.", 15
    ) % {"minutes": 15}
    assert minutes in page

    right = sign_in(client, "writer", PASSWORD)
    assert right.status_code == 429
    assert not is_signed_in(client)


def test_the_lock_out_page_does_not_tell_whether_the_username_exists(writer, limit):
    real = fail(Client(), "writer", limit + 1)
    unknown = fail(Client(), "nobody-by-this-name", limit + 1)
    assert real.status_code == unknown.status_code == 429
    assert without_csrf_token(real) == without_csrf_token(unknown)
    assert "writer" not in without_csrf_token(real)


def test_other_users_and_the_same_user_elsewhere_are_unaffected(client, writer, chief, limit):
    fail(client, "writer", limit)
    assert sign_in(client, "writer", PASSWORD).status_code == 429

    colleague = Client()  # same address, another account
    assert sign_in(colleague, "chief").status_code == 302
    assert is_signed_in(colleague)

    elsewhere = Client(REMOTE_ADDR="192.0.2.7")  # same account, another address
    assert sign_in(elsewhere, "writer").status_code == 302
    assert is_signed_in(elsewhere)


def test_the_lock_lifts_after_the_cool_off_time(client, writer, limit, settings):
    fail(client, "writer", limit)
    assert sign_in(client, "writer").status_code == 429
    # Let the cool-off time pass: every recorded failure becomes older than it.
    AccessAttempt.objects.update(
        attempt_time=F("attempt_time") - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    )
    assert sign_in(client, "writer").status_code == 302
    assert is_signed_in(client)


def test_an_administrator_unlocks_a_user(client, writer, limit):
    fail(client, "writer", limit)
    call_command("axes_reset_username", "writer")
    assert sign_in(client, "writer").status_code == 302
    assert is_signed_in(client)


def test_a_successful_sign_in_resets_the_count(writer, limit):
    first = Client()
    fail(first, "writer", limit - 1)
    assert sign_in(first, "writer").status_code == 302
    second = Client()
    assert fail(second, "writer", limit - 1).status_code == 200  # counting from zero again
    assert sign_in(second, "writer").status_code == 302


def test_password_reset_neither_signs_in_nor_lifts_the_lock(client, writer, limit):
    fail(client, "writer", limit)
    response = client.post("/admin/password_reset/", {"email": "writer@example.org"})
    assert response.status_code == 302
    link = re.search(r"https?://[^/\s]+(/admin/password_reset/confirm/\S+)", mail.outbox[0].body)
    set_password_page = client.get(link.group(1), follow=True)
    assert set_password_page.status_code == 200
    new_password = "a brand new passphrase 42"  # noqa: S105
    done = client.post(
        set_password_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert done.status_code == 302
    assert not is_signed_in(client)  # resetting a password never signs anyone in
    assert sign_in(client, "writer", new_password).status_code == 429


def test_the_django_admin_login_is_throttled_too_when_mounted(settings, superuser, limit):
    settings.ROOT_URLCONF = "tests.signin.django_admin_urls"
    client = Client()
    for _ in range(limit):
        client.post("/django-admin/login/", {"username": "root", "password": WRONG})
    response = client.post("/django-admin/login/", {"username": "root", "password": PASSWORD})
    assert response.status_code == 429


@pytest.mark.parametrize(
    ("trusted", "forwarded", "expected"),
    [
        ([], "198.51.100.9", "10.0.0.1"),  # no proxy trusted: the header is the client's own
        (["10.0.0.0/8"], "198.51.100.9", "198.51.100.9"),
        (["10.0.0.0/8"], "203.0.113.66, 198.51.100.9", "198.51.100.9"),  # spoofed on the left
        (["10.0.0.0/8"], "203.0.113.66, 198.51.100.9, 10.0.0.2", "198.51.100.9"),
    ],
)
def test_the_throttle_names_the_visitor_behind_trusted_proxies(trusted, forwarded, expected):
    """The throttle counts the address core/proxy.py found, the same as the rest of the portal."""
    from ipaddress import ip_network

    from core.proxy import ForwardedClientMiddleware

    request = RequestFactory().post(
        "/admin/login/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded
    )
    middleware = ForwardedClientMiddleware(lambda request: client_address(request))
    middleware.trusted = [ip_network(network) for network in trusted]
    assert middleware(request) == expected
