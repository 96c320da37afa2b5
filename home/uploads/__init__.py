"""Uploads: what a document's content must be (``sniffing``, ``documents``) and what happens
when storing an upload fails (``faults``). The limits themselves are settings:
``portal/settings/uploads.py``; the reasons are in docs/decisions/0013-upload-policy.md."""
