"""schema.org JSON-LD for a centre: a GovernmentOffice per branch with hours and position.

Search engines and assistants read this to answer "is it open?"; it carries the same facts as
the page and nothing more.
"""

import json

from django.utils.safestring import mark_safe


def branch_office(page, view) -> dict:
    branch = view.branch
    office = {
        "@type": "GovernmentOffice",
        "name": branch.name,
        "parentOrganization": {"@type": "GovernmentOrganization", "name": page.municipality},
        "openingHoursSpecification": branch.opening_hours_engine.schema_org(),
    }
    if branch.street_address:
        office["address"] = {
            "@type": "PostalAddress",
            "streetAddress": branch.street_address,
            "postalCode": branch.postcode,
            "addressRegion": page.region,
            "addressCountry": "GR",
        }
    if branch.has_coordinates:
        office["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": round(branch.latitude, 6),
            "longitude": round(branch.longitude, 6),
        }
    if branch.phone:
        office["telephone"] = branch.phone
    if branch.email:
        office["email"] = branch.email
    return office


def centre_jsonld(page, branch_views) -> str:
    """The JSON-LD document, escaped so that no value can close the script element."""
    offices = [branch_office(page, view) for view in branch_views]
    main, *others = offices or [{"@type": "GovernmentOffice", "name": page.title}]
    document = {
        "@context": "https://schema.org",
        **main,
        "name": page.title,
        "description": page.summary,
        "url": page.full_url,
    }
    if others:
        document["department"] = others
    text = json.dumps(document, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)  # noqa: S308 - escaped above for a <script> context
