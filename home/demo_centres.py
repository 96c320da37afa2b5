"""Demo content: the community centres named in DOMAIN.md, in Greek with English text.

Facts (municipalities, programmes, Paionia's address, phones and hours) come from the seed
articles; everything else is plausible, invented and marked as demonstration data on the site.
Phones other than Paionia's and all e-mails (``.example``) are fictional. Staff are listed by
role only. Coordinates are town centres where well known, else the gazetteer's municipal
centroid (© OpenStreetMap contributors, ODbL).
"""

from typing import NamedTuple


class T(NamedTuple):
    """A Greek text and its English translation."""

    el: str
    en: str


def get_or_create_index(command, home, model, spec: dict):
    """The ``model`` index page under ``home``, and whether it was created now: made from
    ``spec`` (its ``title``, ``slug`` and ``intro``, texts in ``command``'s language), shown in
    menus and published, when home has none yet."""
    index = model.objects.child_of(home).first()
    if index is not None:
        return index, False
    index = model(
        title=command.text(spec["title"]),
        slug=spec["slug"],
        intro=command.text(spec["intro"]),
        show_in_menus=True,
    )
    home.add_child(instance=index)
    index.save_revision().publish()
    return index, True


WEEKDAYS = ["0", "1", "2", "3", "4"]
GROUPS = {
    "A": [
        T(
            "Ενημέρωση και εγγραφή σε προγράμματα επιδομάτων, όπως το ΚΕΑ",
            "Information on and enrolment in benefit programmes such as the minimum guaranteed income (ΚΕΑ)",
        ),
        T(
            "Βοήθεια με ληξιαρχικές, νομικές και δικαστικές υποθέσεις",
            "Help with civil-registry, legal and court matters",
        ),
        T(
            "Πρόσβαση σε υπηρεσίες υγείας και εκπαίδευσης",
            "Access to health and education services",
        ),
    ],
    "B": [
        T("Παραπομπή σε δομές φιλοξενίας και υγείας", "Referral to shelters and health services"),
        T(
            "Συνεργασία με τη ΔΥΠΑ για θέματα απασχόλησης",
            "Working with the public employment service (ΔΥΠΑ) on jobs",
        ),
        T(
            "Διασύνδεση με δομές για άτομα με αναπηρία και απεξάρτησης",
            "Links to disability and addiction-recovery services",
        ),
    ],
    "C": [
        T("Συμβουλευτική και ψυχοκοινωνική υποστήριξη", "Counselling and psychosocial support"),
        T("Μαθησιακή υποστήριξη παιδιών", "Learning support for children"),
        T("Υποστήριξη για εύρεση εργασίας και κατάρτιση", "Help finding work and training"),
    ],
}
STAFF = [
    T("Κοινωνική Λειτουργός", "Social worker"),
    T("Ψυχολόγος", "Psychologist"),
]
ROMA_MEDIATOR = T("Διαμεσολαβητής/τρια Ρομά", "Roma mediator")
INTERPRETER = T("Διερμηνέας", "Interpreter")


def office_hours(opens="08:00", closes="16:00", days=WEEKDAYS):
    return [{"days": list(days), "opens": opens, "closes": closes, "past_midnight": False}]


def centre(
    slug,
    title,
    municipality,
    region,
    summary,
    branches,
    staff=None,
    phone_prefix=None,
    groups=("A", "B", "C"),
    supervising=None,
    body=None,
):
    return {
        "slug": slug,
        "title": title,
        "municipality": municipality,
        "region": region,
        "summary": summary,
        "branches": branches,
        "staff": staff or STAFF,
        "groups": groups,
        "supervising": supervising
        or T("Κοινωνική Υπηρεσία του Δήμου", "The municipality's social service"),
        "body": body,
    }


