"""Generated input thrown at everything a query passes through: the normaliser, the snippet
highlighter and the search page itself. None may raise, none may answer with an error, and the
highlighter's HTML is always well formed: escaped text with balanced, unnested ``<mark>`` tags
whose text is exactly the original.

Bounded and derandomised so the suite is repeatable and quick."""

from html.parser import HTMLParser

import pytest
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.normalise import fold, phonetic_keys, search_terms, transliterate
from search.snippets import best_sentence, highlight
from search.views import MAX_QUERY_LENGTH

# Everything a hostile or clumsy query might hold: Greek with accents and capitals, Greeklish,
# query syntax, SQL, HTML, control characters and NUL, combining marks, emoji, any code point.
NASTY = st.one_of(
    st.sampled_from(list("ΆάΈέΉήΊίΌόΎύΏώΐΰϊϋςσΣαΑωΩ")),
    st.sampled_from(list("aAxXhH83θξ")),
    st.sampled_from(list("\"'()[]{}:*-+~^!?;&|\\/%_<>=@#`")),
    st.sampled_from(["\x00", "\x01", "\x1b", "\t", "\n", "\r", "\u200b", "\u202e", "\ufeff"]),
    st.sampled_from(["\u0301", "\u0308", "\u0345", "ﬁ", "ß", "İ", "🙂", "\U0010ffff"]),
    st.sampled_from([" OR ", " AND ", " NOT ", "--", "/*", "*/", "' OR 1=1", "<mark>", "&amp;"]),
    st.characters(blacklist_categories=("Cs",)),
)
QUERIES = st.lists(NASTY, max_size=60).map("".join)
TEXTS = st.lists(st.one_of(NASTY, st.just(" "), st.just(". ")), max_size=120).map("".join)

PROPERTY = settings(
    max_examples=150,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
VIEW_PROPERTY = settings(
    max_examples=40,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@PROPERTY
@given(QUERIES)
def test_the_normaliser_takes_anything(text):
    folded = fold(text)
    assert isinstance(folded, str)
    assert "\x00" not in folded
    assert 1 <= len(phonetic_keys(text)) <= 64 or not folded
    assert isinstance(transliterate(text), str)
    assert all(term and "\x00" not in term for term in search_terms(text))


class MarkChecker(HTMLParser):
    """Reads highlighter output: the only tags are <mark> and </mark>, in order, never nested."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text = []
        self.depth = 0
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag != "mark" or attrs or self.depth:
            self.problems.append(("start", tag, attrs, self.depth))
        self.depth += 1

    def handle_startendtag(self, tag, attrs):
        self.problems.append(("startend", tag))

    def handle_endtag(self, tag):
        if tag != "mark" or self.depth != 1:
            self.problems.append(("end", tag, self.depth))
        self.depth -= 1

    def handle_data(self, data):
        self.text.append(data)

    def handle_comment(self, data):
        self.problems.append(("comment", data))

    def handle_decl(self, decl):
        self.problems.append(("decl", decl))

    def handle_pi(self, data):
        self.problems.append(("pi", data))

    def unknown_decl(self, data):
        self.problems.append(("unknown", data))


@PROPERTY
@given(TEXTS, st.lists(QUERIES, max_size=4))
def test_highlighting_is_always_well_formed_and_keeps_the_text(text, terms):
    marked = str(highlight(text, terms))
    checker = MarkChecker()
    checker.feed(marked)
    checker.close()
    assert checker.problems == []
    assert checker.depth == 0
    assert "".join(checker.text) == text
    assert "<" not in marked.replace("<mark>", "").replace("</mark>", "")


@PROPERTY
@given(TEXTS, st.lists(QUERIES, max_size=4))
def test_a_query_word_found_in_the_text_is_marked(text, terms):
    words = [word for term in terms for word in fold(term).split() if len(word) >= 2]
    folded_words = fold(text).split()
    if any(candidate == word for word in words for candidate in folded_words):
        assert "<mark>" in str(highlight(text, terms))


@PROPERTY
@given(st.lists(TEXTS, max_size=4), st.lists(QUERIES, max_size=3))
def test_best_sentence_takes_anything(texts, terms):
    assert isinstance(best_sentence(texts, terms), str)


@pytest.mark.django_db
@VIEW_PROPERTY
@given(QUERIES, st.sampled_from(["/search/", "/en/search/"]))
def test_the_search_page_answers_anything(client, query, path):
    response = client.get(path, {"q": query, "page": query[:5]})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{"en" if path.startswith("/en/") else "el"}">' in html
    shown = response.context["search_query"]
    assert len(shown) <= MAX_QUERY_LENGTH
    assert f'name="q" value="{escape(shown)}"' in html  # echoed, escaped


@pytest.mark.django_db
@VIEW_PROPERTY
@given(QUERIES)
def test_the_suggestions_answer_anything(client, query):
    response = client.get("/search/suggest/", {"q": query})
    assert response.status_code == 200
    assert isinstance(response.json()["suggestions"], list)
