"""The Elasticsearch backend without a server: what it would send, and what happens when the
server is not there.

No request leaves the machine except connection attempts to a closed local port
(``127.0.0.1:9``), which fail at once; the others go to a fake transport that records them.
"""

import json
import logging
import runpy
import socket
import time
from pathlib import Path

import pytest
from django.core.paginator import Paginator
from django.test import override_settings
from elastic_transport import ApiResponseMeta, ConnectionTimeout, HttpHeaders, NodeConfig
from elasticsearch import ApiError
from modelsearch.backends import get_search_backends_with_name
from modelsearch.index import SearchField
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend

from directory.models import CentrePage
from search import elasticsearch as es
from search.backends import run_search
from search.normalise import fold

CLOSED_PORT = "http://127.0.0.1:9"
PAIONIA_TITLE = "Κέντρο Κοινότητας Δήμου Παιονίας"
BASE_SETTINGS = Path(__file__).resolve().parents[2] / "portal" / "settings" / "base.py"
# The database backend exactly as the test settings configure it (the greek configuration on
# PostgreSQL), so its index entries are the ones the suite built.
DATABASE = {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "greek"}


def elasticsearch_settings(url=CLOSED_PORT, **extra):
    """Elasticsearch in front, the database behind: what ``ELASTICSEARCH_URL`` configures."""
    return {
        "default": {
            "BACKEND": "search.elasticsearch",
            "URLS": [url],
            "INDEX_PREFIX": "koinotita_test_",
            "TIMEOUT": 1,
            "SEARCH_TIMEOUT": 0.5,
            "OPTIONS": {"max_retries": 0, "retry_on_timeout": False},
            "FALLBACK": "database",
            **extra,
        },
        "database": dict(DATABASE),
    }


@pytest.fixture(autouse=True)
def forget_outages():
    es.reset_availability()
    yield
    es.reset_availability()


@pytest.fixture
def backend():
    """The Elasticsearch backend alone, no fallback; never contacted by these tests."""
    return get_search_backend(
        "search.elasticsearch", URLS=[CLOSED_PORT], INDEX_PREFIX="koinotita_test_"
    )


def greek_pages():
    return Page.objects.live().public().filter(locale=Locale.objects.get(language_code="el"))


class FakeTransport:
    """Stands in for ``elastic_transport.Transport.perform_request``: records each request and
    answers with ``answer`` (a status and body), or raises ``error``."""

    def __init__(self, answer=(200, {"acknowledged": True}), error=None):
        self.answer = answer
        self.error = error
        self.requests = []

    def __call__(self, method, target, headers=None, body=None, **kwargs):
        self.requests.append((method, target, body))
        if self.error is not None:
            raise self.error
        status, response = self.answer
        meta = ApiResponseMeta(
            status=status,
            http_version="1.1",
            headers=HttpHeaders({"x-elastic-product": "Elasticsearch"}),
            duration=0.0,
            node=NodeConfig("http", "127.0.0.1", 9),
        )
        return meta, response


def api_error(status=500):
    meta = ApiResponseMeta(
        status=status,
        http_version="1.1",
        headers=HttpHeaders(),
        duration=0.0,
        node=NodeConfig("http", "127.0.0.1", 9),
    )
    return ApiError("search_phase_execution_exception", meta=meta, body={})


# --- What the backend sends -----------------------------------------------------------------


def test_index_settings_carry_the_greek_analysis_chain(backend):
    analysis = backend.settings["settings"]["analysis"]
    greek = analysis["analyzer"][es.GREEK_ANALYZER]
    assert greek["type"] == "custom"
    assert greek["char_filter"] == ["greek_accents", "greek_combining_marks"]
    assert greek["filter"] == ["greek_lowercase", "asciifolding", "greek_stop", "greek_stemmer"]
    filters = analysis["filter"]
    assert filters["greek_lowercase"] == {"type": "lowercase", "language": "greek"}
    assert filters["greek_stop"] == {"type": "stop", "stopwords": "_greek_"}
    assert filters["greek_stemmer"] == {"type": "stemmer", "language": "greek"}
    mappings = analysis["char_filter"]["greek_accents"]["mappings"]
    assert analysis["char_filter"]["greek_accents"]["type"] == "mapping"
    for rule in ["ά => α", "έ => ε", "ή => η", "ί => ι", "ό => ο", "ύ => υ", "ώ => ω"]:
        assert rule in mappings
    for rule in ["ϊ => ι", "ΐ => ι", "ϋ => υ", "ΰ => υ", "Ά => Α", "Ώ => Ω", "ς => σ"]:
        assert rule in mappings
    normalised = analysis["analyzer"][es.NORMALISED_ANALYZER]
    assert normalised["tokenizer"] == "whitespace"
    assert normalised["filter"] == ["lowercase"]
    # modelsearch's own n-gram analysers fold Greek as well, and are still there.
    assert "greek_lowercase" in analysis["analyzer"]["edgengram_analyzer"]["filter"]
    assert analysis["tokenizer"]["edgengram_tokenizer"]["type"] == "edge_ngram"


