"""`manage.py backup` and `manage.py restore` (decision 0015): what an operator relies on when
something has gone wrong. A restore brings back, exactly, the pages and the uploaded files
deleted or changed since the backup; an archive that is damaged, tampered with, made on the
other database or by newer code is refused with the reason and changes nothing.

Everything runs on a scratch copy of the test database (``tests.scratch_database``): a
restore commits and, on PostgreSQL, replaces every table, which the shared test database
must never see. The suite runs on SQLite and on PostgreSQL (CI runs both), so each database's
own dump and restore path (the SQLite backup API; pg_dump and pg_restore) is exercised.
"""

from __future__ import annotations

import io
import json
import stat
import tarfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageLogEntry, Revision

from directory.models import ServicePage
from home.models import StandardPage
from tests.scratch_database import connected_to, scratch_copy

DOCUMENT_BYTES = "Πρόγραμμα εργαστηρίων, Δεκέμβριος 2026\n".encode() * 50


# The test database is set up as for any database test; each test then works on the copy.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def scratch_settings(django_db_setup, django_db_blocker, tmp_path_factory):
    with scratch_copy(django_db_blocker, tmp_path_factory.mktemp("backup"), "backup") as settings:
        yield settings


def upload_files() -> dict:
    """A document and an image, uploaded as an editor would (their files in the storage)."""
    document = get_document_model().objects.create(
        title="Πρόγραμμα εργαστηρίων",
        file=ContentFile(DOCUMENT_BYTES, name="programma-ergastirion.txt"),
    )
    picture = io.BytesIO()
    PILImage.new("RGB", (12, 8), (200, 30, 40)).save(picture, "PNG")
    image = get_image_model().objects.create(
        title="Αφίσα", file=ContentFile(picture.getvalue(), name="afisa.png")
    )
    return {"document": document.pk, "image": image.pk}


@pytest.fixture(scope="module")
def backup(scratch_settings, django_db_blocker, tmp_path_factory) -> tuple[Path, dict]:
    """The archive ``make backup`` writes of the copy, after the uploads."""
    folder = tmp_path_factory.mktemp("archives")
    with django_db_blocker.unblock(), connected_to(scratch_settings):
        uploads = upload_files()
        call_command("backup", output=str(folder), stdout=io.StringIO())
    (made,) = folder.glob("koinotita-*.tar.gz")
    return made, uploads


@pytest.fixture
def scratch(db, scratch_settings):
    with connected_to(scratch_settings) as connection:
        yield connection


def state() -> dict:
    """What a restore must bring back: every page's title and state, each page's number of
    revisions, the audit log, the documents and images with their files' bytes."""
    documents = list(get_document_model().objects.order_by("pk").values_list("pk", "title", "file"))
    images = list(get_image_model().objects.order_by("pk").values_list("pk", "title", "file"))
    return {
        "pages": list(
            Page.objects.order_by("pk").values_list(
                "pk", "title", "live", "path", "latest_revision_id"
            )
        ),
        "revisions": dict(
            Revision.page_revisions.values_list("object_id")
            .annotate(count=Count("pk"))
            .values_list("object_id", "count")
        ),
        "log entries": PageLogEntry.objects.count(),
        "documents": documents,
        "images": images,
        "files": {name: _bytes(name) for _pk, _title, name in documents + images},
    }


def _bytes(name: str) -> bytes | None:
    if not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as handle:
        return handle.read()


def test_a_restore_brings_back_exactly_what_was_changed_and_deleted_since(backup, scratch):
    archive, uploads = backup
    before = state()
    assert before["files"] and all(before["files"].values())  # the uploads are in the archive

    about = StandardPage.objects.get(slug="schetika", locale__language_code="el")
    about.title = "Σχετικά (αλλαγμένο μετά το αντίγραφο)"
    about.save_revision().publish()
    ServicePage.objects.filter(locale__language_code="el").order_by("pk").first().delete()
    document = get_document_model().objects.get(pk=uploads["document"])
    image = get_image_model().objects.get(pk=uploads["image"])
    gone = [document.file.name, image.file.name]
    document.delete()
    image.delete()
    # Wagtail deletes the files in a task given a fresh storage built from its settings; the
    # test's in-memory storage is not shared that way, so the files are deleted here.
    for name in gone:
        default_storage.delete(name)
    assert state() != before

    out = io.StringIO()
    call_command("restore", str(archive), yes=True, stdout=out)

    assert state() == before
    assert _bytes(gone[0]) == DOCUMENT_BYTES
    assert "Restored the database" in out.getvalue()
    restored_about = StandardPage.objects.get(pk=about.pk)
    assert restored_about.title == "Σχετικά με την πύλη"
    assert restored_about.get_latest_revision().as_object().title == "Σχετικά με την πύλη"


