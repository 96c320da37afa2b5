"""Koinotita's Elasticsearch backend: Wagtail's ``elasticsearch8`` backend that reads Greek.

Selected by ``WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "search.elasticsearch"`` when
``ELASTICSEARCH_URL`` is set (``portal/settings/base.py``); decision 0009 explains the choices.

What it changes in modelsearch's Elasticsearch 8 backend, and why:

Analysis
    Elasticsearch's standard analyser keeps Greek accents and final sigma, so ``κεντρο`` never
    meets ``Κέντρο``. Every text field is analysed by ``koinotita_greek``: Greek tonos,
    dialytika and final sigma folded by a ``mapping`` char filter (``asciifolding`` leaves
    Greek alone), Greek lower case, Greek stop words and the Greek stemmer. Each also has an
    ``english`` sub-field with Elasticsearch's English analyser; English pages are separate
    pages in the English locale and every public search filters on the locale, so querying
    both sub-fields gives English stemming on the English site without a second index.
``search_normalised``
    The already-normalised text (folded Greek plus Latin sound-alike keys, see
    ``search/normalise.py``) is split on white space and lower-cased only, and gathered in its
    own catch-all ``_all_normalised`` instead of ``_all_text``: stemming Greeklish keys would
    make unrelated keys meet.
Typos
    Plain-text queries are sent with ``fuzziness: AUTO`` (first letter exact).
Failure
    Searches use a short timeout (``SEARCH_TIMEOUT``); when Elasticsearch is unreachable, slow
    or answers with an error, the results answer from the ``FALLBACK`` backend (the database
    backend, kept up to date beside Elasticsearch) on first evaluation, slices and counts
    included, and a warning is logged. After a connection failure or timeout, searches skip
    Elasticsearch for ``RETRY_AFTER`` seconds so that each one does not wait for the timeout
    again. A publish while Elasticsearch is down logs a warning and never fails the save;
    ``update_index`` still fails loudly.
"""

from __future__ import annotations

import copy
import logging
import threading
import time
from collections.abc import Mapping

from elastic_transport import TransportError
from elasticsearch import ApiError, Elasticsearch
from elasticsearch.helpers import BulkIndexError
from modelsearch.backends import get_search_backend
from modelsearch.backends.elasticsearch8 import (
    Elasticsearch8AutocompleteQueryCompiler,
    Elasticsearch8Index,
    Elasticsearch8Mapping,
    Elasticsearch8SearchBackend,
    Elasticsearch8SearchQueryCompiler,
    Elasticsearch8SearchResults,
)
from modelsearch.backends.elasticsearchbase import (
    ElasticsearchAtomicIndexRebuilder,
    ElasticsearchAutocompleteQueryCompilerImpl,
    ElasticsearchIndexRebuilder,
    Field,
)
from modelsearch.index import AutocompleteField, FilterField, RelatedFields
from modelsearch.utils import deep_update

logger = logging.getLogger(__name__)

#: What Elasticsearch raises when it is unreachable, slow (``ConnectionTimeout``) or in error.
UNAVAILABLE_ERRORS: tuple[type[Exception], ...] = (ApiError, TransportError)
#: The same, plus what a bulk index request raises when some documents were refused.
INDEXING_ERRORS: tuple[type[Exception], ...] = (*UNAVAILABLE_ERRORS, BulkIndexError)

GREEK_ANALYZER = "koinotita_greek"
FOLDED_ANALYZER = "koinotita_folded"
NORMALISED_ANALYZER = "koinotita_normalised"
ENGLISH_ANALYZER = "english"
ENGLISH_SUBFIELD = "english"
#: The field the other search code indexes already-normalised text in (``search/normalise.py``).
NORMALISED_FIELD = "search_normalised"
#: The catch-all that gathers every model's ``search_normalised`` text.
ALL_NORMALISED = "_all_normalised"

#: Greek vowels with tonos or dialytika, in both cases, and final sigma: their plain letters.
#: ``asciifolding`` only knows Latin, and the Greek stemmer expects unaccented input.
GREEK_ACCENTS: Mapping[str, str] = {
    "ά": "α", "έ": "ε", "ή": "η", "ί": "ι", "ό": "ο", "ύ": "υ", "ώ": "ω",
    "ϊ": "ι", "ΐ": "ι", "ϋ": "υ", "ΰ": "υ",
    "Ά": "Α", "Έ": "Ε", "Ή": "Η", "Ί": "Ι", "Ό": "Ο", "Ύ": "Υ", "Ώ": "Ω",
    "Ϊ": "Ι", "Ϋ": "Υ",
    "ς": "σ",
}  # fmt: skip

