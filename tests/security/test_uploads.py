"""Upload policy (docs/decisions/0013): only raster images and the listed document formats,
within their size and pixel limits, whose content is what their name says; documents are
always served through Django, so a private collection stays private, and anything but a PDF
is downloaded rather than shown."""

import pytest
from django.conf import settings
from django.core.files.storage import InMemoryStorage, Storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

from tests.security import media

pytestmark = pytest.mark.django_db

Image = get_image_model()
Document = get_document_model()


def root_collection():
    return Collection.get_first_root_node()


def add_image(client, name, content):
    return client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Φωτογραφία",
            "collection": root_collection().pk,
            "file": SimpleUploadedFile(name, content),
        },
    )


def add_images_at_once(client, name, content):
    """Wagtail's multiple uploader: one file per request, answered in JSON."""
    response = client.post(
        reverse("wagtailimages:add_multiple"),
        {"collection": root_collection().pk, "files[]": SimpleUploadedFile(name, content)},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code == 200
    return response.json()


def add_document(client, name, content):
    return client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Έντυπο",
            "collection": root_collection().pk,
            "file": SimpleUploadedFile(name, content),
        },
    )


def content_mismatch(extension: str) -> str:
    """The refusal of a disguised document, in the request's language."""
    message = (
        "This file's content is not a .%(extension)s file, whatever its name says. "
        "Save it in that format (or rename it to what it really is) and upload it again."
    )
    return gettext(message) % {"extension": extension}


def file_errors(response) -> str:
    assert response.status_code == 200, response.status_code  # the form again, with errors
    return " ".join(response.context["form"].errors.get("file", []))


# --- images ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "format_name"),
    [("photo.png", "PNG"), ("photo.jpg", "JPEG"), ("photo.webp", "WEBP"), ("photo.gif", "GIF")],
)
def test_an_allowed_image_is_stored(admin_client, name, format_name):
    response = add_image(admin_client, name, media.image(format_name))
    assert response.status_code == 302
    assert Image.objects.filter(title="Φωτογραφία").count() == 1


def test_the_multiple_uploader_stores_an_allowed_image(admin_client):
    answer = add_images_at_once(admin_client, "photo.png", media.png())
    assert answer["success"] is True
    assert Image.objects.count() == 1


def test_an_svg_is_refused_with_the_allowed_formats_named(admin_client):
    errors = file_errors(add_image(admin_client, "logo.svg", media.SVG))
    assert "Not a supported image format" in errors
    assert "PNG" in errors and "SVG" not in errors
    answer = add_images_at_once(admin_client, "logo.svg", media.SVG)
    assert answer["success"] is False and "Not a supported image format" in answer["error_message"]
    assert not Image.objects.exists()


def test_an_svg_renamed_png_is_refused(admin_client):
    errors = file_errors(add_image(admin_client, "logo.png", media.SVG))
    assert errors  # not a PNG: Wagtail reads the content, not the name
    assert not Image.objects.exists()


def test_an_image_over_the_size_limit_is_refused(admin_client):
    limit = settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
    padded = media.png() + b"\0" * (limit + 1)  # a valid PNG with trailing bytes
    errors = file_errors(add_image(admin_client, "huge.png", padded))
    assert "This file is too big" in errors and "10.0\xa0MB" in errors
    assert not Image.objects.exists()


def test_an_image_over_the_pixel_limit_is_refused(admin_client):
    # 8000 x 6000 = 48 million pixels, a few kilobytes as a one-bit PNG.
    small_file = media.png((8000, 6000), mode="1")
    assert len(small_file) < 100_000
    errors = file_errors(add_image(admin_client, "wide.png", small_file))
    assert "too many pixels (48000000)" in errors
    assert str(settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS) in errors
    assert not Image.objects.exists()


def test_a_decompression_bomb_is_refused(admin_client):
    bomb = media.png_declaring(50_000, 50_000)  # 2.5 billion pixels in under 100 bytes
    errors = file_errors(add_image(admin_client, "bomb.png", bomb))
    assert "too many pixels" in errors
    answer = add_images_at_once(admin_client, "bomb.png", bomb)
    assert answer["success"] is False and "too many pixels" in answer["error_message"]
    assert not Image.objects.exists()


# --- documents ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("apofasi.pdf", media.PDF),
        ("wres.csv", media.CSV),
        ("odigies.txt", "Οδηγίες <προσοχή> για την αίτηση.\n".encode()),
        ("aitisi.docx", media.docx()),
        ("aitisi.odt", media.odt()),
    ],
)
def test_an_allowed_document_is_stored(admin_client, name, content):
    response = add_document(admin_client, name, content)
    assert response.status_code == 302, file_errors(response)
    assert Document.objects.get(title="Έντυπο").file.read() == content


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("apofasi.pdf", media.HTML),  # a web page named .pdf
        ("wres.csv", media.HTML),
        ("odigies.txt", media.SVG),
        ("aitisi.docx", media.HTML),
        ("aitisi.docx", media.zipped({"payload.html": media.HTML})),  # a zip, not a .docx
        ("aitisi.odt", media.docx()),
        ("pinakas.xlsx", media.docx()),
        ("wres.csv", media.png()),  # binary
    ],
)
def test_a_document_whose_content_is_not_its_type_is_refused(admin_client, name, content):
    errors = file_errors(add_document(admin_client, name, content))
    extension = name.rsplit(".", 1)[1]
    assert content_mismatch(extension) in errors
    assert not Document.objects.exists()


