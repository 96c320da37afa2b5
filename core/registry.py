"""A list an upper app adds to and a lower app reads: how a layer is told about one above it.

A lower app may not import an upper one, so where it needs something the upper app owns (the
directory needs the closures that ``home``'s site alerts announce) it keeps a ``Registry`` and
the upper app registers into it from its ``AppConfig.ready()``. ``ready()`` may run more than
once (tests, a second process start), so registering is idempotent.
"""

from __future__ import annotations


class Registry(list):
    """Providers (or anything else) registered by upper apps, in the order they were added."""

    def register(self, item):
        """Add ``item`` unless it is already here; return it, so this works as a decorator."""
        if item not in self:
            self.append(item)
        return item