CHAR_FILTERS = ["greek_accents", "greek_combining_marks"]

ANALYSIS = {
    "char_filter": {
        "greek_accents": {
            "type": "mapping",
            "mappings": [f"{accented} => {plain}" for accented, plain in GREEK_ACCENTS.items()],
        },
        # Decomposed text (a letter followed by a combining acute, diaeresis or dialytika
        # tonos), as some keyboards and PDFs produce it.
        "greek_combining_marks": {
            "type": "pattern_replace",
            "pattern": "[\\u0301\\u0308\\u0344]",
            "replacement": "",
        },
    },
    "filter": {
        "greek_lowercase": {"type": "lowercase", "language": "greek"},
        "greek_stop": {"type": "stop", "stopwords": "_greek_"},
        "greek_stemmer": {"type": "stemmer", "language": "greek"},
        "ngram": {"type": "ngram", "min_gram": 3, "max_gram": 15},
        "edgengram": {"type": "edge_ngram", "min_gram": 1, "max_gram": 15},
    },
    "analyzer": {
        GREEK_ANALYZER: {
            "type": "custom",
            "char_filter": CHAR_FILTERS,
            "tokenizer": "standard",
            "filter": ["greek_lowercase", "asciifolding", "greek_stop", "greek_stemmer"],
        },
        # Autocomplete's query side: folded like the index side, never stemmed.
        FOLDED_ANALYZER: {
            "type": "custom",
            "char_filter": CHAR_FILTERS,
            "tokenizer": "standard",
            "filter": ["greek_lowercase", "asciifolding"],
        },
        NORMALISED_ANALYZER: {
            "type": "custom",
            "char_filter": CHAR_FILTERS,
            "tokenizer": "whitespace",
            "filter": ["lowercase"],
        },
        # modelsearch's own analysers, folding Greek too.
        "edgengram_analyzer": {
            "type": "custom",
            "char_filter": CHAR_FILTERS,
            "tokenizer": "standard",
            "filter": ["greek_lowercase", "asciifolding", "edgengram"],
        },
        "ngram_analyzer": {
            "type": "custom",
            "char_filter": CHAR_FILTERS,
            "tokenizer": "standard",
            "filter": ["greek_lowercase", "asciifolding", "ngram"],
        },
    },
}

# --- Skipping Elasticsearch for a while after it failed to answer --------------------------

_unavailable_until: dict[str, float] = {}
_clients: dict[str, Elasticsearch] = {}
_lock = threading.Lock()


def reset_availability() -> None:
    """Forget every recorded outage (tests; or an operator's shell after a repair)."""
    _unavailable_until.clear()


def _shared_client(**options) -> Elasticsearch:
    """One client (and connection pool) per configuration for the whole process.

    modelsearch builds a backend, and so a client, on every search; sharing the client keeps
    connections to Elasticsearch open between searches instead of one new connection each."""
    key = repr(sorted(options.items()))
    with _lock:
        if key not in _clients:
            _clients[key] = Elasticsearch(**options)
        return _clients[key]


# --- Mapping ------------------------------------------------------------------------------


def _is_normalised(column_name: str) -> bool:
    return column_name == NORMALISED_FIELD or column_name.endswith(f"__{NORMALISED_FIELD}")


class KoinotitaMapping(Elasticsearch8Mapping):
    edgengram_analyzer_config = {
        "analyzer": "edgengram_analyzer",
        "search_analyzer": FOLDED_ANALYZER,
    }

    def get_field_column_name(self, field):
        """modelsearch prefixes a field defined below the root model with the model that
        defines it, and fails when that is a plain mixin (``search.indexing``'s
        ``NormalisedSearchMixin`` defines ``search_normalised`` for many page models): such a
        field is one column shared by every model that mixes it in."""
        definition = field.get_definition_model(self.model)
        if definition is None or hasattr(definition, "_meta"):
            return super().get_field_column_name(field)
        if isinstance(field, RelatedFields):
            return field.field_name
        name = field.get_attname(self.model)
        if isinstance(field, FilterField):
            return f"{name}_filter"
        if isinstance(field, AutocompleteField):
            return f"{name}_edgengrams"
        return name

    def get_mapping(self):
        mapping = super().get_mapping()
        self._analyse(mapping["properties"])
        mapping["properties"][ALL_NORMALISED] = {"type": "text", "analyzer": NORMALISED_ANALYZER}
        return mapping

    def _analyse(self, properties):
        for name, field in properties.items():
            if field.get("type") == "nested":
                self._analyse(field["properties"])
            elif field.get("type") != "text" or "analyzer" in field:
                continue  # keywords, numbers, dates; autocomplete and es_extra analysers
            elif _is_normalised(name):
                field["analyzer"] = NORMALISED_ANALYZER
                field["copy_to"] = ALL_NORMALISED
            else:
                field["analyzer"] = GREEK_ANALYZER
                field["fields"] = {ENGLISH_SUBFIELD: {"type": "text", "analyzer": ENGLISH_ANALYZER}}


