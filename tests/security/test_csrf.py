"""CSRF on every POST: every route the portal answers, public or admin,
refuses a POST, PUT, PATCH or DELETE that carries no CSRF token, whoever sends it — the
admin's routes as a signed-in administrator, so the refusal is the CSRF check and not the
sign-in (the admin's JSON APIs make the check in Django REST framework). Routes are found by walking the URLconf (``tests.security.routes``): a new view that
is ``csrf_exempt`` fails here."""

import pytest
from django.http import HttpResponseForbidden
from django.middleware.csrf import get_token
from django.test import Client, override_settings
from django.urls import reverse

from tests.directory.test_partner_access import world  # noqa: F401 - a fixture
from tests.security import routes, targets

pytestmark = pytest.mark.django_db

REFUSED_HEADER = "X-Test-CSRF-Refused"


def csrf_refused(request, reason=""):
    """Stands in for Django's CSRF failure view, so the test knows which check refused."""
    response = HttpResponseForbidden("CSRF")
    response[REFUSED_HEADER] = reason or "refused"
    return response


def refused_for_csrf(response) -> bool:
    """Django's CSRF check refused it, or Django REST framework's: the admin's API views
    (Wagtail's, wagtail-localize's) are exempt from the middleware and make the same check
    themselves for a signed-in session."""
    if response.status_code != 403:
        return False
    if REFUSED_HEADER in response:
        return True
    return response.get("Content-Type", "").startswith("application/json") and response.json().get(
        "detail", ""
    ).startswith("CSRF Failed")


@pytest.fixture
def guarded():
    with override_settings(CSRF_FAILURE_VIEW=f"{__name__}.csrf_refused"):
        yield


def test_every_route_refuses_an_unsafe_request_without_a_token(guarded, world, superuser):  # noqa: F811
    value = targets.filler(targets.build(world))
    visitor = Client(enforce_csrf_checks=True)
    administrator = Client(enforce_csrf_checks=True)
    administrator.force_login(superuser)
    checked, accepted = 0, []
    for route in routes.all_routes():
        client = administrator if route.is_admin else visitor
        url = route.url(value)
        for method in ("post", "put", "patch", "delete"):
            response = getattr(client, method)(url, {"title": "x"} if method == "post" else "")
            checked += 1
            if not refused_for_csrf(response):
                accepted.append((method, url, response.status_code, response.content[:80]))
    assert accepted == []
    assert checked >= 4 * 300  # every route, not an empty walk


def test_the_same_post_with_its_token_passes_the_check(guarded, superuser):
    """The refusals above are the missing token's doing: with the token, the admin's own
    forms (and the public password forms) get past the check."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(superuser)
    client.get(reverse("wagtailadmin_account"))  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    response = client.post(reverse("wagtailadmin_account"), {"csrfmiddlewaretoken": token})
    assert REFUSED_HEADER not in response
    assert response.status_code in (200, 302)


def test_a_token_from_another_session_is_refused(guarded, rf, superuser):
    forged = get_token(rf.get("/"))  # a token minted for some other browser
    client = Client(enforce_csrf_checks=True)
    client.force_login(superuser)
    client.get(reverse("wagtailadmin_account"))  # this browser's own token cookie
    assert client.cookies["csrftoken"].value != forged
    response = client.post(reverse("wagtailadmin_account"), {"csrfmiddlewaretoken": forged})
    assert response.status_code == 403 and REFUSED_HEADER in response
