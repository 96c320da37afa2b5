"""Demo content: one funding notice per act in DOMAIN.md's facts table, in Greek with English.

Programmes, amounts, funds, the Paionia ΟΠΣ code, the decision dates and Heraklion's extension
come from the seed articles. The split of Eastern Macedonia–Thrace's 2,5 M € between its five
acts is illustrative (the seeds give only the total), as are start dates and the wording of
aims; the site marks all of it as demonstration data.
"""

from datetime import date
from decimal import Decimal

from directory.models import CentrePage
from home.demo_centres import T, get_or_create_index
from home.models import FundingIndexPage, FundingNoticePage

INDEX = {
    "title": T("Χρηματοδότηση", "Funding"),
    "slug": "chrimatodotisi",
    "intro": T(
        "Τα Κέντρα Κοινότητας συγχρηματοδοτούνται από την Ευρωπαϊκή Ένωση. Εδώ δημοσιεύονται οι πράξεις που τα χρηματοδοτούν.",
        "Community centres are co-funded by the European Union. These are the acts that fund them.",
    ),
}

REGIONAL_GOVERNOR = {
    "crete": T("Περιφερειάρχης Κρήτης", "Regional Governor of Crete"),
    "emth": T(
        "Περιφερειάρχης Ανατολικής Μακεδονίας και Θράκης",
        "Regional Governor of Eastern Macedonia and Thrace",
    ),
    "peloponnese": T("Περιφερειάρχης Πελοποννήσου", "Regional Governor of the Peloponnese"),
    "central_macedonia": T(
        "Περιφερειάρχης Κεντρικής Μακεδονίας", "Regional Governor of Central Macedonia"
    ),
}
LEGAL_BASIS = T(
    "Ν. 4314/2014 για τη διαχείριση των Ευρωπαϊκών Διαρθρωτικών και Επενδυτικών Ταμείων· πρόσκληση της Διαχειριστικής Αρχής για τα Κέντρα Κοινότητας.",
    "Law 4314/2014 on the management of the European Structural and Investment Funds; the Managing Authority's call for Community Centres.",
)
AIMS = T(
    "Λειτουργία του Κέντρου Κοινότητας: υποδοχή, ενημέρωση, παραπομπή και συμβουλευτική για τους κατοίκους που χρειάζονται κοινωνική υποστήριξη.",
    "Running the Community Centre: reception, information, referral and counselling for residents who need social support.",
)
AXIS_CRETE = T(
    "Προώθηση της Κοινωνικής Ένταξης και καταπολέμηση της φτώχειας στην Κρήτη",
    "Promoting social inclusion and combating poverty in Crete",
)


def act(centre: str, name: T, **facts) -> dict:
    return {"slug": f"chrimatodotisi-{centre}", "centre": centre, "name": name, **facts}


def emth(centre: str, el: str, en: str, amount: str, roma: bool = False) -> dict:
    extra = (" με Παράρτημα Ρομά", " with a Roma annex") if roma else ("", "")
    return act(
        centre,
        T(f"Κέντρο Κοινότητας Δήμου {el}{extra[0]}", f"{en} Community Centre{extra[1]}"),
        programme=T(
            "Ανατολική Μακεδονία και Θράκη 2014-2020", "Eastern Macedonia and Thrace 2014-2020"
        ),
        funds=["esf", "national"],
        eligible=Decimal(amount),
        issuer="emth",
        decision_date=date(2016, 12, 7),
    )


