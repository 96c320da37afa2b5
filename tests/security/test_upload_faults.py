"""A full disk or a failed upload leaves no orphan records: when storage
or the database fails half-way through an upload, the editor reads what happened, no image,
document, rendition or pending-upload row is kept, and no file is left in storage."""

import errno

import pytest
from django.core.files.storage import InMemoryStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection
from django.urls import reverse
from django.utils.html import escape
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.models import Rendition
from wagtail.models import Collection, UploadedFile

from home.uploads.faults import failure_message
from tests.security import media

pytestmark = pytest.mark.django_db

Image = get_image_model()
Document = get_document_model()


def no_space() -> str:
    """The message the admin shows for a full disk, in the active language (Greek)."""
    return failure_message(OSError(errno.ENOSPC, "No space left on device"))


def no_database() -> str:
    return failure_message(OperationalError("the connection is gone"))


def stored_files(storage=default_storage, directory="") -> set[str]:
    try:
        folders, files = storage.listdir(directory)
    except FileNotFoundError:
        return set()
    found = {f"{directory}{name}" for name in files}
    for folder in folders:
        found |= stored_files(storage, f"{directory}{folder}/")
    return found


def rows() -> tuple[int, ...]:
    return (
        Image.objects.count(),
        Document.objects.count(),
        Rendition.objects.count(),
        UploadedFile.objects.count(),
    )


@pytest.fixture
def disk_full(monkeypatch):
    """Storage refuses every write as a full disk does; ``only`` limits it to some paths."""

    def fill(only=""):
        original = InMemoryStorage._save

        def _save(self, name, content):
            if name.startswith(only):
                raise OSError(errno.ENOSPC, "No space left on device")
            return original(self, name, content)

        monkeypatch.setattr(InMemoryStorage, "_save", _save)

    return fill


def upload(client, route, name, content, ajax=False):
    collection = Collection.get_first_root_node().pk
    data = {"title": "Αρχείο", "collection": collection, "file": SimpleUploadedFile(name, content)}
    if ajax:
        data = {"collection": collection, "files[]": SimpleUploadedFile(name, content)}
    headers = {"x-requested-with": "XMLHttpRequest"} if ajax else {}
    return client.post(reverse(route), data, headers=headers)


@pytest.mark.parametrize(
    ("route", "name", "content"),
    [
        ("wagtailimages:add", "photo.png", media.png()),
        ("wagtaildocs:add", "apofasi.pdf", media.PDF),
    ],
)
def test_a_full_disk_is_reported_and_nothing_is_kept(admin_client, disk_full, route, name, content):
    before, files_before = rows(), stored_files()
    disk_full()
    response = upload(admin_client, route, name, content)
    assert response.status_code == 507
    assert "wagtailadmin/upload_failed.html" in [t.name for t in response.templates]
    assert escape(no_space()) in response.content.decode()
    assert rows() == before
    assert stored_files() == files_before


@pytest.mark.parametrize(
    ("route", "name", "content"),
    [
        ("wagtailimages:add_multiple", "photo.png", media.png()),
        ("wagtaildocs:add_multiple", "apofasi.pdf", media.PDF),
    ],
)
def test_the_multiple_uploader_shows_the_reason(admin_client, disk_full, route, name, content):
    before = rows()
    disk_full()
    answer = upload(admin_client, route, name, content, ajax=True).json()
    assert answer["success"] is False
    assert no_space() in answer["error_message"]
    assert rows() == before


def test_a_thumbnail_that_cannot_be_stored_undoes_the_whole_upload(admin_client, disk_full):
    """The multiple uploader makes thumbnails of the duplicates it finds. If the disk fills
    then, the image just stored (row and file) goes too: the editor is told to try again, and
    a retry finds no half-uploaded copy."""
    first = upload(admin_client, "wagtailimages:add_multiple", "photo.png", media.png(), True)
    assert first.json()["success"] is True
    before, files_before = rows(), stored_files()
    disk_full(only="images/")  # renditions; originals go to original_images/
    answer = upload(admin_client, "wagtailimages:add_multiple", "again.png", media.png(), True)
    assert answer.json()["success"] is False
    assert rows() == before
    assert stored_files() == files_before


def refuse_inserts_into(table):
    def wrapper(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("INSERT") and table in sql:
            raise OperationalError("the database went away")
        return execute(sql, params, many, context)

    return connection.execute_wrapper(wrapper)


@pytest.mark.parametrize(
    ("route", "name", "content", "table"),
    [
        ("wagtailimages:add", "photo.png", media.png(), "wagtailimages_image"),
        ("wagtaildocs:add", "apofasi.pdf", media.PDF, "wagtaildocs_document"),
        ("wagtailimages:add", "photo.png", media.png(), "wagtailsearch_indexentry"),
    ],
)
def test_a_file_stored_before_the_database_failed_is_removed(
    admin_client, route, name, content, table
):
    before, files_before = rows(), stored_files()
    with refuse_inserts_into(table):
        response = upload(admin_client, route, name, content)
    assert response.status_code == 503
    assert escape(no_database()) in response.content.decode()
    assert rows() == before
    assert stored_files() == files_before  # the file written before the INSERT is gone


def test_a_full_temporary_directory_is_reported(admin_client, monkeypatch):
    """Uploads above FILE_UPLOAD_MAX_MEMORY_SIZE are received into a temporary file first."""
    from django.conf import settings
    from django.core.files import uploadedfile

    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(uploadedfile.tempfile, "NamedTemporaryFile", full_disk)
    big = media.PDF + b"\0" * settings.FILE_UPLOAD_MAX_MEMORY_SIZE
    before = rows()
    response = upload(admin_client, "wagtaildocs:add", "scan.pdf", big)
    assert response.status_code == 507
    assert escape(no_space()) in response.content.decode()
    assert rows() == before


def test_requests_without_files_are_not_wrapped(admin_client, monkeypatch):
    """A page edit (multipart, no file) runs as before: the guard is only for uploads."""
    from home.uploads import faults

    monkeypatch.setattr(faults, "recording_writes", None)  # would fail if it were used
    response = admin_client.post(reverse("wagtailadmin_account"), {}, format="multipart")
    assert response.status_code in (200, 302)
