"""Directory models; import from here, not from the submodules."""

from directory.models.centres import (
    Branch,
    BranchKind,
    CentreIndexPage,
    CentrePage,
    StaffContact,
)

__all__ = ["Branch", "BranchKind", "CentreIndexPage", "CentrePage", "StaffContact"]
