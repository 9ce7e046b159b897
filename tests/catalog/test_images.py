"""Photo checks: a photo Pillow cannot decode or turn upright is refused with a reason, never an internal error."""

from __future__ import annotations

import pytest

from copilot.catalog.images import ImageLimits, ImageRejected, checked_image
from tests.catalog.broken_photos import corrupt_exif_jpeg


@pytest.mark.filterwarnings("ignore:Corrupt EXIF data")
def test_a_jpeg_whose_exif_cannot_be_applied_is_rejected():
    with pytest.raises(ImageRejected, match="not an image that can be read"):
        checked_image(corrupt_exif_jpeg(), ImageLimits(max_bytes=100_000))
