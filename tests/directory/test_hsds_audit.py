"""An import is in the audit log as an editor's work would be (decision 0015): each page it
creates or changes has its revision and its "wagtail.create" / "wagtail.edit" /
"wagtail.publish" entries, each taxonomy term it creates a revision and a "wagtail.create"
entry, all under the account named with ``import_hsds --user`` and one log-context id per
import, whether the pages were written in bulk or one by one."""

import io
import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from wagtail.models import ModelLogEntry, PageLogEntry, Revision

from directory.hsds import importer
from directory.models import Category, OrganisationPage, ServicePage, TargetGroup
from tests.directory.test_hsds_import import small_org

pytestmark = pytest.mark.django_db


@pytest.fixture
def importer_account(django_user_model):
    return django_user_model.objects.create_user("data-officer", "data@example.org", "x")


def run(tmp_path, organisations, *options) -> None:
    path = tmp_path / "input.json"
    path.write_text(json.dumps(organisations), encoding="utf-8")
    call_command("import_hsds", str(path), *options, stdout=io.StringIO(), stderr=io.StringIO())


def entries(page) -> list[tuple[str, int | None]]:
    found = PageLogEntry.objects.filter(page_id=page.pk).values_list("action", "user_id")
    return sorted(found, key=lambda entry: (entry[0], entry[1] or 0))


@pytest.mark.parametrize("bulk", [True, False], ids=["in bulk", "one by one"])
def test_pages_an_import_creates_are_logged_under_the_account_that_ran_it(
    tmp_path, importer_account, monkeypatch, bulk
):
    monkeypatch.setattr(importer._Run, "bulk", bulk)
    org = small_org()
    run(tmp_path, [org], "--publish", "--user", "data-officer")
    organisation = OrganisationPage.objects.get(translation_key=org["id"])
    service = ServicePage.objects.get(translation_key=org["services"][0]["id"])
    me = importer_account.pk
    for page in (organisation, service):
        assert entries(page) == [("wagtail.create", me), ("wagtail.publish", me)]
        (revision,) = Revision.page_revisions.filter(object_id=str(page.pk))
        assert revision.user_id == me
    one_import = PageLogEntry.objects.filter(user_id=me).values_list("uuid", flat=True)
    assert len(set(one_import)) == 1 and None not in one_import


def test_a_change_an_import_makes_is_an_edit_with_its_revision(tmp_path, importer_account):
    org = small_org()
    run(tmp_path, [org], "--publish")
    service = ServicePage.objects.get(translation_key=org["services"][0]["id"])
    org["services"][0]["description"] = "Νέα περιγραφή από την εισαγωγή."
    run(tmp_path, [org], "--user", "data-officer")
    edit = PageLogEntry.objects.get(page_id=service.pk, action="wagtail.edit")
    assert edit.user_id == importer_account.pk
    assert edit.revision.content["description"] == "Νέα περιγραφή από την εισαγωγή."
    assert edit.revision.user_id == importer_account.pk
    run(tmp_path, [org], "--publish", "--user", "data-officer")
    assert ("wagtail.publish", importer_account.pk) in entries(service)


def test_terms_an_import_creates_have_a_revision_and_a_log_entry(tmp_path, importer_account):
    run(tmp_path, [small_org()], "--user", "data-officer")  # files its service under new terms
    for model, code in ((Category, "parenting"), (TargetGroup, "single-parents")):
        term = model.objects.get(code=code, locale__language_code="el")
        assert term.revisions.count() == 1
        assert term.latest_revision.user_id == importer_account.pk
        entry = ModelLogEntry.objects.get(
            content_type=ContentType.objects.get_for_model(model),
            object_id=str(term.pk),
            action="wagtail.create",
        )
        assert entry.user_id == importer_account.pk


def test_an_unknown_account_is_refused_before_anything_is_imported(tmp_path):
    org = small_org()
    with pytest.raises(CommandError, match="there is no account 'nobody'"):
        run(tmp_path, [org], "--user", "nobody")
    assert not OrganisationPage.objects.filter(translation_key=org["id"]).exists()
