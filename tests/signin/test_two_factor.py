"""Two-factor sign-in: editors-in-chief and superusers must set up an authenticator before any
admin page opens, and then enter its code after their password; other admin users may opt in.
Codes are computed here from the device's own key, as the phone would."""

import re
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from signin import devices
from tests.signin.conftest import DASHBOARD, code_for, sign_in

pytestmark = pytest.mark.django_db

VERIFY = "/admin/two-factor/verify/"
SETUP = "/admin/two-factor/set-up/"
BACKUP_CODES = "/admin/two-factor/backup-codes/"
MANAGE = "/admin/two-factor/"


def path_of(response) -> str:
    return response["Location"].split("?")[0]


def enrolled(user) -> TOTPDevice:
    """An authenticator set up and confirmed, as after the set-up page."""
    device = devices.pending_authenticator(user)
    devices.confirm_authenticator(device)
    device.refresh_from_db()
    return device


def forget_wrong_codes(device) -> None:
    """Let the back-off after wrong codes pass, as a person waiting would."""
    device.refresh_from_db()
    device.throttling_failure_timestamp = timezone.now() - timedelta(hours=1)
    device.save()


def csrf_from(response) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())[1]


def test_the_whole_journey_of_an_editor_in_chief(client, chief, require_2fa):
    # Password first: the dashboard does not open, the set-up page does.
    assert sign_in(client, "chief").status_code == 302
    to_setup = client.get(DASHBOARD)
    assert to_setup.status_code == 302
    assert to_setup["Location"] == f"{SETUP}?next=%2Fadmin%2F"

    setup_page = client.get(to_setup["Location"])
    assert setup_page.status_code == 200
    page = setup_page.content.decode()
    device = TOTPDevice.objects.get(user=chief, confirmed=False)
    assert '<svg role="img"' in page  # the QR code, drawn inline
    assert "http" not in re.search(r"<svg.*?</svg>", page, re.S)[0]  # nothing fetched
    assert devices.secret_text(device) in page  # and the key as text
    assert client.get(DASHBOARD).status_code == 302  # still not set up

    confirmed = client.post(to_setup["Location"], {"code": code_for(device), "next": DASHBOARD})
    assert path_of(confirmed) == BACKUP_CODES
    device.refresh_from_db()
    assert device.confirmed

    codes_page = client.get(confirmed["Location"]).content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", codes_page)
    assert len(codes) == devices.BACKUP_CODE_COUNT
    assert not re.findall(r"<code>[a-z2-7]{8}</code>", client.get(BACKUP_CODES).content.decode())
    assert client.get(DASHBOARD).status_code == 200

    # The next sign-in asks for the code after the password.
    client.post("/admin/logout/")
    assert sign_in(client, "chief").status_code == 302
    to_verify = client.get(DASHBOARD)
    assert to_verify["Location"] == f"{VERIFY}?next=%2Fadmin%2F"
    assert client.get("/admin/pages/").status_code == 302

    wrong = client.post(VERIFY, {"code": "000000", "next": DASHBOARD})
    assert wrong.status_code == 200
    assert wrong.context["form"].errors["code"]
    forget_wrong_codes(device)
    right = client.post(VERIFY, {"code": code_for(device, steps_ahead=1), "next": DASHBOARD})
    assert right["Location"] == DASHBOARD
    assert client.get(DASHBOARD).status_code == 200
    assert client.get("/admin/pages/").status_code == 200


def test_an_editor_in_chief_without_a_device_cannot_reach_any_admin_page(
    client, chief, require_2fa
):
    client.force_login(chief)
    for path in (DASHBOARD, "/admin/pages/", "/admin/account/", MANAGE):
        response = client.get(path)
        assert response.status_code == 302, path
        assert path_of(response) == SETUP


def test_a_superuser_without_a_device_is_sent_to_set_up(client, superuser, require_2fa):
    client.force_login(superuser)
    assert path_of(client.get(DASHBOARD)) == SETUP


