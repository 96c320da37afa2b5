"""Template tags every page uses: the language switcher and hreflang alternates."""

from django import template
from django.conf import settings
from django.utils import translation
from wagtail.models import Locale, Page, Site

from core import fragments

register = template.Library()


def _language_name(code: str) -> str:
    """A language is named in itself ("English", "Ελληνικά") so its readers recognise it."""
    try:
        return translation.get_language_info(code)["name_local"]
    except KeyError:
        return str(dict(settings.LANGUAGES).get(code, code))


def _request_memo(request, name: str) -> dict:
    """A dict that lives as long as ``request``: the header, the menu and the footer all ask
    for the home page, and the language switcher and the hreflang links for the translations."""
    return request.__dict__.setdefault(f"_portal_tags_{name}", {}) if request else {}


def _home_in(locale_code: str, request) -> Page | None:
    site = Site.find_for_request(request) if request else None
    if site is None:
        return None
    memo = _request_memo(request, "homes")
    if locale_code not in memo:
        memo[locale_code] = fragments.remember(
            "home",
            (site.pk, locale_code),
            lambda: (
                site.root_page.get_translations(inclusive=True)
                .filter(locale__language_code=locale_code)
                .live()
                .first()
            ),
        )
    return memo[locale_code]


def _live_translations(page: Page, request) -> list[Page]:
    """The page in every language it is live and public in, itself included when it is."""
    memo = _request_memo(request, "translations")
    if page.pk not in memo:
        memo[page.pk] = fragments.remember(
            "translations",
            (page.pk,),
            lambda: list(
                page.get_translations(inclusive=True).live().public().select_related("locale")
            ),
        )
    return memo[page.pk]


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """One entry per other language: the same page there, or that language's home page with
    ``translated=False`` so the template can say the page is not translated yet."""
    request = context.get("request")
    page = context.get("page")
    current = translation.get_language() or settings.LANGUAGE_CODE
    links = []
    translations = {}
    if isinstance(page, Page):
        translations = {
            p.locale.language_code: p for p in _live_translations(page, request) if p.pk != page.pk
        }
    for code, _name in settings.LANGUAGES:
        if code == current:
            continue
        target = translations.get(code)
        translated = target is not None
        if target is None:
            target = _home_in(code, request)
        if target is None:
            continue
        with translation.override(code):
            url = target.get_url(request=request)
        links.append(
            {
                "code": code,
                "name": _language_name(code),
                "url": url,
                "translated": translated or not isinstance(page, Page),
            }
        )
    return links


@register.simple_tag(takes_context=True)
def hreflang_alternates(context) -> list[dict]:
    """Alternates for search engines: only languages the page really exists in."""
    request = context.get("request")
    page = context.get("page")
    if not isinstance(page, Page):
        return []
    alternates = []
    for item in _live_translations(page, request):
        with translation.override(item.locale.language_code):
            path = item.get_url(request=request)
        # Absolute on the host that served this request, whatever the Site record says.
        url = request.build_absolute_uri(path) if request else item.get_full_url()
        alternates.append({"code": item.locale.language_code, "url": url})
    return alternates


@register.simple_tag
def active_locale_code() -> str:
    return Locale.get_active().language_code


@register.simple_tag(takes_context=True)
def site_home(context) -> Page | None:
    """The home page in the active language, also on pages Wagtail did not serve (404, search)."""
    request = context.get("request")
    language = translation.get_language() or settings.LANGUAGE_CODE
    return _home_in(language.split("-")[0], request) or _home_in(settings.LANGUAGE_CODE, request)


@register.simple_tag(takes_context=True)
def footer_pages(context) -> list[Page]:
    """The accessibility statement and the standard pages marked for the footer, in the
    active language, in one query (it runs on every page). A page behind a login is left
    out: the footer is for everyone."""
    from django.db.models import Q

    home = site_home(context)
    if home is None:
        return []
    return fragments.remember(
        "footer",
        (home.pk,),
        lambda: list(
            Page.objects.child_of(home)
            .live()
            .filter(view_restrictions__isnull=True)
            .filter(Q(standardpage__in_footer=True) | Q(accessibilitystatementpage__isnull=False))
            .order_by("path")
        ),
    )


@register.simple_tag(takes_context=True)
def main_menu(context) -> list[Page]:
    """The home page's live, public children marked "show in menus", in the active language."""
    home = site_home(context)
    if home is None:
        return []
    return fragments.remember(
        "menu", (home.pk,), lambda: list(home.get_children().live().public().in_menu())
    )


# Fields that hold a page's own one-paragraph summary, best first; every page type has one of
# them or falls back to the site's description.
DESCRIPTION_FIELDS = ("search_description", "summary", "intro", "description")
DESCRIPTION_LENGTH = 160  # what search engines show of it


@register.simple_tag(takes_context=True)
def meta_description(context) -> str:
    """The page's description for search engines and link previews: its search description,
    else its own summary, else a sentence about the site. Search engines write their own
    snippet, often badly, for a page without one (Lighthouse SEO counts it a fault)."""
    from django.utils.html import strip_tags
    from django.utils.text import Truncator
    from django.utils.translation import gettext

    page = context.get("page")
    if isinstance(page, Page):
        for field in DESCRIPTION_FIELDS:
            text = " ".join(strip_tags(str(getattr(page, field, "") or "")).split())
            if text:
                return Truncator(text).chars(DESCRIPTION_LENGTH)
    return gettext(
        "Find your nearest Community Centre, when it is open, and the services it can refer you to."
    )
