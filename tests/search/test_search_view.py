"""The search page and its autocomplete endpoint: results labelled by type and filterable,
marked snippets, pages of ten, "did you mean", a helpful empty page, both languages, and no
input at all — however long, binary or syntax-breaking — that makes either answer an error."""

import re
from urllib.parse import urlencode

import pytest

from core.params import clean_text
from search import engine, views

pytestmark = pytest.mark.django_db

RESULT_KIND = re.compile(r'class="card search-result search-result--(\w+)"')
RESULT_LINK = re.compile(r'<h3 class="card__title"><a href="([^"]+)">')


def kinds_shown(response) -> list[str]:
    return RESULT_KIND.findall(response.content.decode())


def fake_outcome(monkeypatch, pages, *, suggestion=None, counts=None):
    """Make the engine answer with ``pages`` (all of kind "page"), to test presentation."""
    hits = [engine.Hit(page=page, kind="page", score=1.0) for page in pages]

    def run(query, language, kinds=None, limit=200):
        return engine.Outcome(
            query=query,
            hits=hits[:limit],
            kind_counts=counts if counts is not None else {"page": len(hits)},
            suggestion=suggestion,
            backend="test",
        )

    monkeypatch.setattr(engine, "run", run)


class TestResults:
    def test_a_centre_is_found_labelled_and_marked(self, client):
        response = client.get("/search/", {"q": "κεντρο κοινοτητας παιονιας"})
        html = response.content.decode()
        assert response.status_code == 200
        assert '<html lang="el">' in html
        assert "Κέντρο Κοινότητας Δήμου Παιονίας" in html
        assert "centre" in kinds_shown(response)
        assert f'<p class="search-result__kind">{engine.KINDS["centre"]}</p>' in html
        assert "<mark>" in html

    def test_english_search_answers_in_english(self, client):
        response = client.get("/en/search/", {"q": "Paionia community centre"})
        html = response.content.decode()
        assert '<html lang="en">' in html
        assert "Paionia Community Centre" in html
        assert "Κέντρο Κοινότητας Δήμου Παιονίας" not in html
        assert all(link.startswith("/en/") for link in RESULT_LINK.findall(html))

    def test_type_filters_show_counts_and_narrow_the_results(self, client):
        everything = client.get("/search/", {"q": "κοινοτητας"})
        counts = everything.context["outcome"].kind_counts
        shown = {kind for kind, count in counts.items() if count}
        assert len(shown) >= 2, counts
        html = everything.content.decode()
        for kind in shown:
            assert f'name="kind" value="{kind}"' in html
        kind = sorted(shown)[0]
        narrowed = client.get("/search/", {"q": "κοινοτητας", "kind": kind})
        assert set(kinds_shown(narrowed)) == {kind}
        assert f'value="{kind}" id="kind-{kind}" checked' in narrowed.content.decode()
        assert narrowed.context["clear_filters_url"] == "?" + urlencode({"q": "κοινοτητας"})

    def test_unknown_types_are_ignored(self, client):
        plain = client.get("/search/", {"q": "κοινοτητας"})
        odd = client.get("/search/", {"q": "κοινοτητας", "kind": ["nonsense", "x" * 5000, ""]})
        assert odd.status_code == 200
        assert kinds_shown(odd) == kinds_shown(plain)

    def test_snippets_are_escaped_text_with_marks(self, client):
        html = client.get("/search/", {"q": "παιονιας"}).content.decode()
        snippets = re.findall(r'<p class="search-result__snippet">(.*?)</p>', html, re.S)
        assert snippets
        for text in snippets:
            assert re.sub(r"</?mark>", "", text).count("<") == 0


class TestPagination:
    def test_ten_per_page_and_links_keep_the_query_and_filters(self, client, monkeypatch):
        pages = list(engine_pages(23))
        fake_outcome(monkeypatch, pages)
        first = client.get("/search/", {"q": "κέντρο", "kind": "page"})
        assert len(first.context["results"]) == 10
        assert first.context["pages"]["previous"] is None
        assert (
            first.context["pages"]["next"]
            == "?q=%CE%BA%CE%AD%CE%BD%CF%84%CF%81%CE%BF&kind=page&page=2"
        )
        last = client.get("/search/", {"q": "κέντρο", "kind": "page", "page": "3"})
        assert len(last.context["results"]) == 3
        assert last.context["pages"]["next"] is None
        assert 'start="21"' in last.content.decode()

    @pytest.mark.parametrize(
        ("number", "lands_on"),
        [
            ("0", 1),
            ("-1", 1),
            ("999999999999999999999", 3),
            ("9" * 5000, 3),
            ("x", 1),
            ("1.5", 1),
            ("1e3", 1),
            ("", 1),
            ("\x00", 1),
        ],
    )
    def test_absurd_page_numbers_land_on_a_real_page(self, client, monkeypatch, number, lands_on):
        fake_outcome(monkeypatch, list(engine_pages(23)))
        response = client.get("/search/", {"q": "κέντρο", "page": number})
        assert response.status_code == 200
        assert response.context["search_page"].number == lands_on


