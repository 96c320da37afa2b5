"""Every URL pattern the portal answers, found by walking the URLconf (the Wagtail admin's
and every app's hook-registered routes included), so that a route added later is tested
without anyone remembering to list it."""

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern, RoutePattern

ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
NAMED_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>")


@dataclass(frozen=True)
class Route:
    name: str | None  # namespaced, e.g. "wagtailimages:edit"
    pattern: str  # the full pattern as written, e.g. "admin/images/<int:image_id>/"
    parameters: tuple[str, ...]  # keyword parameters, in order
    positional: int  # unnamed regular-expression groups

    @property
    def key(self) -> str:
        """How the allow-lists name a route: its name, or its pattern when it has none.
        A name used by two patterns (with different parameters) is one entry."""
        return self.name or self.pattern

    @property
    def is_admin(self) -> bool:
        return self.pattern.startswith("admin/")

    def url(self, value) -> str:
        """The route's URL, with ``value(route, parameter)`` giving each parameter (a name,
        or the position of an unnamed group)."""
        if self.name is None:
            return "/" + UNNAMED[self.pattern]
        if self.positional:
            return reverse(self.name, args=[value(self, i) for i in range(self.positional)])
        return reverse(self.name, kwargs={name: value(self, name) for name in self.parameters})


# Routes without a name cannot be reversed; each gets a path that reaches it.
UNNAMED = {
    "admin/test404/": "admin/test404/",
    "admin/^.*/$": "admin/no-such-screen/",
}


def _parameters(pattern) -> tuple[tuple[str, ...], int]:
    text = str(pattern)
    if isinstance(pattern, RoutePattern):
        return tuple(m["name"] for m in ROUTE_PARAMETER.finditer(text)), 0
    if not isinstance(pattern, RegexPattern):
        return (), 0  # the language prefix
    named = tuple(m["name"] for m in NAMED_GROUP.finditer(text))
    return (named, 0) if named else ((), re.compile(text).groups)


def _walk(patterns, prefix="", namespace=None, inherited=()):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            params, _ = _parameters(entry.pattern)
            yield from _walk(
                entry.url_patterns, prefix + str(entry.pattern), inner, inherited + params
            )
        elif isinstance(entry, URLPattern):
            params, positional = _parameters(entry.pattern)
            name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
            yield Route(name, prefix + str(entry.pattern), inherited + params, positional)


def all_routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns))


def admin_routes() -> list[Route]:
    return [route for route in all_routes() if route.is_admin]
