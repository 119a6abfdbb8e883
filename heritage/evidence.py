"""Evidence files for an observation: photographs (JPEG, PNG, WebP) and PDF reports.

A file's type is read from its first bytes, never from its name. A photograph is decoded
and written again by Pillow: what comes out holds the pixels only, so the EXIF block (the
camera's GPS position with it) is gone, and a file that is also a web page (a "polyglot")
cannot be one any more; a file that carries markup at all is refused first. The pixel
count is checked from the header before anything is decoded, so a small file that would
unpack into gigabytes (a "decompression bomb") is refused. A PDF is kept as it is and only
ever served as a download (heritage/api/evidence.py).
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps

from heritage.i18n import N_

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 10  # per observation
MAX_PIXELS = 40_000_000  # a 7,700 x 5,200 photograph; decoded, about 120 MB
THUMBNAIL = (320, 320)
# The first bytes of each accepted type (the WebP check also reads bytes 8-12).
SIGNATURES = {"jpeg": b"\xff\xd8\xff", "png": b"\x89PNG\r\n\x1a\n", "pdf": b"%PDF-"}
PILLOW_FORMATS = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}
MEDIA_TYPES = {"jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp", "pdf": "application/pdf"}
EXTENSIONS = {"jpeg": "jpg", "png": "png", "webp": "webp", "pdf": "pdf"}
# Markup a browser would run if it ever sniffed the file as a page: no photograph holds it.
MARKUP = re.compile(rb"<\s*(script|html|body|svg|iframe|object|embed|!doctype|\?xml)\b|javascript:", re.IGNORECASE)

TOO_MANY_PIXELS = N_("{name}: the image has more than {limit} million pixels.")

Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # Pillow's own guard too, for any other code path


class EvidenceRefused(ValueError):
    """A file that is not stored; the message is one sentence naming the file.

    `template` is marked for the catalogues: a page shows `words(gettext)` in its reader's
    language, the command line the English `str()`.
    """

    def __init__(self, template: str, **values: object):
        self.template, self.values = template, values
        super().__init__(template.format(**values))

    def words(self, gettext) -> str:
        return gettext(self.template).format(**self.values)


@dataclass(frozen=True)
class EvidenceFile:
    name: str
    kind: str  # a key of MEDIA_TYPES
    data: bytes
    sha256: str
    width: int | None = None
    height: int | None = None
    thumbnail: bytes | None = None

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.kind]


def kind_of(data: bytes) -> str | None:
    """The type the content says it is, or None for anything else (SVG, HTML, text...)."""
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    for kind, signature in SIGNATURES.items():
        if data.startswith(signature):
            return kind
    return None


def clean(name: str, data: bytes) -> EvidenceFile:
    """The file as it will be stored, or EvidenceRefused saying why in one sentence."""
    shown = " ".join(str(name or "file").split())[:200] or "file"
    if not data:
        raise EvidenceRefused(N_("{name}: the file is empty."), name=shown)
    if len(data) > MAX_BYTES:
        raise EvidenceRefused(
            N_("{name}: the file is larger than {size} MB."), name=shown, size=MAX_BYTES // (1024 * 1024)
        )
    kind = kind_of(data)
    if kind is None:
        raise EvidenceRefused(
            N_("{name}: not a JPEG, PNG or WebP photograph or a PDF (read from its content)."), name=shown
        )
    if kind == "pdf":
        return EvidenceFile(shown, kind, data, hashlib.sha256(data).hexdigest())
    if MARKUP.search(data):
        raise EvidenceRefused(N_("{name}: the image also holds web-page markup, so it is not stored."), name=shown)
    return _reencoded(shown, kind, data)


def _reencoded(name: str, kind: str, data: bytes) -> EvidenceFile:
    """Decode (after checking the pixel count from the header) and encode again: pixels only."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[PILLOW_FORMATS[kind]]) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise EvidenceRefused(
                        N_("{name}: {width} x {height} pixels is more than the {limit} million allowed."),
                        name=name, width=f"{width:,}", height=f"{height:,}", limit=MAX_PIXELS // 1_000_000,
                    )  # fmt: skip
                image.load()
                upright = ImageOps.exif_transpose(image)  # the camera's rotation, before EXIF is dropped
        pixels = upright.convert("RGB") if kind == "jpeg" or upright.mode not in ("RGB", "RGBA", "L", "LA") else upright
    except EvidenceRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise EvidenceRefused(TOO_MANY_PIXELS, name=name, limit=MAX_PIXELS // 1_000_000) from None
    except (OSError, ValueError, SyntaxError, Image.UnidentifiedImageError):
        raise EvidenceRefused(
            N_("{name}: the image cannot be read (damaged or not what it says)."), name=name
        ) from None
    out = io.BytesIO()
    options = {"quality": 90} if kind in ("jpeg", "webp") else {"optimize": True}
    pixels.save(out, PILLOW_FORMATS[kind], **options)  # no exif=, no info: nothing but the pixels
    cleaned = out.getvalue()
    return EvidenceFile(
        name, kind, cleaned, hashlib.sha256(cleaned).hexdigest(), pixels.width, pixels.height, _thumbnail(pixels)
    )


def _thumbnail(image: Image.Image) -> bytes:
    small = image.convert("RGB")
    small.thumbnail(THUMBNAIL)
    out = io.BytesIO()
    small.save(out, "JPEG", quality=80)
    return out.getvalue()


def clean_all(files: list[tuple[str, bytes]]) -> list[EvidenceFile]:
    """Every file cleaned, or EvidenceRefused for the first that cannot be (then none is stored)."""
    if len(files) > MAX_FILES:
        raise EvidenceRefused(
            N_("At most {limit} files per observation; {count} were given."), limit=MAX_FILES, count=len(files)
        )
    return [clean(name, data) for name, data in files]
