"""The OpenAPI 3.1 description of our HSDS API, built from the same limits ``params`` enforces.

Served at ``/api/hsds/openapi.json`` and committed as ``docs/api/hsds-openapi.json`` (a test
keeps the two equal: ``python manage.py export_hsds_openapi`` rewrites the file). It follows
the official HSDS 3.0 ``openapi.json`` and says where we differ: the ``lat``/``lng``/``lang``
parameters, ``distance_km`` and ``referral_process`` extensions, and ``minimal`` items that
keep ``name`` and ``status`` so they still validate against ``service_list``.
"""

from directory.hsds import params

HSDS = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/compiled/"


def _parameter(name, description, schema, where="query", required=False):
    return {
        "name": name,
        "in": where,
        "required": required,
        "description": description,
        "schema": schema,
    }


PARAMETERS = {
    "lang": _parameter(
        "lang",
        "Language of the content: el (default) or en. Without it, Accept-Language decides.",
        {"type": "string", "enum": list(params.LANGUAGES)},
    ),
    "search": _parameter(
        "search",
        "Words that must all appear; accents, capitals, final sigma and Greeklish are ignored.",
        {"type": "string", "maxLength": params.MAX_SEARCH},
    ),
    "page": _parameter(
        "page",
        "Page number, from 1.",
        {"type": "integer", "minimum": 1, "maximum": params.MAX_PAGE},
    ),
    "per_page": _parameter(
        "per_page",
        f"Items per page; values above {params.MAX_PER_PAGE} are capped at it.",
        {"type": "integer", "minimum": 1, "default": params.DEFAULT_PER_PAGE},
    ),
    "format": _parameter(
        "format",
        "json (pages) or ndjson (every matching item, one per line, streamed).",
        {"type": "string", "enum": ["json", "ndjson"]},
    ),
    "taxonomy_term_id": _parameter(
        "taxonomy_term_id",
        "Only items filed under this term (a category includes its sub-categories).",
        {"type": "string", "format": "uuid"},
    ),
    "taxonomy_id": _parameter(
        "taxonomy_id",
        "Only items with any term of this taxonomy.",
        {"type": "string", "format": "uuid"},
    ),
    "organization_id": _parameter(
        "organization_id",
        "Only services of this organisation (a community centre or a partner).",
        {"type": "string", "format": "uuid"},
    ),
    "modified_after": _parameter(
        "modified_after",
        "Only items published on or after this ISO 8601 date or date-time (Athens time when "
        "no offset is given).",
        {"type": "string", "format": "date-time"},
    ),
    "minimal": _parameter(
        "minimal",
        "Items with id, name, status and last_modified only.",
        {"type": "boolean"},
    ),
    "full": _parameter("full", "Fully nested items.", {"type": "boolean"}),
    "full_service": _parameter(
        "full_service", "Organisations with fully nested services.", {"type": "boolean"}
    ),
    "postcode": _parameter(
        "postcode",
        "A Greek postcode (five digits): results nearest it first, within proximity.",
        {"type": "string", "pattern": "^[0-9]{5}$"},
    ),
    "proximity": _parameter(
        "proximity",
        f"Kilometres from postcode or lat/lng (default {params.DEFAULT_PROXIMITY_KM}).",
        {"type": "number", "minimum": 0.1, "maximum": params.MAX_PROXIMITY_KM},
    ),
    "lat": _parameter(
        "lat",
        "Extension: latitude of the origin, with lng, instead of a postcode.",
        {"type": "number", "minimum": 34, "maximum": 42},
    ),
    "lng": _parameter(
        "lng",
        "Extension: longitude of the origin, with lat.",
        {"type": "number", "minimum": 19, "maximum": 30},
    ),
    "parent_id": _parameter(
        "parent_id", "Only terms whose parent is this term.", {"type": "string", "format": "uuid"}
    ),
    "top_only": _parameter("top_only", "Only terms without a parent.", {"type": "boolean"}),
}

LIST_COMMON = ["lang", "search", "page", "per_page", "format"]

ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["status", "message"],
            "properties": {
                "status": {"type": "integer"},
                "message": {"type": "string"},
                "parameter": {"type": "string"},
            },
        }
    },
}


def hsds_object(schema: str) -> dict:
    """An object of the official schema, named but not referenced: a client (or a fuzzer)
    reading this document must never have to fetch anything from another site."""
    return {"type": "object", "description": f"Valid against the HSDS 3.0 schema {HSDS}{schema}"}


def _refs(names):
    return [{"$ref": f"#/components/parameters/{name}"} for name in names]


