"""Closures announced elsewhere, folded into a centre's opening hours.

An editor who publishes "the Chania centre is closed on 25 March" as a site alert should not
have to edit the centre page as well (and send it through review) for the hours to agree. The
directory does not know about alerts — they belong to ``home`` — so ``home`` registers a
*provider* here at start-up (see ``home.apps``), the same way it provides funding to the HSDS
serialiser. A provider takes centres' translation keys and returns the dated exceptions that
apply to each; every place that computes a centre's hours (the centre page, the centres index,
the finder, the HSDS schedules, JSON-LD) asks :func:`for_centre` or :func:`attach`, and the
exceptions are listed after the branch's own, so an announced closure wins over them.
"""

from collections.abc import Callable, Iterable
from uuid import UUID

from core.registry import Registry
from directory.hours import DatedException

Provider = Callable[[set[UUID]], dict[UUID, list[DatedException]]]

PROVIDERS: Registry = Registry()

_ATTRIBUTE = "_announced_closures"


def register(provider: Provider) -> None:
    """Add a source of closures (idempotent, so a second ``ready()`` adds nothing)."""
    PROVIDERS.register(provider)


def by_centre_key(keys: Iterable[UUID]) -> dict[UUID, list[DatedException]]:
    """The announced closures of these centres, by translation key (one query per provider)."""
    wanted = set(keys)
    found: dict[UUID, list[DatedException]] = {}
    if not wanted:
        return found
    for provider in PROVIDERS:
        for key, exceptions in provider(wanted).items():
            found.setdefault(key, []).extend(exceptions)
    for exceptions in found.values():
        exceptions.sort(key=lambda exception: (exception.start, exception.end))
    return found


def attach(centres: Iterable) -> None:
    """Load the closures of many centres at once, so each centre's branches need no query."""
    centres = list(centres)
    found = by_centre_key(centre.translation_key for centre in centres)
    for centre in centres:
        setattr(centre, _ATTRIBUTE, found.get(centre.translation_key, []))


def for_centre(centre) -> list[DatedException]:
    """The centre's announced closures: attached in bulk, or looked up once and kept."""
    if not hasattr(centre, _ATTRIBUTE):
        attach([centre])
    return getattr(centre, _ATTRIBUTE)
