"""The line under each search result: the best sentence of the page, with the resident's words
marked whatever their accents and case, and nothing else of the page's text turned into HTML."""

from types import SimpleNamespace

from search.snippets import (
    MAX_SNIPPET_CHARS,
    best_sentence,
    highlight,
    page_texts,
    prepare_terms,
    snippet,
)


def test_marks_ignore_accents_case_and_final_sigma():
    marked = highlight("Το Κέντρο Κοινότητας Χανίων.", ["κεντρο", "ΚΟΙΝΟΤΗΤΑΣ", "χανια"])
    assert marked == ("Το <mark>Κέντρο</mark> <mark>Κοινότητας</mark> <mark>Χανίων</mark>.")


def test_capitals_without_accents_are_marked_from_an_accented_query():
    assert highlight("ΨΥΧΟΛΟΓΟΣ ΓΙΑ ΠΑΙΔΙΑ", ["ψυχολόγος"]) == "<mark>ΨΥΧΟΛΟΓΟΣ</mark> ΓΙΑ ΠΑΙΔΙΑ"


def test_other_forms_of_a_word_are_marked():
    marked = highlight("Κοινότητα, κοινότητες και κέντρα.", ["κοινοτητας", "κεντρο"])
    assert marked == "<mark>Κοινότητα</mark>, <mark>κοινότητες</mark> και <mark>κέντρα</mark>."


def test_a_word_is_marked_only_from_its_start():
    assert highlight("Αποκέντρωση", ["κεντρο"]) == "Αποκέντρωση"


def test_decomposed_accents_stay_inside_the_mark():
    text = "α\u0301λφα βήτα"  # ά as α + combining acute
    assert highlight(text, ["αλφα"]) == "<mark>α\u0301λφα</mark> βήτα"


def test_characters_that_fold_to_several_map_back_to_the_original():
    assert highlight("ﬁne day", ["fine"]) == "<mark>ﬁne</mark> day"


def test_everything_is_escaped_and_only_mark_is_added():
    marked = highlight('<script>alert("κέντρο")</script> & κέντρο', ["κεντρο"])
    assert "<script>" not in marked
    assert marked == (
        "&lt;script&gt;alert(&quot;<mark>κέντρο</mark>&quot;)&lt;/script&gt; &amp; <mark>κέντρο</mark>"
    )


def test_terms_that_look_like_html_are_just_text():
    assert highlight("a <b> c", ["<b>"]) == "a &lt;b&gt; c"


def test_no_terms_gives_the_escaped_text():
    assert highlight("a & b", []) == "a &amp; b"
    assert highlight("a & b", ["", "   ", "!"]) == "a &amp; b"


def test_single_letters_are_not_marked():
    assert prepare_terms(["a", "κ", "ΚΕΑ"]) == ["κεα"]


def test_the_sentence_with_most_query_words_wins():
    text = "Πρώτη πρόταση για το κέντρο. Το κέντρο κοινότητας ανοίγει στις 8! Τελευταία."
    assert best_sentence([text], ["κεντρο", "κοινοτητας"]) == "Το κέντρο κοινότητας ανοίγει στις 8!"


def test_greek_question_mark_ends_a_sentence():
    text = "Χρειάζεστε ψυχολόγο; Καλέστε μας."
    assert best_sentence([text], ["καλεστε"]) == "Καλέστε μας."


def test_an_earlier_source_wins_a_tie():
    assert best_sentence(["Σίτιση για όλους.", "Σίτιση και ένδυση."], ["σιτιση"]) == (
        "Σίτιση για όλους."
    )


def test_without_a_match_the_first_sentence_is_shown():
    assert best_sentence(["", "Πρώτη. Δεύτερη."], ["τίποτα"]) == "Πρώτη."
    assert best_sentence([], ["τίποτα"]) == ""


def test_a_long_sentence_is_cut_around_the_first_match():
    text = "λέξη " * 200 + "κέντρο " + "άλλη " * 200
    cut = best_sentence([text], ["κεντρο"])
    assert len(cut) <= MAX_SNIPPET_CHARS + 2
    assert cut.startswith("…") and cut.endswith("…")
    assert "κέντρο" in cut


def test_page_texts_reads_plain_rich_and_stream_fields_in_order():
    stream = SimpleNamespace(
        raw_data=[
            {"type": "paragraph", "id": "abc", "value": "<p>Ροή <b>κειμένου</b>.</p>"},
            {"type": "image", "id": "def", "value": {"image": 3, "caption": "Λεζάντα"}},
        ]
    )
    page = SimpleNamespace(
        search_description="",
        summary="Περίληψη &amp; σύνοψη.",
        intro=None,
        body=stream,
        aims="<p>Στόχος ένα.</p><p>Στόχος δύο.</p>",
    )
    texts = page_texts(page)
    assert texts[0] == "Περίληψη & σύνοψη."
    assert "Ροή κειμένου." in texts[1] and "Λεζάντα" in texts[1]
    assert "abc" not in texts[1]
    assert texts[2].split() == ["Στόχος", "ένα.", "Στόχος", "δύο."]


def test_snippet_of_a_page():
    page = SimpleNamespace(
        title="Τίτλος",
        summary="Βοήθεια για όλους. Σίτιση & ένδυση για <οικογένειες>.",
    )
    assert snippet(page, ["σιτιση"]) == (
        "<mark>Σίτιση</mark> &amp; ένδυση για &lt;οικογένειες&gt;."
    )


def test_snippet_of_a_demo_centre(paionia):
    marked = snippet(paionia.specific, ["παιονιας"])
    assert "<mark>" in marked