def test_the_archive_holds_a_dump_the_media_and_a_manifest_readable_only_by_its_owner(
    backup, scratch
):
    archive, _uploads = backup
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600  # personal data, password hashes
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["vendor"] == scratch.vendor
    assert manifest["database_file"] in names
    assert any(name.startswith("media/documents/") for name in names)
    assert any(name.startswith("media/original_images/") for name in names)
    assert set(manifest["files"]) == set(names) - {"manifest.json"}
    assert manifest["created_at"] and manifest["app_version"] == "0.1.0"
    assert "0001_initial" in manifest["migrations"]["home"]


def repack(archive: Path, target: Path, *, manifest=None, member=None) -> Path:
    """A copy of ``archive`` with the manifest changed by ``manifest(dict)`` or one member's
    bytes changed by ``member = (name prefix, function)``, the other checksums left alone."""
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as copy:
        for info in source.getmembers():
            data = source.extractfile(info).read()
            if info.name == "manifest.json" and manifest:
                content = json.loads(data)
                manifest(content)
                data = json.dumps(content).encode()
            elif member and info.name.startswith(member[0]):
                data = member[1](data)
            info.size = len(data)
            copy.addfile(info, io.BytesIO(data))
    return target


def truncated(archive: Path, target: Path) -> Path:
    target.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    return target


def flipped(archive: Path, target: Path) -> Path:
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    target.write_bytes(bytes(data))
    return target


def not_an_archive(_archive: Path, target: Path) -> Path:
    target.write_text("not a backup")
    return target


def flip_byte_100(data: bytes) -> bytes:
    return data[:100] + bytes([data[100] ^ 0xFF]) + data[101:]


def future(content: dict) -> None:
    content["migrations"]["home"].append("9999_from_newer_code")


def other_database(content: dict) -> None:
    content["vendor"] = "sqlite" if content["vendor"] == "postgresql" else "postgresql"


DAMAGE = {
    "truncated": (truncated, "is damaged"),
    "a flipped byte": (flipped, "is damaged"),
    "a media file changed": (
        lambda a, t: repack(a, t, member=("media/documents/", lambda data: data + b"!")),
        "checksum does not match the manifest for media/documents/",
    ),
    "the dump changed": (
        lambda a, t: repack(a, t, member=("database/", flip_byte_100)),
        "checksum does not match the manifest for database/",
    ),
    "made by newer code": (
        lambda a, t: repack(a, t, manifest=future),
        "made by newer code: .*home.9999_from_newer_code",
    ),
    "made on the other database": (
        lambda a, t: repack(a, t, manifest=other_database),
        "database; this portal runs on",
    ),
    "not an archive": (not_an_archive, "is damaged"),
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_or_unfit_archive_is_refused_and_nothing_changes(
    backup, scratch, tmp_path, damage
):
    archive, _uploads = backup
    make, reason = DAMAGE[damage]
    bad = make(archive, tmp_path / "bad.tar.gz")
    about = StandardPage.objects.get(slug="schetika", locale__language_code="el")
    about.title = f"Σχετικά ({damage})"
    about.save_revision().publish()  # differs from the archive: a restore would undo it
    before = state()

    with pytest.raises(CommandError, match=f"Restore refused, nothing was changed: .*{reason}"):
        call_command("restore", str(bad), yes=True, stdout=io.StringIO())

    assert state() == before


def test_a_restore_asks_first_and_an_answer_other_than_yes_changes_nothing(
    backup, scratch, monkeypatch
):
    archive, _uploads = backup
    about = StandardPage.objects.get(slug="schetika", locale__language_code="el")
    about.title = "Σχετικά (πριν την ερώτηση)"
    about.save_revision().publish()
    before = state()
    asked = []
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or "no")

    with pytest.raises(CommandError, match="cancelled; nothing was changed"):
        call_command("restore", str(archive), stdout=io.StringIO())

    assert "Type 'yes' to restore" in asked[0]
    assert state() == before
