"""Home models; import from here, not from the submodules (one module per kind of content:
``pages`` the home page and site settings; announcements, funding notices, alerts and
standard pages each get their own)."""

from home.models.alerts import AlertLevel, SiteAlert
from home.models.announcements import AnnouncementCategory, AnnouncementIndexPage, AnnouncementPage
from home.models.funding import FundingIndexPage, FundingNoticePage
from home.models.pages import HomePage, PortalSettings
from home.models.standard import AccessibilityStatementPage, StandardPage

__all__ = [
    "AccessibilityStatementPage",
    "StandardPage",
    "AlertLevel",
    "SiteAlert",
    "AnnouncementCategory",
    "AnnouncementIndexPage",
    "AnnouncementPage",
    "FundingIndexPage",
    "FundingNoticePage",
    "HomePage",
    "PortalSettings",
]
