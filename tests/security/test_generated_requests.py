"""Generated requests over every route of the URLconf: odd input never breaks a page.

Each route is first opened once with ordinary values (the permission matrix's objects), with
the query parameters its view reads recorded as it runs; public routes as a visitor, in Greek
and in English, and admin routes as a superuser (who reaches the most code). Hypothesis then
fills those parameters, and the route's path arguments, with generated text: every Unicode
category, digits of other scripts, control characters and non-characters, very long values,
repeated keys and broken percent-encodings. Whatever arrives:

- no answer is a server error, and none takes longer than ``SLOW_SECONDS``;
- no HTML answer carries a raw control character or non-character (the page would not be
  valid HTML), nor live markup sent in the request.

The budget is ``GENERATED_REQUESTS`` examples (bounded in ``make test``; ``make bench`` raises
it), derandomised so CI is repeatable.
"""

import os
import re
import time
from urllib.parse import quote

import pytest
from django.http import QueryDict
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.directory.test_partner_access import as_user, world  # noqa: F401 - a fixture
from tests.security import routes, targets

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("GENERATED_REQUESTS", "600"))
SLOW_SECONDS = 60  # a hang, not a slow page on a busy machine
MARK = "gen7341"
# Parameters worth trying on every route, whether or not its view was seen reading them.
COMMON = ("q", "page", "p", "next", "ordering", "format", "lang", "id")
# Routes whose GET ends the signed-in session or answers with files rather than pages.
# Wagtail's "failwhale" raises on purpose, for a superuser to test error reporting.
LEFT_OUT = {"wagtailadmin_logout", "signin:logout", "logout", "wagtailadmin_error_test"}
RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")
OTHER_DIGITS = "²³¹¼٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹०१२३४௧౧๑໒༣၄០᠑０１２３𝟎𝟙"
SPECIAL = [
    "",
    " ",
    "%20",
    "\x00",
    "\x01",
    "\x7f",
    "\x80",
    "\ufffe",
    "\uffff",
    "\u202e",
    "\u200b",
    "\r\n",
    "-1",
    "0",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "1.5",
    " 3 ",
    f"<script>{MARK}()</script>",
    f'"><svg onload={MARK}()>',
    "α" * 3000,
    "x" * 20_000,
]
BROKEN = ["%ff%fe", "%c0%af", "%ed%a0%80", "%e2%82", "%", "%zz", "%00", "%%", "&&", "=&="]
ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")

text_values = st.one_of(
    st.sampled_from(SPECIAL),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=30),
    st.text(st.sampled_from(OTHER_DIGITS), min_size=1, max_size=4),
    st.builds(
        lambda a, b: a + b,
        st.text(st.sampled_from("0123456789"), max_size=3),
        st.text(st.sampled_from(OTHER_DIGITS), min_size=1, max_size=2),
    ),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)


def recorded_reads():
    """Keys looked up in any QueryDict while it runs (the view's GET parameters)."""
    seen: set[str] = set()
    originals = {}
    for name in ("get", "getlist", "__getitem__", "__contains__"):
        original = getattr(QueryDict, name)
        originals[name] = original

        def recording(self, key, *args, _original=original, **kwargs):
            if isinstance(key, str):
                seen.add(key)
            return _original(self, key, *args, **kwargs)

        setattr(QueryDict, name, recording)

    def stop():
        for name, original in originals.items():
            setattr(QueryDict, name, original)
        return seen

    return stop


def converters(route) -> dict[str, str]:
    return {m["name"]: m["converter"] or "str" for m in ROUTE_PARAMETER.finditer(route.pattern)}


@pytest.fixture
def surface(client, world, things):  # noqa: F811
    """(route, who, language, ordinary URL, its path values, parameters read) per route."""
    value = targets.filler(things)
    admin = world["users"]["admin"]
    found = []
    for route in routes.all_routes():
        if route.key in LEFT_OUT:
            continue
        who = admin if route.is_admin else None
        for language in ("el", "en") if not route.is_admin else ("el",):
            as_user(client, who)
            with translation.override(language):
                url = route.url(value)
            stop = recorded_reads()
            try:
                client.get(url)
            finally:
                read = stop()
            ordinary = (
                {name: value(route, name) for name in route.parameters}
                if route.name and not route.positional
                else {}
            )
            found.append((route, who, language, url, ordinary, sorted(read | set(COMMON))))
    return found


@pytest.fixture
def things(world):  # noqa: F811
    return targets.build(world)


def query_string(pairs, broken) -> str:
    encoded = "&".join(f"{quote(key, safe='')}={quote(text, safe='')}" for key, text in pairs)
    return f"{encoded}&{broken}" if broken else encoded


def body_text(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def check(response, where) -> None:
    assert response.status_code < 500, where
    if not response.get("Content-Type", "").startswith("text/html"):
        return
    text = body_text(response)
    control = RAW_CONTROL.search(text)
    assert control is None, (where, repr(text[max(0, control.start() - 80) : control.end() + 20]))
    assert f"<script>{MARK}" not in text, where
    assert f"<svg onload={MARK}" not in text, where


def test_the_check_catches_what_it_looks_for():
    from django.http import HttpResponse

    check(HttpResponse("<p>&lt;script&gt;</p>"), "clean")
    for bad in (
        HttpResponse(status=500),
        HttpResponse("<input value='\x01'>"),
        HttpResponse(f"<p><script>{MARK}()</script></p>"),
    ):
        with pytest.raises(AssertionError):
            check(bad, "bad")


def test_every_route_survives_generated_input(client, surface):
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def run(data):
        route, who, language, ordinary_url, ordinary, parameters = data.draw(
            st.sampled_from(surface)
        )
        path_values = dict(ordinary)
        kinds = converters(route)
        if path_values and data.draw(st.booleans()):
            name = data.draw(st.sampled_from(sorted(path_values)))
            if kinds.get(name) == "int":
                path_values[name] = data.draw(st.integers(min_value=0, max_value=10**30))
            else:
                path_values[name] = data.draw(text_values.filter(bool))
        path = ordinary_url
        if path_values != ordinary:
            try:
                with translation.override(language):
                    path = reverse(route.name, kwargs=path_values)
            except NoReverseMatch:
                pass  # a value the route's converter refuses: Django answers 404 itself
        keys = data.draw(st.lists(st.sampled_from(parameters), max_size=4))
        pairs = [(key, data.draw(text_values)) for key in keys]
        broken = data.draw(st.sampled_from(["", "", "", *BROKEN]))
        as_user(client, who)
        url = f"{path}?{query_string(pairs, broken)}"
        began = time.perf_counter()
        response = client.get(url)
        assert time.perf_counter() - began < SLOW_SECONDS, url
        check(response, url)

    run()