def branch(
    kind,
    name,
    *,
    street=None,
    postcode="",
    lat=None,
    lng=None,
    phones=(),
    email="",
    hours=None,
    accessibility=None,
    languages="el",
    exceptions=(),
    stops=(),
):
    return {
        "kind": kind,
        "name": name,
        "street": street,
        "postcode": postcode,
        "lat": lat,
        "lng": lng,
        "phones": list(phones),
        "email": email,
        "hours": office_hours() if hours is None else hours,
        "accessibility": accessibility or T("Είσοδος χωρίς σκαλοπάτια.", "Step-free entrance."),
        "languages": languages,
        "exceptions": list(exceptions),
        "stops": list(stops),
    }


STEP_FREE = T(
    "Ισόγειο με ράμπα στην είσοδο και προσβάσιμη τουαλέτα.",
    "Ground floor with a ramp at the entrance and an accessible toilet.",
)
UPSTAIRS = T(
    "Πρώτος όροφος με ανελκυστήρα· ενημερώστε μας αν χρειάζεστε βοήθεια.",
    "First floor with a lift; tell us if you need help.",
)

CENTRES = [
    centre(
        "paionia",
        T("Κέντρο Κοινότητας Δήμου Παιονίας", "Paionia Community Centre"),
        T("Δήμος Παιονίας", "Municipality of Paionia"),
        T("Κεντρική Μακεδονία", "Central Macedonia"),
        T(
            "Το σημείο αναφοράς του Δήμου Παιονίας για κοινωνική υποστήριξη: υποδοχή, ενημέρωση, παραπομπή και συμβουλευτική.",
            "Paionia's one-stop point for social support: reception, information, referral and counselling.",
        ),
        [
            branch(
                "main",
                T("Κέντρο Κοινότητας Παιονίας", "Paionia Community Centre"),
                street=T("Πλατεία Παύλου Μελά 1, Αξιούπολη", "1 Pavlou Mela Square, Axioupoli"),
                postcode="61200",
                lat=41.0008,
                lng=22.5437,
                phones=["2343033151", "2343033154"],
                email="kentro.koinotitas@paionia.example",
                hours=office_hours("07:30", "15:30"),
                accessibility=STEP_FREE,
            )
        ],
        staff=[
            T("Κοινωνική Λειτουργός", "Social worker"),
            T("Ψυχολόγος", "Psychologist"),
        ],
    ),
    centre(
        "chania",
        T("Κέντρο Κοινότητας Δήμου Χανίων", "Chania Community Centre"),
        T("Δήμος Χανίων", "Municipality of Chania"),
        T("Κρήτη", "Crete"),
        T(
            "Υποδοχή, ενημέρωση και υποστήριξη για κάθε κάτοικο των Χανίων, με παράρτημα για τους Ρομά της περιοχής.",
            "Reception, information and support for every resident of Chania, with an annex for the area's Roma.",
        ),
        [
            branch(
                "main",
                T("Κέντρο Κοινότητας Χανίων", "Chania Community Centre"),
                street=T("Κυδωνίας 50, Χανιά", "50 Kydonias Street, Chania"),
                postcode="73135",
                lat=35.5131,
                lng=24.0205,
                phones=["2821000150"],
                email="kentro.koinotitas@chania.example",
                hours=office_hours("08:00", "15:00")
                + [{"days": ["2"], "opens": "17:00", "closes": "19:00", "past_midnight": False}],
                accessibility=UPSTAIRS,
                languages="el, en",
            ),
            branch(
                "roma",
                T("Παράρτημα Ρομά Χανίων", "Chania Roma annex"),
                street=T("Οδός Ρομά 3, Σούδα", "3 Roma Street, Souda"),
                postcode="73200",
                lat=35.4890,
                lng=24.0710,
                phones=["2821000160"],
                email="roma@chania.example",
                hours=office_hours("09:00", "14:00"),
                accessibility=STEP_FREE,
                languages="el, rom",
            ),
        ],
        staff=[*STAFF, ROMA_MEDIATOR],
    ),
    centre(
        "xanthi",
        T("Κέντρο Κοινότητας Δήμου Ξάνθης", "Xanthi Community Centre"),
        T("Δήμος Ξάνθης", "Municipality of Xanthi"),
        T("Ανατολική Μακεδονία και Θράκη", "Eastern Macedonia and Thrace"),
        T(
            "Κοινωνική υποστήριξη και παραπομπή για τους κατοίκους του Δήμου Ξάνθης.",
            "Social support and referral for the residents of Xanthi.",
        ),
        [
            branch(
                "main",
                T("Κέντρο Κοινότητας Ξάνθης", "Xanthi Community Centre"),
                street=T("Μιχαήλ Βόγδου 12, Ξάνθη", "12 Michail Vogdou Street, Xanthi"),
                postcode="67100",
                lat=41.1390,
                lng=24.8870,
                phones=["2541000120"],
                email="kentro.koinotitas@xanthi.example",
                languages="el, tr",
            )
        ],
    ),
    centre(
        "avdira",
        T("Κέντρο Κοινότητας Δήμου Αβδήρων", "Avdira Community Centre"),
        T("Δήμος Αβδήρων", "Municipality of Avdira"),
        T("Ανατολική Μακεδονία και Θράκη", "Eastern Macedonia and Thrace"),
        T(
            "Ενημέρωση και στήριξη κοντά στο σπίτι σας, στα Άβδηρα.",
            "Information and support close to home, in Avdira.",
        ),
        [
            branch(
                "main",
                T("Κέντρο Κοινότητας Αβδήρων", "Avdira Community Centre"),
                street=T("Δημαρχείο Γενισέας, Γενισέα", "Town hall, Genisea"),
                postcode="67064",
                lat=41.045061,
                lng=24.992763,
                phones=["2541000130"],
                email="kentro.koinotitas@avdira.example",
            )
        ],
    ),
    centre(
        "topeiros",
        T("Κέντρο Κοινότητας Δήμου Τοπείρου", "Topeiros Community Centre"),
        T("Δήμος Τοπείρου", "Municipality of Topeiros"),
        T("Ανατολική Μακεδονία και Θράκη", "Eastern Macedonia and Thrace"),
        T(
            "Ο τόπος όπου οι κάτοικοι του Τοπείρου βρίσκουν βοήθεια και πληροφορίες.",
            "Where Topeiros residents find help and information.",
        ),
        [
            branch(
                "main",
                T("Κέντρο Κοινότητας Τοπείρου", "Topeiros Community Centre"),
                street=T("Κεντρική πλατεία, Εύλαλο", "Main square, Evlalo"),
                postcode="67062",
                lat=41.011057,
                lng=24.808698,
                phones=["2541000140"],
                email="kentro.koinotitas@topeiros.example",
            )
        ],
    ),
    centre(
        "samothraki",
        T("Κέντρο Κοινότητας Δήμου Σαμοθράκης", "Samothraki Community Centre"),
        T("Δήμος Σαμοθράκης", "Municipality of Samothraki"),
        T("Ανατολική Μακεδονία και Θράκη", "Eastern Macedonia and Thrace"),
        T(
            "Κοινωνική υποστήριξη για τους κατοίκους του νησιού.",
            "Social support for the island's residents.",
        ),
        [
            branch(
                "main",
                T("Κέντρο Κοινότητας Σαμοθράκης", "Samothraki Community Centre"),
                street=T("Χώρα Σαμοθράκης", "Chora, Samothraki"),
                postcode="68002",
                lat=40.454392,
                lng=25.584827,
                phones=["2551000150"],
                email="kentro.koinotitas@samothraki.example",
                hours=office_hours("09:00", "14:00", ["0", "2", "4"]),
            )
        ],
    ),
    centre(
        "maroneia-sapes",
        T("Κέντρο Κοινότητας Δήμου Μαρωνείας-Σαπών", "Maroneia-Sapes Community Centre"),
        T("Δήμος Μαρωνείας-Σαπών", "Municipality of Maroneia-Sapes"),
        T("Ανατολική Μακεδονία και Θράκη", "Eastern Macedonia and Thrace"),
        T(
            "Υποστήριξη, παραπομπή και συλλογή-διανομή αγαθών, με παράρτημα Ρομά.",
            "Support, referral and the collection and distribution of goods, with a Roma annex.",
        ),
        [
            branch(
                "main",
                T("Κέντρο Κοινότητας Σαπών", "Sapes Community Centre"),
                street=T("Δημαρχείο, Σάπες", "Town hall, Sapes"),
                postcode="69300",
                lat=41.0260,
                lng=25.7030,
                phones=["2532000160"],
                email="kentro.koinotitas@maroneia-sapes.example",
            ),
            branch(
                "roma",
                T("Παράρτημα Ρομά Σαπών", "Sapes Roma annex"),
                street=T("Συνοικία Ρομά, Σάπες", "Roma neighbourhood, Sapes"),
                postcode="69300",
                lat=40.998722,
                lng=25.591693,
                phones=["2532000170"],
                hours=office_hours("09:00", "14:00"),
                languages="el, rom, tr",
            ),
        ],
        staff=[*STAFF, ROMA_MEDIATOR],
    ),
    centre(
        "ermionida",
        T("Κέντρο Κοινότητας Δήμου Ερμιονίδας", "Ermionida Community Centre"),
        T("Δήμος Ερμιονίδας", "Municipality of Ermionida"),
        T("Πελοπόννησος", "Peloponnese"),
        T(
            "Στεγάζεται στο δημοτικό κτίριο της Κοιλάδας και υποδέχεται κάθε κάτοικο της Ερμιονίδας.",
            "Housed in the municipal building at Koilada, open to every resident of Ermionida.",
        ),
        [
            branch(
                "main",
                T("Κέντρο Κοινότητας Ερμιονίδας", "Ermionida Community Centre"),
                street=T("Δημοτικό κτίριο Κοιλάδας, Κοιλάδα", "Municipal building, Koilada"),
                postcode="21300",
                lat=37.4235,
                lng=23.1230,
                phones=["2754000180"],
                email="kentro.koinotitas@ermionida.example",
            )
        ],
    ),
    centre(
        "heraklion",
        T("Κέντρο Κοινότητας Δήμου Ηρακλείου", "Heraklion Community Centre"),
        T("Δήμος Ηρακλείου", "Municipality of Heraklion"),
        T("Κρήτη", "Crete"),
        T(
            "Κέντρο Κοινότητας με Κέντρο Ένταξης Μεταναστών, Παράρτημα Ρομά και κινητή μονάδα που επισκέπτεται τις συνοικίες και τα χωριά του Δήμου.",
            "A community centre with a migrant integration centre, a Roma annex and a mobile unit that visits the municipality's neighbourhoods and villages.",
        ),
        [
            branch(
                "main",
                T("Κέντρο Κοινότητας Ηρακλείου", "Heraklion Community Centre"),
                street=T("Ανδρόγεω 2, Ηράκλειο", "2 Androgeo Street, Heraklion"),
                postcode="71202",
                lat=35.3390,
                lng=25.1335,
                phones=["2810000190"],
                email="kentro.koinotitas@heraklion.example",
                hours=office_hours("08:00", "15:00")
                + [
                    {
                        "days": ["1", "3"],
                        "opens": "17:00",
                        "closes": "20:00",
                        "past_midnight": False,
                    }
                ],
                accessibility=STEP_FREE,
                languages="el, en",
            ),
            branch(
                "kem",
                T("Κέντρο Ένταξης Μεταναστών Ηρακλείου", "Heraklion Migrant Integration Centre"),
                street=T("Έβανς 10, Ηράκλειο", "10 Evans Street, Heraklion"),
                postcode="71201",
                lat=35.3375,
                lng=25.1360,
                phones=["2810000191"],
                email="kem@heraklion.example",
                accessibility=UPSTAIRS,
                languages="el, en, ar, fa, uk",
            ),
            branch(
                "roma",
                T("Παράρτημα Ρομά Ηρακλείου", "Heraklion Roma annex"),
                street=T("Νέα Αλικαρνασσός, Ηράκλειο", "Nea Alikarnassos, Heraklion"),
                postcode="71601",
                lat=35.3290,
                lng=25.1690,
                phones=["2810000192"],
                hours=office_hours("09:00", "14:00"),
                languages="el, rom",
            ),
            branch(
                "mobile",
                T("Κινητή Μονάδα Ηρακλείου", "Heraklion mobile unit"),
                phones=["2810000193"],
                hours=[],
                languages="el, en",
                stops=[
                    {
                        "place": T("Βούτες", "Voutes"),
                        "address": T("Πλατεία του χωριού", "Village square"),
                        "lat": 35.2985,
                        "lng": 25.0505,
                        "weekday": "1",
                        "nth": "",
                        "opens": "09:00",
                        "closes": "12:00",
                    },
                    {
                        "place": T("Άγιος Μύρωνας", "Agios Myronas"),
                        "address": T("Κοινοτικό κατάστημα", "Community office"),
                        "lat": 35.2280,
                        "lng": 24.9990,
                        "weekday": "3",
                        "nth": "",
                        "opens": "09:30",
                        "closes": "12:30",
                    },
                    {
                        "place": T("Βενεράτο", "Venerato"),
                        "address": T("Πλατεία", "Square"),
                        "lat": 35.2190,
                        "lng": 25.0690,
                        "weekday": "3",
                        "nth": "2",
                        "opens": "13:00",
                        "closes": "15:00",
                    },
                    {
                        "place": T("Σταυράκια", "Stavrakia"),
                        "address": T("Έξω από το σχολείο", "Outside the school"),
                        "lat": 35.2990,
                        "lng": 25.0780,
                        "weekday": "4",
                        "nth": "-1",
                        "opens": "10:00",
                        "closes": "13:00",
                    },
                ],
            ),
        ],
        staff=[
            *STAFF,
            ROMA_MEDIATOR,
            INTERPRETER,
            T("Συντονιστής/τρια κινητής μονάδας", "Mobile unit coordinator"),
        ],
    ),
]

