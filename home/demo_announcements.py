"""Demo announcements: the index page, two categories and a handful of announcements in
Greek with English translations, built from the facts in DOMAIN.md (sentences our own).
Idempotent: what exists (matched by slug or code) is left as editors have it."""

import datetime

from directory.models import CentrePage
from home.demo_centres import T, get_or_create_index
from home.models import AnnouncementCategory, AnnouncementIndexPage, AnnouncementPage

INDEX = {
    "slug": "anakoinoseis",
    "title": T("Ανακοινώσεις", "Announcements"),
    "intro": T(
        "Νέα των Κέντρων Κοινότητας: νέες υπηρεσίες, αλλαγές ωραρίου και χρηματοδοτήσεις.",
        "News from the community centres: new services, changes of hours and funding.",
    ),
}

CATEGORIES = [
    ("news", "Νέα", "News"),
    ("funding", "Χρηματοδότηση", "Funding"),
]

ANNOUNCEMENTS = [
    {
        "slug": "chania-entaxi-kritis",
        "date": datetime.date(2025, 3, 10),
        "category": "funding",
        "centres": ["chania"],
        "title": T(
            "Το Κέντρο Κοινότητας Χανίων συνεχίζει με χρηματοδότηση του ΕΚΤ",
            "The Chania Community Centre continues with ESF funding",
        ),
        "summary": T(
            "Το Κέντρο Κοινότητας του Δήμου Χανίων, με το παράρτημα Ρομά, χρηματοδοτείται από το Ευρωπαϊκό Κοινωνικό Ταμείο.",
            "The Chania Community Centre, with its Roma annex, is funded by the European Social Fund.",
        ),
        "body": T(
            "Η πράξη εντάχθηκε στο πρόγραμμα «Κρήτη 2014-2020» με επιλέξιμη δημόσια δαπάνη 514.080 €.",
            "The operation was included in the «Crete 2014-2020» programme with eligible public expenditure of €514,080.",
        ),
    },
    {
        "slug": "paionia-psychologos",
        "date": datetime.date(2025, 9, 15),
        "category": "news",
        "centres": ["paionia"],
        "title": T(
            "Ψυχολόγος στο Κέντρο Κοινότητας Παιονίας",
            "A psychologist at the Paionia Community Centre",
        ),
        "summary": T(
            "Στο Κέντρο Κοινότητας Παιονίας στην Αξιούπολη σας υποδέχονται κοινωνική λειτουργός και ψυχολόγος, Δευτέρα έως Παρασκευή 07:30–15:30.",
            "At the Paionia Community Centre in Axioupoli a social worker and a psychologist see residents Monday to Friday, 07:30–15:30.",
        ),
        "body": T(
            "Η συνάντηση είναι δωρεάν· τηλεφωνήστε στο 2343033151 για ραντεβού.",
            "Appointments are free; call 2343033151 to book one.",
        ),
    },
    {
        "slug": "heraklion-paratasi-2025",
        "date": datetime.date(2025, 12, 1),
        "category": "funding",
        "centres": ["heraklion"],
        "title": T(
            "Παράταση λειτουργίας του Κέντρου Κοινότητας Ηρακλείου",
            "The Heraklion Community Centre's operation is extended",
        ),
        "summary": T(
            "Το Κέντρο Κοινότητας Ηρακλείου, το ΚΕΜ και το παράρτημα Ρομά συνεχίζουν με το πρόγραμμα «ΚΡΗΤΗ 2021-2027».",
            "The Heraklion Community Centre, its ΚΕΜ and its Roma annex continue under the «Crete 2021-2027» programme.",
        ),
        "body": T(
            "Η χρηματοδότηση των 2,4 εκατ. € καλύπτει και νέα κινητή μονάδα με 15 επιπλέον εργαζόμενους.",
            "The €2.4 million funding also covers a new mobile unit and 15 more staff.",
        ),
    },
    {
        "slug": "heraklion-kinit-monada",
        "date": datetime.date(2026, 2, 2),
        "category": "news",
        "centres": ["heraklion"],
        "title": T(
            "Η νέα κινητή μονάδα του Ηρακλείου ξεκινά τα δρομολόγιά της",
            "Heraklion's new mobile unit starts its rounds",
        ),
        "summary": T(
            "Η κινητή μονάδα του Κέντρου Κοινότητας Ηρακλείου επισκέπτεται γειτονιές και οικισμούς με σταθερό πρόγραμμα.",
            "The Heraklion Community Centre's mobile unit visits neighbourhoods and settlements on a fixed timetable.",
        ),
        "body": T(
            "Δείτε στη σελίδα του κέντρου πότε περνά η μονάδα από την περιοχή σας.",
            "See the centre's page for when the unit comes to your area.",
        ),
    },
    {
        "slug": "kentra-koinotitas-ti-prosferoun",
        "date": datetime.date(2026, 5, 4),
        "category": "news",
        "centres": ["chania", "heraklion", "paionia"],
        "title": T(
            "Τι προσφέρουν τα Κέντρα Κοινότητας",
            "What the community centres offer",
        ),
        "summary": T(
            "Ενημέρωση, υποστήριξη και παραπομπή σε υπηρεσίες και δομές: τα Κέντρα Κοινότητας βοηθούν κάθε κάτοικο δωρεάν.",
            "Information, support and referral to services: the community centres help every resident free of charge.",
        ),
        "body": T(
            "Επισκεφθείτε το πλησιέστερο κέντρο ή τηλεφωνήστε του για να κλείσετε ραντεβού.",
            "Visit your nearest centre or call it to make an appointment.",
        ),
    },
]


def load_categories(el, en) -> dict[str, AnnouncementCategory]:
    categories = {}
    for code, name_el, name_en in CATEGORIES:
        category = AnnouncementCategory.objects.filter(code=code, locale=el).first()
        if category is None:
            category = AnnouncementCategory.objects.create(code=code, name=name_el, locale=el)
        categories[code] = category
        if not AnnouncementCategory.objects.filter(
            translation_key=category.translation_key, locale=en
        ).exists():
            english = category.copy_for_translation(en)
            english.name = name_en
            english.save()
    return categories


def load_announcements(command, home, el, en) -> int:
    """Create what is missing; return how many pages were created. Pages are translated
    through ``command.translate`` (wagtail-localize), like the centres."""
    categories = load_categories(el, en)
    created = []
    index, made = get_or_create_index(command, home, AnnouncementIndexPage, INDEX)
    if made:
        created.append(index)
    for data in ANNOUNCEMENTS:
        if AnnouncementPage.objects.child_of(index).filter(slug=data["slug"]).exists():
            continue
        page = AnnouncementPage(
            title=command.text(data["title"]),
            slug=data["slug"],
            date=data["date"],
            summary=command.text(data["summary"]),
            body=[("paragraph", f"<p>{command.text(data['body'])}</p>")],
        )
        page.categories = [categories[data["category"]]]
        page.related_centres = list(CentrePage.objects.filter(locale=el, slug__in=data["centres"]))
        index.add_child(instance=page)
        page.save_revision().publish()
        created.append(page)
    for page in created:
        command.translate(page, en)
    return len(created)