def engine_pages(count):
    from wagtail.models import Page

    pages = list(Page.objects.live().filter(depth__gt=1, locale__language_code="el")[:count])
    assert len(pages) >= count
    return pages


class TestSuggestionsAndEmptyResults:
    def test_did_you_mean_links_to_the_suggested_query(self, client, monkeypatch):
        fake_outcome(monkeypatch, [], suggestion="κέντρο κοινότητας")
        response = client.get("/search/", {"q": "κεντρο κινοτητας"})
        html = response.content.decode()
        assert 'href="?q=%CE%BA%CE%AD%CE%BD%CF%84%CF%81%CE%BF+%CE%BA%CE%BF%CE%B9' in html
        assert "κέντρο κοινότητας" in html

    def test_a_suggestion_is_escaped(self, client, monkeypatch):
        fake_outcome(monkeypatch, [], suggestion='<img src=x onerror="alert(1)">')
        html = client.get("/search/", {"q": "x"}).content.decode()
        assert "<img src=x" not in html

    def test_no_results_says_so_with_tips(self, client, monkeypatch):
        fake_outcome(monkeypatch, [], counts={})
        response = client.get("/search/", {"q": "ζζζζζζζζ"})
        html = response.content.decode()
        assert response.status_code == 200
        assert 'class="search-empty notice"' in html
        assert html.count("<li>", html.index("search-empty")) >= 3
        assert 'name="kind"' not in html  # no filters to offer

    def test_no_results_with_a_filter_offers_every_type(self, client, monkeypatch):
        fake_outcome(monkeypatch, [], counts={"centre": 2})
        html = client.get("/search/", {"q": "κέντρο", "kind": "funding"}).content.decode()
        assert 'href="?q=%CE%BA%CE%AD%CE%BD%CF%84%CF%81%CE%BF"' in html

    def test_real_search_for_nonsense_is_an_empty_page(self, client):
        response = client.get("/search/", {"q": "qqqxzzqqq ζζζζξξξ"})
        assert response.status_code == 200
        assert response.context["results"] == []
        assert "search-empty" in response.content.decode()

    def test_the_empty_form_is_just_the_form(self, client):
        response = client.get("/search/")
        html = response.content.decode()
        assert response.status_code == 200
        assert 'id="search-q"' in html
        assert "results-heading" not in html


BAD_QUERIES = [
    "",
    "   ",
    "x" * 10_000,
    "κέντρο " * 2_000,
    "\x00",
    "κέντρο\x00κοινότητας",
    "\x00\x01\x02\x1b[31m",
    "' OR 1=1 --",
    "'; DROP TABLE wagtailcore_page; --",
    '"',
    '" ( ) : * -',
    "(((",
    ")))",
    "::",
    "*",
    "-",
    "-κέντρο",
    "NOT AND OR",
    "κέντρο AND",
    "title:κέντρο",
    "κέντρο^2~",
    "%",
    "_",
    "\\",
    "{}[]",
    "<script>alert(1)</script>",
    "🙂🙂🙂",
    "\u202e\u200b\ufeff",
    "\ud800",
]


@pytest.mark.parametrize("query", BAD_QUERIES, ids=range(len(BAD_QUERIES)))
@pytest.mark.parametrize("path", ["/search/", "/en/search/"])
def test_bad_queries_give_a_page(client, path, query):
    response = client.get(path, {"q": query.encode("utf-8", "surrogatepass")})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html
    shown = response.context["search_query"]
    assert len(shown) <= views.MAX_QUERY_LENGTH
    assert "\x00" not in shown


@pytest.mark.parametrize(
    "raw", ["q=%00%FF%FE%C0%AF", "q=%E2%28%A1", "q=%", "q=%%%", "q=a&q=b", "page=2", "kind"]
)
def test_binary_and_broken_query_strings_give_a_page(client, raw):
    assert client.get("/search/?" + raw).status_code == 200
    assert client.get("/search/suggest/?" + raw).status_code == 200


def test_clean_query_drops_invisible_characters_and_caps_the_length():
    assert clean_text("  κέντρο\x00\u200b\tκοινότητας \n") == "κέντρο κοινότητας"
    assert len(clean_text("α" * 10_000, views.MAX_QUERY_LENGTH)) == views.MAX_QUERY_LENGTH
    assert clean_text("\x00\x01") == ""


