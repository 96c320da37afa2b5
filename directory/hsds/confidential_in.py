"""Which of an imported organisation's places keep their address in the admin, and why
(decision 0018). HSDS 3.0 has no confidentiality field, so the file's words and the kind of
help offered decide, by ``directory.protection``'s rules:

- the place is flagged confidential, or its own name, description, directions or address say
  the address is secret, or its name says it is a shelter for people at risk;
- a service offered there is of a protected kind (a shelter by its words, or filed under a
  protected category or a term named like a shelter);
- for a place where the file offers no service: the organisation offers a protected service,
  or its description says its address is secret.

Each reason is a sentence for the import report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from directory import protection
from directory.hsds import ids, values_in
from directory.models import Category


def place_reason(item: dict) -> str:
    """Why the location itself says its address is not public, or ''."""
    if values_in.is_confidential(item):
        return "marked confidential in the file"
    words = protection.name_says_confidential(values_in.as_text(item.get("name")))
    if words:
        return f"its name says «{words}»"
    for name in ("description", "transportation"):
        words = protection.says_confidential(values_in.as_text(item.get(name)))
        if words:
            return f"its {name} says «{words}»"
    words = protection.describes_shelter(values_in.as_text(item.get("name")))
    if words:
        return f"its name says it is a shelter («{words}»)"
    for address in item.get("addresses") or []:
        if isinstance(address, dict):
            words = protection.says_confidential(
                values_in.as_text(address.get("address_1")),
                values_in.as_text(address.get("address_2")),
            )
            if words:
                return f"its address says «{words}»"
    return ""


@dataclass
class OrganisationPlaces:
    """One organisation's reasons: for the whole of it, per place, and its linked places."""

    whole: str = ""
    per_place: dict[UUID, str] = field(default_factory=dict)
    linked: set[UUID] = field(default_factory=set)

    def reason(self, key: UUID, item: dict) -> str:
        return (
            place_reason(item)
            or self.per_place.get(key)
            or ("" if key in self.linked else self.whole)
        )


class Confidentiality:
    """The rules of one import: the protected categories are read once."""

    def __init__(self, terms):
        self.terms = terms
        self.paths = protection.protected_paths()

    def of(self, organisation: dict) -> OrganisationPlaces:
        found = OrganisationPlaces()
        words = protection.says_confidential(values_in.as_text(organisation.get("description")))
        if words:
            found.whole = f"the organisation's description says «{words}»"
        for service in organisation.get("services") or []:
            if not isinstance(service, dict):
                continue
            reason = self.service_reason(service)
            found.whole = found.whole or reason
            for link in service.get("service_at_locations") or []:
                location = (link or {}).get("location") or {}
                location_id = location.get("id") or (link or {}).get("location_id")
                if not location_id:
                    continue
                key = ids.to_key(location_id)
                found.linked.add(key)
                if reason:
                    found.per_place.setdefault(key, reason)
        return found

    def service_reason(self, service: dict) -> str:
        """Why a service is of a protected kind, or ''."""
        name = values_in.as_text(service.get("name"))
        words = protection.describes_shelter(
            name,
            values_in.as_text(service.get("alternate_name")),
            values_in.as_text(service.get("description")),
        )
        if words:
            return f"the service «{name}» is a shelter («{words}»)"
        for attribute in service.get("attributes") or []:
            term = (attribute or {}).get("taxonomy_term") if isinstance(attribute, dict) else None
            if not isinstance(term, dict):
                continue
            category = self.terms.existing(term)
            if isinstance(category, Category) and protection.path_is_protected(
                category.tree_path, self.paths
            ):
                return f"the service «{name}» is filed under «{category.name}», a protected kind"
            words = protection.describes_shelter(values_in.as_text(term.get("name")))
            if words:
                return f"the service «{name}» is filed under «{term.get('name')}» («{words}»)"
        return ""
