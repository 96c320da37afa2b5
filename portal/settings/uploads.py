"""What editors and partners may upload, and how documents are served
(docs/decisions/0013-upload-policy.md).

Imported by ``base.py`` with one line, so every environment has the same limits. Each limit is
checked by Wagtail's own upload forms (or ours, for documents) before anything is stored, and
answered with a message that names the limit; the web server in front must let a request of
the largest allowed size through (``client_max_body_size`` a little above
``WAGTAILDOCS_MAX_UPLOAD_SIZE``).
"""

MEGABYTE = 1024 * 1024

# Images: the raster formats Pillow decodes here. No SVG: an SVG is a document that can carry
# script, and the original is served as it was uploaded.
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
# A phone photo is 3-8 MB; a scan or a poster export above 10 MB belongs in documents.
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * MEGABYTE
# Pixels (width x height x frames) are what renditions cost in memory, about 4 bytes each:
# 40 million is 160 MB for one resize. A tiny file that declares huge dimensions (a
# "decompression bomb") is refused here, before any rendition is made.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000

# Documents: the office and open formats centres publish (decisions, forms, timetables).
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "pdf", "txt", "xlsx"]
# A scanned municipal decision of a few dozen pages fits in 20 MB.
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * MEGABYTE
# The document form also checks that the content is what the extension says (a "PDF" that is
# really an HTML page is refused): home/uploads/documents.py.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "home.uploads.documents.DocumentForm"
# Every download goes through Django, whatever the storage (a remote storage would otherwise
# be served by a redirect to its own URL), so a private collection's documents stay private.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Only PDF opens in the browser; everything else is downloaded ("Content-Disposition:
# attachment"), and every document is sent with "X-Content-Type-Options: nosniff" and a
# Content-Security-Policy that runs nothing.
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT = True

# A request's fields other than files (a long page's edit form is well under this); files
# above FILE_UPLOAD_MAX_MEMORY_SIZE are streamed to a temporary file instead of memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * MEGABYTE
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * MEGABYTE
FILE_UPLOAD_PERMISSIONS = 0o644
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o755

# A storage or database failure while a file is being uploaded is answered with a message,
# and nothing it half-wrote is kept: home/uploads/faults.py, listed in base.py's MIDDLEWARE.
