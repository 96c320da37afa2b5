"""Admin views of the directory: a partner's own services as CSV, in the import template."""

import io

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.text import slugify

from directory.hsds import csv_format
from directory.models import OrganisationPage


def services_csv(request, page_id: int):
    """Anyone who may edit the organisation (its partner group, centre staff, administrators)
    gets its services; another partner gets 403. The admin wraps this view, so an anonymous
    visitor is sent to the login page."""
    organisation = get_object_or_404(OrganisationPage, pk=page_id)
    if not organisation.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    buffer = io.StringIO()
    csv_format.write(organisation, buffer)
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    name = slugify(organisation.slug) or f"organisation-{organisation.pk}"
    response["Content-Disposition"] = f'attachment; filename="{name}-services.csv"'
    return response