def test_the_char_filter_folds_as_the_normaliser_does(backend):
    """Elasticsearch's accent folding and ``search.normalise.fold`` agree, so normalised text
    and analysed text meet."""
    rules = backend.settings["settings"]["analysis"]["char_filter"]["greek_accents"]["mappings"]
    table = dict(rule.split(" => ") for rule in rules)
    for text in [PAIONIA_TITLE, "ΆΈΉΊΌΎΏ Ϊϋ ΐΰ", "Αξιούπολη Πολύκαστρο Ευζώνων", "πρωτοβάθμιας"]:
        folded = "".join(table.get(char, char) for char in text)
        assert folded.lower() == fold(text)


def test_the_index_created_carries_settings_and_mapping(backend, db, monkeypatch):
    transport = FakeTransport()
    monkeypatch.setattr(backend.es.transport, "perform_request", transport)
    index = backend.get_index_for_model(CentrePage)
    index.put()
    index.add_model(CentrePage)
    (create_method, create_target, create_body), (_m, mapping_target, mapping_body) = (
        transport.requests
    )
    assert (create_method, create_target) == ("PUT", "/koinotita_test_wagtailcore_page")
    assert create_body["settings"]["analysis"]["analyzer"][es.GREEK_ANALYZER]["filter"][-1] == (
        "greek_stemmer"
    )
    assert mapping_target == "/koinotita_test_wagtailcore_page/_mapping"
    assert mapping_body["properties"]["title"]["analyzer"] == es.GREEK_ANALYZER


def test_index_prefix_is_applied(backend):
    assert backend.get_index_for_model(CentrePage).name == "koinotita_test_wagtailcore_page"
    assert backend.get_index_for_model(Page).name == "koinotita_test_wagtailcore_page"


def test_text_fields_are_greek_with_an_english_subfield(backend):
    properties = backend.mapping_class(CentrePage).get_mapping()["properties"]
    english = {"english": {"type": "text", "analyzer": "english"}}
    for name in ["title", "directory_centrepage__summary", "_all_text", "_all_text_boost_2_0"]:
        assert properties[name]["analyzer"] == es.GREEK_ANALYZER, name
        assert properties[name]["fields"] == english, name
    assert properties["title_edgengrams"]["search_analyzer"] == es.FOLDED_ANALYZER
    assert properties["locale_id_filter"] == {"type": "integer"}
    assert properties[es.ALL_NORMALISED] == {"type": "text", "analyzer": es.NORMALISED_ANALYZER}


def test_search_normalised_is_whitespace_lowercase_in_its_own_catch_all(backend, monkeypatch):
    fields = [f for f in CentrePage.search_fields if f.field_name != "search_normalised"]
    monkeypatch.setattr(CentrePage, "search_fields", [*fields, SearchField("search_normalised")])
    properties = backend.mapping_class(CentrePage).get_mapping()["properties"]
    (name,) = [name for name in properties if name.endswith("search_normalised")]
    assert name == "search_normalised"  # one column, whichever model mixes it in
    assert properties[name]["analyzer"] == es.NORMALISED_ANALYZER
    assert properties[name]["copy_to"] == es.ALL_NORMALISED  # not stemmed in _all_text
    assert "fields" not in properties[name]


def test_plain_text_queries_are_fuzzy_over_greek_english_and_normalised(backend, db):
    results = backend.search("κεντρο κινοτητας", greek_pages())
    query = results.query_compiler.get_query()
    match = query["bool"]["must"]["multi_match"]
    assert match["fuzziness"] == "AUTO"
    assert set(match["fields"]) >= {
        "_all_text",
        "_all_text.english",
        "_all_text_boost_2_0^2.0",
        "_all_text_boost_2_0.english^2.0",
        es.ALL_NORMALISED,
    }
    locale_id = Locale.objects.get(language_code="el").pk
    assert json.dumps({"term": {"locale_id_filter": locale_id}}) in json.dumps(query)

    named = backend.search("κεντρο", CentrePage.objects.all(), fields=["title"], operator="and")
    match = named.query_compiler.get_query()["bool"]["must"]["multi_match"]
    assert match["fields"] == ["title^2", "title.english^2"]
    assert (match["fuzziness"], match["operator"]) == ("AUTO", "and")


def test_autocomplete_is_not_fuzzy(backend, db):
    results = backend.autocomplete("Παιον", CentrePage.objects.all())
    assert "fuzziness" not in json.dumps(results.query_compiler.get_query())


# --- Settings from the environment ----------------------------------------------------------