# --- Queries ------------------------------------------------------------------------------


class KoinotitaSearchQueryCompiler(Elasticsearch8SearchQueryCompiler):
    mapping_class = KoinotitaMapping
    FUZZINESS = {"fuzziness": "AUTO", "prefix_length": 1}

    def _remap_fields(self, fields):
        """Each analysed field is searched in Greek and through its English sub-field; with
        no field named, the normalised catch-all is searched too."""
        properties = self.mapping.get_mapping()["properties"]
        remapped = []
        for field in super()._remap_fields(fields):
            remapped.append(field)
            has_english = ENGLISH_SUBFIELD in properties.get(field.field_name, {}).get("fields", {})
            if has_english or field.field_name.startswith("_all_text"):
                remapped.append(Field(f"{field.field_name}.{ENGLISH_SUBFIELD}", field.boost))
        if not fields:
            remapped.append(Field(ALL_NORMALISED))
        return remapped

    def _compile_plaintext_query(self, query, fields, boost=1.0):
        compiled = super()._compile_plaintext_query(query, fields, boost)
        if "multi_match" in compiled:
            compiled["multi_match"].update(self.FUZZINESS)
        else:
            for match in compiled["match"].values():
                match.update(self.FUZZINESS)
        return compiled


class KoinotitaAutocompleteQueryCompiler(Elasticsearch8AutocompleteQueryCompiler):
    """Autocomplete matches word beginnings; fuzziness there would suggest nonsense."""

    mapping_class = KoinotitaMapping


# --- Results that fall back ---------------------------------------------------------------


class KoinotitaSearchResults(Elasticsearch8SearchResults):
    """Elasticsearch's results, or the fallback backend's when Elasticsearch fails.

    The switch happens where the search really runs (count, iteration, a page's slice), so a
    paginator or a template that evaluates the results late is covered too."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Shared with every slice cloned from these results: once a page has come from the
        # database, the results as a whole say so, and later pages come from the database too
        # (one ranking for all the pages a resident walks through).
        self._state = {"fell_back": False}

    @property
    def fell_back(self) -> bool:
        return self._state["fell_back"]

    @fell_back.setter
    def fell_back(self, value: bool) -> None:
        self._state["fell_back"] = value

    @property
    def answered_by(self) -> str:
        return "database" if self.fell_back else "elasticsearch"

    def _clone(self):
        new = super()._clone()
        new._state = self._state
        return new

    def _backend_do_search(self, body, **kwargs):
        return self.backend.search_client.search(**body, **kwargs)

    def _use_elasticsearch(self) -> bool:
        if self.fell_back:
            return False
        if self.backend.fallback is not None and self.backend.is_unavailable():
            logger.debug("Elasticsearch was unavailable moments ago; the fallback answers")
            self.fell_back = True
            return False
        return True

    def _fail(self, error: Exception) -> None:
        if self.backend.fallback is None:
            raise error
        self.fell_back = True
        if isinstance(error, TransportError):  # unreachable or slow, not one bad request
            self.backend.mark_unavailable()
        status = getattr(getattr(error, "meta", None), "status", None)
        logger.warning(
            "Elasticsearch search failed (%s%s); answered from the %r backend",
            type(error).__name__,
            f" {status}" if status else "",
            self.backend.fallback,
        )
        logger.debug("The query that failed: %r", self.query_compiler.query)

    def _fallback_results(self):
        backend = get_search_backend(self.backend.fallback)
        compiler = self.query_compiler
        method = (
            backend.autocomplete
            if isinstance(compiler, ElasticsearchAutocompleteQueryCompilerImpl)
            else backend.search
        )
        results = method(
            compiler.query,
            compiler.queryset,
            fields=compiler.fields,
            order_by_relevance=compiler.order_by_relevance,
        )
        if self._score_field:
            results = results.annotate_score(self._score_field)
        return results[self.start : self.stop]

    def _do_search(self):
        if self._use_elasticsearch():
            try:
                return list(super()._do_search())
            except UNAVAILABLE_ERRORS as error:
                self._fail(error)
        return list(self._fallback_results())

    def _do_count(self):
        if self._use_elasticsearch():
            try:
                return self._count_in_elasticsearch()
            except UNAVAILABLE_ERRORS as error:
                self._fail(error)
        return self._fallback_results().count()

    def _count_in_elasticsearch(self):
        """modelsearch's count, through the short-timeout client."""
        index = self.backend.get_index_for_model(self.query_compiler.queryset.model)
        body = self._get_es_body(for_count=True)
        hit_count = self.backend.search_client.count(index=index.name, **body)["count"]
        hit_count -= self.start
        if self.stop is not None:
            hit_count = min(hit_count, self.stop - self.start)
        return max(hit_count, 0)

    def facet(self, field_name):
        if self._use_elasticsearch():
            try:
                return super().facet(field_name)
            except UNAVAILABLE_ERRORS as error:
                self._fail(error)
        return self._fallback_results().facet(field_name)


