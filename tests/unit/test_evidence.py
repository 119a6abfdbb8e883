"""Evidence files made for real with Pillow and by hand: what is kept, what is cleaned, what is refused."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import ExifTags, Image

from heritage.evidence import EvidenceRefused, clean, clean_all

GPS = ExifTags.IFD.GPSInfo


def photograph(fmt: str = "JPEG", size=(64, 48), exif: Image.Exif | None = None) -> bytes:
    image = Image.new("RGB", size, (180, 120, 60))
    out = io.BytesIO()
    image.save(out, fmt, **({"exif": exif} if exif is not None else {}))
    return out.getvalue()


def gps_exif() -> Image.Exif:
    """Baku's Maiden Tower, as a phone would write it."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[GPS] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (40.0, 21.0, 59.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (49.0, 50.0, 14.0),
    }
    return exif


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def huge_png(side: int = 40_000) -> bytes:
    """A 40,000 x 40,000 one-bit PNG of zeros: a few hundred KB that would decode to 1.6 billion pixels."""
    compressor = zlib.compressobj(9)
    row = bytes(1 + side // 8)
    body = b"".join(compressor.compress(row * 1000) for _ in range(side // 1000)) + compressor.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", body) + png_chunk(b"IEND", b"")


def test_a_jpeg_with_a_gps_position_comes_back_without_it():
    original = photograph(exif=gps_exif())
    with Image.open(io.BytesIO(original)) as image:  # the fixture really carries the position
        assert image.getexif().get_ifd(GPS)[ExifTags.GPS.GPSLatitude] == (40.0, 21.0, 59.0)
    cleaned = clean("tower.jpg", original)
    assert cleaned.kind == "jpeg"
    with Image.open(io.BytesIO(cleaned.data)) as image:
        assert image.format == "JPEG"
        assert image.size == (64, 48)
        assert dict(image.getexif()) == {}
        assert image.getexif().get_ifd(GPS) == {}
        assert "exif" not in image.info
    assert b"PhoneMaker" not in cleaned.data
    assert cleaned.thumbnail.startswith(b"\xff\xd8\xff")


def test_png_and_webp_are_kept_as_their_own_type_and_a_pdf_as_it_is():
    assert clean("a.png", photograph("PNG")).kind == "png"
    assert clean("a.webp", photograph("WEBP")).kind == "webp"
    pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    kept = clean("report.pdf", pdf)
    assert (kept.kind, kept.data, kept.thumbnail) == ("pdf", pdf, None)


def test_the_type_is_read_from_the_content_not_the_name():
    assert clean("photo.pdf", photograph("PNG")).kind == "png"


def test_an_html_jpeg_polyglot_is_refused():
    jpeg = photograph()
    comment = b"<html><body><script>alert(document.cookie)</script></body></html>"
    polyglot = jpeg[:2] + b"\xff\xfe" + struct.pack(">H", len(comment) + 2) + comment + jpeg[2:]
    with Image.open(io.BytesIO(polyglot)) as image:  # still a JPEG that Pillow reads
        image.load()
    with pytest.raises(EvidenceRefused, match=r"^x\.jpg: the image also holds web-page markup"):
        clean("x.jpg", polyglot)


def test_an_html_page_named_jpg_is_refused():
    page = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
    with pytest.raises(EvidenceRefused, match=r"^page\.jpg: not a JPEG, PNG or WebP photograph or a PDF"):
        clean("page.jpg", page)


def test_an_svg_with_a_script_is_refused():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><circle r="4"/></svg>'
    with pytest.raises(EvidenceRefused, match=r"^map\.svg: not a JPEG, PNG or WebP"):
        clean("map.svg", svg)


def test_a_40000_by_40000_png_is_refused_before_it_is_decoded():
    bomb = huge_png()
    assert len(bomb) < 1_000_000
    with pytest.raises(EvidenceRefused, match=r"^bomb\.png: .*40,000 x 40,000|^bomb\.png: the image has more than 40"):
        clean("bomb.png", bomb)


def test_too_large_and_too_many_files_are_refused():
    with pytest.raises(EvidenceRefused, match=r"^big\.pdf: the file is larger than 10 MB\.$"):
        clean("big.pdf", b"%PDF-" + bytes(10 * 1024 * 1024))
    with pytest.raises(EvidenceRefused, match=r"^At most 10 files per observation; 11 were given\.$"):
        clean_all([("a.png", photograph("PNG"))] * 11)


def test_a_damaged_image_is_refused_with_a_sentence():
    with pytest.raises(EvidenceRefused, match=r"^cut\.jpg: the image cannot be read"):
        clean("cut.jpg", photograph()[:40])
