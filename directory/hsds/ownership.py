"""Before an HSDS import writes anything: do the input's ids name rows it may write?

An organisation's id must not be a page of another kind; a service's id must be a service of
the same organisation; a location's id must not be another organisation's location; a service
at a location named only by ``location_id`` must find that location. Everything is read in a
few bulk queries, and each problem comes back with its place in the input. The rows found are
kept for the importer, which updates them (``importer._Run``).
"""

from __future__ import annotations

from dataclasses import dataclass

from wagtail.models import Page

from directory.hsds import ids
from directory.hsds.validation import Problem
from directory.models import CentrePage, OrganisationLocation


@dataclass
class Ownership:
    problems: list[Problem]
    centre_keys: set  # organisations that are community centres: the importer skips them
    org_pages: dict  # translation key -> the stored organisation page's row
    service_pages: dict  # translation key -> the stored service page's row, same owner


def check(organisations: list[dict], locale, root: tuple) -> Ownership:
    problems = []
    org_keys, service_keys, location_keys = {}, {}, {}
    for o_index, organisation in enumerate(organisations):
        o_path = (*root, o_index)
        org_keys[ids.to_key(organisation["id"])] = o_path
        for l_index, location in enumerate(organisation.get("locations") or []):
            location_keys.setdefault(
                ids.to_key(location["id"]), ((*o_path, "locations", l_index), o_index)
            )
        for s_index, service in enumerate(organisation.get("services") or []):
            service_keys[ids.to_key(service["id"])] = ((*o_path, "services", s_index), o_index)
            for a_index, link in enumerate(service.get("service_at_locations") or []):
                location = link.get("location") or {}
                location_id = location.get("id") or link.get("location_id")
                location_keys.setdefault(
                    ids.to_key(location_id),
                    ((*o_path, "services", s_index, "service_at_locations", a_index), o_index),
                )
    centre_keys = set(
        CentrePage.objects.filter(translation_key__in=list(org_keys)).values_list(
            "translation_key", flat=True
        )
    )
    pages = {
        row["translation_key"]: row
        for row in Page.objects.filter(
            locale=locale, translation_key__in=[*org_keys, *service_keys]
        ).values("id", "translation_key", "content_type__model", "path", "depth")
    }
    org_pages = {}
    for key, path in org_keys.items():
        row = pages.get(key)
        if key in centre_keys or row is None:
            continue
        if row["content_type__model"] != "organisationpage":
            problems.append(
                Problem((*path, "id"), "this id belongs to a page that is not an organisation")
            )
        else:
            org_pages[key] = row
    service_pages = {}
    for key, (path, o_index) in service_keys.items():
        row = pages.get(key)
        if row is None:
            continue
        owner_key = ids.to_key(organisations[o_index]["id"])
        owner = org_pages.get(owner_key)
        if row["content_type__model"] != "servicepage":
            problems.append(
                Problem((*path, "id"), "this id belongs to a page that is not a service")
            )
        elif owner is None or not row["path"].startswith(owner["path"]):
            if owner_key not in centre_keys:
                problems.append(
                    Problem((*path, "id"), "this service belongs to another organisation")
                )
        else:
            service_pages[key] = row
    owners = dict(
        OrganisationLocation.objects.filter(
            locale=locale, translation_key__in=list(location_keys)
        ).values_list("translation_key", "organisation__translation_key")
    )
    for key, (path, o_index) in location_keys.items():
        owner_key = ids.to_key(organisations[o_index]["id"])
        if key in owners and owners[key] != owner_key and owner_key not in centre_keys:
            problems.append(Problem((*path, "id"), "this location belongs to another organisation"))
    # A service at a location named only by location_id must find it.
    for o_index, organisation in enumerate(organisations):
        given = {ids.to_key(loc["id"]) for loc in organisation.get("locations") or []}
        for s_index, service in enumerate(organisation.get("services") or []):
            for a_index, link in enumerate(service.get("service_at_locations") or []):
                if link.get("location") or not link.get("location_id"):
                    given.update(
                        {ids.to_key(link["location"]["id"])} if link.get("location") else set()
                    )
                    continue
                key = ids.to_key(link["location_id"])
                if key not in given and key not in owners:
                    problems.append(
                        Problem(
                            (
                                *root,
                                o_index,
                                "services",
                                s_index,
                                "service_at_locations",
                                a_index,
                                "location_id",
                            ),
                            "no such location in this organisation",
                        )
                    )
    return Ownership(problems, centre_keys, org_pages, service_pages)