HOME = {
    "title": T("Κέντρα Κοινότητας", "Community Centres"),
    "intro": T(
        "Βρείτε το Κέντρο Κοινότητας του δήμου σας: δείτε αν είναι ανοιχτό, πώς να το καλέσετε και πώς να φτάσετε.",
        "Find your municipality's Community Centre: see whether it is open, how to call and how to get there.",
    ),
    "body": T(
        "Τα Κέντρα Κοινότητας είναι δημοτικές υπηρεσίες μιας στάσης για κοινωνική υποστήριξη. Σας ενημερώνουν για επιδόματα, σας παραπέμπουν σε υπηρεσίες και δομές και προσφέρουν συμβουλευτική.",
        "Community Centres are municipal one-stop shops for social support. They tell you about benefits, refer you to services and structures, and offer counselling.",
    ),
}
INDEX = {
    "title": T("Κέντρα Κοινότητας", "Community Centres"),
    "slug": "kentra",
    "intro": T(
        "Όλα τα Κέντρα Κοινότητας και αν είναι ανοιχτά τώρα.",
        "Every Community Centre and whether it is open now.",
    ),
}
EXCEPTION_REASON = T("Εκπαίδευση προσωπικού", "Staff training")

# Who runs the demonstration portal, for the footer (filled only where the editor left a blank).
PORTAL_SETTINGS = {
    "organisation_name": "Koinotita — πύλη επίδειξης των Κέντρων Κοινότητας",
    "organisation_name_en": "Koinotita — demonstration portal of the Community Centres",
    "contact_email": "info@koinotita.example",
    "footer_text": "Για θέματα ενός κέντρου, επικοινωνήστε απευθείας με το κέντρο του δήμου σας.",
    "footer_text_en": "For anything about one centre, contact your municipality's centre directly.",
}
