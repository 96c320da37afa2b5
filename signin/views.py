"""The two-factor pages: verify a code, set up an authenticator, see backup codes once, and
manage one's own second factors.

``verify`` and ``setup`` open before the second factor is checked (``policy.OPEN_VIEW_NAMES``),
so each guards itself: set-up never lets a password alone replace an existing second factor.
The other pages sit behind the two-factor gate like the rest of the admin.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from signin import devices, policy
from signin.forms import AuthenticatorCodeForm, BackupCodeForm

BACKUP_CODES_SESSION_KEY = "signin_backup_codes"
BACKUP_METHOD = "backup"


def next_url(request) -> str:
    """Where to go once verified: the page asked for, if it is on this site and is not one of
    the two-factor pages themselves (which would loop)."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    own_pages = (reverse("signin_verify"), reverse("signin_setup"))
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) and not candidate.startswith(own_pages):
        return candidate
    return reverse("wagtailadmin_home")


def with_next(view_name: str, next_to: str, **params) -> str:
    return f"{reverse(view_name)}?{urlencode({'next': next_to, **params})}"


def finish_verification(request, device) -> None:
    """A new session key once the second factor is proven, then remember the device in it."""
    request.session.cycle_key()
    otp_login(request, device)


@sensitive_post_parameters("code", "backup_code")
def verify(request):
    user = request.user
    next_to = next_url(request)
    if user.is_verified():
        return redirect(next_to)
    authenticator = devices.authenticator(user)
    backup = devices.backup_device(user)
    if authenticator is None and backup is None:
        if policy.must_use_two_factor(user):
            return redirect(with_next("signin_setup", next_to))
        return redirect(next_to)

    use_backup = request.GET.get("method") == BACKUP_METHOD or authenticator is None
    device = backup if use_backup else authenticator
    form_class = BackupCodeForm if use_backup else AuthenticatorCodeForm
    form = form_class(request.POST if request.method == "POST" else None)
    if device is not None and form.is_valid():
        verified, problem = devices.check_code(user, device, form.cleaned_code())
        if verified is not None:
            finish_verification(request, verified)
            if use_backup:
                left = devices.backup_codes_left(user)
                messages.warning(
                    request,
                    ngettext(
                        "You signed in with a backup code. You have %(count)d backup code "
                        "left: set up new ones from Account › Two-step verification.",
                        "You signed in with a backup code. You have %(count)d backup codes "
                        "left: set up new ones from Account › Two-step verification.",
                        left,
                    )
                    % {"count": left},
                )
            return redirect(next_to)
        form.add_error(form.field_name, problem)

    return render(
        request,
        "signin/verify.html",
        {
            "title": _("Two-step verification"),
            "form": form,
            "device": device,
            "use_backup": use_backup,
            "has_authenticator": authenticator is not None,
            "next": next_to,
            "backup_url": with_next("signin_verify", next_to, method=BACKUP_METHOD),
            "authenticator_url": with_next("signin_verify", next_to),
        },
    )


@sensitive_post_parameters("code")
def setup(request):
    user = request.user
    next_to = next_url(request)
    if policy.has_second_factor(user) and not user.is_verified():
        # A password alone never replaces a second factor: prove the current one first.
        return redirect(with_next("signin_verify", request.get_full_path()))

    device = devices.pending_authenticator(user)
    form = AuthenticatorCodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        verified, problem = devices.check_code(user, device, form.cleaned_code())
        if verified is not None:
            codes = devices.confirm_authenticator(verified)
            finish_verification(request, verified)
            request.session[BACKUP_CODES_SESSION_KEY] = codes
            return redirect(with_next("signin_backup_codes", next_to))
        form.add_error(form.field_name, problem)

    return render(
        request,
        "signin/setup.html",
        {
            "title": _("Set up two-step verification"),
            "form": form,
            "qr_code": devices.qr_code_svg(device),
            "secret": devices.secret_text(device),
            "required": policy.must_use_two_factor(user),
            "replacing": policy.has_second_factor(user),
            "next": next_to,
        },
    )


def backup_codes(request):
    """The new codes, once: they leave the session as this page is drawn."""
    codes = request.session.pop(BACKUP_CODES_SESSION_KEY, None)
    return render(
        request,
        "signin/backup_codes.html",
        {
            "title": _("Your backup codes"),
            "codes": codes,
            "next": next_url(request),
        },
    )


def manage(request):
    user = request.user
    return render(
        request,
        "signin/manage.html",
        {
            "title": _("Two-step verification"),
            "has_authenticator": devices.authenticator(user) is not None,
            "backup_codes_left": devices.backup_codes_left(user),
            "required": policy.must_use_two_factor(user),
        },
    )


@require_POST
def new_backup_codes(request):
    if not policy.has_second_factor(request.user):
        return redirect("signin_manage")
    request.session[BACKUP_CODES_SESSION_KEY] = devices.issue_backup_codes(request.user)
    return redirect(with_next("signin_backup_codes", reverse("signin_manage")))


@require_POST
def turn_off(request):
    user = request.user
    if policy.must_use_two_factor(user):
        messages.error(request, _("Your role requires two-step verification; it stays on."))
    else:
        devices.remove_all(user)
        messages.success(request, _("Two-step verification is off for your account."))
    return redirect("signin_manage")
