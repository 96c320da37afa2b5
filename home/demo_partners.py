"""Demo partner directory: the taxonomy, and partner organisations with their services near
each demo centre, in Greek with English text.

All organisations are fictional or generic ("ΚΕΠ Δήμου …" stands for the municipality's citizen
service centre); NGO names are invented and marked so. Phones (210 000 ….) and e-mails
(.example) are fictional. One shelter per area has a confidential address.
"""

from home.demo_centres import T

CATEGORIES = [
    # (code, parent code, Greek, English)
    ("health", None, "Υγεία", "Health"),
    (
        "mental-health",
        "health",
        "Ψυχική υγεία και ψυχολογική υποστήριξη",
        "Mental health and psychological support",
    ),
    ("primary-care", "health", "Πρωτοβάθμια φροντίδα", "Primary care"),
    ("employment", None, "Απασχόληση", "Employment"),
    ("education", None, "Εκπαίδευση", "Education"),
    ("housing", None, "Στέγαση και φιλοξενία", "Housing and shelter"),
    ("shelter", "housing", "Ξενώνες φιλοξενίας", "Shelters"),
    ("food", None, "Τρόφιμα και βασικά αγαθά", "Food and basic goods"),
    ("legal-aid", None, "Νομική βοήθεια", "Legal aid"),
    ("benefits", None, "Επιδόματα και παροχές", "Benefits and allowances"),
    ("disability", None, "Αναπηρία", "Disability"),
    ("addiction", None, "Εξαρτήσεις", "Addiction"),
    ("family", None, "Οικογένεια και παιδί", "Family and children"),
    ("migrants", None, "Μετανάστες και πρόσφυγες", "Migrants and refugees"),
]
TARGET_GROUPS = [
    ("roma", "Ρομά", "Roma"),
    ("migrants", "Μετανάστες και πρόσφυγες", "Migrants and refugees"),
    ("older-people", "Ηλικιωμένοι", "Older people"),
    ("disability", "Άτομα με αναπηρία", "People with disabilities"),
    ("unemployed", "Άνεργοι", "Unemployed people"),
    ("families", "Οικογένειες", "Families"),
    ("children", "Παιδιά και νέοι", "Children and young people"),
    ("women", "Γυναίκες θύματα βίας", "Women facing violence"),
    ("homeless", "Άστεγοι", "Homeless people"),
]
LANGUAGES = [
    ("el", "Ελληνικά", "Greek"),
    ("en", "Αγγλικά", "English"),
    ("ar", "Αραβικά", "Arabic"),
    ("fa", "Φαρσί", "Farsi"),
    ("uk", "Ουκρανικά", "Ukrainian"),
    ("sq", "Αλβανικά", "Albanian"),
    ("rom", "Ρομανί", "Romani"),
]

# Where partners are: the demo centres' towns (Greek, English, genitive, postcode, lat, lng).
AREAS = [
    ("paionia", T("Αξιούπολη", "Axioupoli"), "Παιονίας", "61200", 41.0008, 22.5437),
    ("chania", T("Χανιά", "Chania"), "Χανίων", "73135", 35.5138, 24.0180),
    ("xanthi", T("Ξάνθη", "Xanthi"), "Ξάνθης", "67100", 41.1390, 24.8880),
    ("avdira", T("Γενισέα", "Genisea"), "Αβδήρων", "67064", 41.0450, 24.9930),
    ("topeiros", T("Εύλαλο", "Evlalo"), "Τοπείρου", "67062", 41.0110, 24.8090),
    (
        "samothraki",
        T("Χώρα Σαμοθράκης", "Chora, Samothraki"),
        "Σαμοθράκης",
        "68002",
        40.4740,
        25.5220,
    ),
    ("maroneia-sapes", T("Σάπες", "Sapes"), "Μαρωνείας-Σαπών", "69300", 41.0260, 25.7030),
    ("ermionida", T("Κοιλάδα", "Koilada"), "Ερμιονίδας", "21300", 37.4235, 23.1230),
    ("heraklion", T("Ηράκλειο", "Heraklion"), "Ηρακλείου", "71202", 35.3387, 25.1442),
]

