"""Does a document's content match its extension?

A file named ``notice.pdf`` that is really an HTML page would, if a browser ever rendered it,
run in the portal's origin. Documents are downloaded with ``nosniff`` and, except PDF, as
attachments, so this is the second line: such a file is refused when it is uploaded. The
checks read the first bytes (the "magic numbers") and, for the zip-based office formats, the
zip's table of contents; nothing is decompressed, so a zip bomb costs nothing here.
"""

import zipfile

HEAD_BYTES = 64 * 1024
OFFICE_OPEN_XML = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
OPEN_DOCUMENT = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
}
TEXT = {"csv", "txt"}
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def looks_like_markup(head: bytes) -> bool:
    """Starts like HTML, XML or SVG (after any byte-order mark and blank space): what a
    browser would sniff as a page."""
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    return (text[:1] == b"<" and text[1:2].isalpha()) or text[:2] in (b"<!", b"<?")


def is_pdf(head: bytes) -> bool:
    # Readers accept the header anywhere in the first kilobyte.
    return b"%PDF-" in head[:1024]


def zip_names(file) -> set[str] | None:
    try:
        with zipfile.ZipFile(file) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None


def is_open_document(file, mimetype: bytes) -> bool:
    """ODF puts an uncompressed ``mimetype`` member first; read at most its own length."""
    try:
        with zipfile.ZipFile(file) as archive:
            info = archive.getinfo("mimetype")
            if info.file_size > 200:
                return False
            with archive.open(info) as member:
                return member.read(200).strip() == mimetype
    except (KeyError, zipfile.BadZipFile, OSError, ValueError):
        return False


def content_matches(file, extension: str) -> bool:
    """True when ``file`` (an open file, read from the start) is what ``extension`` says.
    Extensions with no rule here pass if they do not start like a web page."""
    extension = extension.lower()
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    try:
        if extension == "pdf":
            return is_pdf(head)
        if extension in OFFICE_OPEN_XML:
            names = zip_names(file)
            return (
                names is not None and {"[Content_Types].xml", OFFICE_OPEN_XML[extension]} <= names
            )
        if extension in OPEN_DOCUMENT:
            return is_open_document(file, OPEN_DOCUMENT[extension])
        if extension in TEXT:
            binary = b"\x00" in head and not head.startswith(UTF16_BOMS)
            return not binary and not looks_like_markup(head)
        return not looks_like_markup(head)
    finally:
        file.seek(0)
