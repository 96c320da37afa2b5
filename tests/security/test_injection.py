"""Every public page and query parameter against hostile input: SQL-ish
strings, script and markup, template syntax, NUL bytes, 10 000-character values, broken
UTF-8 and absurd numbers. Whatever arrives, a page answers with its own content type and
never a server error, and nothing sent is written back into a page as live markup.

The pages are the demo site's, one of every page type, in both languages; the parameters are
those each page reads. Hypothesis adds generated values, derandomised and bounded (raise
``INJECTION_EXAMPLES`` for a longer run).
"""

import os
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import Locale, Page

from directory.models import (
    CentreIndexPage,
    CentrePage,
    DirectoryIndexPage,
    OrganisationPage,
    ServicePage,
)
from home.models import (
    AccessibilityStatementPage,
    AnnouncementIndexPage,
    AnnouncementPage,
    FundingIndexPage,
    FundingNoticePage,
    HomePage,
    StandardPage,
)

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("INJECTION_EXAMPLES", "200"))
MARK = "xss7341"
# What must never come back unescaped in HTML or XML, whatever the value it arrived in.
LIVE_MARKUP = [
    f"<script>{MARK}",
    f"<svg onload={MARK}",
    f"<img src=x onerror={MARK}",
    f'href="javascript:{MARK}',
    f"<iframe src=javascript:{MARK}",
]
PAYLOADS = [
    f"<script>{MARK}()</script>",
    f'"><svg onload={MARK}()>',
    f"'><img src=x onerror={MARK}()>",
    f"javascript:{MARK}()",
    f"<iframe src=javascript:{MARK}()></iframe>",
    "{{1337*1337}}",
    "{% debug %}",
    "${1337*1337}",
    "' OR '1'='1",
    "1; DROP TABLE wagtailcore_page;--",
    "%' UNION SELECT password FROM auth_user --",
    "\x00",
    "Παιονία\x00<script>",
    "x" * 10_000,
    "α" * 10_000,
    "99999999999999999999999999",
    "-1",
    "0",
    "1e309",
    "NaN",
    "-inf",
    "0x10",
    "../../../../etc/passwd",
    "‮ evil ‭",  # right-to-left override
    "\r\nSet-Cookie: injected=1",
]
# Raw query strings the test client would otherwise encode: broken UTF-8 percent-encodings.
BROKEN_ENCODINGS = ["%ff%fe%fd", "%c0%af", "%ed%a0%80", "%e2%82", "%", "%zz", "%00"]
TEMPLATE_RESULT = "1787569"  # 1337*1337

FINDER = ["q", "lat", "lng", "place", "open_now"]
PAGE_PARAMETERS = {
    HomePage: [],
    CentreIndexPage: FINDER,
    CentrePage: [],
    DirectoryIndexPage: [
        "q",
        "category",
        "target",
        "language",
        "municipality",
        "near",
        "open_now",
        "within",
        "page",
    ],
    OrganisationPage: [],
    ServicePage: [],
    AnnouncementIndexPage: ["category", "centre", "year", "page"],
    AnnouncementPage: [],
    FundingIndexPage: ["centre"],
    FundingNoticePage: [],
    StandardPage: [],
    AccessibilityStatementPage: [],
}
HSDS = [
    "search",
    "page",
    "per_page",
    "format",
    "full_service",
    "minimal",
    "top_only",
    "taxonomy_term_id",
    "taxonomy_id",
    "organization_id",
    "parent_id",
    "modified_after",
    "postcode",
    "lat",
    "lng",
    "proximity",
    "lang",
]
# Routes (language prefix added below) → (parameters, expected content type).
ROUTES = {
    "search/": (["q", "kind", "page"], "text/html"),
    "search/suggest/": (["q"], "application/json"),
    "api/finder/": ([*FINDER, "limit"], "application/json"),
    "announcements/feed/atom/": ([], "application/atom+xml"),
    "announcements/feed/rss/": ([], "application/rss+xml"),
    "announcements/feed/centre/paionia/atom/": ([], "application/atom+xml"),
}
UNPREFIXED = {
    "/sitemap.xml": ([], "application/xml"),
    "/robots.txt": ([], "text/plain"),
    "/api/hsds/services": (HSDS, "application/json"),
    "/api/hsds/organizations": (HSDS, "application/json"),
    "/api/hsds/taxonomy_terms": (HSDS, "application/json"),
    "/api/hsds/services/<script>": ([], "application/json"),  # a detail route's bad id
}


def public_urls() -> dict[str, tuple[list[str], str]]:
    """One live page of every type in both languages, and every other public GET route."""
    urls = {}
    for language in ("el", "en"):
        locale = Locale.objects.get(language_code=language)
        for model, parameters in PAGE_PARAMETERS.items():
            page = model.objects.live().public().filter(locale=locale).first()
            assert page is not None, (model, language)
            urls[page.url] = (parameters, "text/html")
        prefix = "/" if language == "el" else "/en/"
        for path, spec in ROUTES.items():
            urls[prefix + path] = spec
    urls.update(UNPREFIXED)
    return urls


