"""The official HSDS 3.0 compiled schemas, loaded for conformance tests.

The files ship with the application (``directory/hsds/schemas/``, with their licence notice)
because ``import_hsds`` validates its input against them at run time; the tests validate what
the portal publishes against the very same files.
"""

from directory.hsds.schemas import schedule_schema, schema

__all__ = ["schema", "schedule_schema"]
