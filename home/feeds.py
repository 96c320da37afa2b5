"""Atom 1.0 and RSS 2.0 feeds of announcements, per language (the URL's language prefix
picks it) and per centre. Only pages written in that language are listed: an untranslated
alias would show Greek text in an English feed."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _
from wagtail.models import Locale

from directory.models import CentrePage
from home.models import AnnouncementIndexPage
from home.models.announcements import published_announcements

FEED_LENGTH = 20


class AnnouncementFeed:
    """Shared behaviour; the concrete classes below mix it with Django's ``Feed``."""

    feed_type = Rss201rev2Feed

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, slug=None):
        if slug is None:
            return None
        return get_object_or_404(
            CentrePage.objects.live().public(), locale=Locale.get_active(), slug=slug
        )

    def title(self, centre):
        if centre is not None:
            return _("Announcements: %(centre)s") % {"centre": centre.title}
        return _("Announcements of the Community Centres")

    def description(self, centre):
        return _("The latest announcements, newest first.")

    subtitle = description

    def author_name(self):
        """Atom 1.0 requires an author for the feed (or for every entry)."""
        return _("Community Centres")

    def link(self, centre):
        if centre is not None:
            return centre.get_full_url(self.request)
        index = (
            AnnouncementIndexPage.objects.live().public().filter(locale=Locale.get_active()).first()
        )
        if index is None:
            raise Http404
        return index.get_full_url(self.request)

    def items(self, centre):
        pages = published_announcements(Locale.get_active())
        if centre is not None:
            pages = pages.filter(related_centres__translation_key=centre.translation_key)
        return pages.distinct().select_related("locale")[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_guid(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.last_published_at or item.published_at


class RssAnnouncements(AnnouncementFeed, Feed):
    feed_type = Rss201rev2Feed


class AtomAnnouncements(AnnouncementFeed, Feed):
    feed_type = Atom1Feed
