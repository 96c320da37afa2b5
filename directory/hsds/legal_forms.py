"""Legal forms as Greek publishers write them, into ``LegalStatus``.

Another system's export says "ΑΜΚΕ", "Αστική μη κερδοσκοπική εταιρεία", "Σωματείο",
"ΚοιΣΠΕ", "Ν.Π.Δ.Δ." or "Ιερά Μητρόπολη", with or without accents, dots and capitals. The
rules below are read in order on the folded text (accents, capitals, dots and final sigma
folded), so the more specific forms ("ΚοιΣΠΕ" before "ΚοινΣΕπ") come first.
"""

from __future__ import annotations

import re

from directory.models import LegalStatus
from search.normalise import fold

RULES: list[tuple[str, LegalStatus]] = [
    (
        r"μητροπολ|εκκλησ|\bιερ(?:α|ος|ον)\b|ενορι|\bμον(?:η|ης)\b|church|parish|diocese",
        LegalStatus.CHURCH,
    ),
    (r"\bκοισπε\b|περιορισμενης ευθυνης", LegalStatus.LIMITED_SOCIAL_COOPERATIVE),
    (r"\bkoispe\b|limited liability social", LegalStatus.LIMITED_SOCIAL_COOPERATIVE),
    (r"\bκοινσεπ\b|κοινωνικη συνεταιριστικη", LegalStatus.SOCIAL_COOPERATIVE),
    (r"\bkoinsep\b|social cooperative", LegalStatus.SOCIAL_COOPERATIVE),
    (r"\bαμκε\b|αστικη μη κερδοσκοπικη|μη κερδοσκοπικη εταιρ", LegalStatus.NON_PROFIT),
    (r"\bamke\b|non[- ]?profit|not[- ]for[- ]profit", LegalStatus.NON_PROFIT),
    (r"\bμκο\b|μη κυβερνητικ|\bngo\b|non[- ]?governmental", LegalStatus.NGO),
    (r"\bνπδδ\b|δημοσιου δικαιου|public[- ]law", LegalStatus.PUBLIC_LAW_ENTITY),
    (r"\bνπιδ\b|ιδιωτικου δικαιου|private[- ]law", LegalStatus.PRIVATE_LAW_ENTITY),
    (r"\bιδρυμα\b|\bfoundation\b", LegalStatus.FOUNDATION),
    (r"\bσωματει|\bσυλλογο|\bassociation\b|\bclub\b", LegalStatus.ASSOCIATION),
    (r"\bδημο(?:ς|υ|τικ)|\bδ ?ε ?υ ?α\b|municipal", LegalStatus.MUNICIPAL),
    (r"δημοσι|υπουργει|περιφερει|\bpublic\b|government|ministry", LegalStatus.PUBLIC),
]
_COMPILED = [(re.compile(pattern), status) for pattern, status in RULES]


def legal_status(text: str) -> LegalStatus | None:
    """Our legal form for what a publisher wrote, or None when nothing matches."""
    if not text:
        return None
    stripped = text.strip().lower()
    for choice in LegalStatus:
        if stripped in (choice.value, str(choice.label).lower()):
            return choice
    folded = " ".join(fold(re.sub(r"[.·]", "", text)).replace("-", " ").split())
    for pattern, status in _COMPILED:
        if pattern.search(folded):
            return status
    return None
