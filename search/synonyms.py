"""Needs as residents name them, and the words the pages use for them.

Why: a resident types the need («σίτιση», «δικηγόρος», «ψυχολόγος»), the page names the
service («Διανομή τροφίμων», «Νομική συμβουλευτική», «Ψυχολογική υποστήριξη»). No stemmer
joins these, so a short, reviewed list does. It is applied to queries only (the index stays
the page's own words), and a match through a synonym ranks below a match on the word itself.

Keys and values are folded (lower case, no accents, σ for ς). Keep the list small and about
needs; it is not a thesaurus. Editors' promoted results cover one-off queries.
"""

from __future__ import annotations

from search.normalise import fold

_SYNONYMS: dict[str, tuple[str, ...]] = {
    # Food
    "σιτιση": ("τροφιμα", "συσσιτιο", "παντοπωλειο"),
    "φαγητο": ("τροφιμα", "συσσιτιο", "παντοπωλειο"),
    "συσσιτιο": ("τροφιμα", "παντοπωλειο"),
    "τροφιμα": ("παντοπωλειο",),
    "food": ("grocery", "parcels"),
    "meals": ("food", "grocery"),
    # Mental health
    "ψυχολογοσ": ("ψυχολογικη", "ψυχολογο", "ψυχοκοινωνικη"),
    "ψυχολογικη": ("ψυχολογοσ", "ψυχολογο"),
    "ψυχιατροσ": ("ψυχικη", "ψυχολογικη"),
    "καταθλιψη": ("ψυχολογικη", "ψυχολογο"),
    "psychologist": ("psychological",),
    "therapy": ("psychological", "counselling"),
    # Legal
    "δικηγοροσ": ("νομικη", "νομικη", "δικηγορουσ"),
    "νομικοσ": ("νομικη",),
    "βοηθεια": ("συμβουλευτικη", "υποστηριξη"),
    "lawyer": ("legal",),
    "asylum": ("legal",),
    # Health
    "γιατροσ": ("ιατρικη", "γιατρο", "υγειασ"),
    "φαρμακα": ("φαρμακειο",),
    "φαρμακο": ("φαρμακειο",),
    "doctor": ("practice", "health"),
    "medicine": ("pharmacy", "medicines"),
    # Work, benefits, housing
    "δουλεια": ("εργασια", "εργασιασ", "απασχοληση"),
    "εργασια": ("απασχοληση",),
    "job": ("employment", "work"),
    "jobs": ("employment", "work"),
    "επιδομα": ("επιδοματα", "επιδοματων"),
    "σπιτι": ("στεγαση", "φιλοξενια"),
    "στεγη": ("στεγαση", "φιλοξενια"),
    "housing": ("shelter",),
    # Abbreviations residents use
    "κεα": ("ελαχιστο", "εγγυημενο", "εισοδημα"),
    "κεμ": ("ενταξησ", "μεταναστων"),
    "καπη": ("ηλικιωμενοι", "ηλικιωμενουσ"),
}
SYNONYMS: dict[str, tuple[str, ...]] = {fold(key): values for key, values in _SYNONYMS.items()}


def synonyms(word: str) -> tuple[str, ...]:
    """Other folded words that name the same need as the folded ``word``, or ()."""
    return SYNONYMS.get(word, ())