FUNDING = [
    act(
        "chania",
        T(
            "Κέντρο Κοινότητας Δήμου Χανίων με Παράρτημα Ρομά",
            "Chania Community Centre with a Roma annex",
        ),
        programme=T("Κρήτη 2014-2020", "Crete 2014-2020"),
        axis=AXIS_CRETE,
        funds=["esf", "national"],
        eligible=Decimal("514080.00"),
        issuer="crete",
        decision_date=date(2016, 12, 8),  # the day the decision was announced
        start_date=date(2017, 1, 1),  # "to open in the first quarter of 2017"
    ),
    # Five acts, 2,5 M € in all (DOMAIN.md); the split between them is illustrative.
    emth("xanthi", "Ξάνθης", "Xanthi", "700000.00"),
    emth("avdira", "Αβδήρων", "Avdira", "400000.00"),
    emth("topeiros", "Τοπείρου", "Topeiros", "400000.00"),
    emth("samothraki", "Σαμοθράκης", "Samothraki", "350000.00"),
    emth("maroneia-sapes", "Μαρωνείας-Σαπών", "Maroneia-Sapes", "650000.00", roma=True),
    act(
        "ermionida",
        T("Κέντρο Κοινότητας Δήμου Ερμιονίδας", "Ermionida Community Centre"),
        programme=T("Πελοπόννησος 2014-2020", "Peloponnese 2014-2020"),
        funds=["esf", "national"],
        eligible=Decimal("58320.00"),
        issuer="peloponnese",
    ),
    act(
        "heraklion",
        T(
            "Κέντρο Κοινότητας Δήμου Ηρακλείου με ΚΕΜ και Παράρτημα Ρομά",
            "Heraklion Community Centre with a migrant integration centre and a Roma annex",
        ),
        programme=T("ΚΡΗΤΗ 2021-2027", "CRETE 2021-2027"),
        funds=["esf_plus", "national"],
        eligible=Decimal("2400000.00"),
        issuer="crete",
        extended_until=date(2025, 12, 31),
    ),
    act(
        "paionia",
        T("Κέντρο Κοινότητας Δήμου Παιονίας", "Paionia Community Centre"),
        programme=T("Κεντρική Μακεδονία 2014-2020", "Central Macedonia 2014-2020"),
        funds=["esf", "national"],
        eligible=Decimal("112320.00"),
        mis_code="5002880",
        issuer="central_macedonia",
    ),
]


def load_funding(command, home, el, en) -> int:
    """Create the funding index and the notices that are missing (matched by slug), each linked
    to its demo centre when that centre exists; translate them through ``command.translate``
    like the other demo pages. Returns how many pages were created."""
    created = []
    index, made = get_or_create_index(command, home, FundingIndexPage, INDEX)
    if made:
        created.append(index)
    for data in FUNDING:
        centres = list(CentrePage.objects.filter(locale=el, slug=data["centre"]))
        if (
            not centres
            or FundingNoticePage.objects.child_of(index).filter(slug=data["slug"]).exists()
        ):
            continue
        name = command.text(data["name"])
        page = FundingNoticePage(
            title=name,
            slug=data["slug"],
            operation_title=name,
            programme=command.text(data["programme"]),
            priority_axis=command.text(data["axis"]) if "axis" in data else "",
            funds=data["funds"],
            eligible_expenditure=data["eligible"],
            beneficiary=command.text(T(*_municipality(centres[0]))),
            mis_code=data.get("mis_code", ""),
            decision_issuer=command.text(REGIONAL_GOVERNOR[data["issuer"]]),
            decision_date=data.get("decision_date"),
            legal_basis=command.text(LEGAL_BASIS),
            start_date=data.get("start_date"),
            extended_until=data.get("extended_until"),
            aims=f"<p>{command.text(AIMS)}</p>",
        )
        page.related_centres = centres
        page.clean()  # the validation an editor gets in the admin
        index.add_child(instance=page)
        page.save_revision().publish()
        created.append(page)
    for page in created:
        command.translate(page, en)
    return len(created)


def _municipality(centre) -> tuple[str, str]:
    """The beneficiary is the centre's municipality, in Greek and, from the centre's English
    translation if there is one, in English."""
    english = centre.get_translations().filter(locale__language_code="en").first()
    return centre.municipality, (english.specific.municipality if english else centre.municipality)