# Kinds of partner: (key, legal status, name pattern el/en, services).
# A service: (title el/en, description el/en, categories, target groups, languages, free, hours).
OFFICE = [{"days": ["0", "1", "2", "3", "4"], "opens": "08:00", "closes": "14:30"}]
LONG_DAY = [{"days": ["0", "1", "2", "3", "4"], "opens": "09:00", "closes": "17:00"}]
EVENINGS = [{"days": ["1", "3"], "opens": "17:00", "closes": "20:00"}]
ALWAYS = [
    {
        "days": ["0", "1", "2", "3", "4", "5", "6"],
        "opens": "00:00",
        "closes": "00:00",
        "past_midnight": True,
    }
]

KINDS = [
    (
        "kep",
        "municipal",
        T("ΚΕΠ Δήμου {gen}", "Citizen Service Centre of {en}"),
        [
            (
                T(
                    "Αιτήσεις για επιδόματα και πιστοποιητικά",
                    "Applications for benefits and certificates",
                ),
                T(
                    "Υποβολή αιτήσεων για επιδόματα, πιστοποιητικά και βεβαιώσεις, με βοήθεια από το προσωπικό.",
                    "Applications for allowances, certificates and attestations, with help from the staff.",
                ),
                ["benefits"],
                ["families", "older-people"],
                ["el"],
                True,
                OFFICE,
            ),
        ],
    ),
    (
        "employment",
        "public",
        T("Γραφείο Απασχόλησης (ΔΥΠΑ) {el}", "Public Employment Office, {en}"),
        [
            (
                T("Εγγραφή ανέργων και κάρτα ανεργίας", "Unemployment registration and card"),
                T(
                    "Εγγραφή στο μητρώο ανέργων, κάρτα ανεργίας και ενημέρωση για προγράμματα απασχόλησης.",
                    "Registration as unemployed, the unemployment card, and information on employment schemes.",
                ),
                ["employment", "benefits"],
                ["unemployed"],
                ["el", "en"],
                True,
                OFFICE,
            ),
            (
                T("Συμβουλευτική επαγγελματικού προσανατολισμού", "Career guidance"),
                T(
                    "Ατομικές συναντήσεις για βιογραφικό, αναζήτηση εργασίας και κατάρτιση.",
                    "One-to-one sessions on CVs, job search and training.",
                ),
                ["employment", "education"],
                ["unemployed", "children"],
                ["el"],
                True,
                OFFICE,
            ),
        ],
    ),
    (
        "health",
        "public",
        T("Κέντρο Υγείας Δήμου {gen}", "{en} Health Centre"),
        [
            (
                T("Γενική ιατρική και εμβολιασμοί", "General practice and vaccinations"),
                T(
                    "Εξέταση από γενικό γιατρό, συνταγογράφηση και εμβολιασμοί, και για ανασφάλιστους με ΠΑΑΥΠΑ.",
                    "GP consultations, prescriptions and vaccinations, also for uninsured people with a PAAYPA number.",
                ),
                ["health", "primary-care"],
                ["families", "older-people", "migrants"],
                ["el", "en"],
                True,
                LONG_DAY,
            ),
            (
                T("Ψυχολογική υποστήριξη ενηλίκων", "Psychological support for adults"),
                T(
                    "Συνεδρίες με ψυχολόγο για άγχος, κατάθλιψη και δύσκολες περιόδους, με παραπομπή από το Κέντρο Κοινότητας.",
                    "Sessions with a psychologist for anxiety, depression and hard times, on referral from the community centre.",
                ),
                ["mental-health"],
                ["families", "unemployed"],
                ["el"],
                True,
                OFFICE,
            ),
        ],
    ),
    (
        "grocery",
        "municipal",
        T("Κοινωνικό Παντοπωλείο Δήμου {gen}", "{en} Social Grocery"),
        [
            (
                T("Διανομή τροφίμων και ειδών πρώτης ανάγκης", "Food and basic goods"),
                T(
                    "Μηνιαία διανομή τροφίμων και ειδών υγιεινής σε δικαιούχους, με βεβαίωση από την Κοινωνική Υπηρεσία.",
                    "Monthly food and hygiene parcels for eligible households, with a certificate from the social service.",
                ),
                ["food"],
                ["families", "homeless", "roma"],
                ["el"],
                True,
                [{"days": ["1", "3"], "opens": "09:00", "closes": "13:00"}],
            ),
            (
                T("Κοινωνικό φαρμακείο", "Social pharmacy"),
                T(
                    "Φάρμακα χωρίς χρέωση για ανασφάλιστους και οικονομικά αδύναμους, με ιατρική συνταγή.",
                    "Free medicines for uninsured and low-income people, with a prescription.",
                ),
                ["health", "food"],
                ["older-people", "migrants"],
                ["el"],
                True,
                [{"days": ["0", "2", "4"], "opens": "10:00", "closes": "13:00"}],
            ),
        ],
    ),
    (
        "ngo",
        "ngo",
        T(
            "«Γέφυρα {el}» — σύλλογος εθελοντών (φανταστικός)",
            "“Gefyra {en}” volunteers’ association (fictional)",
        ),
        [
            (
                T("Νομική συμβουλευτική", "Legal advice"),
                T(
                    "Δωρεάν νομική ενημέρωση για άσυλο, άδειες διαμονής, εργατικά και χρέη, από εθελοντές δικηγόρους.",
                    "Free legal information on asylum, residence permits, employment and debt, from volunteer lawyers.",
                ),
                ["legal-aid", "migrants"],
                ["migrants", "roma"],
                ["el", "en", "ar", "fa"],
                True,
                EVENINGS,
            ),
            (
                T("Μαθήματα ελληνικών για ενήλικες", "Greek classes for adults"),
                T(
                    "Δωρεάν μαθήματα ελληνικής γλώσσας σε μικρές ομάδες, δύο φορές την εβδομάδα.",
                    "Free Greek lessons in small groups, twice a week.",
                ),
                ["education", "migrants"],
                ["migrants"],
                ["el", "en", "ar", "uk"],
                True,
                EVENINGS,
            ),
        ],
    ),
    (
        "shelter",
        "non-profit",
        T("Ξενώνας Φιλοξενίας Γυναικών {gen}", "{en} Women’s Shelter"),
        [
            (
                T(
                    "Φιλοξενία γυναικών θυμάτων βίας και των παιδιών τους",
                    "Shelter for women facing violence and their children",
                ),
                T(
                    "Ασφαλής προσωρινή φιλοξενία και ψυχοκοινωνική υποστήριξη. Η διεύθυνση δίνεται μόνο τηλεφωνικά.",
                    "Safe temporary housing and psychosocial support. The address is given only by phone.",
                ),
                ["housing", "shelter", "mental-health"],
                ["women", "children"],
                ["el", "en", "ar"],
                True,
                ALWAYS,
            ),
            (
                T("Συμβουλευτική για την ενδοοικογενειακή βία", "Counselling on domestic violence"),
                T(
                    "Τηλεφωνική και δια ζώσης συμβουλευτική, νομική ενημέρωση και συνοδεία σε υπηρεσίες.",
                    "Counselling by phone and in person, legal information, and accompaniment to services.",
                ),
                ["mental-health", "legal-aid", "family"],
                ["women"],
                ["el", "en"],
                True,
                OFFICE,
            ),
        ],
    ),
]

