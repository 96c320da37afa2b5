"""The judged query set: what residents type, and the page that must be in the top 3.

Each entry is ``(query, language, slug)``: searching ``query`` on the ``language`` site must
show the page with ``slug`` (in that language) among the first three results. The pages are
the demo content (``home/demo_*.py``). Needs that every area offers alike (nine identical
«Νομική συμβουλευτική» services) are judged with a place, as residents search for the one
near them; the place is what decides which of the nine is right.

Used by ``tests/search/test_judged_queries.py`` on SQLite and PostgreSQL, and by the live
Elasticsearch tests and ``make bench`` for the top-3 / top-1 shares.
"""

from typing import NamedTuple


class Judged(NamedTuple):
    query: str
    language: str
    slug: str
    why: str = ""


JUDGED: list[Judged] = [
    # --- Centres, every way of writing them -------------------------------------------------
    Judged("κεντρο κοινοτητας χανιων", "el", "chania", "no accents"),
    Judged("Κέντρο Κοινότητας Χανίων", "el", "chania", "as written"),
    Judged("ΚΕΝΤΡΟ ΚΟΙΝΟΤΗΤΑΣ ΧΑΝΙΩΝ", "el", "chania", "capitals"),
    Judged("kentro koinotitas xania", "el", "chania", "Greeklish"),
    Judged("kentro koinotitas chania", "el", "chania", "Greeklish, ELOT ch"),
    Judged("KENTRO KOINOTHTAS XANIWN", "el", "chania", "Greeklish capitals, H for η, W for ω"),
    Judged("kentro koinotitas hanion", "el", "chania", "Greeklish genitive"),
    Judged("κεντρο κινοτητας χανια", "el", "chania", "typo οι → ι"),
    Judged("Κεντρο Κοινοτητος Χανιων", "el", "chania", "typo α → ο"),
    Judged("κέντρο κοινότητας παιονίας", "el", "paionia", ""),
    Judged("Παιονία", "el", "paionia", "nominative of the municipality"),
    Judged("Αξιούπολη", "el", "paionia", "the town of its office"),
    Judged("axioupoli", "el", "paionia", "town in Greeklish"),
    Judged("ξανθη", "el", "xanthi", "no accent"),
    Judged("Xanthi", "el", "xanthi", "Latin name on the Greek site"),
    Judged("κεντρο κοινωτητας ξανθης", "el", "xanthi", "typo ο → ω"),
    Judged("Άβδηρα", "el", "avdira", "nominative plural"),
    Judged("Γενισέα", "el", "avdira", "the town of its office"),
    Judged("Τοπείρου", "el", "topeiros", ""),
    Judged("Εύλαλο", "el", "topeiros", "the village of its office"),
    Judged("Σαμοθράκη", "el", "samothraki", ""),
    Judged("samothraki", "el", "samothraki", "Greeklish"),
    Judged("Σάπες", "el", "maroneia-sapes", ""),
    Judged("μαρωνεια", "el", "maroneia-sapes", "no accent, half of a double name"),
    Judged("Ερμιονίδα", "el", "ermionida", ""),
    Judged("Κοιλάδα", "el", "ermionida", "the village of its office"),
    Judged("Ηράκλειο", "el", "heraklion", ""),
    Judged("irakleio", "el", "heraklion", "Greeklish"),
    Judged("hrakleio", "el", "heraklion", "Greeklish, h for η"),
    Judged("ηρακλιο", "el", "heraklion", "typo: a letter left out"),
    Judged("Σούδα", "el", "chania", "town of the Roma annex"),
    Judged("ρομα χανια", "el", "chania", "Roma annex"),
    Judged("ΚΕΑ Χανιά", "el", "chania", "benefit abbreviation with a place"),
    # --- Needs ------------------------------------------------------------------------------
    Judged("ψυχολόγος", "el", "paionia-psychologos", "need"),
    Judged("ψυχολογος", "el", "paionia-psychologos", "need, no accent"),
    Judged("psychologos", "el", "paionia-psychologos", "need, Greeklish"),
    Judged("ψιχολογος", "el", "paionia-psychologos", "need, typo υ → ι"),
    Judged("ψυχολόγος χανιά", "el", "health-chania-2", "need and place"),
    Judged("σίτιση χανιά", "el", "grocery-chania-1", "need named differently from the page"),
    Judged("σιτιση ηρακλειο", "el", "grocery-heraklion-1", ""),
    Judged("τρόφιμα Ξάνθη", "el", "grocery-xanthi-1", ""),
    Judged("κοινωνικο παντοπωλειο σαπων", "el", "grocery-maroneia-sapes", "organisation"),
    Judged("κοινωνικό φαρμακείο χανιά", "el", "grocery-chania-2", ""),
    Judged("νομική βοήθεια χανιά", "el", "ngo-chania-1", "category of the service"),
    Judged("δικηγόρος ηράκλειο", "el", "ngo-heraklion-1", "need named differently"),
    Judged("επιδοματα ξανθη", "el", "kep-xanthi-1", "plural of επίδομα"),
    Judged("καρτα ανεργιας χανια", "el", "employment-chania-1", ""),
    Judged("ΔΥΠΑ Ηρακλείου", "el", "employment-heraklion", "abbreviation, organisation"),
    Judged("εμβολιασμοι ξανθη", "el", "health-xanthi-1", ""),
    Judged("μαθηματα ελληνικων ηρακλειο", "el", "ngo-heraklion-2", ""),
    Judged("ενδοοικογενειακη βια χανια", "el", "shelter-chania-2", ""),
    Judged("ξενώνας φιλοξενίας γυναικών ηρακλείου", "el", "shelter-heraklion", "shelter"),
    Judged("εξαρτησεις ξανθη", "el", "addiction-xanthi-1", ""),
    Judged("kentro imeras anapiria xania", "el", "day-centre-chania", "Greeklish need"),
    # --- Editorial pages --------------------------------------------------------------------
    Judged("δήλωση προσβασιμότητας", "el", "dilosi-prosvasimotitas", ""),
    Judged("προσβασιμοτητα", "el", "dilosi-prosvasimotitas", "one word, other ending"),
    Judged("προσωπικα δεδομενα", "el", "prostasia-dedomenon", ""),
    Judged("σχετικα με την πυλη", "el", "schetika", "with stop words"),
    Judged("χρηματοδοτηση χανια", "el", "chania-entaxi-kritis", "announcement"),
    Judged("παραταση ηρακλειο", "el", "heraklion-paratasi-2025", ""),
    Judged("κινητη μοναδα ηρακλειου", "el", "heraklion-kinit-monada", ""),
    Judged("ανακοινωσεις", "el", "anakoinoseis", "index page"),
    Judged("τι προσφερουν τα κεντρα κοινοτητας", "el", "kentra-koinotitas-ti-prosferoun", ""),
    # --- English site -----------------------------------------------------------------------
    Judged("community centre chania", "en", "chania", ""),
    Judged("Chania", "en", "chania", ""),
    Judged("Axioupoli", "en", "paionia", "town of the office"),
    Judged("Samothraki community centre", "en", "samothraki", ""),
    Judged("comunity centre xanthi", "en", "xanthi", "typo"),
    Judged("Heraklion", "en", "heraklion", ""),
    Judged("psychologist", "en", "paionia-psychologos", ""),
    Judged("psychologist chania", "en", "health-chania-2", ""),
    Judged("legal advice heraklion", "en", "ngo-heraklion-1", ""),
    Judged("food parcels xanthi", "en", "grocery-xanthi-1", ""),
    Judged("social pharmacy sapes", "en", "grocery-maroneia-sapes-2", ""),
    Judged("unemployment card chania", "en", "employment-chania-1", ""),
    Judged("greek classes heraklion", "en", "ngo-heraklion-2", ""),
    Judged("vaccinations xanthi", "en", "health-xanthi-1", ""),
    Judged("domestic violence chania", "en", "shelter-chania-2", ""),
    Judged("mobile unit heraklion", "en", "heraklion-kinit-monada", ""),
    Judged("accessibility statement", "en", "dilosi-prosvasimotitas", ""),
    Judged("privacy", "en", "prostasia-dedomenon", ""),
]
