"""A user's second factors: one authenticator app (TOTP) and one sheet of backup codes.

An authenticator is created unconfirmed when its set-up page first opens, so the QR code stays
the same on reload; it counts (``confirmed``) only once the user has typed a code it produced.
Confirming it replaces any earlier authenticator (a new phone) and issues fresh backup codes.
Backup codes are single-use and, as django-otp stores them, readable by whoever can read the
database, which is why they are few and shown only once.
"""

import math
from base64 import b32encode

import segno
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

AUTHENTICATOR_NAME = "authenticator"
BACKUP_NAME = "backup codes"
BACKUP_CODE_COUNT = 10
WRONG_CODE = gettext_lazy(
    "That code is not right. Check that your phone's clock is set automatically, "
    "then try the newest code."
)


def authenticator(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def backup_device(user) -> StaticDevice | None:
    return StaticDevice.objects.devices_for_user(user, confirmed=True).first()


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def pending_authenticator(user) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


def check_code(user, device, code: str):
    """The device, if ``code`` is right for it now; else ``(None, why)``.

    django-otp's own throttling decides: after each wrong code the device refuses every code,
    right or wrong, for twice as long as after the one before (1, 2, 4 … seconds)."""
    allowed, details = device.verify_is_allowed()
    if not allowed:
        wait = details["locked_until"] - timezone.now()
        seconds = max(1, math.ceil(wait.total_seconds()))
        return None, ngettext(
            "Too many wrong codes. Wait %(seconds)d second, then try the newest code.",
            "Too many wrong codes. Wait %(seconds)d seconds, then try the newest code.",
            seconds,
        ) % {"seconds": seconds}
    verified = verify_token(user, device.persistent_id, code)
    if verified is None:
        return None, str(WRONG_CODE)
    return verified, None


@transaction.atomic
def confirm_authenticator(device: TOTPDevice) -> list[str]:
    """Make ``device`` the user's only authenticator; return their new backup codes."""
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return issue_backup_codes(device.user)


@transaction.atomic
def issue_backup_codes(user) -> list[str]:
    """Replace the user's backup codes; the old ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_NAME, confirmed=True)
    codes = []
    while len(codes) < BACKUP_CODE_COUNT:
        code = StaticToken.random_token()
        if code not in codes:
            codes.append(code)
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def remove_all(user) -> int:
    """Delete every second factor of the user (an administrator's reset, or opting out)."""
    devices = [TOTPDevice.objects.filter(user=user), StaticDevice.objects.filter(user=user)]
    removed = sum(queryset.count() for queryset in devices)
    for queryset in devices:
        queryset.delete()
    return removed


def secret_text(device: TOTPDevice) -> str:
    """The key as an authenticator app's "enter a key" field wants it, in groups of four."""
    secret = b32encode(device.bin_key).decode("ascii")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice) -> str:
    """The ``otpauth://`` set-up address as an inline SVG QR code, drawn on the server:
    the secret never leaves the page, and no outside service is asked to draw it."""
    code = segno.make(device.config_url, error="m")
    svg = code.svg_inline(
        scale=5,
        border=4,
        dark="#000",
        light="#fff",  # a light margin, so the code scans on the admin's dark theme too
        title=_("QR code for your authenticator app"),
        svgclass=None,
        lineclass=None,
    )
    return svg.replace("<svg ", '<svg role="img" ', 1)
