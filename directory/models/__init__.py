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

__all__ = [
    "Branch",
    "BranchKind",
    "CentreIndexPage",
    "CentrePage",
    "MapPoint",
    "Municipality",
    "PlaceKind",
    "PlaceName",
    "Postcode",
    "StaffContact",
]