def settings_with(monkeypatch, **environ):
    for name in ["ELASTICSEARCH_URL", "ELASTICSEARCH_INDEX_PREFIX", "ELASTICSEARCH_TIMEOUT"]:
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(BASE_SETTINGS))["WAGTAILSEARCH_BACKENDS"]


def test_without_elasticsearch_url_only_the_database_backends(monkeypatch):
    backends = settings_with(monkeypatch)
    assert list(backends) == ["default", "terms"]
    assert backends["default"]["BACKEND"] == "wagtail.search.backends.database"
    assert backends["terms"]["BACKEND"] == "search.terms"


def test_elasticsearch_url_puts_elasticsearch_in_front_of_the_database(monkeypatch):
    database = settings_with(monkeypatch)["default"]
    backends = settings_with(monkeypatch, ELASTICSEARCH_URL="https://es.example:9200")
    assert list(backends) == ["default", "database", "terms"]
    default = backends["default"]
    assert default["BACKEND"] == "search.elasticsearch"
    assert default["URLS"] == ["https://es.example:9200"]
    assert default["INDEX_PREFIX"] == "koinotita_"
    assert default["TIMEOUT"] <= 2 and default["SEARCH_TIMEOUT"] < 1
    assert default["OPTIONS"]["max_retries"] == 0
    assert default["FALLBACK"] == "database"
    assert backends["database"] == database  # whatever the database entry says, unchanged
    assert backends["terms"]["BACKEND"] == "search.terms"  # kept in step too

    prefixed = settings_with(
        monkeypatch,
        ELASTICSEARCH_URL="http://a:9200,http://b:9200",
        ELASTICSEARCH_INDEX_PREFIX="x_",
    )
    assert prefixed["default"]["URLS"] == ["http://a:9200", "http://b:9200"]
    assert prefixed["default"]["INDEX_PREFIX"] == "x_"


@override_settings(WAGTAILSEARCH_BACKENDS=elasticsearch_settings())
def test_both_backends_are_updated_on_publish():
    """modelsearch's ``insert_or_update_object`` (run on every save) updates each backend that
    ``get_search_backends_with_name(with_auto_update=True)`` yields: both of ours."""
    names = [name for name, _backend in get_search_backends_with_name(with_auto_update=True)]
    assert names == ["default", "database"]
    assert isinstance(get_search_backend("default"), es.KoinotitaElasticsearchBackend)
    assert get_search_backend("default").search_client is not None


# --- When Elasticsearch is not there --------------------------------------------------------


