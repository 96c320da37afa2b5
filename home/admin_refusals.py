"""Malformed posts in the admin answer with a status that is true (400) and a page that says
why. (A refusal's 403 page: core/adaptations/admin_refusal.py.)
"""

from django.template.response import TemplateResponse
from django.utils.datastructures import MultiValueDictKeyError


class IncompleteFormMiddleware:
    """A form post that lacks fields the admin's own page always sends (a StreamField's
    ``-count``, a formset's management data) makes Wagtail raise ``KeyError`` while reading
    the form, before anything is saved. Browsers never send such a post; scripts and
    half-loaded pages can. Answer 400 with a page that says to reload, not a server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if request.method == "POST" and isinstance(exception, MultiValueDictKeyError):
            return TemplateResponse(
                request, "wagtailadmin/incomplete_form.html", status=400
            ).render()
        return None
