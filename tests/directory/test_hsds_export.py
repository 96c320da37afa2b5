"""``export_hsds`` writes what the API serves, valid against the official schemas, and an
export imported into an empty directory reproduces it."""

import json

import jsonschema
import pytest
from django.core.management import call_command

from directory.models import OrganisationPage
from tests.hsds_schemas import schema

pytestmark = pytest.mark.django_db

BASE = "https://koinotita.example"
DERIVED = {"url", "uri", "last_modified"}  # where a page lives and when it was published


def export(path, *args):
    call_command("export_hsds", "--output", str(path), "--base-url", BASE, *args)
    text = path.read_text(encoding="utf-8")
    if "--format" in args:
        return [json.loads(line) for line in text.splitlines()]
    return json.loads(text)


def without_derived(value):
    if isinstance(value, dict):
        return {k: without_derived(v) for k, v in value.items() if k not in DERIVED}
    if isinstance(value, list):
        return [without_derived(v) for v in value]
    return value


@pytest.mark.parametrize("language", ["el", "en"])
def test_the_export_is_what_the_api_serves_and_validates(client, tmp_path, language):
    exported = export(tmp_path / "x.ndjson", "--format", "ndjson", "--language", language)
    assert (
        len(exported)
        == client.get("/api/hsds/organizations", {"lang": language}).json()["total_items"]
    )
    validator = jsonschema.Draft202012Validator(
        schema("organization"), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    for organisation in exported:
        validator.validate(organisation)
    first = exported[-1]
    served = client.get(
        f"/api/hsds/organizations/{first['id']}", {"lang": language, "full_service": "true"}
    ).json()
    assert without_derived(served) == without_derived(first)


def test_export_then_import_into_an_empty_directory_reproduces_it(tmp_path):
    before = export(tmp_path / "before.json")
    partners = OrganisationPage.objects.filter(locale__language_code="el")
    assert partners.count() > 50
    for page in list(partners):
        page.delete()
    assert not OrganisationPage.objects.filter(locale__language_code="el").exists()
    call_command("import_hsds", str(tmp_path / "before.json"), "--publish", verbosity=0)
    after = export(tmp_path / "after.json")
    assert without_derived(after) == without_derived(before)
    # And once more: nothing changes the second time.
    call_command("import_hsds", str(tmp_path / "after.json"), "--publish", verbosity=0)
    assert without_derived(export(tmp_path / "again.json")) == without_derived(before)
