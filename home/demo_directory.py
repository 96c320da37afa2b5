"""Load the demo partner directory (taxonomy, organisations, services, centre links) into the
page tree, Greek first, English through wagtail-localize like the centres. Idempotent: nothing
that exists (matched by slug or code) is touched."""

from django.utils import timezone

from directory.models import (
    Category,
    CentrePage,
    CentrePartner,
    DirectoryIndexPage,
    LocationKind,
    OrganisationLocation,
    OrganisationPage,
    ServiceAtLocation,
    ServiceLanguage,
    ServicePage,
    TargetGroup,
)
from home import demo_partners as data
from home.demo_centres import T, get_or_create_index

INDEX = {
    "slug": "domes",
    "title": T("Υπηρεσίες και δομές", "Services and partners"),
    "intro": T(
        "Οι υπηρεσίες και οι δομές με τις οποίες συνεργάζονται τα Κέντρα Κοινότητας: βρείτε ποια μπορεί να σας βοηθήσει.",
        "The services and organisations the community centres work with: find the one that can help you.",
    ),
}


# Kinds of help whose places' addresses are never published (decision 0018).
PROTECTED_CATEGORIES = {"shelter"}


def load_taxonomy(el, en):
    """Categories, target groups and languages in Greek, with English translations."""
    categories = {}
    for code, parent, name_el, name_en in data.CATEGORIES:
        category = Category.objects.filter(code=code, locale=el).first()
        if category is None:
            category = Category.objects.create(
                code=code,
                name=name_el,
                parent=categories.get(parent),
                locale=el,
                protected=code in PROTECTED_CATEGORIES,
            )
        categories[code] = category
        translated = Category.objects.filter(translation_key=category.translation_key, locale=en)
        if not translated.exists():
            english = category.copy_for_translation(en)
            english.name = name_en
            english.parent = (
                Category.objects.filter(code=parent, locale=en).first() if parent else None
            )
            english.save()
    for model, rows in ((TargetGroup, data.TARGET_GROUPS), (ServiceLanguage, data.LANGUAGES)):
        for code, name_el, name_en in rows:
            item = model.objects.filter(code=code, locale=el).first()
            if item is None:
                item = model.objects.create(code=code, name=name_el, locale=el)
            if not model.objects.filter(translation_key=item.translation_key, locale=en).exists():
                english = item.copy_for_translation(en)
                english.name = name_en
                english.save()


def sessions(rows):
    return [("session", row) for row in rows]