KINDS += [
    (
        "day-centre",
        "non-profit",
        T(
            "Κέντρο Ημέρας για Άτομα με Αναπηρία {gen}",
            "{en} Day Centre for People with Disabilities",
        ),
        [
            (
                T("Δημιουργική απασχόληση και φροντίδα ημέρας", "Day care and creative activities"),
                T(
                    "Πρόγραμμα ημέρας με εργοθεραπεία, δημιουργική απασχόληση και μεταφορά από και προς το σπίτι.",
                    "A day programme with occupational therapy, activities and transport to and from home.",
                ),
                ["disability"],
                ["disability", "older-people"],
                ["el"],
                True,
                OFFICE,
            ),
        ],
    ),
    (
        "addiction",
        "non-profit",
        T("Συμβουλευτικός Σταθμός Εξαρτήσεων {gen}", "{en} Addiction Counselling Unit"),
        [
            (
                T("Συμβουλευτική για εξαρτήσεις", "Addiction counselling"),
                T(
                    "Εμπιστευτική συμβουλευτική για ουσίες, αλκοόλ και τζόγο, για τους ίδιους και τις οικογένειές τους.",
                    "Confidential counselling on drugs, alcohol and gambling, for people and their families.",
                ),
                ["addiction", "mental-health"],
                ["families", "children"],
                ["el", "en"],
                True,
                LONG_DAY,
            ),
        ],
    ),
]
