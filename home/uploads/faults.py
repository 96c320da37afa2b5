"""A failed upload leaves nothing behind and says so.

Storing an upload can fail half-way: the disk (or the temporary directory, or the bucket) is
full, the storage is unreachable, or the database refuses the row after the file was already
written. Left alone, Django answers 500 and may keep a file no row refers to, or a row (an
image, its thumbnail rendition) whose request failed. For every request that carries files,
this middleware

- reads the request body first, so a full temporary directory is caught here;
- runs the view in one transaction and records every file the request writes (through any
  storage: core/adaptations/storage_writes.py);
- if the view fails, rolls the transaction back, deletes the files it wrote, logs the error
  for the operators and answers with a sentence an editor can act on: 507 when storage is
  full, 503 for other storage or database failures (the admin's upload scripts get the JSON
  Wagtail's own uploader shows). Any other exception still becomes Django's 500, after the
  same clean-up.

Requests without files (every page edit) are not touched.
"""

import errno
import logging

from django.db import DatabaseError, transaction
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from core.adaptations.storage_writes import recording, recording_writes

logger = logging.getLogger(__name__)

NO_SPACE = {errno.ENOSPC, errno.EDQUOT}
FAILURE_ATTRIBUTE = "_koinotita_upload_failure"


def remove(written: list) -> None:
    for storage, name in reversed(written):
        try:
            storage.delete(name)
        except Exception:  # noqa: BLE001 - clean up the rest; the operators are told
            logger.exception("Could not remove %s after a failed upload", name)


def out_of_space(error: BaseException) -> bool:
    return isinstance(error, OSError) and error.errno in NO_SPACE


def failure_message(error: BaseException) -> str:
    if out_of_space(error):
        return _(
            "The file could not be stored because the server has run out of space. Nothing "
            "was saved. Please tell the portal's administrators."
        )
    if isinstance(error, DatabaseError):
        return _(
            "The upload could not be saved because the database did not answer. Nothing was "
            "saved; please try again in a few minutes."
        )
    return _(
        "The file could not be stored. Nothing was saved; please try again in a few minutes, "
        "and tell the portal's administrators if it happens again."
    )


def wants_json(request) -> bool:
    return request.headers.get(
        "x-requested-with"
    ) == "XMLHttpRequest" or "application/json" in request.headers.get("accept", "")


def failure_response(request, error: BaseException) -> HttpResponse:
    message = failure_message(error)
    if wants_json(request):
        # Wagtail's multiple uploader shows ``error_message`` only from a 200 answer (like
        # its own refusal of an invalid file); a chooser's modal shows ``html``.
        html = render_to_string("wagtailadmin/upload_failed_fragment.html", {"message": message})
        return JsonResponse({"success": False, "error_message": message, "html": html})
    status = 507 if out_of_space(error) else 503
    return TemplateResponse(
        request, "wagtailadmin/upload_failed.html", {"message": message}, status=status
    ).render()


class _Undo(Exception):
    """Leaves the transaction so that it rolls back."""


class UploadFaultMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "POST" or request.content_type != "multipart/form-data":
            return self.get_response(request)
        try:
            carries_files = bool(request.FILES)
        except OSError as error:  # the temporary directory is full or unwritable
            logger.error("An upload could not be received: %s", error)
            return failure_response(request, error)
        if not carries_files:
            return self.get_response(request)
        with recording_writes() as written:
            try:
                with transaction.atomic():
                    response = self.get_response(request)
                    if hasattr(request, FAILURE_ATTRIBUTE) or response.status_code >= 500:
                        raise _Undo
            except _Undo:
                remove(written)
                error = getattr(request, FAILURE_ATTRIBUTE, None)
                if error is not None:
                    response = failure_response(request, error)
        return response

    def process_exception(self, request, exception):
        if not recording() or not isinstance(exception, (OSError, DatabaseError)):
            return None  # not a guarded upload, or not a storage fault: Django's 500
        logger.error("An upload failed and was undone: %s", exception, exc_info=exception)
        setattr(request, FAILURE_ATTRIBUTE, exception)
        # A placeholder: the answer is rendered after the rollback, when the database
        # (PostgreSQL refuses every query in a failed transaction) can be read again.
        return HttpResponse(status=503)