def load_partners(command, home, el, en) -> int:
    load_taxonomy(el, en)
    created = []
    index, made = get_or_create_index(command, home, DirectoryIndexPage, INDEX)
    if made:
        created.append(index)
    categories = {c.code: c for c in Category.objects.filter(locale=el)}
    targets = {t.code: t for t in TargetGroup.objects.filter(locale=el)}
    languages = {lang.code: lang for lang in ServiceLanguage.objects.filter(locale=el)}
    phone_number = 2100000100
    partners_by_centre: dict[int, tuple] = {}
    for centre_slug, town, genitive, postcode, lat, lng in data.AREAS:
        centre = CentrePage.objects.filter(slug=centre_slug, locale=el).first()
        for kind_index, (key, status, name, services) in enumerate(data.KINDS):
            slug = f"{key}-{centre_slug}"
            phone_number += 1
            if OrganisationPage.objects.child_of(index).filter(slug=slug).exists():
                continue
            title = T(
                name.el.format(el=town.el, gen=genitive, en=town.en),
                name.en.format(el=town.el, gen=genitive, en=town.en),
            )
            confidential = key == "shelter"
            organisation = OrganisationPage(
                title=command.text(title),
                slug=slug,
                legal_status=status,
                description=command.text(services[0][1]),
                phone=str(phone_number),
                email=f"{slug}@partners.example",
                last_verified=timezone.localdate(),
            )
            # Spread partners around the town so distances differ.
            offset = (kind_index - 3) * 0.004
            location = OrganisationLocation(
                name=command.text(title),
                kind=LocationKind.CONFIDENTIAL if confidential else LocationKind.PHYSICAL,
                street_address=command.text(
                    T(
                        f"Οδός Ειρήνης {kind_index + 3}, {town.el}",
                        f"{kind_index + 3} Eirinis Street, {town.en}",
                    )
                ),
                postcode=postcode,
                municipality=command.text(T(f"Δήμος {genitive}", f"Municipality of {town.en}")),
                latitude=round(lat + offset, 5),
                longitude=round(lng - offset, 5),
                front_door_phone=str(phone_number) if confidential else "",
                accessibility=command.text(T("Είσοδος χωρίς σκαλοπάτια.", "Step-free entrance.")),
                opening_hours=sessions(services[0][6]),
            )
            organisation.locations = [location]
            index.add_child(instance=organisation)
            organisation.save_revision().publish()
            created.append(organisation)
            location = organisation.locations.first()
            for number, (s_title, s_desc, s_cats, s_targets, s_langs, free, s_hours) in enumerate(
                services
            ):
                service = ServicePage(
                    title=command.text(s_title),
                    slug=f"{slug}-{number + 1}",
                    description=command.text(s_desc),
                    is_free=free,
                    eligibility=command.text(
                        T(
                            "Κάτοικοι του δήμου· με ή χωρίς παραπομπή από το Κέντρο Κοινότητας.",
                            "Residents of the municipality, with or without a referral from the community centre.",
                        )
                    ),
                    referral=command.text(
                        T(
                            "Το Κέντρο Κοινότητας τηλεφωνεί, κλείνει ραντεβού και σας δίνει το σημείωμα παραπομπής.",
                            "The community centre calls, books an appointment and gives you the referral slip.",
                        )
                    ),
                    required_documents=[
                        (
                            "document",
                            {
                                "name": command.text(
                                    T(
                                        "Αστυνομική ταυτότητα ή διαβατήριο",
                                        "Identity card or passport",
                                    )
                                ),
                                "note": "",
                            },
                        ),
                        (
                            "document",
                            {
                                "name": command.text(
                                    T("ΑΜΚΑ ή ΠΑΑΥΠΑ", "Social security number (AMKA) or PAAYPA")
                                ),
                                "note": "",
                            },
                        ),
                    ],
                    last_verified=timezone.localdate(),
                )
                service.categories = [categories[c] for c in s_cats]
                service.target_groups = [targets[t] for t in s_targets]
                service.languages = [languages[code] for code in s_langs]
                service.service_locations = [
                    ServiceAtLocation(
                        location=location,
                        opening_hours=sessions(s_hours) if s_hours != services[0][6] else [],
                    )
                ]
                organisation.add_child(instance=service)
                service.save_revision().publish()
                created.append(service)
            if centre is not None:
                partners_by_centre.setdefault(centre.pk, (centre, []))[1].append(organisation)
    for page in created:
        command.translate(page, en)
    for centre, organisations in partners_by_centre.values():
        set_partners(centre, organisations)
    set_up_access(index)
    return len(created)


def set_up_access(index) -> None:
    """Centre staff, the review workflow and one group per partner (no accounts: those are
    created with ``manage.py invite_partner``)."""
    from directory.models import CentreIndexPage
    from directory.partner_access import (
        ensure_centre_staff,
        ensure_partner_group,
        ensure_review_workflow,
    )

    centre_index = CentreIndexPage.objects.filter(locale=index.locale).first()
    staff = ensure_centre_staff(index, centre_index)
    ensure_review_workflow(index, staff)
    for organisation in OrganisationPage.objects.child_of(index):
        ensure_partner_group(organisation)


def link_english_partners(el, en) -> None:
    """Give each English centre the English versions of its Greek source's partners.

    Run after the loading transaction has committed: publishing a Greek centre makes
    wagtail-localize refresh its translation when the transaction commits, which would
    otherwise overwrite partners added to the English page inside the same transaction.
    """
    for centre in CentrePage.objects.filter(locale=el, partners__isnull=False).distinct():
        english = centre.get_translation_or_none(en)
        if english is None:
            continue
        organisations = [
            link.organisation.get_translation_or_none(en) for link in centre.partners.all()
        ]
        set_partners(english, [o for o in organisations if o is not None])


def set_partners(centre, organisations) -> None:
    """Add partners through a new revision, as an editor would, so the admin's edit form shows
    them and a later publish from the admin keeps them."""
    draft = centre.get_latest_revision_as_object()
    existing = {link.organisation_id for link in draft.partners.all()}
    new = [o for o in organisations if o.pk not in existing]
    if not new:
        return
    draft.partners.add(*[CentrePartner(organisation=o, locale=centre.locale) for o in new])
    draft.save_revision().publish()
