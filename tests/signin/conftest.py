"""People with real passwords (the tests sign in through the login form, as a person does),
the two-factor requirement switched on, and codes computed from a device's key."""

import pytest
from django.contrib.auth.models import Group
from django_otp.oath import totp

from home.roles import COMMUNICATIONS_STAFF, EDITORS_IN_CHIEF

PASSWORD = "correct horse battery staple"  # noqa: S105 - a test account's password
LOGIN = "/admin/login/"
DASHBOARD = "/admin/"


@pytest.fixture
def require_2fa(settings):
    settings.KOINOTITA_REQUIRE_2FA = True


@pytest.fixture
def chief(django_user_model):
    """An editor-in-chief: must sign in with two factors."""
    user = django_user_model.objects.create_user("chief", "chief@example.org", PASSWORD)
    user.groups.add(Group.objects.get(name=EDITORS_IN_CHIEF))
    return user


@pytest.fixture
def writer(django_user_model):
    """A communications-staff member: may add a second factor, need not."""
    user = django_user_model.objects.create_user("writer", "writer@example.org", PASSWORD)
    user.groups.add(Group.objects.get(name=COMMUNICATIONS_STAFF))
    return user


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.org", PASSWORD)


def sign_in(client, username, password=PASSWORD, next_url=DASHBOARD, **extra):
    return client.post(
        LOGIN, {"username": username, "password": password, "next": next_url}, **extra
    )


def code_for(device, steps_ahead=0) -> str:
    """The code the user's phone shows now (or ``steps_ahead`` 30-second steps later: a code
    is accepted once, so a second sign-in in the same half-minute needs the next one)."""
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift + steps_ahead)
    return f"{value:0{device.digits}d}"
