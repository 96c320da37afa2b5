"""Admin views of the directory: a partner's own services as CSV, in the import template;
the report of protected places whose address is public."""

import io

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

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


def protected_places(request):
    """Every place of a protected kind whose address is public, for centre staff to confirm
    (decision 0018); and how many such places stay hidden."""
    from django.db.models import Q

    from directory.models import LocationKind, OrganisationLocation

    if not request.user.has_perm("directory.confirm_public_address"):
        raise PermissionDenied
    protected = OrganisationLocation.objects.filter(protected_kind=True)
    published = (
        protected.filter(address_public=True, kind=LocationKind.PHYSICAL)
        .select_related("organisation", "locale")
        .order_by("organisation__title", "name")
    )
    hidden = OrganisationLocation.objects.filter(
        Q(kind=LocationKind.CONFIDENTIAL) | Q(protected_kind=True, address_public=False)
    )
    return TemplateResponse(
        request,
        "directory/admin/protected_places.html",
        {
            "title": _("Addresses of protected places"),
            "published": published,
            "hidden_count": hidden.count(),
        },
    )
