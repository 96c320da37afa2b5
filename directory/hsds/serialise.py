"""Live pages as HSDS 3.0 objects: the one mapping the API and ``export_hsds`` share
(docs/decisions/0007-hsds-mapping.md).

Everything here works on batches: ``Serialiser.services(pages)`` loads what a page of
services needs in a fixed number of queries whatever its length, so the API's query count per
page is constant and the export streams in constant memory.

Privacy: a confidential location is written with its name and the confidential flag only;
its street, postcode and coordinates are never read here (``public_location`` is the only
door), so no output of this module can carry them.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import override

from core.pages import parent_path
from core.registry import Registry
from directory import blocks
from directory.hsds import ids
from directory.models import (
    Branch,
    Category,
    CentrePage,
    LocationKind,
    OrganisationLocation,
    OrganisationPage,
    ServiceAtLocation,
    ServiceLanguage,
    ServicePage,
    ServiceStatus,
    StaffContact,
    TargetGroup,
)

HSDS_STATUS = {
    ServiceStatus.ACTIVE: "active",
    ServiceStatus.TEMPORARILY_CLOSED: "temporarily closed",
    ServiceStatus.INACTIVE: "inactive",
}

# What every object may carry and we have nothing for: empty lists keep consumers simple.
EMPTY = {"attributes": [], "metadata": []}

# Funding notices belong to the editorial side (``home``), which the directory must not
# import: ``home`` registers a provider at start-up. A provider takes centre pages and a
# locale and returns {centre translation_key: [HSDS funding objects]}, in one query.
FUNDING_PROVIDERS = Registry()
register_funding_provider = FUNDING_PROVIDERS.register


def plain_text(rich: str) -> str:
    """Rich text as plain text, one line per block (HSDS text fields are plain)."""
    text = re.sub(r"</(p|li|h\d)>|<br\s*/?>", "\n", rich or "")
    text = re.sub(r"<[^>]+>", "", text)
    return "\n".join(line.strip() for line in html.unescape(text).splitlines() if line.strip())


def phones(owner_id: str, numbers, **links) -> list[dict]:
    return [
        {"id": ids.derived(owner_id, "phone", number), **links, "number": number, **EMPTY}
        for number in numbers
        if number
    ]


def timestamp(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z") if moment else None


@dataclass
class Taxonomy:
    """The taxonomy rows of one language, loaded once: terms by stable id and code."""

    language: str
    categories: dict = field(default_factory=dict)  # translation_key → Category
    key_of: dict = field(default_factory=dict)  # Category pk (any locale) → translation_key
    target_groups: dict = field(default_factory=dict)
    target_key_of: dict = field(default_factory=dict)
    languages: dict = field(default_factory=dict)  # code → name

    @classmethod
    def load(cls, locale, language: str) -> Taxonomy:
        taxonomy = cls(language)
        all_categories = list(Category.objects.select_related("parent"))
        for category in all_categories:
            if category.locale_id == locale.pk:
                taxonomy.categories[category.translation_key] = category
        taxonomy.key_of = {c.pk: c.translation_key for c in all_categories}
        for group in TargetGroup.objects.all():
            taxonomy.target_key_of[group.pk] = group.translation_key
            if group.locale_id == locale.pk:
                taxonomy.target_groups[group.translation_key] = group
        taxonomy.languages = dict(
            ServiceLanguage.objects.filter(locale=locale).values_list("code", "name")
        )
        return taxonomy

    def category_term(self, key) -> dict | None:
        category = self.categories.get(key)
        if category is None:
            return None
        parent = category.parent.translation_key if category.parent_id else None
        return term(
            key,
            category.code,
            category.name,
            category.description,
            ids.CATEGORIES_TAXONOMY,
            self.language,
            parent,
        )

    def target_group_term(self, key) -> dict | None:
        group = self.target_groups.get(key)
        if group is None:
            return None
        return term(
            key, group.code, group.name, group.name, ids.TARGET_GROUPS_TAXONOMY, self.language
        )


def term(key, code, name, description, taxonomy_id, language, parent_key=None) -> dict:
    """An HSDS ``taxonomy_term``."""
    data = {
        "id": str(key),
        "code": code,
        "name": name,
        "description": description or name,
        "taxonomy": ids.TAXONOMY_NAMES[taxonomy_id],
        "taxonomy_id": str(taxonomy_id),
        "language": language,
        "metadata": [],
    }
    if parent_key:
        data["parent_id"] = str(parent_key)
    return data


def attribute(link_id: str, link_entity: str, taxonomy_term: dict) -> dict:
    return {
        "id": ids.derived(link_id, "attribute", taxonomy_term["id"]),
        "link_id": link_id,
        "link_entity": link_entity,
        "taxonomy_term_id": taxonomy_term["id"],
        "taxonomy_term": taxonomy_term,
        "metadata": [],
    }


def flag_term(taxonomy_id, code: str, name: str, language: str) -> dict:
    return term(ids.derived(taxonomy_id, code), code, name, name, taxonomy_id, language)


def centre_group_term(code: str, language: str) -> dict:
    with override(language):
        name = str(dict(blocks.SERVICE_GROUP_CHOICES)[code])
    return term(
        ids.derived(ids.CENTRE_SERVICE_GROUPS_TAXONOMY, code),
        code,
        name,
        name,
        ids.CENTRE_SERVICE_GROUPS_TAXONOMY,
        language,
    )


def community_centre_term(language: str) -> dict:
    name = "Κέντρο Κοινότητας" if language == "el" else "Community centre"
    return flag_term(ids.ORGANISATION_KINDS_TAXONOMY, ids.COMMUNITY_CENTRE_CODE, name, language)


def confidential_term(language: str) -> dict:
    name = "Εμπιστευτική διεύθυνση" if language == "el" else "Confidential address"
    return flag_term(ids.LOCATION_FLAGS_TAXONOMY, ids.CONFIDENTIAL_CODE, name, language)


class Serialiser:
    """Serialises pages of one language. ``absolute(url)`` turns a page URL into a full one."""

    def __init__(self, locale, language: str, absolute, at: datetime | None = None):
        self.locale = locale
        self.language = language
        self.absolute = absolute
        self.at = at or timezone.now()
        self._taxonomy = None
        self._funding: dict = {}

    def load_funding(self, centres) -> None:
        """Read the funding of these centres at once (a page of organisations, an export
        chunk); ``centre`` reads it from here."""
        missing = [c for c in centres if c.translation_key not in self._funding]
        for centre in missing:
            self._funding[centre.translation_key] = []
        for provider in FUNDING_PROVIDERS if missing else []:
            for key, items in provider(missing, self.locale).items():
                self._funding.setdefault(key, []).extend(items)

    @property
    def taxonomy(self) -> Taxonomy:
        if self._taxonomy is None:
            self._taxonomy = Taxonomy.load(self.locale, self.language)
        return self._taxonomy

    def url(self, page) -> str:
        return self.absolute(page.get_url())

    # --- locations -------------------------------------------------------------------------

    def location(self, location: OrganisationLocation, organisation_id: str) -> dict:
        """A partner's location; a confidential one is its name and the flag, nothing else."""
        location_id = ids.of(location)
        data = {
            "id": location_id,
            "location_type": "virtual" if location.kind == LocationKind.VIRTUAL else "physical",
            "organization_id": organisation_id,
            "name": location.name,
            "languages": [],
            "addresses": [],
            "contacts": [],
            "accessibility": [],
            "phones": [],
            "schedules": [],
            **EMPTY,
        }
        if location.is_confidential:
            data["attributes"] = [
                attribute(location_id, "location", confidential_term(self.language))
            ]
            return data
        return self._public_location(data, location, location_id)

    def _public_location(self, data: dict, location: OrganisationLocation, location_id: str):
        if location.access_notes:
            data["transportation"] = location.access_notes
        point = location.public_point
        if point:
            data["latitude"], data["longitude"] = point
        if location.kind == LocationKind.PHYSICAL and (
            location.street_address or location.postcode
        ):
            data["addresses"] = [
                {
                    "id": ids.derived(location_id, "address"),
                    "location_id": location_id,
                    "address_1": location.street_address,
                    "city": location.municipality,
                    "state_province": "",
                    "postal_code": location.postcode,
                    "country": "GR",
                    "address_type": "physical",
                    **EMPTY,
                }
            ]
        if location.accessibility:
            data["accessibility"] = [
                {
                    "id": ids.derived(location_id, "accessibility"),
                    "location_id": location_id,
                    "description": location.accessibility,
                    **EMPTY,
                }
            ]
        data["phones"] = phones(location_id, [location.front_door_phone], location_id=location_id)
        data["schedules"] = location.opening_hours_engine.hsds_schedules(
            location_id, at=self.at, location_id=location_id
        )
        return data

    def branch_location(self, branch: Branch, centre: CentrePage, centre_id: str) -> dict:
        branch_id = ids.of(branch)
        data = {
            "id": branch_id,
            "location_type": "physical",
            "organization_id": centre_id,
            "name": branch.name,
            "description": str(branch.get_kind_display()),
            "languages": [
                {
                    "id": ids.derived(branch_id, "language", code),
                    "location_id": branch_id,
                    "code": code,
                    "name": self.taxonomy.languages.get(code, code),
                    **EMPTY,
                }
                for code in (c.strip() for c in branch.languages.split(","))
                if code
            ],
            "addresses": [],
            "contacts": [],
            "accessibility": [],
            "phones": phones(branch_id, branch.phones, location_id=branch_id),
            "schedules": branch.opening_hours_engine.hsds_schedules(
                branch_id, at=self.at, location_id=branch_id
            ),
            **EMPTY,
        }
        for index, stop in enumerate(branch.stop_list()):
            # A mobile unit's stops: when it is where, each stop a schedule of its own.
            for schedule in stop["hours"].hsds_schedules(
                ids.derived(branch_id, "stop", index), at=self.at, location_id=branch_id
            ):
                schedule["description"] = f"{stop['value']['place']}: {schedule['description']}"
                data["schedules"].append(schedule)
        if branch.has_coordinates:
            data["latitude"], data["longitude"] = branch.latitude, branch.longitude
        if branch.street_address or branch.postcode:
            data["addresses"] = [
                {
                    "id": ids.derived(branch_id, "address"),
                    "location_id": branch_id,
                    "address_1": branch.street_address,
                    "city": centre.municipality,
                    "state_province": centre.region,
                    "postal_code": branch.postcode,
                    "country": "GR",
                    "address_type": "physical",
                    **EMPTY,
                }
            ]
        if branch.accessibility:
            data["accessibility"] = [
                {
                    "id": ids.derived(branch_id, "accessibility"),
                    "location_id": branch_id,
                    "description": branch.accessibility,
                    **EMPTY,
                }
            ]
        return data

    # --- partner services ------------------------------------------------------------------

    def organisations_by_path(self, services) -> dict[str, OrganisationPage]:
        """The parent organisation of each service, in one query."""
        paths = {parent_path(service.path) for service in services}
        return {org.path: org for org in OrganisationPage.objects.filter(path__in=paths)}

    def service_summary(self, service: ServicePage, organisation: OrganisationPage | None):
        """The one-to-one fields of a service (``service_list``)."""
        data = {
            "id": ids.of(service),
            "name": service.title,
            "description": service.description,
            "url": self.url(service),
            "status": HSDS_STATUS.get(service.status, "active"),
            "last_modified": timestamp(service.last_published_at),
        }
        if organisation is not None:
            data["organization_id"] = ids.of(organisation)
        optional = {
            "email": service.email,
            "application_process": plain_text(service.how_to_apply),
            "referral_process": service.referral,
            "fees_description": service.fees,
            "eligibility_description": service.eligibility,
            "minimum_age": service.minimum_age,
            "maximum_age": service.maximum_age,
            "assured_date": service.last_verified.isoformat() if service.last_verified else None,
            # Why a closed service is closed (and until when): HSDS's alert.
            "alert": service.status_note,
        }
        data.update({key: value for key, value in optional.items() if value not in ("", None)})
        return data

    def services(self, services: list[ServicePage], full: bool) -> list[dict]:
        """``service_list`` items, or fully nested ``service`` objects when ``full``."""
        organisations = self.organisations_by_path(services)
        items = []
        for service in services:
            organisation = organisations.get(parent_path(service.path))
            data = self.service_summary(service, organisation)
            if full:
                data.update(self.service_relations(service, data["id"], organisation))
            items.append(data)
        return items

    @staticmethod
    def prefetch_full(queryset):
        """What ``services(…, full=True)`` reads, for a queryset of services."""
        return queryset.prefetch_related(
            "categories",
            "target_groups",
            "languages",
            "service_locations__location",
        )

    def service_relations(self, service, service_id: str, organisation) -> dict:
        taxonomy = self.taxonomy
        terms = [taxonomy.category_term(taxonomy.key_of[c.pk]) for c in service.categories.all()]
        terms += [
            taxonomy.target_group_term(taxonomy.target_key_of[g.pk])
            for g in service.target_groups.all()
        ]
        organisation_id = ids.of(organisation) if organisation else None
        relations = {
            "phones": phones(service_id, [service.phone], service_id=service_id),
            "schedules": [],
            "service_areas": [],
            "service_at_locations": [
                self.service_at_location(link, service_id, organisation_id)
                for link in service.service_locations.all()
            ],
            "languages": [
                {
                    "id": ids.derived(service_id, "language", language.code),
                    "service_id": service_id,
                    "code": language.code,
                    "name": taxonomy.languages.get(language.code, language.name),
                    **EMPTY,
                }
                for language in service.languages.all()
            ],
            "funding": [],
            "cost_options": [],
            "required_documents": [
                {
                    "id": ids.derived(service_id, "document", index),
                    "service_id": service_id,
                    "document": " — ".join(
                        part
                        for part in (child["value"].get("name"), child["value"].get("note"))
                        if part
                    ),
                    **EMPTY,
                }
                for index, child in enumerate(blocks.raw_children(service.required_documents))
            ],
            "contacts": [],
            "attributes": [attribute(service_id, "service", t) for t in terms if t],
            "metadata": [],
        }
        if service.is_free:
            relations["cost_options"] = [
                {
                    "id": ids.derived(service_id, "cost", "free"),
                    "service_id": service_id,
                    "option": "free",
                    "currency": "EUR",
                    "amount": 0,
                    **EMPTY,
                }
            ]
        if organisation is not None:
            relations["organization"] = self.organisation_summary(organisation)
        return relations

    def service_at_location(self, link: ServiceAtLocation, service_id: str, organisation_id):
        link_id = ids.of(link)
        own = blocks.sessions_from_raw(link.opening_hours)
        closures = blocks.exceptions_from_raw(link.hours_exceptions)
        from directory.hours import OpeningHours

        return {
            "id": link_id,
            "service_id": service_id,
            "location_id": ids.of(link.location),
            "contacts": [],
            "phones": [],
            "schedules": OpeningHours(own, closures).hsds_schedules(
                link_id, at=self.at, service_at_location_id=link_id
            )
            if own or closures
            else [],
            "location": self.location(link.location, organisation_id),
            **EMPTY,
        }

    # --- organisations ---------------------------------------------------------------------

    def organisation_summary(self, organisation: OrganisationPage) -> dict:
        data = {
            "id": ids.of(organisation),
            "name": organisation.title,
            "description": organisation.description,
            "legal_status": organisation.legal_status,
            "uri": self.url(organisation),
        }
        optional = {
            "email": organisation.email,
            "website": organisation.website,
            "tax_id": organisation.tax_id,
        }
        data.update({key: value for key, value in optional.items() if value})
        return data

    def organisation(self, organisation: OrganisationPage, full_service: bool) -> dict:
        """A fully nested organisation with its locations and live services."""
        return self.organisations([organisation], full_service)[0]

    def organisations(self, organisations: list[OrganisationPage], full_service: bool):
        """Fully nested organisations; their services are read in one query for all of them
        (``prefetch_related("locations")`` on the caller's queryset covers the locations)."""
        if not organisations:
            return []
        depth = organisations[0].depth
        by_path = {organisation.path: organisation for organisation in organisations}
        services = ServicePage.objects.live().public()
        services = services.filter(locale=self.locale, alias_of__isnull=True)
        services = services.annotate(
            parent_path=Substr("path", 1, depth * OrganisationPage.steplen)
        ).filter(depth=depth + 1, parent_path__in=list(by_path))
        if full_service:
            services = self.prefetch_full(services)
        grouped: dict[str, list] = {}
        for service in services.order_by("path"):
            grouped.setdefault(service.parent_path, []).append(service)
        items = []
        for organisation in organisations:
            organisation_id = ids.of(organisation)
            data = self.organisation_summary(organisation)
            own = grouped.get(organisation.path, [])
            data.update(
                funding=[],
                contacts=[],
                phones=phones(
                    organisation_id,
                    [organisation.phone, organisation.phone_alt],
                    organization_id=organisation_id,
                ),
                locations=[
                    self.location(location, organisation_id)
                    for location in organisation.locations.all()
                ],
                programs=[],
                organization_identifiers=[],
                attributes=[],
                metadata=[],
                services=self._services_of(organisation, own, full_service),
            )
            items.append(data)
        return items

    def _services_of(self, organisation, services, full: bool) -> list[dict]:
        items = []
        for service in services:
            data = self.service_summary(service, organisation)
            if full:
                data.update(self.service_relations(service, data["id"], organisation))
            items.append(data)
        return items

    # --- community centres -----------------------------------------------------------------

    def centre_summary(self, centre: CentrePage) -> dict:
        main = centre.main_branch
        data = {
            "id": ids.of(centre),
            "name": centre.title,
            "description": centre.summary,
            "legal_status": "municipal",
            "uri": self.url(centre),
        }
        if main is not None and main.email:
            data["email"] = main.email
        return data

    def centre_groups(self, centre: CentrePage) -> list[dict]:
        """The centre's Α/Β/Γ service groups as one-to-one service fields."""
        centre_id = ids.of(centre)
        groups = []
        for child in blocks.raw_children(centre.service_groups):
            code = child["value"].get("group")
            if not code:
                continue
            details = [d for d in child["value"].get("details") or [] if isinstance(d, str)]
            details += [
                d.get("value")
                for d in child["value"].get("details") or []
                if isinstance(d, dict) and d.get("value")
            ]
            groups.append(
                {
                    "id": ids.derived(centre_id, "service-group", code),
                    "organization_id": centre_id,
                    "name": f"{centre_group_term(code, self.language)['name']} — {centre.title}",
                    "description": "\n".join(details)
                    or centre_group_term(code, self.language)["name"],
                    "url": self.url(centre),
                    "status": "active",
                    "last_modified": timestamp(centre.last_published_at),
                    "_code": code,
                }
            )
        if centre.last_verified:
            for group in groups:
                group["assured_date"] = centre.last_verified.isoformat()
        return groups

    def centre_group_full(self, centre: CentrePage, group: dict) -> dict:
        data = {key: value for key, value in group.items() if not key.startswith("_")}
        centre_id = ids.of(centre)
        data.update(
            phones=[],
            schedules=[],
            service_areas=[],
            service_at_locations=[
                self.centre_service_at_location(centre, centre_id, data["id"], branch)
                for branch in centre.branch_list
            ],
            languages=[],
            funding=[],
            cost_options=[
                {
                    "id": ids.derived(data["id"], "cost", "free"),
                    "service_id": data["id"],
                    "option": "free",
                    "currency": "EUR",
                    "amount": 0,
                    **EMPTY,
                }
            ],
            required_documents=[],
            contacts=[],
            attributes=[
                attribute(data["id"], "service", centre_group_term(group["_code"], self.language))
            ],
            metadata=[],
            organization=self.centre_summary(centre),
        )
        return data

    def centre_service_at_location(self, centre, centre_id, service_id, branch) -> dict:
        link_id = ids.derived(service_id, ids.of(branch))
        return {
            "id": link_id,
            "service_id": service_id,
            "location_id": ids.of(branch),
            "contacts": [],
            "phones": [],
            "schedules": [],
            "location": self.branch_location(branch, centre, centre_id),
            **EMPTY,
        }

    def contact(self, contact: StaffContact, centre_id: str) -> dict:
        contact_id = ids.of(contact)
        data = {
            "id": contact_id,
            "organization_id": centre_id,
            "title": contact.role,
            "phones": phones(contact_id, [contact.phone], contact_id=contact_id),
            **EMPTY,
        }
        if contact.name:
            data["name"] = contact.name
        if contact.email:
            data["email"] = contact.email
        return data

    def centre(self, centre: CentrePage, full_service: bool) -> dict:
        centre_id = ids.of(centre)
        main = centre.main_branch
        data = self.centre_summary(centre)
        groups = self.centre_groups(centre)
        self.load_funding([centre])
        data.update(
            funding=self._funding[centre.translation_key],
            contacts=[self.contact(c, centre_id) for c in centre.staff_contacts.all()],
            phones=phones(centre_id, main.phones if main else [], organization_id=centre_id),
            locations=[
                self.branch_location(branch, centre, centre_id) for branch in centre.branch_list
            ],
            programs=[],
            organization_identifiers=[],
            attributes=[attribute(centre_id, "organization", community_centre_term(self.language))],
            metadata=[],
            services=[
                self.centre_group_full(centre, group)
                if full_service
                else {k: v for k, v in group.items() if not k.startswith("_")}
                for group in groups
            ],
        )
        return data
