"""Open Referral HSDS 3.0 in and out: the read API, export and import.

One mapping, two directions: ``serialise`` turns live pages into HSDS objects (the API and
``export_hsds`` share it); ``importer`` turns HSDS organisations back into pages. ``ids``
holds the rule both follow, so an export imported elsewhere keeps its ids.
"""
