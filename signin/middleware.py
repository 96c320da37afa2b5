"""The two-factor gate in front of the admin.

After a password sign-in, a user who has a second factor must enter a code before any admin
page opens; a user who must have one (``policy.must_use_two_factor``) and has none is sent to
set one up. It runs in ``process_view`` so that the URL is already resolved and the open pages
(sign-in, verification, set-up) are recognised by name, not by guessing at paths. The public
site is never affected.
"""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from signin import policy


def redirect_with_next(view_name: str, next_url: str):
    return redirect(f"{reverse(view_name)}?{urlencode({'next': next_url})}")


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # The path first: outside the admin the session is never read, so public pages and the
        # HSDS API stay free of the session's query and of ``Vary: Cookie``.
        if not policy.is_guarded(request):
            return None
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if policy.has_second_factor(user):
            return redirect_with_next("signin_verify", request.get_full_path())
        if policy.must_use_two_factor(user):
            return redirect_with_next("signin_setup", request.get_full_path())
        return None