@override_settings(WAGTAILSEARCH_BACKENDS=elasticsearch_settings())
def test_unreachable_elasticsearch_answers_from_the_database(paionia, caplog):
    caplog.set_level(logging.DEBUG, logger="search.elasticsearch")
    started = time.monotonic()
    results, answered_by = run_search(greek_pages(), "Παιονίας")
    titles = [page.title for page in results[:10]]
    assert time.monotonic() - started < 1.5
    assert answered_by == "database"
    assert PAIONIA_TITLE in titles
    ours = [r for r in caplog.records if r.name == "search.elasticsearch"]
    warnings = [r for r in ours if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "ConnectionError" in warnings[0].getMessage()
    # The query may be personal: only the DEBUG line names it.
    assert all("Παιονίας" not in r.getMessage() for r in caplog.records if r.levelno > 10)
    assert any("Παιονίας" in r.getMessage() for r in ours if r.levelno == logging.DEBUG)


@override_settings(WAGTAILSEARCH_BACKENDS=elasticsearch_settings())
def test_the_search_page_answers_when_elasticsearch_is_unreachable(client, paionia):
    started = time.monotonic()
    response = client.get("/search/", {"q": "Παιονίας"})
    assert time.monotonic() - started < 1.5
    assert response.status_code == 200
    assert PAIONIA_TITLE in response.content.decode()


def test_a_slow_elasticsearch_times_out_and_the_database_answers(paionia, caplog):
    """A server that accepts connections and never answers: the search timeout (0.5 s) ends
    the wait, and the whole search still answers within a second."""
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    url = f"http://127.0.0.1:{silent.getsockname()[1]}"
    try:
        with override_settings(WAGTAILSEARCH_BACKENDS=elasticsearch_settings(url)):
            started = time.monotonic()
            results, answered_by = run_search(greek_pages(), "Παιονίας")
            titles = [page.title for page in results[:10]]
            elapsed = time.monotonic() - started
    finally:
        silent.close()
    assert answered_by == "database"
    assert PAIONIA_TITLE in titles
    assert elapsed < 1.0
    assert "ConnectionTimeout" in caplog.text


@override_settings(WAGTAILSEARCH_BACKENDS=elasticsearch_settings())
def test_when_elasticsearch_answers_its_hits_are_the_results(paionia, monkeypatch):
    """Counts and hits go through the short-timeout client and come back as pages."""
    transport = FakeTransport()
    hits = {"hits": {"hits": [{"fields": {"pk": [str(paionia.pk)]}, "_score": 3.0}]}}

    def answer(method, target, headers=None, body=None, **kwargs):
        transport.answer = (200, {"count": 1} if target.endswith("/_count") else hits)
        return FakeTransport.__call__(transport, method, target, headers, body, **kwargs)

    monkeypatch.setattr(get_search_backend("default").es.transport, "perform_request", answer)
    results, answered_by = run_search(greek_pages(), "Παιονίας")
    assert answered_by == "elasticsearch"
    assert [page.pk for page in Paginator(results, 10).page(1).object_list] == [paionia.pk]
    (_count, count_target, count_body), (_search, search_target, search_body) = transport.requests
    assert count_target == "/koinotita_test_wagtailcore_page/_count"
    assert search_target.startswith("/koinotita_test_wagtailcore_page/_search")
    assert search_body["query"]["bool"]["must"]["multi_match"]["fuzziness"] == "AUTO"


@pytest.mark.parametrize(
    ("error", "trips"),
    [(ConnectionTimeout("timed out"), True), (api_error(500), False)],
    ids=["timeout", "api-error"],
)
@override_settings(WAGTAILSEARCH_BACKENDS=elasticsearch_settings())
def test_errors_and_timeouts_fall_back(paionia, monkeypatch, caplog, error, trips):
    transport = FakeTransport(error=error)
    monkeypatch.setattr(get_search_backend("default").es.transport, "perform_request", transport)
    results, answered_by = run_search(greek_pages(), "Παιονίας")
    assert answered_by == "database"
    assert PAIONIA_TITLE in [page.title for page in results]
    assert type(error).__name__ in caplog.text
    assert len(transport.requests) == 1  # one failed count; the page is then the database's

    # After a timeout Elasticsearch is left alone for a while; one bad answer does not do that.
    run_search(greek_pages(), "Παιονίας")
    assert len(transport.requests) == (1 if trips else 2)


@override_settings(WAGTAILSEARCH_BACKENDS=elasticsearch_settings())
def test_a_failure_after_the_count_still_pages_from_the_database(paionia, monkeypatch):
    """Elasticsearch counts, then fails on the page itself (a sort it refuses, a timeout):
    the paginator still gets its page, from the database."""
    transport = FakeTransport(answer=(200, {"count": 1}))
    monkeypatch.setattr(get_search_backend("default").es.transport, "perform_request", transport)
    results, answered_by = run_search(greek_pages(), "Παιονίας")
    assert answered_by == "elasticsearch"
    transport.error = api_error(400)
    page = Paginator(results, 10).page(1)
    # Elasticsearch counted one hit, so the page holds the database's best one: a Paionia page
    # (which one comes first depends on the database backend's ranking).
    assert [p.title for p in page.object_list if "Παιονίας" in p.title]
    assert results.answered_by == "database"
    assert [method for method, _target, _body in transport.requests] == ["POST", "POST"]


def test_without_a_fallback_errors_are_raised(backend, db):
    """The live tests and ``update_index`` must see Elasticsearch's failures."""
    results = backend.search("Παιονίας", greek_pages())
    with pytest.raises(es.UNAVAILABLE_ERRORS):
        results.count()


@override_settings(WAGTAILSEARCH_BACKENDS=elasticsearch_settings())
def test_autocomplete_falls_back_too(paionia):
    results = get_search_backend("default").autocomplete("Παιον", CentrePage.objects.live())
    assert paionia in list(results)
    assert results.answered_by == "database"


@override_settings(WAGTAILSEARCH_BACKENDS=elasticsearch_settings())
def test_publishing_while_elasticsearch_is_down_succeeds_and_updates_the_database(paionia, caplog):
    caplog.set_level(logging.WARNING, logger="search.elasticsearch")
    paionia.title = "Κέντρο Κοινότητας Δήμου Παιονίας Ξενοδοχοϋπάλληλοι"
    paionia.save_revision().publish()

    assert "could not index" in caplog.text
    database = get_search_backend("database")
    found = database.search("Ξενοδοχοϋπάλληλοι", CentrePage.objects.live())
    assert [page.pk for page in found] == [paionia.pk]


def test_update_index_fails_loudly(backend, db):
    """The rebuild's index is strict: Elasticsearch's errors are not swallowed there."""
    index = backend.get_index_for_model(CentrePage)
    rebuilder = backend.basic_rebuilder_class(index)
    with pytest.raises(es.UNAVAILABLE_ERRORS):
        rebuilder.start()
    index.strict = True
    with pytest.raises(es.UNAVAILABLE_ERRORS):
        index.add_item(CentrePage.objects.first())
