"""Directory models; import from here, not from the submodules."""

from directory.models.centres import (
    Branch,
    BranchKind,
    CentreIndexPage,
    CentrePage,
    StaffContact,
)
from directory.models.finder import MapPoint
from directory.models.geography import Municipality, PlaceKind, PlaceName, Postcode
from directory.models.index_pages import IndexPageMixin
from directory.models.listing import (
    FacetKind,
    ServiceFacet,
    ServiceHoursException,
    ServicePlace,
    ServiceWeeklySession,
)
from directory.models.partners import (
    CentrePartner,
    DirectoryIndexPage,
    LegalStatus,
    LocationKind,
    OrganisationLocation,
    OrganisationPage,
    ServiceAtLocation,
    ServicePage,
    ServiceStatus,
)
from directory.models.taxonomy import Category, ServiceLanguage, TargetGroup

__all__ = [
    "Branch",
    "BranchKind",
    "Category",
    "CentreIndexPage",
    "CentrePage",
    "CentrePartner",
    "DirectoryIndexPage",
    "FacetKind",
    "IndexPageMixin",
    "LegalStatus",
    "LocationKind",
    "MapPoint",
    "Municipality",
    "OrganisationLocation",
    "OrganisationPage",
    "PlaceKind",
    "PlaceName",
    "Postcode",
    "ServiceAtLocation",
    "ServiceFacet",
    "ServiceHoursException",
    "ServiceLanguage",
    "ServicePage",
    "ServicePlace",
    "ServiceStatus",
    "StaffContact",
    "TargetGroup",
    "ServiceWeeklySession",
]
