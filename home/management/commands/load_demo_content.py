"""Load the demonstration site: home page, centres index and the DOMAIN.md centres, in Greek
with English translations made through wagtail-localize.

Idempotent: a page that already exists (matched by slug) is left as the editors have it, so
running ``make run`` again keeps existing content.
"""

from datetime import timedelta

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Page, Site
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from directory import listing
from directory.map_points import rebuild_all
from directory.models import Branch, CentreIndexPage, CentrePage, StaffContact
from home import demo_centres as demo
from home.demo_announcements import load_announcements
from home.demo_directory import link_english_partners, load_partners
from home.demo_funding import load_funding
from home.demo_pages import load_standard_pages
from home.models import HomePage, PortalSettings


class Command(BaseCommand):
    help = "Create the demo home page, centres index and community centres (Greek and English)."

    def handle(self, *args, **options):
        # Wagtail updates its reference index ("usage") on every save; for a bulk load it is
        # far cheaper to rebuild it once at the end.
        with disable_reference_index_auto_update():
            created = self.load()
            link_english_partners(
                Locale.objects.get(language_code="el"), Locale.objects.get(language_code="en")
            )
        if created:
            call_command("rebuild_references_index", verbosity=0)

    def load(self) -> int:
        self.english: dict[str, str] = {}
        with transaction.atomic():
            el = Locale.objects.get_or_create(language_code="el")[0]
            en = Locale.objects.get_or_create(language_code="en")[0]
            home = self.home_page(el)
            index = self.centre_index(home)
            created = [self.centre(index, data) for data in demo.CENTRES]
            for page in [home, index, *created]:
                if page is not None:
                    self.translate(page, en)
            partner_pages = load_partners(self, home, el, en)
            announcement_pages = load_announcements(self, home, el, en)
            funding_pages = load_funding(self, home, el, en)
            standard_pages = load_standard_pages(self, home, el, en)
        # Copying a tree page by page through wagtail-localize can leave the new English
        # parents' child counts at zero once the transaction commits (treebeard then treats
        # them as leaves and routing 404s); recount them, as `manage.py fixtree` would.
        if Page.find_problems()[4]:
            Page.fix_tree()
        rebuild_all()  # publishing keeps map points in step; this also covers older databases
        listing.rebuild_all()  # likewise the directory's listing index
        count = sum(1 for page in created if page is not None)
        if partner_pages:
            self.stdout.write(f"Partner directory: {partner_pages} pages created.")
        self.stdout.write(self.style.SUCCESS(f"Demo content ready ({count} centres created)."))
        if announcement_pages:
            self.stdout.write(f"Announcements: {announcement_pages} pages created.")
        return count + partner_pages + announcement_pages + funding_pages + standard_pages

    def text(self, value: demo.T) -> str:
        """Remember the English for a Greek text, then use the Greek as the source."""
        self.english[value.el] = value.en
        return value.el

    def home_page(self, el) -> HomePage:
        site = Site.objects.filter(is_default_site=True).first()
        existing = HomePage.objects.filter(locale=el).first()
        if existing:
            return existing
        root = Page.get_first_root_node()
        home = HomePage(
            title=self.text(demo.HOME["title"]),
            slug="home-el",
            intro=self.text(demo.HOME["intro"]),
            body=f"<p>{self.text(demo.HOME['body'])}</p>",
            locale=el,
        )
        root.add_child(instance=home)
        home.save_revision().publish()
        old_root = site.root_page if site else None
        if site:
            site.root_page = home
            site.site_name = "Koinotita"
            if (site.hostname, site.port) == ("localhost", 80):
                # Wagtail's placeholder site: make absolute URLs (JSON-LD, sitemap) point at
                # the address `make run` serves.
                site.hostname, site.port = "127.0.0.1", 8000
            site.save()
        else:
            Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
        if old_root and old_root.pk != home.pk and old_root.specific_class != HomePage:
            old_root.delete()
        settings = PortalSettings.for_site(Site.objects.get(is_default_site=True))
        settings.demo_content = True
        for field, value in demo.PORTAL_SETTINGS.items():
            if not getattr(settings, field):
                setattr(settings, field, value)
        settings.save()
        return home

    def centre_index(self, home) -> CentreIndexPage:
        return demo.get_or_create_index(self, home, CentreIndexPage, demo.INDEX)[0]

    def centre(self, index, data) -> CentrePage | None:
        if CentrePage.objects.child_of(index).filter(slug=data["slug"]).exists():
            return None
        page = CentrePage(
            title=self.text(data["title"]),
            slug=data["slug"],
            municipality=self.text(data["municipality"]),
            region=self.text(data["region"]),
            summary=self.text(data["summary"]),
            supervising_service=self.text(data["supervising"]),
            last_verified=timezone.localdate(),
            service_groups=[
                {
                    "type": "service_group",
                    "value": {"group": code, "details": [self.text(t) for t in demo.GROUPS[code]]},
                }
                for code in data["groups"]
            ],
        )
        page.branches = [self.branch(b, first=(i == 0)) for i, b in enumerate(data["branches"])]
        page.staff_contacts = [
            StaffContact(
                role=self.text(role),
                phone=data["branches"][0]["phones"][0] if data["branches"][0]["phones"] else "",
                email=data["branches"][0]["email"],
            )
            for role in data["staff"]
        ]
        index.add_child(instance=page)
        page.save_revision().publish()
        return page

    def branch(self, data, first: bool) -> Branch:
        exceptions = []
        if first and data["hours"]:
            day = next_weekday(timezone.localdate() + timedelta(days=5))
            exceptions.append(
                {
                    "type": "exception",
                    "value": {
                        "start_date": day.isoformat(),
                        "end_date": None,
                        "closed": True,
                        "opens": None,
                        "closes": None,
                        "reason": self.text(demo.EXCEPTION_REASON),
                    },
                }
            )
        phones = data["phones"] + ["", ""]
        return Branch(
            kind=data["kind"],
            name=self.text(data["name"]),
            street_address=self.text(data["street"]) if data["street"] else "",
            postcode=data["postcode"],
            latitude=data["lat"],
            longitude=data["lng"],
            phone=phones[0],
            phone_alt=phones[1],
            email=data["email"],
            accessibility=self.text(data["accessibility"]),
            languages=data["languages"],
            opening_hours=[{"type": "session", "value": session} for session in data["hours"]],
            hours_exceptions=exceptions,
            stops=[
                {
                    "type": "stop",
                    "value": {
                        "place": self.text(stop["place"]),
                        "address": self.text(stop["address"]),
                        "postcode": "",
                        "latitude": stop["lat"],
                        "longitude": stop["lng"],
                        "weekday": stop["weekday"],
                        "nth": stop["nth"],
                        "opens": stop["opens"],
                        "closes": stop["closes"],
                    },
                }
                for stop in data["stops"]
            ],
        )

    def translate(self, page, locale) -> None:
        """Translate through wagtail-localize, as an editor would, so the English pages stay
        linked to their Greek source and later syncs keep synchronised fields in step."""
        if page.get_translations().filter(locale=locale).exists():
            return
        source, _created = TranslationSource.get_or_create_from_instance(page)
        segments = StringSegment.objects.filter(source=source).select_related("string", "context")
        for segment in segments:
            english = self.english.get(segment.string.data)
            if english is None and segment.context.path == "slug":
                english = page.slug
            if english is not None:
                StringTranslation.objects.update_or_create(
                    translation_of=segment.string,
                    locale=locale,
                    context=segment.context,
                    defaults={"data": english},
                )
        translation, _created = Translation.objects.get_or_create(
            source=source, target_locale=locale
        )
        translation.save_target(publish=True)


def next_weekday(day):
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day
