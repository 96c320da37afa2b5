"""HSDS 3.0 organisations into the partner directory: the inverse of ``serialise``
(decision 0007).

``import_organisations`` validates the whole input first (official schema plus the checks in
``validation``) and writes nothing when anything is wrong: the problems, each with its place,
come back in ``ImportProblems``. Then, in one transaction, it creates or updates
``OrganisationPage``s under the locale's directory page, their ``OrganisationLocation``s, the
``ServicePage``s under them and their ``ServiceAtLocation``s, matched by
``translation_key == ids.to_key(hsds id)``.

- Community centres (attribute ``organisation-kinds/community-centre``, or an id that is a
  ``CentrePage``'s) are skipped: the importer manages partners only.
- Values that are valid HSDS but do not fit our fields (a latitude outside Greece, a postcode
  that is not five digits, a legal status that is not ours…) become warnings with their place;
  the value is left out (on an update, what is stored stays).
- A confidential location's stored address and coordinates are never erased: an export never
  carries them.
- What an import maps is compared with what is stored before saving: the same input twice
  changes nothing and saves no revision. By default content is saved as a draft revision (a
  new page is created unpublished; a live page keeps its live content); ``publish=True``
  publishes.
- Locations and services not in the input are kept; a service's places are the ones listed.
- An organisation that does not exist yet is created with its services in bulk
  (``directory.bulk_pages``): the rows are those Wagtail's per-page path would leave, written
  with a few inserts per table. Pages that exist are updated one by one.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from uuid import UUID, uuid4

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from wagtail.log_actions import LogContext
from wagtail.models import Locale, Page, ReferenceIndex, Revision
from wagtail.signal_handlers import disable_reference_index_auto_update

from directory import listing, protection
from directory.blocks import raw_children
from directory.bulk_pages import NewPages
from directory.hsds import changes, ids, ownership, schedules_in, validation, values_in
from directory.hsds.confidential_in import Confidentiality
from directory.hsds.import_summary import ImportProblems, Summary
from directory.hsds.legal_forms import legal_status
from directory.hsds.municipalities_in import Municipalities
from directory.hsds.taxonomy_in import Terms
from directory.hsds.validation import Problem
from directory.hsds.values_in import KEEP
from directory.models import (
    Category,
    DirectoryIndexPage,
    LegalStatus,
    LocationKind,
    OrganisationLocation,
    OrganisationPage,
    ServiceAtLocation,
    ServiceLanguage,
    ServicePage,
    ServiceStatus,
    TargetGroup,
)
from directory.models.centres import postcode_validator
from directory.models.partners import tax_id_validator

STATUSES = {
    "active": ServiceStatus.ACTIVE,
    "temporarily closed": ServiceStatus.TEMPORARILY_CLOSED,
    "inactive": ServiceStatus.INACTIVE,
}
GREECE = {"", "gr", "grc", "greece", "ελλάδα", "ελλαδα"}
DEFAULT_LEGAL_STATUS = LegalStatus.NGO
# --- the import -------------------------------------------------------------------------------


def import_organisations(
    objects: Iterable[dict],
    *,
    language: str = "el",
    publish: bool = False,
    progress: Callable[[int, int], None] | None = None,
    root: tuple = ("organizations",),
    user=None,
    term_mapping: dict[str, str] | None = None,
) -> Summary:
    """Import HSDS organisations (with nested services, locations…) into ``language``'s
    partner directory. Raises ``ImportProblems`` (nothing written) when the input is wrong.

    Every page created or changed gets its revision and its audit-log entries, as in the
    admin ("wagtail.create", "wagtail.edit", "wagtail.publish"), attributed to ``user`` (the
    account that ran the import) and grouped by one log-context id."""
    organisations = list(objects)
    return import_parts(
        lambda: [organisations],
        language=language,
        publish=publish,
        progress=progress,
        root=root,
        user=user,
        term_mapping=term_mapping,
    )


def import_parts(
    parts: Callable[[], Iterable[list[dict]]],
    *,
    language: str = "el",
    publish: bool = False,
    progress: Callable[[int, int], None] | None = None,
    root: tuple = ("organizations",),
    user=None,
    term_mapping: dict[str, str] | None = None,
) -> Summary:
    """The import of a file read a part at a time, in bounded memory: ``parts()`` is called
    three times and gives the file's organisations in order, a list per part. The first pass
    checks everything, the second what the database already holds (other organisations' ids),
    the third writes, in one transaction: any problem anywhere and nothing is written."""
    checker = validation.Checker(root)
    total = 0
    for part in parts():
        checker.add(part)
        total += sum(1 + len(o.get("services") or []) if isinstance(o, dict) else 1 for o in part)
    if checker.found:
        raise ImportProblems(checker.found)
    locale = Locale.objects.filter(language_code=language).first()
    if locale is None:
        raise ImportProblems([Problem((), f"there is no language {language!r} on this site")])
    index = DirectoryIndexPage.objects.filter(locale=locale).first()
    if index is None:
        raise ImportProblems(
            [Problem((), f"there is no partner directory page in language {language!r}")]
        )
    found, owned, offset = [], [], 0
    for part in parts():
        result = ownership.check(part, locale, root)
        found += [_shifted(problem, root, offset) for problem in result.problems]
        owned.append(result)
        offset += len(part)
    if found:
        raise ImportProblems(found)
    shared = _Shared(locale, index, publish, progress, root, user, term_mapping or {}, total)
    run = None
    try:
        with LogContext(user=user), transaction.atomic(), listing.deferred():
            shared.prepare()
            offset = 0
            for part in parts():
                run = _Run(shared, part, offset)
                # One part: what the check above found still holds; later parts are checked
                # again, after the earlier parts were written.
                run.use_ownership(owned[0] if len(owned) == 1 else None)
                run.write()
                offset += len(part)
    except ImportProblems:
        raise
    except ValidationError as error:
        raise ImportProblems(
            [Problem(run.current if run else (), _validation_text(error))]
        ) from error
    except DatabaseError as error:
        raise ImportProblems(
            [Problem(run.current if run else (), f"the database refused it: {error}")]
        ) from error
    return shared.summary


def _shifted(problem: Problem, root: tuple, offset: int) -> Problem:
    """A problem found in a part, placed in the whole file."""
    path = problem.path
    if offset and len(path) > len(root) and isinstance(path[len(root)], int):
        path = (*root, path[len(root)] + offset, *path[len(root) + 1 :])
    return Problem(path, problem.message)


def _validation_text(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(
            f"{name}: {' '.join(str(m) for m in messages)}"
            for name, messages in error.message_dict.items()
        )
    return " ".join(str(m) for m in error.messages)


@dataclass
class _Shared:
    """What every part of one import shares: where it writes, its report, its progress, and
    what is read once (terms, the gazetteer, the protected categories)."""

    locale: Locale
    index: DirectoryIndexPage
    publish: bool
    progress: Callable[[int, int], None] | None
    root: tuple
    user: object
    term_mapping: dict[str, str]
    total: int
    done: int = 0
    summary: Summary = field(default_factory=Summary)

    def prepare(self) -> None:
        """Read once, inside the import's transaction."""
        self.terms = Terms(self.locale, self.summary.warnings, self.term_mapping)
        self.municipalities = Municipalities()
        self.confidentiality = Confidentiality(self.terms)


class _Run:
    """One part of an import (the whole input, unless a long file is read in parts)."""

    # New organisations and their services are created in bulk (``directory.bulk_pages``);
    # pages that exist are updated one by one, through Wagtail's own path.
    bulk = True
    flush_every = 2000  # new pages held in memory before they are written

    def __init__(self, shared: _Shared, organisations: list[dict], offset: int = 0):
        self.shared = shared
        self.organisations = organisations
        self.offset = offset  # this part's first organisation's place in the whole file
        self.user = shared.user
        self.locale = shared.locale
        self.index = shared.index
        self.publish = shared.publish
        self.root = shared.root
        self.summary = shared.summary
        self.warnings = shared.summary.warnings
        self.terms = shared.terms
        self.municipalities = shared.municipalities
        self.confidentiality = shared.confidentiality
        self.current: tuple = ()
        self.today = date.today()

    # --- what is stored, fetched in bulk --------------------------------------------------------

    def use_ownership(self, found=None) -> None:
        """Ids that name the wrong kind of row, or a row of another organisation: problems,
        found before this part is written (``ownership``)."""
        if found is None:
            found = ownership.check(self.organisations, self.locale, self.root)
            if found.problems:
                raise ImportProblems([_shifted(p, self.root, self.offset) for p in found.problems])
        self.centre_keys = found.centre_keys
        self.org_pages = found.org_pages
        self.service_pages = found.service_pages

    def _prefetch(self) -> None:
        org_ids = [row["id"] for row in self.org_pages.values()]
        service_ids = [row["id"] for row in self.service_pages.values()]
        self.orgs = {o.translation_key: o for o in OrganisationPage.objects.filter(id__in=org_ids)}
        self.org_locations = defaultdict(list)
        for location in OrganisationLocation.objects.filter(organisation_id__in=org_ids):
            self.org_locations[location.organisation_id].append(location)
        self.services = {
            s.translation_key: s for s in ServicePage.objects.filter(id__in=service_ids)
        }
        drafts = [
            page.latest_revision_id
            for page in [*self.orgs.values(), *self.services.values()]
            if page.has_unpublished_changes and page.latest_revision_id
        ]
        self.revisions = {} if self.publish else Revision.objects.in_bulk(drafts) if drafts else {}
        self.touched = []
        self.service_links = defaultdict(list)
        for link in ServiceAtLocation.objects.filter(service_id__in=service_ids):
            self.service_links[link.service_id].append(link)
        self.terms_of = defaultdict(
            lambda: {"categories": set(), "target_groups": set(), "languages": set()}
        )
        for name, term in (
            ("categories", "category"),
            ("target_groups", "targetgroup"),
            ("languages", "servicelanguage"),
        ):
            through = getattr(ServicePage, name).through
            for service_id, term_id in through.objects.filter(
                servicepage_id__in=service_ids
            ).values_list("servicepage_id", f"{term}_id"):
                self.terms_of[service_id][name].add(term_id)
        self.org_child_slugs = defaultdict(set)
        for parent_path, slug in Page.objects.filter(
            path__startswith=self.index.path, depth=self.index.depth + 2
        ).values_list("path", "slug"):
            self.org_child_slugs[parent_path[: len(self.index.path) + Page.steplen]].add(slug)
        self.index_slugs = set(
            Page.objects.filter(
                path__startswith=self.index.path, depth=self.index.depth + 1
            ).values_list("slug", flat=True)
        )

    # --- writing --------------------------------------------------------------------------------

    def write(self) -> None:
        # Pages are saved up to three times each (created, revision, published): their
        # references are indexed once, at the end, from what was last saved.
        with disable_reference_index_auto_update():
            self._write()
        for page in self.touched:
            ReferenceIndex.create_or_update_for_object(page)

    def _write(self) -> None:
        self._prefetch()
        self.terms.remember(self.organisations)
        self.batch = None
        if self.bulk:
            self.batch = NewPages(
                self.index,
                self.publish,
                rows=[
                    (OrganisationLocation, "locations"),
                    (ServiceAtLocation, "service_locations"),
                ],
                terms=[
                    (ServicePage, name) for name in ("categories", "target_groups", "languages")
                ],
            )
        for o_index, organisation in enumerate(self.organisations):
            o_path = (*self.root, self.offset + o_index)
            self.current = o_path
            key = ids.to_key(organisation["id"])
            if key in self.centre_keys or values_in.is_centre(organisation):
                self.summary.count("organisation", "skipped")
                self._tick(1 + len(organisation.get("services") or []))
                continue
            page, locations = self._organisation(organisation, o_path)
            self._tick(1)
            for s_index, service in enumerate(organisation.get("services") or []):
                s_path = (*o_path, "services", s_index)
                self.current = s_path
                self._service(service, s_path, page, locations)
                self._tick(1)
            if self.batch is not None and len(self.batch) >= self.flush_every:
                self._flush()
        if self.batch is not None:
            self._flush()

    def _flush(self) -> None:
        """Write the new pages held so far; their listing rows are rebuilt with the others'."""
        pages = self.batch.flush()
        protection.refresh([p.pk for p in pages if isinstance(p, OrganisationPage)])
        listing.rebuild([p.pk for p in pages if isinstance(p, ServicePage)])
        for page in pages:
            if isinstance(page, OrganisationPage):
                listing.rebuild_organisation(page.pk)

    def _tick(self, count: int) -> None:
        shared = self.shared
        shared.done += count
        if shared.progress:
            shared.progress(shared.done, shared.total)

    def _base(self, stored):
        """What an import compares with and edits: the latest draft when saving drafts and
        one exists, else the live content."""
        if not self.publish and stored.has_unpublished_changes and stored.latest_revision_id:
            revision = self.revisions.get(stored.latest_revision_id)
            if revision is not None:
                return stored.with_content_json(revision.content), True
            return stored.get_latest_revision_as_object(), True
        return stored, False

    def _save(self, page, created: bool, kind: str) -> None:
        self.touched.append(page)
        if created:
            # add_child logged "wagtail.create" (with the log context's user).
            revision = page.save_revision(user=self.user)
            if self.publish:
                revision.publish(user=self.user, skip_permission_checks=True)
            self.summary.count(kind, "created")
            return
        if not page.live:
            page.save()  # nothing public: the draft's content is the page's content
        # As the admin's edit view: the revision and its "wagtail.edit" entry.
        revision = page.save_revision(user=self.user, log_action=True)
        if self.publish:
            revision.publish(user=self.user, skip_permission_checks=True)
        self.summary.count(kind, "updated")

    # --- organisations --------------------------------------------------------------------------

    def _organisation_values(self, o: dict, path, created: bool) -> dict:
        w = self.warnings
        values = {
            "title": values_in.cut(o.get("name"), 255, (*path, "name"), w),
            "description": values_in.as_text(o.get("description")),
            "website": values_in.url(o.get("website"), (*path, "website"), w),
            "email": values_in.email(o.get("email"), (*path, "email"), w),
            "tax_id": values_in.checked(
                o.get("tax_id"),
                [tax_id_validator],
                (*path, "tax_id"),
                w,
                "a Greek tax number (ΑΦΜ)",
            ),
        }
        if not values["description"]:
            w.append(Problem((*path, "description"), "empty: the name is used instead"))
            values["description"] = values["title"]
        status = values_in.as_text(o.get("legal_status"))
        found = legal_status(status) or legal_status(values_in.as_text(o.get("name")))
        if found is not None:
            values["legal_status"] = found.value
        else:
            values["legal_status"] = DEFAULT_LEGAL_STATUS.value if created else KEEP
            outcome = f"stored as {DEFAULT_LEGAL_STATUS.value}" if created else "left out"
            w.append(
                Problem(
                    (*path, "legal_status"),
                    f"{status!r} is not one of ours ({', '.join(c.value for c in LegalStatus)}): "
                    f"{outcome}",
                )
            )
        phones = [
            p
            for p in (o.get("phones") or [])
            if isinstance(p, dict) and values_in.as_text(p.get("number"))
        ]
        all_phones = o.get("phones") or []
        for name, position in (("phone", 0), ("phone_alt", 1)):
            if position < len(phones):
                number = phones[position]
                values[name] = values_in.phone(
                    number["number"], (*path, "phones", all_phones.index(number), "number"), w
                )
            else:
                values[name] = ""
        if len(phones) > 2:
            w.append(Problem((*path, "phones"), "only two phone numbers are kept"))
        return values

    def _location_values(self, item: dict, path, fallback_name: str, reason: str = "") -> dict:
        """Our fields for an HSDS location; ``reason`` is why its address stays in the admin
        (``confidential_in``), or ''."""
        w = self.warnings
        kind = LocationKind.PHYSICAL
        if reason:
            kind = LocationKind.CONFIDENTIAL
            self.summary.decide(path, values_in.as_text(item.get("name")) or fallback_name, reason)
        elif item.get("location_type") == "virtual":
            kind = LocationKind.VIRTUAL
        values = {
            "name": values_in.cut(item.get("name") or fallback_name, 150, (*path, "name"), w),
            "kind": kind,
            "access_notes": values_in.as_text(item.get("transportation")),
            "accessibility": "\n\n".join(
                values_in.as_text(a.get("description"))
                for a in item.get("accessibility") or []
                if isinstance(a, dict) and values_in.as_text(a.get("description"))
            ),
        }
        number, p_index = values_in.first_phone(item.get("phones"))
        values["front_door_phone"] = (
            values_in.phone(number, (*path, "phones", p_index, "number"), w) if number else ""
        )
        addresses = [a for a in item.get("addresses") or [] if isinstance(a, dict)]
        address = next((a for a in addresses if a.get("address_type") == "physical"), None)
        address = address or (addresses[0] if addresses else None)
        a_path = (*path, "addresses", addresses.index(address) if address else 0)
        if address:
            country = values_in.as_text(address.get("country"))
            if country.lower() not in GREECE:
                w.append(
                    Problem(
                        (*a_path, "country"), f"{country!r}: the directory lists places in Greece"
                    )
                )
            street = ", ".join(
                p
                for p in (
                    values_in.as_text(address.get("address_1")),
                    values_in.as_text(address.get("address_2")),
                )
                if p
            )
            values["street_address"] = values_in.cut(street, 200, (*a_path, "address_1"), w)
            postcode = values_in.as_text(address.get("postal_code")).replace(" ", "")
            values["municipality"] = self._municipality(item, address, postcode, a_path)
            values["postcode"] = values_in.checked(
                postcode,
                [postcode_validator],
                (*a_path, "postal_code"),
                w,
                "a Greek postcode (five digits)",
            )
            if values["postcode"] is KEEP:
                w[-1] = Problem(
                    (*a_path, "postal_code"),
                    f"{address.get('postal_code')!r} is not a Greek postcode (five digits): left out",
                )
        else:
            # No address given (a virtual or confidential location, or a place known by its
            # coordinates): what is stored stays.
            values.update(street_address=KEEP, municipality=KEEP, postcode=KEEP)
        lat, lng = item.get("latitude"), item.get("longitude")
        if lat is None and lng is None:
            values.update(
                latitude=None if kind == LocationKind.PHYSICAL else KEEP,
                longitude=None if kind == LocationKind.PHYSICAL else KEEP,
            )
        elif lat is None or lng is None or not (34 <= lat <= 42 and 19 <= lng <= 30):
            w.append(
                Problem(
                    (*path, "latitude"),
                    f"({lat}, {lng}) is not a point in Greece (latitude 34–42, longitude "
                    "19–30): left out",
                )
            )
            values.update(latitude=KEEP, longitude=KEEP)
        else:
            values.update(latitude=float(lat), longitude=float(lng))
        converted = schedules_in.convert(
            item.get("schedules") or [], place((*path, "schedules")), self.today
        )
        self._warn_all(converted.warnings)
        values["opening_hours"] = converted.sessions
        values["hours_exceptions"] = converted.exceptions
        return values

    def _municipality(self, item: dict, address: dict, postcode: str, a_path) -> object:
        written = values_in.as_text(address.get("city")) or values_in.as_text(address.get("region"))
        lat, lng = item.get("latitude"), item.get("longitude")
        point = None
        if isinstance(lat, int | float) and isinstance(lng, int | float):
            point = (float(lat), float(lng))
        found = self.municipalities.normalise(written, postcode, self.locale.language_code, point)
        if written and not found.matched:
            self.warnings.append(
                Problem(
                    (*a_path, "city"),
                    f"{written!r} is not a municipality we know: kept as written",
                )
            )
        return values_in.cut(found.name, 120, (*a_path, "city"), self.warnings)

    def _warn_all(self, pairs) -> None:
        self.warnings.extend(Problem(_unplace(text), message) for text, message in pairs)

    def _organisation(self, o: dict, path):
        key = ids.to_key(o["id"])
        stored = self.orgs.get(key)
        created = stored is None
        values = self._organisation_values(o, path, created)
        # Every location the input gives, from the list or from a service at a location.
        given: dict[UUID, tuple[dict, tuple]] = {}
        for l_index, item in enumerate(o.get("locations") or []):
            given.setdefault(ids.to_key(item["id"]), (item, (*path, "locations", l_index)))
        for s_index, service in enumerate(o.get("services") or []):
            for a_index, link in enumerate(service.get("service_at_locations") or []):
                item = link.get("location")
                if isinstance(item, dict):
                    given.setdefault(
                        ids.to_key(item["id"]),
                        (
                            item,
                            (
                                *path,
                                "services",
                                s_index,
                                "service_at_locations",
                                a_index,
                                "location",
                            ),
                        ),
                    )
        if created:
            page = OrganisationPage(
                translation_key=key,
                locale=self.locale,
                slug=values_in.slug(values["title"], self.index_slugs, "organisation"),
                live=self.publish,
                has_unpublished_changes=not self.publish,
            )
            rows = []
        else:
            page, from_revision = self._base(stored)
            rows = (
                list(page.locations.all()) if from_revision else list(self.org_locations[page.pk])
            )
        before = changes.organisation_snapshot(page, rows)
        for name, value in values.items():
            if value is not KEEP:
                setattr(page, name, value)
        if created:
            page.draft_title = page.title
        by_key = {row.translation_key: row for row in rows}
        places = self.confidentiality.of(o)
        for l_key, (item, l_path) in given.items():
            row = by_key.get(l_key)
            if row is None:
                row = OrganisationLocation(translation_key=l_key, locale=self.locale)
                rows.append(row)
                by_key[l_key] = row
            reason = places.reason(l_key, item)
            location_values = self._location_values(item, l_path, values["title"], reason)
            if row.kind == LocationKind.CONFIDENTIAL and location_values["kind"] != (
                LocationKind.CONFIDENTIAL
            ):
                # Only centre staff, in the admin, can make a confidential address public.
                location_values["kind"] = LocationKind.CONFIDENTIAL
                self.summary.decide(
                    l_path, row.name, "already confidential here: an import never publishes it"
                )
            self._apply_location(row, location_values)
        after = changes.organisation_snapshot(page, rows)
        if created and self.batch is not None:
            page.locations = rows
            self.batch.add(page)
            self.summary.count("organisation", "created")
            hours = {
                row.translation_key: schedules_in.session_set(raw_children(row.opening_hours))
                for row in rows
            }
            # The rows get their ids when the batch is written; links hold the rows meanwhile.
            return page, {
                "ids": by_key,
                "hours": hours,
                "pending": set(),
                "path": page.path,
                "given": [item["id"] for item, _path in given.values()],
            }
        if created:
            page.locations = rows
            self.index.add_child(instance=page)
            self._save(page, True, "organisation")
        elif before != after:
            page.locations = rows
            self.summary.change(
                "organisation", page.title, changes.changed_parts("organisation", before, after)
            )
            self._save(page, False, "organisation")
        else:
            self.summary.count("organisation", "unchanged")
        locations = dict(
            OrganisationLocation.objects.filter(organisation_id=page.pk).values_list(
                "translation_key", "id"
            )
        )
        hours_by_key = {
            row.translation_key: schedules_in.session_set(raw_children(row.opening_hours))
            for row in rows
        }
        pending = {k for k in by_key if k not in locations}
        org_path = page.path if page.path else ""
        return page, {
            "ids": locations,
            "hours": hours_by_key,
            "pending": pending,
            "path": org_path,
            "given": [item["id"] for item, _path in given.values()],
        }

    @staticmethod
    def _apply_location(row, values: dict) -> None:
        confidential = values["kind"] == LocationKind.CONFIDENTIAL
        for name, value in values.items():
            if value is KEEP:
                continue
            if confidential and name not in ("name", "kind") and value in ("", None, []) and row.pk:
                # An export carries a confidential location's name and flag only: what the
                # admin holds (address, coordinates, front-door phone, hours) is never erased.
                continue
            if name in ("opening_hours", "hours_exceptions"):
                current = raw_children(getattr(row, name))
                same = (
                    schedules_in.session_set(current) == schedules_in.session_set(value)
                    if name == "opening_hours"
                    else schedules_in.exception_list(current) == schedules_in.exception_list(value)
                )
                if same:
                    continue
                kind = "session" if name == "opening_hours" else "exception"
                value = [{"type": kind, "value": v, "id": str(uuid4())} for v in value]
            setattr(row, name, value)

    # --- services -------------------------------------------------------------------------------

    def _service_values(self, s: dict, path) -> dict:
        w = self.warnings
        values = {
            "title": values_in.cut(s.get("name"), 255, (*path, "name"), w),
            "description": values_in.as_text(s.get("description")),
            "eligibility": values_in.as_text(s.get("eligibility_description")),
            "referral": values_in.as_text(s.get("referral_process")),
            "email": values_in.email(s.get("email"), (*path, "email"), w),
            "fees": values_in.cut(
                s.get("fees_description") or s.get("fees"), 250, (*path, "fees_description"), w
            ),
            "minimum_age": values_in.age(s.get("minimum_age"), (*path, "minimum_age"), w),
            "maximum_age": values_in.age(s.get("maximum_age"), (*path, "maximum_age"), w),
            "last_verified": date.fromisoformat(s["assured_date"])
            if s.get("assured_date")
            else None,
        }
        if not values["description"]:
            w.append(Problem((*path, "description"), "empty: the name is used instead"))
            values["description"] = values["title"]
        status = " ".join(values_in.as_text(s.get("status")).lower().replace("-", " ").split())
        values["status"] = STATUSES.get(status, ServiceStatus.INACTIVE)
        if status not in STATUSES:
            w.append(Problem((*path, "status"), f"{status!r} is stored as inactive"))
        alert = values_in.as_text(s.get("alert"))
        values["status_note"] = alert
        values["reopens_on"] = (
            values_in.reopening_date(alert, self.today)
            if values["status"] == ServiceStatus.TEMPORARILY_CLOSED
            else None
        )
        values["source_updated"] = values_in.day_of(s.get("last_modified"))
        low, high = values["minimum_age"], values["maximum_age"]
        if isinstance(low, int) and isinstance(high, int) and high < low:
            w.append(Problem((*path, "maximum_age"), "is below the minimum age: left out"))
            values["maximum_age"] = KEEP
        values["is_free"] = any(
            isinstance(option, dict) and option.get("amount") == 0
            for option in s.get("cost_options") or []
        )
        number, p_index = values_in.first_phone(s.get("phones"))
        values["phone"] = (
            values_in.phone(number, (*path, "phones", p_index, "number"), w) if number else ""
        )
        values["how_to_apply"] = values_in.as_text(s.get("application_process"))
        values["required_documents"] = [
            values_in.document(d["document"], (*path, "required_documents", i, "document"), w)
            for i, d in enumerate(s.get("required_documents") or [])
            if isinstance(d, dict) and values_in.as_text(d.get("document"))
        ]
        terms = {"categories": set(), "target_groups": set(), "languages": set()}
        for a_index, attribute in enumerate(s.get("attributes") or []):
            a_path = (*path, "attributes", a_index)
            term = attribute.get("taxonomy_term")
            if isinstance(term, dict) and term.get("id"):
                found = self.terms.term(term, (*a_path, "taxonomy_term"))
            elif attribute.get("taxonomy_term_id"):
                found = self.terms.by_id(
                    attribute["taxonomy_term_id"], (*a_path, "taxonomy_term_id")
                )
            else:
                found = None
            if isinstance(found, TargetGroup):
                terms["target_groups"].add(found.pk)
            elif isinstance(found, Category):
                terms["categories"].add(found.pk)
        for l_index, item in enumerate(s.get("languages") or []):
            if isinstance(item, dict):
                found = self.terms.language(item, (*path, "languages", l_index, "code"))
                if found is not None:
                    terms["languages"].add(found.pk)
        values["terms"] = terms
        return values

    def _links(self, s: dict, path, locations: dict) -> list[tuple[UUID, UUID, list, list]]:
        """(link key, location key, weekly blocks, dated exceptions) for each service at a
        location."""
        service_hours = None
        service_exceptions: list = []
        if s.get("schedules"):
            converted = schedules_in.convert(
                s["schedules"], place((*path, "schedules")), self.today
            )
            self._warn_all(converted.warnings)
            service_hours = converted.sessions
            service_exceptions = converted.exceptions
        links = []
        given_links = list(s.get("service_at_locations") or [])
        if not given_links and service_hours and len(locations["given"]) == 1:
            # Hours but no place: in an organisation with one place, the hours are there.
            only = locations["given"][0]
            given_links = [{"id": ids.derived(s["id"], only), "location_id": only}]
            self.warnings.append(
                Problem(
                    (*path, "service_at_locations"),
                    "none given: the service is taken to be offered at the organisation's "
                    "only location, with its hours",
                )
            )
        for a_index, link in enumerate(given_links):
            a_path = (*path, "service_at_locations", a_index)
            location_key = ids.to_key((link.get("location") or {}).get("id") or link["location_id"])
            own = None
            # The service's own closures (given for the service, or for it at this place).
            own_exceptions = list(service_exceptions)
            if link.get("schedules"):
                converted = schedules_in.convert(
                    link["schedules"], place((*a_path, "schedules")), self.today
                )
                self._warn_all(converted.warnings)
                own_exceptions += converted.exceptions
                own = converted.sessions or None
            if (
                own is None
                and service_hours
                and schedules_in.session_set(service_hours) != locations["hours"].get(location_key)
            ):
                own = service_hours  # the service's hours, unless they are just its location's
            if location_key in locations["pending"]:
                self.warnings.append(
                    Problem(
                        a_path,
                        "the location is new in the organisation's draft: link the service to "
                        "it after the organisation is published (or import with --publish)",
                    )
                )
                continue
            links.append((ids.to_key(link["id"]), location_key, own or [], own_exceptions))
        if service_hours is not None and not links:
            self.warnings.append(
                Problem(
                    (*path, "schedules"), "the service is offered at no location: hours left out"
                )
            )
        return links

    def _service(self, s: dict, path, organisation, locations) -> None:
        key = ids.to_key(s["id"])
        values = self._service_values(s, path)
        links = self._links(s, path, locations)
        stored = self.services.get(key)
        created = stored is None
        if created:
            taken = self.org_child_slugs[organisation.path]
            page = ServicePage(
                translation_key=key,
                locale=self.locale,
                slug=values_in.slug(values["title"], taken, "service"),
                live=self.publish,
                has_unpublished_changes=not self.publish,
            )
            rows = []
            terms = {"categories": set(), "target_groups": set(), "languages": set()}
        else:
            page, from_revision = self._base(stored)
            if from_revision:
                rows = list(page.service_locations.all())
                terms = {
                    name: {t.pk for t in getattr(page, name).all()}
                    for name in ("categories", "target_groups", "languages")
                }
            else:
                rows = list(self.service_links[page.pk])
                terms = self.terms_of[page.pk]
        # A new page is compared with nothing: no snapshots.
        before = None if created else changes.service_snapshot(page, rows, terms)
        wanted_terms = values.pop("terms")
        documents = values.pop("required_documents")
        how_to_apply = values.pop("how_to_apply")
        for name, value in values.items():
            if value is not KEEP:
                setattr(page, name, value)
        if values_in.plain(page.how_to_apply) != " ".join(how_to_apply.split()):
            page.how_to_apply = values_in.paragraphs(how_to_apply)
        if changes.documents(page.required_documents) != documents:
            page.required_documents = [
                {"type": "document", "value": {"name": name, "note": note}, "id": str(uuid4())}
                for name, note in documents
            ]
        by_key = {row.translation_key: row for row in rows}
        new_rows = []
        for link_key, location_key, own, own_exceptions in links:
            row = by_key.get(link_key) or ServiceAtLocation(
                translation_key=link_key, locale=self.locale
            )
            if schedules_in.exception_list(
                raw_children(row.hours_exceptions)
            ) != schedules_in.exception_list(own_exceptions):
                row.hours_exceptions = [
                    {"type": "exception", "value": v, "id": str(uuid4())} for v in own_exceptions
                ]
            location = locations["ids"][location_key]
            if isinstance(location, OrganisationLocation):
                row.location = location  # a new organisation's, written with it
            else:
                row.location_id = location
            if schedules_in.session_set(
                raw_children(row.opening_hours)
            ) != schedules_in.session_set(own):
                row.opening_hours = [
                    {"type": "session", "value": v, "id": str(uuid4())} for v in own
                ]
            new_rows.append(row)
        after = None if created else changes.service_snapshot(page, new_rows, wanted_terms)
        if created:
            page.draft_title = page.title
        if not created and before == after:
            self.summary.count("service", "unchanged")
            return
        if not created:
            self.summary.change(
                "service", page.title, changes.changed_parts("service", before, after)
            )
        page.categories = self.terms.objects(Category, wanted_terms["categories"])
        page.target_groups = self.terms.objects(TargetGroup, wanted_terms["target_groups"])
        page.languages = self.terms.objects(ServiceLanguage, wanted_terms["languages"])
        page.service_locations = new_rows
        if created and organisation.pk is None:
            page.set_search_text()  # as ServicePage.save would
            self.batch.add(page, organisation)
            self.summary.count("service", "created")
            return
        if created:
            organisation.add_child(instance=page)
        self._save(page, created, "service")


def _unplace(text: str) -> tuple:
    """``"organizations[0].locations[1].schedules[2]"`` back into a path tuple."""
    path: list = []
    for name, number in re.findall(r"([^.\[\]]+)|\[(\d+)\]", text):
        path.append(int(number) if number else name)
    return tuple(path)


place = validation.place
