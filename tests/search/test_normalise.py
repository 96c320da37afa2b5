"""Greek normalisation: accents, capitals, final sigma and Greeklish all meet."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from search.normalise import (
    fold,
    has_greek,
    has_latin,
    phonetic_key,
    phonetic_keys,
    search_terms,
    transliterate,
)

SAME_PLACE = [
    ("Χανιά", "Xania"),
    ("Χανιά", "Chania"),
    ("Χανιά", "Hania"),
    ("Ηράκλειο", "Hrakleio"),
    ("Ηράκλειο", "Irakleio"),
    ("Ηράκλειο", "Iraklio"),
    ("Αξιούπολη", "Axioupoli"),
    ("Αξιούπολη", "Aksioupoli"),
    ("Πολύκαστρο", "Polykastro"),
    ("Πολύκαστρο", "Polikastro"),
    ("Ξάνθη", "Ksanthi"),
    ("Ξάνθη", "Xanthi"),
    ("Ξάνθη", "3anthi"),
    ("Θεσσαλονίκη", "Thessaloniki"),
    ("Θεσσαλονίκη", "8essaloniki"),
    ("Παιονία", "Paionia"),
    ("Άβδηρα", "Avdira"),
    ("Τοπείρου", "Topeirou"),
    ("Σαμοθράκη", "Samothraki"),
    ("Μαρώνεια", "Maroneia"),
    ("Ερμιονίδα", "Ermionida"),
    ("Κοιλάδα", "Koilada"),
    ("Ψυχολόγος", "Psyxologos"),
    ("Ψυχολόγος", "psychologos"),
    ("Μπάμπης", "Mpampis"),
    ("Μπάμπης", "Bampis"),
    ("Αθήνα", "Athina"),
    ("Πάτρα", "Patra"),
    ("Βόλος", "Volos"),
    ("Ιωάννινα", "Ioannina"),
    ("Κέντρο Κοινότητας", "kentro koinotitas"),
    ("Κέντρο Κοινότητας", "KENTRO KOINOTHTAS"),
    ("επίδομα", "epidoma"),
    ("Ρόδος", "Rodos"),
]
DIFFERENT_PLACES = [("Χανιά", "Xanthi"), ("Πάτρα", "Parta"), ("Ξάνθη", "Kastro"), ("Άβδηρα", "Aidipsos")]


@pytest.mark.parametrize(("greek", "greeklish"), SAME_PLACE)
def test_greeklish_meets_greek(greek, greeklish):
    assert phonetic_key(greek) in phonetic_keys(greeklish)


@pytest.mark.parametrize(("greek", "greeklish"), DIFFERENT_PLACES)
def test_different_places_stay_apart(greek, greeklish):
    assert phonetic_key(greek) not in phonetic_keys(greeklish)


def test_fold_examples():
    assert fold("  ΚΟΙΝΟΤΗΤΑΣ, Αξιούπολη!") == "κοινοτητασ αξιουπολη"
    assert fold("Δήμος Μαρωνείας-Σαπών") == "δημοσ μαρωνειασ σαπων"
    assert fold("Ϊΐΰ ϋ") == "ιιυ υ"
    assert fold("Chania") == "chania"


def test_capitals_accents_and_final_sigma_do_not_change_keys():
    assert phonetic_key("ΧΑΝΙΑ") == phonetic_key("Χανιά") == phonetic_key("χανια")
    assert phonetic_key("ΚΟΙΝΟΤΗΤΑΣ") == phonetic_key("κοινότητας") == phonetic_key("κοινοτητασ")


def test_script_detection():
    assert has_greek("Χανιά") and not has_latin("Χανιά")
    assert has_latin("Xania") and not has_greek("Xania")


def test_transliteration():
    assert transliterate("Thessaloniki") == "θεσσαλονικι"
    assert transliterate("psychologos").startswith("ψ")
    assert transliterate("kentro koinotitas").endswith("ς")
    assert transliterate("Hania") == "χανια"
    assert transliterate("Χανιά") == "χανια"


def test_search_terms():
    assert search_terms("Xania") == ["xania", "χανια"]
    assert search_terms("Χανιά") == ["χανια"]
    assert search_terms("   ") == []


def test_variants_are_capped():
    assert 0 < len(phonetic_keys("xhub" * 50, limit=64)) <= 64


greek_words = st.text(alphabet="αβγδεζηθικλμνξοπρστυφχψωάέήίόύώϊϋΐΰς ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ", max_size=30)


@given(st.text(max_size=60))
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@given(greek_words)
def test_keys_ignore_case_and_accents(text):
    assert phonetic_key(text.upper()) == phonetic_key(text) == phonetic_key(fold(text))


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=1, max_size=40))
def test_greeklish_always_has_a_key(text):
    keys = phonetic_keys(text)
    assert (len(keys) >= 1) == bool(fold(text))
    assert len(keys) <= 64