def body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def check(response, expected_type: str, where) -> None:
    assert response.status_code < 500, where
    content_type = response.get("Content-Type", "")
    if response.status_code in (301, 302, 304):
        return
    if expected_type == "text/html" or (
        response.status_code == 404 and "json" not in expected_type
    ):
        assert content_type.startswith("text/html"), (where, content_type)  # the 404 page
    elif expected_type == "application/json":
        # Refusals are JSON too (the HSDS API's NDJSON is JSON lines).
        assert content_type.startswith(("application/json", "application/x-ndjson")), where
    else:
        assert content_type.startswith(expected_type), (where, content_type)
    assert response.get("X-Content-Type-Options") == "nosniff", where
    text = body(response)
    if not content_type.startswith(("application/json", "application/x-ndjson")):
        for markup in LIVE_MARKUP:
            assert markup not in text, (where, markup)
    assert TEMPLATE_RESULT not in text, where
    assert "injected=1" not in response.get("Set-Cookie", ""), where
    assert not any("injected" in name for name in response.cookies), where


def test_the_checks_catch_what_they_look_for():
    """The invariants below fail on a reflected payload, a server error and a wrong type."""
    from django.http import HttpResponse

    reflected = HttpResponse(f"<p>{PAYLOADS[0]}</p>", content_type="text/html")
    reflected["X-Content-Type-Options"] = "nosniff"
    escaped = HttpResponse("<p>&lt;script&gt;xss7341()&lt;/script&gt;</p>")
    escaped["X-Content-Type-Options"] = "nosniff"
    check(escaped, "text/html", "escaped")
    for response, expected in [
        (reflected, "text/html"),
        (HttpResponse(status=500), "text/html"),
        (escaped, "application/json"),
    ]:
        with pytest.raises(AssertionError):
            check(response, expected, "must fail")


@pytest.fixture
def urls(db):
    return public_urls()


def test_every_page_type_is_covered(urls):
    """A page type added later must be added to PAGE_PARAMETERS (with what it reads)."""
    from wagtail.models import get_page_models

    ours = {m for m in get_page_models() if m._meta.app_label in ("home", "directory")}
    assert ours == set(PAGE_PARAMETERS)


def test_each_parameter_alone_with_each_payload(client, urls):
    pages_before = Page.objects.count()
    for url, (parameters, expected_type) in urls.items():
        for parameter in parameters:
            for payload in PAYLOADS:
                response = client.get(url, {parameter: payload})
                check(response, expected_type, (url, parameter, payload[:40]))
    assert Page.objects.count() == pages_before


def test_every_parameter_at_once_and_unknown_ones(client, urls):
    for url, (parameters, expected_type) in urls.items():
        for payload in PAYLOADS:
            query = dict.fromkeys([*parameters, "utm_source", payload[:50] or "x"], payload)
            check(client.get(url, query), expected_type, (url, payload[:40]))
            repeated = {name: [payload, "1"] for name in parameters}  # ?q=…&q=1
            check(client.get(url, repeated), expected_type, (url, "twice", payload[:40]))


def test_broken_utf8_in_every_parameter(client, urls):
    for url, (parameters, expected_type) in urls.items():
        for parameter in [*parameters, "x"]:
            for raw in BROKEN_ENCODINGS:
                check(client.get(f"{url}?{parameter}={raw}"), expected_type, (url, parameter, raw))


@pytest.mark.parametrize("payload", PAYLOADS[:8] + ["%ff%fe", "a" * 2000])
def test_hostile_paths_are_not_found_and_not_echoed(client, payload):
    for prefix in ("/", "/en/", "/documents/1/", "/announcements/feed/centre/"):
        url = prefix + quote(payload, safe="%") + "/"
        check(client.get(url), "text/html", url)


def test_dismissing_an_alert_never_sends_the_reader_elsewhere(client):
    for target in ["//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:x"]:
        for key in ["abc", "<script>", "a" * 100]:
            response = client.get(f"/alerts/dismiss/{quote(key)}/", {"next": target})
            assert response.status_code == 302
            assert response["Location"] == "/", (key, target)


TEXT = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"]),  # no lone surrogates (not UTF-8)
    max_size=300,
)
HOSTILE = st.builds(lambda a, p, b: a + p + b, TEXT, st.sampled_from(PAYLOADS), TEXT)


def test_generated_values_in_every_parameter(client, urls):
    targets = [
        (url, parameter, expected_type)
        for url, (parameters, expected_type) in urls.items()
        for parameter in parameters
    ]

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(target=st.sampled_from(targets), value=st.one_of(TEXT, HOSTILE))
    def run(target, value):
        url, parameter, expected_type = target
        check(client.get(url, {parameter: value}), expected_type, (url, parameter, value[:60]))

    run()
