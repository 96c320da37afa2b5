"""URL wiring. The admin and documents stay outside language prefixes; the public site and
search sit inside ``i18n_patterns`` with Greek unprefixed (``/``) and English under ``/en/``
(see docs/decisions/0002-language-urls.md)."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from core import health, wagtail_guards
from directory import finder_views
from home import admin_gaps
from home import views as home_views
from home.feeds import AtomAnnouncements, RssAnnouncements
from home.sitemaps import AllLanguagesSitemap
from search import views as search_views

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    # Wagtail's views with a guard in front, at Wagtail's own addresses (core/wagtail_guards.py):
    # before Wagtail's URLs here and inside i18n_patterns below.
    *wagtail_guards.urlpatterns,
    # Wagtail's page types report, for publishers only, at its own addresses (home/admin_gaps.py).
    *admin_gaps.urlpatterns,
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": AllLanguagesSitemap}}, name="sitemap"),
    path("api/hsds/", include("directory.hsds.urls")),
    path("alerts/dismiss/<str:key>/", home_views.dismiss_alert, name="dismiss_alert"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("search/", search_views.search, name="search"),
    path("search/suggest/", search_views.suggest, name="search_suggest"),
    path("api/finder/", finder_views.finder_json, name="finder_json"),
    path("announcements/feed/atom/", AtomAnnouncements(), name="announcements_atom"),
    path("announcements/feed/rss/", RssAnnouncements(), name="announcements_rss"),
    path(
        "announcements/feed/centre/<slug:slug>/atom/",
        AtomAnnouncements(),
        name="centre_announcements_atom",
    ),
    path(
        "announcements/feed/centre/<slug:slug>/rss/",
        RssAnnouncements(),
        name="centre_announcements_rss",
    ),
    *wagtail_guards.language_urlpatterns,
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

# A database outage is a 503 with Retry-After, any other failure a 500 (core/errors.py).
handler500 = "core.errors.server_error"
