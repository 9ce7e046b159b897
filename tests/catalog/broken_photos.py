"""Photos Pillow opens but cannot process: what a careless or hostile shop could serve or upload."""

from __future__ import annotations

import io

from PIL import Image

ORIENTATION = 0x0112
MAKE = 0x010F


def corrupt_exif_jpeg() -> bytes:
    """A JPEG whose EXIF has ImageWidth as text: turning it upright (EXIF orientation 6) raises struct.error."""
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[MAKE] = "Cam"
    buffer = io.BytesIO()
    Image.new("RGB", (16, 8), (10, 20, 30)).save(buffer, format="JPEG", exif=exif.tobytes())
    make_as_text = b"\x01\x0f\x00\x02"
    data = buffer.getvalue()
    assert data.count(make_as_text) == 1
    return data.replace(make_as_text, b"\x01\x00\x00\x02")
