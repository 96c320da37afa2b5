"""Files for the upload tests, made at test time: real images from Pillow, office documents
built as the formats define them, and the hostile look-alikes an upload form must refuse."""

import io
import struct
import zipfile
import zlib

from PIL import Image as PILImage

SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script></svg>"
)
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
PDF = (
    b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
    b"2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"
)
CSV = "Κέντρο,Τηλέφωνο\nΠαιονία,2343020000\n".encode()


def png(size=(8, 8), mode="RGB") -> bytes:
    buffer = io.BytesIO()
    PILImage.new(mode, size, "white" if mode == "RGB" else 0).save(buffer, "PNG")
    return buffer.getvalue()


def image(format_name: str) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (16, 12), (200, 80, 40)).save(buffer, format_name)
    return buffer.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """A real 1x1 PNG from Pillow whose header is rewritten to declare ``width`` x ``height``
    (with a valid checksum): a few dozen bytes that claim billions of pixels, the classic
    decompression bomb. Pillow refuses to open it past twice its own pixel limit."""
    data = bytearray(png((1, 1), mode="1"))
    start = 8 + 8  # signature, then the IHDR chunk's length and type
    data[start : start + 8] = struct.pack(">II", width, height)
    crc = zlib.crc32(bytes(data[12 : start + 13])) & 0xFFFFFFFF
    data[start + 13 : start + 17] = struct.pack(">I", crc)
    return bytes(data)


def zipped(members: dict[str, bytes], stored_first: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if stored_first:
            archive.writestr(stored_first, members.pop(stored_first), zipfile.ZIP_STORED)
        for name, content in members.items():
            archive.writestr(name, content, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def docx() -> bytes:
    return zipped(
        {
            "[Content_Types].xml": b"<?xml version='1.0'?><Types/>",
            "word/document.xml": b"<?xml version='1.0'?><w:document/>",
        }
    )


def odt() -> bytes:
    return zipped(
        {
            "mimetype": b"application/vnd.oasis.opendocument.text",
            "content.xml": b"<?xml version='1.0'?><office:document-content/>",
        },
        stored_first="mimetype",
    )