def test_communications_staff_without_a_device_reach_the_dashboard(client, writer, require_2fa):
    client.force_login(writer)
    assert client.get(DASHBOARD).status_code == 200


def test_the_requirement_is_a_setting(client, chief, settings):
    settings.KOINOTITA_REQUIRE_2FA = False
    client.force_login(chief)
    assert client.get(DASHBOARD).status_code == 200


def test_the_public_site_is_never_gated(client, chief, require_2fa):
    client.force_login(chief)
    assert client.get("/").status_code == 200


def test_whoever_has_a_device_is_asked_for_the_code(client, writer, require_2fa):
    enrolled(writer)
    client.force_login(writer)
    assert path_of(client.get(DASHBOARD)) == VERIFY


def test_a_password_alone_cannot_replace_the_second_factor(client, chief, require_2fa):
    device = enrolled(chief)
    client.force_login(chief)
    response = client.get(SETUP)
    assert path_of(response) == VERIFY
    assert client.post(SETUP, {"code": "123456"})["Location"].startswith(VERIFY)
    assert not TOTPDevice.objects.filter(user=chief).exclude(pk=device.pk).exists()


def test_the_verification_page_is_labelled_for_assistive_technology(client, chief, require_2fa):
    enrolled(chief)
    client.force_login(chief)
    page = client.post(VERIFY, {"code": "12ab"}).content.decode()
    field = re.search(r"<input[^>]*name=\"code\"[^>]*>", page)[0]
    assert 'autocomplete="one-time-code"' in field
    assert 'inputmode="numeric"' in field
    assert 'aria-invalid="true"' in field
    described_by = re.search(r'aria-describedby="([^"]+)"', field)[1].split()
    for element_id in described_by:
        assert f'id="{element_id}"' in page
    errors = re.search(r'id="id_code-errors"[^>]*>(.*?)</div>', page, re.S)[1]
    assert gettext("Enter the 6-digit code from your authenticator app, digits only.") in errors
    assert re.search(r'<label[^>]*for="id_code"', page)


def test_a_wrong_code_is_explained_and_further_codes_wait(client, chief, require_2fa, monkeypatch):
    device = enrolled(chief)
    client.force_login(chief)
    clock = {"now": timezone.now()}  # the back-off is timed by Django's clock; hold it still
    monkeypatch.setattr("django.utils.timezone.now", lambda: clock["now"])

    wrong = client.post(VERIFY, {"code": "000000"})
    assert wrong.context["form"].errors["code"] == [str(devices.WRONG_CODE)]
    # django-otp's back-off is on: even the right code waits until the pause (1 s) is over.
    too_soon = client.post(VERIFY, {"code": code_for(device)})
    assert too_soon.context["form"].errors["code"] == [
        ngettext(
            "Too many wrong codes. Wait %(seconds)d second, then try the newest code.",
            "Too many wrong codes. Wait %(seconds)d seconds, then try the newest code.",
            1,
        )
        % {"seconds": 1}
    ]
    assert path_of(client.get(DASHBOARD)) == VERIFY
    clock["now"] += timedelta(seconds=2)
    assert client.post(VERIFY, {"code": code_for(device)})["Location"] == DASHBOARD


def test_a_backup_code_works_once(chief, require_2fa):
    enrolled(chief)
    code = StaticToken.objects.filter(device__user=chief).first().token
    first = Client()
    first.force_login(chief)
    used = first.post(f"{VERIFY}?method=backup", {"backup_code": code.upper(), "next": DASHBOARD})
    assert used["Location"] == DASHBOARD
    assert first.get(DASHBOARD).status_code == 200
    assert devices.backup_codes_left(chief) == devices.BACKUP_CODE_COUNT - 1

    second = Client()
    second.force_login(chief)
    again = second.post(f"{VERIFY}?method=backup", {"backup_code": code, "next": DASHBOARD})
    assert again.status_code == 200
    assert again.context["form"].errors["backup_code"]
    assert path_of(second.get(DASHBOARD)) == VERIFY