def _errors(*codes):
    described = {
        "400": "A parameter is malformed; the body names it and says what is allowed.",
        "404": "Nothing published has this id in this language.",
        "429": "Too many requests from this address; Retry-After says when to try again.",
    }
    return {
        code: {
            "description": described[code],
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }
        for code in codes
    }


def _list(summary, item_schema, extra):
    return {
        "get": {
            "summary": summary,
            "parameters": _refs(LIST_COMMON + extra),
            "responses": {
                "200": {
                    "description": "One page (HSDS Page), or NDJSON with format=ndjson.",
                    "headers": {
                        "ETag": {"schema": {"type": "string"}},
                        "Cache-Control": {"schema": {"type": "string"}},
                    },
                    "content": {
                        "application/json": {
                            "schema": {
                                "allOf": [{"$ref": "#/components/schemas/Page"}],
                                "properties": {
                                    "contents": {
                                        "type": "array",
                                        "items": hsds_object(item_schema),
                                    }
                                },
                            }
                        },
                        "application/x-ndjson": {"schema": {"type": "string"}},
                    },
                },
                **_errors("400", "429"),
            },
        }
    }


def _detail(summary, schema, extra=()):
    return {
        "get": {
            "summary": summary,
            "parameters": [
                {
                    "name": "id",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string", "format": "uuid"},
                },
                *_refs(["lang", *extra]),
            ],
            "responses": {
                "200": {
                    "description": "The object, fully nested.",
                    "content": {"application/json": {"schema": hsds_object(schema)}},
                },
                **_errors("400", "404", "429"),
            },
        }
    }


def document() -> dict:
    filters = ["taxonomy_term_id", "taxonomy_id", "organization_id", "modified_after"]
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Koinotita — HSDS 3.0 open data API",
            "version": "1.0.0",
            "summary": "Greek community centres and the partner services they refer to.",
            "description": (
                "The directory of community centres (Κέντρα Κοινότητας) and their partner "
                "services as Open Referral HSDS 3.0. Read-only, no key needed; CORS is open "
                "for GET. Only published content is served, in Greek or English (lang or "
                "Accept-Language); the same id names the same object in both. Confidential "
                "locations (e.g. shelters) never carry an address or coordinates. See "
                "docs/api/hsds.md."
            ),
            "license": {
                "name": "Creative Commons Attribution 4.0",
                "url": "https://creativecommons.org/licenses/by/4.0/",
            },
        },
        "servers": [{"url": "/api/hsds"}],
        "paths": {
            "/": {
                "get": {
                    "summary": "HSDS version, profile and the URL of this document.",
                    "responses": {"200": {"description": "Meta information."}},
                }
            },
            "/services": _list(
                "Services: the centres' Α/Β/Γ service groups, then partner services.",
                "service_list.json",
                [*filters, "minimal", "full"],
            ),
            "/services/{id}": _detail("A fully nested service.", "service.json"),
            "/organizations": _list(
                "Organisations: community centres, then partner organisations.",
                "organization_list.json",
                ["full", "full_service", "modified_after"],
            ),
            "/organizations/{id}": _detail(
                "A fully nested organisation.", "organization.json", ["full_service"]
            ),
            "/service_at_locations": _list(
                "Services at locations; with postcode or lat/lng, nearest first.",
                "service_at_location_list.json",
                [*filters, "postcode", "proximity", "lat", "lng"],
            ),
            "/service_at_locations/{id}": _detail(
                "A fully nested service at a location.", "service_at_location.json"
            ),
            "/taxonomies": _list("Our taxonomies.", "../taxonomy.json", []),
            "/taxonomies/{id}": _detail("A taxonomy.", "../taxonomy.json"),
            "/taxonomy_terms": _list(
                "Taxonomy terms.",
                "../taxonomy_term.json",
                ["taxonomy_id", "parent_id", "top_only"],
            ),
            "/taxonomy_terms/{id}": _detail("A taxonomy term.", "../taxonomy_term.json"),
        },
        "components": {
            "parameters": PARAMETERS,
            "schemas": {
                "Page": {
                    "type": "object",
                    "required": [
                        "total_items",
                        "total_pages",
                        "page_number",
                        "size",
                        "first_page",
                        "last_page",
                        "empty",
                        "contents",
                    ],
                    "properties": {
                        "total_items": {"type": "integer"},
                        "total_pages": {"type": "integer"},
                        "page_number": {"type": "integer"},
                        "size": {"type": "integer"},
                        "first_page": {"type": "boolean"},
                        "last_page": {"type": "boolean"},
                        "empty": {"type": "boolean"},
                        "contents": {"type": "array"},
                    },
                },
                "Error": ERROR,
            },
        },
    }