@pytest.mark.parametrize("name", ["page.html", "logo.svg", "script.js", "setup.exe"])
def test_a_document_type_not_on_the_list_is_refused(admin_client, name):
    errors = file_errors(add_document(admin_client, name, media.HTML))
    assert "is not allowed" in errors and "pdf" in errors
    assert not Document.objects.exists()


def test_the_multiple_uploader_refuses_a_disguised_document(admin_client):
    response = admin_client.post(
        reverse("wagtaildocs:add_multiple"),
        {
            "collection": root_collection().pk,
            "files[]": SimpleUploadedFile("apofasi.pdf", media.HTML),
        },
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    answer = response.json()
    assert answer["success"] is False
    # In the editor's admin language: this fixture's superuser reads the admin in English.
    with translation.override("en"):
        assert content_mismatch("pdf") in answer["error_message"]
    assert not Document.objects.exists()


def test_the_multiple_uploader_refuses_in_the_editors_language(client, superuser):
    """A Greek-speaking editor reads the refusal in Greek in the multiple uploader too."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(superuser)
    profile.preferred_language = "el"
    profile.save()
    client.force_login(superuser)
    response = client.post(
        reverse("wagtaildocs:add_multiple"),
        {
            "collection": root_collection().pk,
            "files[]": SimpleUploadedFile("apofasi.pdf", media.HTML),
        },
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    with translation.override("el"):
        greek = content_mismatch("pdf")
    assert greek.startswith("Το περιεχόμενο αυτού του αρχείου")
    assert greek in response.json()["error_message"]


def test_a_document_over_the_size_limit_is_refused(admin_client):
    limit = settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
    errors = file_errors(add_document(admin_client, "scan.pdf", media.PDF + b"\0" * limit))
    assert "This file is too big" in errors and "20.0\xa0MB" in errors
    assert not Document.objects.exists()


# --- serving documents ----------------------------------------------------------------------


def stored_document(name, content, collection=None):
    return Document.objects.create(
        title=name,
        collection=collection or root_collection(),
        file=SimpleUploadedFile(name, content),
    )


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


class RemoteStorage(Storage):
    """Like S3: files have a URL and no local path (Wagtail's default for such a storage is
    to redirect to that URL, past every check). Kept in memory."""

    def __init__(self):
        self.inner = InMemoryStorage()

    def _open(self, name, mode="rb"):
        return self.inner._open(name, mode)

    def _save(self, name, content):
        return self.inner._save(name, content)

    def exists(self, name):
        return self.inner.exists(name)

    def delete(self, name):
        self.inner.delete(name)

    def size(self, name):
        return self.inner.size(name)

    def url(self, name):
        return f"https://storage.example/{name}"


@pytest.fixture(params=["remote", "filesystem"])
def storage(request, tmp_path):
    """Both kinds of storage the portal runs on: remote (S3-compatible) and a local disk."""
    backend = {
        "remote": f"{__name__}.RemoteStorage",
        "filesystem": "django.core.files.storage.FileSystemStorage",
    }[request.param]
    storages = {**settings.STORAGES, "default": {"BACKEND": backend}}
    with override_settings(STORAGES=storages, MEDIA_ROOT=tmp_path):
        yield request.param


def test_documents_are_served_by_django_never_by_redirect(client, storage):
    document = stored_document("wres.csv", media.CSV)
    response = client.get(document.url)
    assert response.status_code == 200
    assert body(response) == media.CSV


@pytest.mark.parametrize(
    ("name", "content", "disposition"),
    [
        ("apofasi.pdf", media.PDF, "inline"),
        ("wres.csv", media.CSV, "attachment"),
        ("odigies.txt", b"plain text", "attachment"),
        ("aitisi.docx", media.docx(), "attachment"),
    ],
)
def test_only_a_pdf_opens_in_the_browser(client, storage, name, content, disposition):
    response = client.get(stored_document(name, content).url)
    assert response.status_code == 200
    assert response.get("Content-Disposition", "inline").split(";")[0] == disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"


def test_a_private_collections_document_is_not_served_to_visitors(client, storage, superuser):
    private = root_collection().add_child(name="Εσωτερικά έγγραφα")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    secret = b"%PDF-1.4\n% minutes of a closed meeting\n%%EOF\n"
    document = stored_document("praktika.pdf", secret, collection=private)

    response = client.get(document.url)
    assert response.status_code == 302 and "login" in response["Location"]
    assert secret not in body(response)

    client.force_login(superuser)
    response = client.get(document.url)
    assert response.status_code == 200 and body(response) == secret


def test_a_password_protected_collection_asks_for_the_password(client, storage):
    private = root_collection().add_child(name="Με κωδικό")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.PASSWORD, password="x"
    )
    secret = b"%PDF-1.4\n% budget draft\n%%EOF\n"
    response = client.get(stored_document("draft.pdf", secret, collection=private).url)
    assert secret not in body(response)
    assert b"password" in body(response).lower()
