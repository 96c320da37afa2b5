"""Media on S3-compatible storage by settings, checked without any network: the settings
switch, the storage django-storages builds from it, and documents that stay behind Django's
privacy checks whatever the storage."""

import json
import os
import subprocess
import sys

import pytest
from django.core.files.base import ContentFile
from django.utils.module_loading import import_string
from wagtail.documents import get_document_model

from portal.settings.deployment import media_storage
from tests.deploy.conftest import ROOT

BUCKET = {
    "AWS_STORAGE_BUCKET_NAME": "koinotita-media",
    "AWS_S3_ENDPOINT_URL": "https://s3.example.test",
    "AWS_S3_REGION_NAME": "eu-central-1",
}


def test_without_a_bucket_media_stay_on_the_local_disk():
    assert media_storage({}) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


@pytest.fixture
def fake_credentials(monkeypatch):
    """boto3 signs nothing without credentials; these never leave this process."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test-key-id")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test-secret")


def build(environ):
    entry = media_storage(environ)
    return import_string(entry["BACKEND"])(**entry.get("OPTIONS", {}))


def test_a_bucket_makes_media_private_objects_in_it(fake_credentials):
    storage = build(BUCKET)
    assert type(storage).__name__ == "S3Storage"
    assert storage.bucket_name == "koinotita-media"
    assert storage.endpoint_url == "https://s3.example.test"
    assert storage.default_acl is None  # nothing made public by the upload itself
    assert storage.file_overwrite is False  # two uploads of "poster.jpg" stay two files
    # A rendition's address is plain and stable (cacheable); it works only where the bucket's
    # policy or the CDN publishes images/.
    url = storage.url("images/poster.fill-300x200.webp")
    assert url == "https://s3.example.test/koinotita-media/images/poster.fill-300x200.webp"


def test_a_custom_domain_serves_renditions_through_the_cdn(fake_credentials):
    storage = build({**BUCKET, "AWS_S3_CUSTOM_DOMAIN": "media.example.gr"})
    assert storage.url("images/a.jpg") == "https://media.example.gr/images/a.jpg"


def production_settings(**environ) -> dict:
    """The production settings as a web machine with this environment would load them."""
    code = (
        "import json; from django.conf import settings; print(json.dumps({"
        "'default': settings.STORAGES['default'], "
        "'documents': settings.WAGTAILDOCS_SERVE_METHOD, "
        "'purge': settings.WAGTAILFRONTENDCACHE}))"
    )
    keep = {name: value for name, value in os.environ.items() if not name.startswith("AWS_")}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **keep,
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "SECRET_KEY": "x" * 50,
            "ALLOWED_HOSTS": "portal.example.gr",
            **environ,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_settings_switch_to_the_bucket_only_when_one_is_named():
    assert production_settings()["default"]["BACKEND"] == (
        "django.core.files.storage.FileSystemStorage"
    )
    loaded = production_settings(**BUCKET)
    assert loaded["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert loaded["default"]["OPTIONS"]["bucket_name"] == "koinotita-media"
    assert loaded["default"]["OPTIONS"]["querystring_auth"] is False
    assert loaded["documents"] == "serve_view"


@pytest.fixture
def document_in_storage_without_a_path(db, settings):
    """A document in a storage that, like a bucket, has a URL for each file but no path on
    disk: that is when Wagtail would otherwise send visitors to the storage's address."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "tests.deploy.pathless_storage.PathlessMemoryStorage"},
    }
    Document = get_document_model()
    document = Document(title="Leaflet")
    document.file.save("leaflet.txt", ContentFile(b"the leaflet"), save=False)
    document.save()
    return document


@pytest.mark.django_db
def test_documents_are_streamed_by_django_not_handed_to_the_storage(
    client, document_in_storage_without_a_path
):
    response = client.get(document_in_storage_without_a_path.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"the leaflet"


@pytest.mark.django_db
def test_without_the_setting_wagtail_would_redirect_to_the_storage(
    client, settings, document_in_storage_without_a_path
):
    """Why ``WAGTAILDOCS_SERVE_METHOD`` is set: Wagtail's default for such a storage."""
    del settings.WAGTAILDOCS_SERVE_METHOD
    response = client.get(document_in_storage_without_a_path.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/media/documents/")
