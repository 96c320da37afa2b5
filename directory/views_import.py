"""Importing partners' data from the admin, for centre staff who do not use a shell.

Upload an HSDS JSON/NDJSON file or the CSV template → a preview of what would be created,
changed and left alone, every warning and every address kept confidential, with what changes
in each page → confirm to write it (drafts for review, or published for those who may
publish) → the result, recorded in the site history. The same engine as ``import_hsds``
(``directory.hsds.importer``): the preview is that import run for real in a transaction that
is then rolled back, so what it shows is what confirming writes.

The uploaded text waits for confirmation in a private temporary file named by a random token
held in the uploader's session; nothing else can read it, and it is deleted once used.
"""

from __future__ import annotations

import secrets
import tempfile
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.models import Locale

from directory.hsds import csv_format, reading
from directory.hsds.importer import ImportProblems, import_parts
from directory.models import DirectoryIndexPage

SESSION_KEY = "directory-import"
MAX_BYTES = 50 * 1024 * 1024
LANGUAGES = [("el", _("Greek")), ("en", _("English"))]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("HSDS 3.0 JSON or NDJSON, or the CSV template (docs/hsds-csv-import.md)."),
    )
    language = forms.ChoiceField(label=_("Language of the file"), choices=LANGUAGES)
    publish = forms.BooleanField(
        label=_("Publish at once"),
        required=False,
        help_text=_("Otherwise every change is saved as a draft for review."),
    )
    mapping = forms.FileField(
        label=_("Mapping of categories (optional)"),
        required=False,
        help_text=_("A CSV of two columns: their term (id, code or name) and our code."),
    )

    def __init__(self, *args, may_publish: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_publish:
            del self.fields["publish"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 50 MB."))
        return upload


class Rollback(Exception):
    """Leaves the preview's transaction without writing anything."""


def _directory(language: str):
    locale = Locale.objects.filter(language_code=language).first()
    return DirectoryIndexPage.objects.filter(locale=locale).first() if locale else None


def import_rights(user, language: str) -> tuple[bool, bool]:
    """(may import, may publish) in this language's directory."""
    index = _directory(language)
    if index is None:
        return False, False
    tester = index.permissions_for_user(user)
    return tester.can_add_subpage(), tester.can_publish_subpage()


def _folder() -> Path:
    folder = Path(getattr(settings, "IMPORT_UPLOAD_DIR", "") or tempfile.gettempdir())
    folder = folder / "koinotita-imports"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def _text(upload) -> str:
    raw = upload.read()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise reading.Unreadable(str(_("The file is not UTF-8 text."))) from error


def _run(pending: dict, user, *, write: bool):
    """The import's summary, or (None, problems). Without ``write`` nothing stays."""
    path = _folder() / pending["token"]
    parts, where = None, str
    try:
        if pending["kind"] != "csv" and reading.looks_like_ndjson(path):
            parts = reading.ndjson_parts(path)  # a part at a time, in bounded memory
        else:
            organisations, where = reading.read_organisations(
                path.read_text(encoding="utf-8"), pending["kind"]
            )
            parts = _whole(organisations)
    except reading.Unreadable as error:
        return None, [str(error)]
    except csv_format.CsvProblems as error:
        return None, [str(p) for p in error.problems]
    options = {
        "language": pending["language"],
        "publish": pending["publish"] and write,
        "user": user,
        "term_mapping": pending.get("mapping") or None,
    }
    try:
        if write:
            return (import_parts(parts, **options), where), []
        with transaction.atomic():
            summary = import_parts(parts, **options)
            raise Rollback
    except Rollback:
        return (summary, where), []
    except reading.Unreadable as error:
        return None, [str(error)]
    except ImportProblems as error:
        return None, [where(p) for p in error.problems]


def _whole(organisations: list[dict]):
    """The parts of a file read at once: one part, the whole file."""
    return lambda: [organisations]


def import_partners(request):
    """Upload → preview → confirm → result (one view: the step is in the POST)."""
    may_import = any(import_rights(request.user, code)[0] for code, _label in LANGUAGES)
    if not may_import:
        raise PermissionDenied
    may_publish = any(import_rights(request.user, code)[1] for code, _label in LANGUAGES)
    context = {"title": _("Import partners' data")}
    step = request.POST.get("step") if request.method == "POST" else None
    if step in ("confirm", "cancel"):
        pending = request.session.get(SESSION_KEY)
        if not pending or pending.get("token") != request.POST.get("token"):
            context["form"] = ImportForm(may_publish=may_publish)
            context["problems"] = [_("This import has expired: upload the file again.")]
            return TemplateResponse(request, "directory/admin/import.html", context)
        if step == "cancel":
            _forget(request)
            context["form"] = ImportForm(may_publish=may_publish)
            context["cancelled"] = True
            return TemplateResponse(request, "directory/admin/import.html", context)
        found, problems = _run(pending, request.user, write=True)
        _forget(request)
        if problems:
            context.update(form=ImportForm(may_publish=may_publish), problems=problems)
            return TemplateResponse(request, "directory/admin/import.html", context)
        summary, where = found
        index = _directory(pending["language"])
        log(
            instance=index,
            action="directory.import",
            user=request.user,
            data={"file": pending["name"], "lines": summary.lines()},
        )
        context.update(_summary_context(summary, where), done=True, pending=pending)
        return TemplateResponse(request, "directory/admin/import.html", context)
    form = ImportForm(request.POST or None, request.FILES or None, may_publish=may_publish)
    if request.method == "POST" and form.is_valid():
        language = form.cleaned_data["language"]
        allowed, publish_allowed = import_rights(request.user, language)
        if not allowed:
            raise PermissionDenied
        try:
            text = _text(form.cleaned_data["file"])
            mapping = (
                reading.read_mapping(_text(form.cleaned_data["mapping"]))
                if form.cleaned_data.get("mapping")
                else {}
            )
        except reading.Unreadable as error:
            context.update(form=form, problems=[str(error)])
            return TemplateResponse(request, "directory/admin/import.html", context)
        _forget(request)
        token = secrets.token_urlsafe(24)
        (_folder() / token).write_text(text, encoding="utf-8")
        pending = {
            "token": token,
            "name": form.cleaned_data["file"].name[:200],
            "kind": reading.kind_of(form.cleaned_data["file"].name),
            "language": language,
            "publish": bool(form.cleaned_data.get("publish")) and publish_allowed,
            "mapping": mapping,
        }
        found, problems = _run(pending, request.user, write=False)
        if problems:
            (_folder() / token).unlink(missing_ok=True)
            context.update(form=form, problems=problems)
            return TemplateResponse(request, "directory/admin/import.html", context)
        request.session[SESSION_KEY] = pending
        context.update(_summary_context(*found), preview=True, pending=pending)
        return TemplateResponse(request, "directory/admin/import.html", context)
    context["form"] = form
    return TemplateResponse(request, "directory/admin/import.html", context)


def _forget(request) -> None:
    pending = request.session.pop(SESSION_KEY, None)
    if pending:
        (_folder() / pending["token"]).unlink(missing_ok=True)


def _summary_context(summary, where) -> dict:
    return {
        "counts": [(kind, summary.counts.get(kind, {})) for kind in ("organisation", "service")],
        "confidential": [where(d.as_problem()) for d in summary.confidential],
        "changes": summary.changes,
        "warnings": [where(w) for w in summary.warnings[:500]],
        "warning_count": len(summary.warnings),
    }
