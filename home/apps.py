from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Home"

    def ready(self):
        # signals and cdn_purge connect their receivers (cdn_purge: the caches in front).
        from directory.hsds.serialise import register_funding_provider
        from home import cdn_purge, signals  # noqa: F401
        from home.hsds_funding import funding_for

        register_funding_provider(funding_for)

        from directory.closures import register
        from home.models.alerts import announced_closures

        register(announced_closures)

        from core import page_cache, page_cache_purge
        from directory.models import Category, ServiceLanguage, TargetGroup
        from home.models import AnnouncementCategory, PortalSettings, SiteAlert
        from home.views import DISMISSED_COOKIE

        # The anonymous page cache (core/page_cache.py) keeps home's feeds and robots.txt
        # too, and keys pages on the alert-dismissal cookie, which changes what they show.
        page_cache.register(
            views=(
                "home.feeds.AtomAnnouncements",
                "home.feeds.RssAnnouncements",
                "home.views.robots_txt",
            ),
            cookies=(DISMISSED_COOKIE,),
        )
        # What every or many pages show besides pages themselves (core/page_cache.py).
        page_cache_purge.connect(
            SiteAlert, PortalSettings, Category, TargetGroup, ServiceLanguage, AnnouncementCategory
        )