# --- Indexing that never fails an editor's save ------------------------------------------


class KoinotitaIndex(Elasticsearch8Index):
    """Adding and deleting documents logs Elasticsearch's failures instead of raising them, so
    a publish or an import while Elasticsearch is down still succeeds (the database backend is
    updated regardless; ``update_index`` catches Elasticsearch up). The rebuild that
    ``update_index`` runs sets ``strict`` and fails loudly."""

    strict = False

    def _tolerate(self, action: str, operation, *args):
        if self.strict:
            return operation(*args)
        try:
            return operation(*args)
        except INDEXING_ERRORS as error:
            if isinstance(error, TransportError):
                self.backend.mark_unavailable()
            logger.warning(
                "Elasticsearch could not %s in index %s (%s); run update_index when it is back",
                action,
                self.name,
                type(error).__name__,
            )
            return None

    def add_item(self, item):
        return self._tolerate(f"index {item!r}", super().add_item, item)

    def add_items(self, model, items):
        return self._tolerate(
            f"index {len(items)} {model.__name__} objects", super().add_items, model, items
        )

    def delete_item(self, item):
        return self._tolerate(f"remove {item!r}", super().delete_item, item)


class StrictRebuildMixin:
    def start(self):
        index = super().start()
        index.strict = True
        return index


class KoinotitaIndexRebuilder(StrictRebuildMixin, ElasticsearchIndexRebuilder):
    pass


class KoinotitaAtomicIndexRebuilder(StrictRebuildMixin, ElasticsearchAtomicIndexRebuilder):
    pass


# --- Backend ------------------------------------------------------------------------------


class KoinotitaElasticsearchBackend(Elasticsearch8SearchBackend):
    """Options beyond modelsearch's (``URLS``, ``INDEX_PREFIX``, ``TIMEOUT``, ``OPTIONS`` …):

    ``FALLBACK``
        The ``WAGTAILSEARCH_BACKENDS`` name of the backend that answers when Elasticsearch
        cannot; ``None`` (the default) lets Elasticsearch's errors through.
    ``SEARCH_TIMEOUT``
        Seconds a search or count may take before the fallback answers (default 0.5);
        ``TIMEOUT`` still applies to indexing.
    ``RETRY_AFTER``
        Seconds to skip Elasticsearch after it was unreachable or timed out (default 30).
    """

    mapping_class = KoinotitaMapping
    index_class = KoinotitaIndex
    query_compiler_class = KoinotitaSearchQueryCompiler
    autocomplete_query_compiler_class = KoinotitaAutocompleteQueryCompiler
    results_class = KoinotitaSearchResults
    basic_rebuilder_class = KoinotitaIndexRebuilder
    atomic_rebuilder_class = KoinotitaAtomicIndexRebuilder
    client_class = staticmethod(_shared_client)
    catch_indexing_errors = True
    answers_as = "elasticsearch"
    settings = deep_update(
        copy.deepcopy(Elasticsearch8SearchBackend.settings),
        {"settings": {"analysis": copy.deepcopy(ANALYSIS)}},
    )

    def __init__(self, params):
        params = dict(params)
        self.fallback = params.pop("FALLBACK", None)
        self.search_timeout = float(params.pop("SEARCH_TIMEOUT", 0.5))
        self.retry_after = float(params.pop("RETRY_AFTER", 30))
        super().__init__(params)
        self.search_client = self.es.options(request_timeout=self.search_timeout)
        self.availability_key = repr(self.hosts)

    def is_unavailable(self) -> bool:
        return _unavailable_until.get(self.availability_key, 0.0) > time.monotonic()

    def mark_unavailable(self) -> None:
        if self.retry_after > 0:
            _unavailable_until[self.availability_key] = time.monotonic() + self.retry_after


SearchBackend = KoinotitaElasticsearchBackend