class TestSuggest:
    def test_titles_and_addresses_as_json(self, client):
        response = client.get("/search/suggest/", {"q": "Παιονίας"})
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        data = response.json()
        titles = [item["title"] for item in data["suggestions"]]
        assert "Κέντρο Κοινότητας Δήμου Παιονίας" in titles
        assert all(item["url"].startswith("/") for item in data["suggestions"])
        assert len(data["suggestions"]) <= views.SUGGEST_LIMIT

    def test_english_suggestions_are_english_pages(self, client):
        data = client.get("/en/search/suggest/", {"q": "Paionia"}).json()
        assert data["suggestions"]
        assert all(item["url"].startswith("/en/") for item in data["suggestions"])

    @pytest.mark.parametrize(
        ("typed", "expected"),
        [
            ("ψυχολ", "Ψυχολογική υποστήριξη ενηλίκων"),
            ("ΚΟΙΝΟΤ", "Κέντρο Κοινότητας Δήμου Παιονίας"),
            ("κεντρο κοινοτ", "Κέντρο Κοινότητας Δήμου Χανίων"),
            ("psyxol", "Ψυχολογική υποστήριξη ενηλίκων"),  # Greeklish
        ],
    )
    def test_a_word_still_being_typed_is_completed(self, client, typed, expected):
        """The last word is only the beginning of one: no word is spelt so, nor a typo away,
        so the titles' most common word that starts with it is searched instead."""
        titles = [
            s["title"] for s in client.get("/search/suggest/", {"q": typed}).json()["suggestions"]
        ]
        assert expected in titles

    def test_services_of_the_same_title_say_whose_they_are(self, client):
        data = client.get("/search/suggest/", {"q": "Νομική συμβουλευτική"}).json()
        same = [s for s in data["suggestions"] if s["title"] == "Νομική συμβουλευτική"]
        assert len(same) >= 2
        labels = [s["label"] for s in same]
        assert len(set(labels)) == len(labels)  # each names its organisation
        assert all(label.startswith("Υπηρεσία, ") for label in labels)

    def test_a_beginning_no_title_word_has_suggests_nothing(self, client):
        assert client.get("/search/suggest/", {"q": "ζζξψ"}).json()["suggestions"] == []

    @pytest.mark.parametrize("query", ["", "κ", " ", "\x00\x00"])
    def test_too_short_asks_nothing(self, client, monkeypatch, query):
        monkeypatch.setattr(engine, "run", lambda *a, **k: pytest.fail("engine called"))
        response = client.get("/search/suggest/", {"q": query})
        assert response.status_code == 200
        assert response.json()["suggestions"] == []

    @pytest.mark.parametrize("query", BAD_QUERIES, ids=range(len(BAD_QUERIES)))
    def test_bad_input_is_json_200(self, client, query):
        response = client.get("/search/suggest/", {"q": query.encode("utf-8", "surrogatepass")})
        assert response.status_code == 200
        assert isinstance(response.json()["suggestions"], list)

    def test_an_engine_failure_is_an_empty_list_not_an_error(self, client, monkeypatch, caplog):
        def broken(*args, **kwargs):
            raise RuntimeError("backend down")

        monkeypatch.setattr(engine, "run", broken)
        response = client.get("/search/suggest/", {"q": "κέντρο"})
        assert response.status_code == 200
        assert response.json() == {"query": "κέντρο", "suggestions": []}
        assert "Search suggestions failed" in caplog.text

    def test_post_is_refused(self, client):
        assert client.post("/search/suggest/", {"q": "κέντρο"}).status_code == 405


def test_the_script_is_deferred_and_only_on_the_search_page(client, paionia):
    search_html = client.get("/search/").content.decode()
    assert re.search(r'<script src="[^"]*js/search-suggest\.js" defer></script>', search_html)
    assert "search-suggest.js" not in client.get(paionia.url).content.decode()


class TestAnalyticsAndPromotionsOnThePage:
    """The search page records each search once, anonymously, and shows the editors' pins."""

    def test_a_search_is_counted_once_and_paging_is_not_a_new_search(self, client):
        from search.models import SearchQueryDay, fold_query

        client.get("/search/", {"q": "Κέντρο Κοινότητας"})
        client.get("/search/", {"q": "Κέντρο Κοινότητας", "page": "2"})
        row = SearchQueryDay.objects.get(query=fold_query("κεντρο κοινοτητας"), language="el")
        assert row.searches == 1 and row.zero_results == 0

    def test_a_search_that_finds_nothing_is_counted_as_such(self, client):
        from search.models import SearchQueryDay

        client.get("/en/search/", {"q": "zzqxw"})
        row = SearchQueryDay.objects.get(query="zzqxw", language="en")
        assert row.zero_results == 1

    def test_autocomplete_keystrokes_are_not_recorded(self, client):
        from search.models import SearchQueryDay

        client.get("/search/suggest/", {"q": "κεντ"})
        assert not SearchQueryDay.objects.exists()

    def test_a_promoted_page_shows_above_the_results(self, client, paionia):
        from search.models import SearchPromotion

        SearchPromotion.objects.create(query="καυσωνας", page=paionia, description="Κλιματισμός")
        page = client.get("/search/", {"q": "ΚΑΥΣΩΝΑΣ"}).content.decode()
        promoted = page.split('class="search-promoted"')[1]
        assert paionia.url in promoted and "Κλιματισμός" in promoted
