"""The site-wide alert banner: ``{% site_alerts as alerts %}`` in base.html."""

from django import template
from wagtail.models import Locale

from home.models import SiteAlert
from home.views import dismissed_keys

register = template.Library()


@register.simple_tag(takes_context=True)
def site_alerts(context) -> list:
    request = context.get("request")
    page = context.get("page")
    centre = None
    if page is not None:
        from directory.models import CentrePage

        if isinstance(getattr(page, "specific", page), CentrePage):
            centre = page
    try:
        locale = page.locale if page is not None else Locale.get_active()
    except Locale.DoesNotExist:
        return []
    hidden = set(dismissed_keys(request)) if request is not None else set()
    return [
        alert
        for alert in SiteAlert.current(locale, centre)
        if not (alert.dismissible and alert.dismiss_key in hidden)
    ]
