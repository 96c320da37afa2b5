"""The latest announcements of a centre, for the directory's centre page template (the
directory app never imports home; home offers this tag instead)."""

from django import template

from core import fragments
from home.models.announcements import announcements_for_centre

register = template.Library()


@register.simple_tag
def centre_announcements(centre, limit=3):
    """Live, public announcements in the centre page's language that name the centre (a
    shared fragment: only a publish changes them)."""
    return fragments.remember(
        "announcements", (centre.pk, limit), lambda: announcements_for_centre(centre, limit)
    )
