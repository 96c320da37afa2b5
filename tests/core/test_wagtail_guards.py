"""The guards portal/urls.py puts in front of Wagtail's own views (core/wagtail_guards.py):
the password forms of protected pages and collections stop answering after too many wrong
passwords, and reverting a page to a revision that does not exist is a 404, not a 500. Each
guard sits at Wagtail's own address; if Wagtail moves or renames the view, the first tests
here fail instead of the guard silently standing aside."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import resolve, reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin.urls import pages as wagtail_admin_page_urls
from wagtail.documents import urls as wagtail_document_urls
from wagtail.documents.views import serve as document_views
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from core import wagtail_guards

PAGE_FORM = "wagtailcore_authenticate_with_password"
COLLECTION_FORM = "wagtaildocs_authenticate_with_password"
WRONG = "not the password"  # noqa: S105
RIGHT = "the centre's password"  # noqa: S105


def wagtail_route(patterns, name):
    (pattern,) = [pattern for pattern in patterns if getattr(pattern, "name", None) == name]
    return pattern


@pytest.mark.parametrize(
    ("wagtail_patterns", "guards", "name", "view"),
    [
        (
            wagtail_urls.urlpatterns,
            wagtail_guards.language_urlpatterns,
            PAGE_FORM,
            wagtail_views.authenticate_with_password,
        ),
        (
            wagtail_document_urls.urlpatterns,
            wagtail_guards.urlpatterns,
            COLLECTION_FORM,
            document_views.authenticate_with_password,
        ),
    ],
)
def test_each_password_form_guard_shadows_wagtails_own_route(wagtail_patterns, guards, name, view):
    theirs = wagtail_route(wagtail_patterns, name)
    ours = wagtail_route(guards, name)
    assert theirs.callback is view
    assert ours.callback.__wrapped__ is view
    prefix = "documents/" if name == COLLECTION_FORM else ""
    assert str(ours.pattern) == prefix + str(theirs.pattern)
    # The address Wagtail's form posts to reaches the guard, in either language.
    args = [3, 4] if name == PAGE_FORM else [3]
    assert resolve(reverse(name, args=args)).func is ours.callback
    if name == PAGE_FORM:
        with translation.override("en"):
            english = reverse(name, args=args)
            assert english.startswith("/en/")
            assert resolve(english).func is ours.callback


def test_the_revision_guard_shadows_wagtails_revert_route():
    theirs = wagtail_route(wagtail_admin_page_urls.urlpatterns, "revisions_revert")
    assert str(theirs.pattern) == "<int:page_id>/revisions/<int:revision_id>/revert/"
    for revision in ("0", "00"):
        url = f"/admin/pages/7/revisions/{revision}/revert/"
        assert resolve(url).url_name == "page_revision_zero"
    assert reverse("wagtailadmin_pages:revisions_revert", args=[7, 0]) == (
        "/admin/pages/7/revisions/0/revert/"
    )
    assert resolve("/admin/pages/7/revisions/5/revert/").view_name == (
        "wagtailadmin_pages:revisions_revert"
    )


@pytest.fixture
def limit(settings) -> int:
    settings.PAGE_PASSWORD_LIMIT = (3, 15 * 60)
    return 3


@pytest.fixture
def protected(paionia):
    restriction = PageViewRestriction.objects.create(
        page=paionia, restriction_type=PageViewRestriction.PASSWORD, password=RIGHT
    )
    return paionia, restriction


def page_form(restriction, page):
    return reverse(PAGE_FORM, args=[restriction.pk, page.pk])


def send(client, url, password, page):
    return client.post(url, {"password": password, "return_url": page.url})


@pytest.mark.django_db
def test_the_page_password_form_stops_after_too_many_wrong_passwords(client, protected, limit):
    page, restriction = protected
    url = page_form(restriction, page)
    for _ in range(limit):
        response = send(client, url, WRONG, page)
        assert response.status_code == 200
        assert response.context["form"].errors["password"]

    refused = send(client, url, RIGHT, page)  # even the right password, for a while
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 15 * 60
    text = refused.content.decode()
    assert gettext("Too many wrong passwords") in text  # Greek: the site's default language
    assert "Πάρα πολλοί λάθος κωδικοί πρόσβασης" in text
    minutes = max(1, round(int(refused["Retry-After"]) / 60))
    wait = ngettext(
        "Wait %(minutes)s minute, then try again.",
        "Wait %(minutes)s minutes, then try again.",
        minutes,
    )
    assert wait % {"minutes": minutes} in text
    assert RIGHT not in text

    english = client.post("/en" + url, {"password": WRONG, "return_url": page.url})
    assert english.status_code == 429
    assert "Too many wrong passwords" in english.content.decode()
    # The way home leads to the home page in the reader's language.
    assert '<a href="/en/">Go to the home page</a>' in english.content.decode()

    # Another page in the address does not start a new count for the same password.
    other = page.get_parent()
    assert send(client, page_form(restriction, other), WRONG, page).status_code == 429


@pytest.mark.django_db
def test_other_visitors_are_unaffected_and_the_right_password_starts_afresh(
    client, protected, limit
):
    page, restriction = protected
    url = page_form(restriction, page)
    for _ in range(limit):
        send(client, url, WRONG, page)
    assert send(client, url, WRONG, page).status_code == 429

    elsewhere = Client(REMOTE_ADDR="192.0.2.7")
    for _ in range(limit - 1):
        assert send(elsewhere, url, WRONG, page).status_code == 200
    assert send(elsewhere, url, RIGHT, page).status_code == 302
    assert elsewhere.get(page.url).status_code == 200  # the password opened the page
    for _ in range(limit):  # counting from zero again
        assert send(elsewhere, url, WRONG, page).status_code == 200

    assert client.get(url).status_code == 200  # the form itself is still shown


@pytest.mark.django_db
def test_the_collection_password_form_stops_too(client, limit):
    collection = Collection.get_first_root_node().add_child(name="Με κωδικό")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.PASSWORD, password=RIGHT
    )
    url = reverse(COLLECTION_FORM, args=[restriction.pk])
    for _ in range(limit):
        assert client.post(url, {"password": WRONG, "return_url": "/"}).status_code == 200
    refused = client.post(url, {"password": RIGHT, "return_url": "/"})
    assert refused.status_code == 429
    assert "Retry-After" in refused


@pytest.fixture
def superuser_client(db):
    user = get_user_model().objects.create_superuser("reviser", "r@example.org", "x")
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_reverting_to_a_revision_that_does_not_exist_is_not_found(superuser_client, paionia):
    revision = paionia.save_revision()
    for number in ("0", "00", str(revision.pk + 1000)):
        url = f"/admin/pages/{paionia.pk}/revisions/{number}/revert/"
        assert superuser_client.get(url).status_code == 404, url
        assert superuser_client.post(url).status_code == 404, url
    real = f"/admin/pages/{paionia.pk}/revisions/{revision.pk}/revert/"
    assert superuser_client.get(real).status_code == 200

    visitor = Client().get(f"/admin/pages/{paionia.pk}/revisions/0/revert/")
    assert visitor.status_code == 302
    assert visitor["Location"].startswith(reverse("wagtailadmin_login"))


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_a_missing_page_leads_home_in_its_language(client, prefix):
    response = client.get(f"{prefix}/no-such-page-here/")
    assert response.status_code == 404
    with translation.override("en" if prefix else "el"):
        words = gettext("Go to the home page")
    assert f'<a href="{prefix}/">{words}</a>' in response.content.decode()
