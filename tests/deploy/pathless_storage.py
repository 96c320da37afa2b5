"""An in-memory stand-in for a bucket: like django-storages' S3Storage it gives each file a
URL but no path on disk, which is what decides how Wagtail serves a document."""

import os

from django.core.files.storage import InMemoryStorage


class PathlessMemoryStorage(InMemoryStorage):
    def path(self, name):
        raise NotImplementedError("This backend doesn't support absolute paths.")

    def _relative_path(self, name):
        # InMemoryStorage files its contents by path internally; only callers outside lose it.
        return os.path.relpath(InMemoryStorage.path(self, name), self.location)