def test_csrf_protection_stays_on(chief, require_2fa):
    device = enrolled(chief)
    client = Client(enforce_csrf_checks=True)
    client.force_login(chief)
    assert client.post(VERIFY, {"code": code_for(device)}).status_code == 403
    token = csrf_from(client.get(VERIFY))
    response = client.post(VERIFY, {"code": code_for(device), "csrfmiddlewaretoken": token})
    assert response["Location"] == DASHBOARD


def test_the_next_address_never_leaves_the_site(client, chief, require_2fa):
    device = enrolled(chief)
    client.force_login(chief)
    response = client.post(VERIFY, {"code": code_for(device), "next": "https://evil.example/"})
    assert response["Location"] == DASHBOARD


def test_verifying_changes_the_session_key(client, chief, require_2fa):
    device = enrolled(chief)
    client.force_login(chief)
    before = client.session.session_key
    client.post(VERIFY, {"code": code_for(device)})
    assert client.session.session_key != before


def test_anyone_may_opt_in_from_their_account(client, writer, require_2fa):
    client.force_login(writer)
    account = client.get("/admin/account/").content.decode()
    assert MANAGE in account
    assert client.get(MANAGE).status_code == 200
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=writer)
    assert path_of(client.post(SETUP, {"code": code_for(device)})) == BACKUP_CODES
    assert devices.authenticator(writer) is not None

    turned_off = client.post("/admin/two-factor/turn-off/")
    assert turned_off["Location"] == MANAGE
    assert devices.authenticator(writer) is None
    assert devices.backup_codes_left(writer) == 0


def test_an_editor_in_chief_cannot_turn_it_off(client, chief, require_2fa):
    device = enrolled(chief)
    client.force_login(chief)
    client.post(VERIFY, {"code": code_for(device)})
    client.post("/admin/two-factor/turn-off/")
    assert devices.authenticator(chief) is not None


def test_new_backup_codes_replace_the_old_ones(client, writer):
    device = enrolled(writer)
    old = set(StaticToken.objects.filter(device__user=writer).values_list("token", flat=True))
    client.force_login(writer)
    client.post(VERIFY, {"code": code_for(device)})
    response = client.post("/admin/two-factor/backup-codes/new/")
    page = client.get(response["Location"]).content.decode()
    new = set(re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page))
    assert len(new) == devices.BACKUP_CODE_COUNT
    assert new == set(
        StaticToken.objects.filter(device__user=writer).values_list("token", flat=True)
    )
    assert not old & new


def test_an_administrator_resets_a_lost_device(client, chief, require_2fa, capsys):
    device = enrolled(chief)
    client.force_login(chief)
    client.post(VERIFY, {"code": code_for(device)})
    assert client.get(DASHBOARD).status_code == 200

    call_command("reset_two_factor", "chief")
    assert "Removed 2" in capsys.readouterr().out
    # The session verified with the lost phone is no longer verified: set up a new one.
    assert path_of(client.get(DASHBOARD)) == SETUP


def test_resetting_an_unknown_user_says_so():
    with pytest.raises(CommandError, match="No user is called 'nobody'"):
        call_command("reset_two_factor", "nobody")


def test_the_django_admin_is_gated_too_when_mounted(settings, superuser, require_2fa):
    settings.ROOT_URLCONF = "tests.signin.django_admin_urls"
    client = Client()
    client.force_login(superuser)
    assert path_of(client.get("/django-admin/")) == SETUP


def test_deploy_check_warns_when_the_requirement_is_off(settings):
    from signin.checks import two_factor_required

    settings.KOINOTITA_REQUIRE_2FA = True
    assert two_factor_required(None) == []
    settings.KOINOTITA_REQUIRE_2FA = False
    assert [warning.id for warning in two_factor_required(None)] == ["signin.W001"]
