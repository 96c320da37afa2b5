"""Demo standard pages: About, Privacy notice and the Accessibility statement, in Greek with
English translations (written for this project; the facts follow DOMAIN.md)."""

from datetime import date

from home.demo_centres import T
from home.models import AccessibilityStatementPage, StandardPage

ABOUT = {
    "slug": "schetika",
    "title": T("Σχετικά με την πύλη", "About this portal"),
    "intro": T(
        "Η πύλη συγκεντρώνει τα Κέντρα Κοινότητας των δήμων και τις δομές στις οποίες παραπέμπουν.",
        "The portal brings together the municipalities' Community Centres and the services "
        "they refer residents to.",
    ),
    "paragraphs": [
        T(
            "Τα Κέντρα Κοινότητας είναι δημοτικές δομές μιας στάσης: υποδέχονται τους "
            "κατοίκους, τους ενημερώνουν για τα προγράμματα κοινωνικής πολιτικής και τους "
            "παραπέμπουν σε υπηρεσίες που μπορούν να βοηθήσουν.",
            "Community Centres are municipal one-stop points: they welcome residents, tell "
            "them about social programmes and refer them to services that can help.",
        ),
        T(
            "Τα στοιχεία των δομών τα ενημερώνουν οι ίδιοι οι φορείς και τα ελέγχει το "
            "προσωπικό των Κέντρων πριν δημοσιευτούν.",
            "Partner organisations keep their own entries up to date, and centre staff check "
            "them before they are published.",
        ),
    ],
}

PRIVACY = {
    "slug": "prostasia-dedomenon",
    "title": T("Προστασία προσωπικών δεδομένων", "Privacy notice"),
    "intro": T(
        "Η πύλη δεν παρακολουθεί τους επισκέπτες της.",
        "This portal does not track its visitors.",
    ),
    "paragraphs": [
        T(
            "Δεν χρησιμοποιούμε εργαλεία στατιστικής ή διαφήμισης και οι σελίδες δεν "
            "φορτώνουν τίποτα από άλλους ιστότοπους.",
            "We use no analytics or advertising tools, and our pages load nothing from other "
            "sites.",
        ),
        T(
            "Ένα μόνο λειτουργικό cookie αποθηκεύεται όταν επιλέγετε να κρύψετε μια "
            "ανακοίνωση στην κορυφή της σελίδας, για να μην την ξαναδείτε.",
            "A single functional cookie is stored only when you choose to hide a message at "
            "the top of the page, so you do not see it again.",
        ),
        T(
            "Οι διευθύνσεις δομών φιλοξενίας δεν δημοσιεύονται ποτέ. Για αιτήματα σχετικά με "
            "τα δεδομένα σας επικοινωνήστε με τον Υπεύθυνο Προστασίας Δεδομένων του δήμου.",
            "The addresses of shelters are never published. For requests about your data, "
            "contact the municipality's Data Protection Officer.",
        ),
    ],
}

STATEMENT = {
    "slug": "dilosi-prosvasimotitas",
    "title": T("Δήλωση προσβασιμότητας", "Accessibility statement"),
    "non_compliance": T(
        "Τα συνημμένα έγγραφα PDF των ανακοινώσεων ενδέχεται να μην είναι πλήρως προσβάσιμα.",
        "PDF documents attached to announcements may not be fully accessible.",
    ),
    "enforcement": T(
        "Αν η απάντησή μας δεν σας ικανοποιεί, μπορείτε να απευθυνθείτε στον Συνήγορο του Πολίτη.",
        "If our answer does not satisfy you, you can contact the Greek Ombudsman.",
    ),
}


def _body(command, paragraphs) -> str:
    return "".join(f"<p>{command.text(p)}</p>" for p in paragraphs)


def load_standard_pages(command, home, el, en) -> int:
    """Create what is missing; return how many pages were created."""
    created = []
    for data in (ABOUT, PRIVACY):
        if StandardPage.objects.child_of(home).filter(slug=data["slug"]).exists():
            continue
        page = StandardPage(
            title=command.text(data["title"]),
            slug=data["slug"],
            intro=command.text(data["intro"]),
            body=_body(command, data["paragraphs"]),
            in_footer=True,
        )
        home.add_child(instance=page)
        page.save_revision().publish()
        created.append(page)
    if not AccessibilityStatementPage.objects.child_of(home).exists():
        page = AccessibilityStatementPage(
            title=command.text(STATEMENT["title"]),
            slug=STATEMENT["slug"],
            non_compliance=f"<p>{command.text(STATEMENT['non_compliance'])}</p>",
            enforcement=f"<p>{command.text(STATEMENT['enforcement'])}</p>",
            prepared_on=date(2026, 11, 24),
            feedback_email="prosvasimotita@koinotita.example",
        )
        home.add_child(instance=page)
        page.save_revision().publish()
        created.append(page)
    for page in created:
        command.translate(page, en)
    return len(created)
