"""The document form the admin uses everywhere a document is uploaded (the add and edit
pages, the multiple uploader, the chooser's upload tab): Wagtail's own, plus a check that the
content is what the extension says (``home.uploads.sniffing``).

Selected by ``WAGTAILDOCS_DOCUMENT_FORM_BASE``; the size limit is Wagtail's own
(``WAGTAILDOCS_MAX_UPLOAD_SIZE``) and the allowed extensions are ``WAGTAILDOCS_EXTENSIONS``.
"""

import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

from home.uploads.sniffing import content_matches


class DocumentForm(BaseDocumentForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None or "file" not in self.changed_data:
            return upload
        extension = os.path.splitext(upload.name)[1].lstrip(".").lower()
        allowed = getattr(settings, "WAGTAILDOCS_EXTENSIONS", None)
        if allowed is not None and extension not in allowed:
            return upload  # Wagtail's own validator refuses it and names the allowed types
        if not content_matches(upload, extension):
            raise ValidationError(
                _(
                    "This file's content is not a .%(extension)s file, whatever its name says. "
                    "Save it in that format (or rename it to what it really is) and upload it "
                    "again."
                ),
                code="content_mismatch",
                params={"extension": extension},
            )
        return upload
