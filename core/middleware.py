"""What reaches a view is usable: query values cleaned, and a path argument the database cannot
take answered as "not found".

**CleanQueryMiddleware**: every query-string value cleaned before any view, form or template
sees it.

A control character or a non-character typed into the finder or the directory would otherwise
come back inside ``value="…"`` and leave the page invalid HTML, or reach a database query.
Cleaning the query string once, here, covers every view (ours, Wagtail's and Django's) and
every parameter added later; the bounds and types each view needs are in ``core.params``.
Form posts are left as sent: a text area's new lines are content, and forms validate their own
fields.

``next``, where a screen returns to, is a path on this site or nothing: anything else ("-1",
"abc") is dropped here, because Django's ``redirect()`` reads a word without a slash or a dot
as the name of a route and fails with a server error where Wagtail redirects to it. In the
admin, a parameter named ``…_id`` (``parent_page_id``, ``collection_id``) is a number or nothing:
Wagtail's choosers put it into a URL or a lookup as it came.
"""

import functools
import traceback

from django.core.exceptions import SuspiciousOperation, ValidationError
from django.http import Http404, QueryDict
from django.urls import get_resolver, reverse

from core.params import without_unwanted

RETURN_PARAMETER = "next"
ADMIN_ID_SUFFIX = "_id"
LOOKUP_ERRORS = (ValueError, TypeError, OverflowError, ValidationError)
FIELDS_MODULE = ("django/db/models/fields/", "get_prep_value")
BACKENDS_MODULE = ("django/db/backends/", "execute")


def cleaned(query: QueryDict, in_admin: bool = False) -> QueryDict:
    result = QueryDict(mutable=True)
    for key, values in query.lists():
        key = without_unwanted(key)
        values = [
            value
            for value in (without_unwanted(value) for value in values)
            if is_kept(key, value, in_admin)
        ]
        if values:
            result.setlist(key, values)
    result._mutable = False
    return result


def is_local_path(value: str) -> bool:
    return value.startswith("/") and not value.startswith("//")


def is_kept(key: str, value: str, in_admin: bool) -> bool:
    """Whether a (cleaned) value may reach a view under this name."""
    if key == RETURN_PARAMETER:
        return is_local_path(value)
    if in_admin and key.endswith(ADMIN_ID_SUFFIX):
        return value.isascii() and value.isdigit()
    return True


def _needs_cleaning(key: str, values: list[str], in_admin: bool) -> bool:
    if not all(is_kept(key, value, in_admin) for value in values):
        return True
    return any(without_unwanted(text) != text for text in (key, *values))


@functools.cache
def admin_prefix() -> str:
    return reverse("wagtailadmin_home")


class CleanQueryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.GET
        in_admin = request.path_info.startswith(admin_prefix())
        if any(_needs_cleaning(key, values, in_admin) for key, values in query.lists()):
            request.GET = cleaned(query, in_admin)
        return self.get_response(request)


class UnusableLookupMiddleware:
    """A path argument the database field cannot take is a page that does not exist.

    Wagtail's snippet and chooser routes take ``<str:pk>`` (a key may be text) and look the
    object up with ``get_object_or_404``, which catches only "does not exist": ``:`` for an
    integer key or ``x`` for a UUID fails while the field converts the value, and the visitor
    gets a server error. Such a failure, and only such (it is raised inside a model field's
    ``get_prep_value``), answers the site's 404 instead; a whole number too large for the
    database to bind (SQLite's 64 bits) answers 400.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        resolver = get_resolver(getattr(request, "urlconf", None))
        if isinstance(exception, OverflowError) and raised_in(exception, BACKENDS_MODULE):
            # SQLite cannot bind a whole number past 64 bits ("site=1199…" in a list filter):
            # a request no database row can answer.
            handler = resolver.resolve_error_handler(400)
            return handler(request, exception=SuspiciousOperation(str(exception)))
        if isinstance(exception, LOOKUP_ERRORS) and raised_in(exception, FIELDS_MODULE):
            return resolver.resolve_error_handler(404)(request, exception=Http404(str(exception)))
        return None


def raised_in(exception: BaseException, where: tuple[str, str]) -> bool:
    """True when the exception came from the function ``where[1]`` of a module under the
    folder ``where[0]``: a model field preparing a value, or a database backend binding it."""
    folder, function = where
    return any(
        frame.name == function and folder in frame.filename.replace("\\", "/")
        for frame in traceback.extract_tb(exception.__traceback__)
    )
