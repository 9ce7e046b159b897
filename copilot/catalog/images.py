"""Product photos: checked with Pillow and kept as PNG files under the data folder.

A photo is accepted when Pillow reads it as PNG, JPEG, WebP or GIF within the byte and pixel limits; it is
turned upright (EXIF orientation), flattened onto white, shrunk to at most ``MAX_SIDE`` pixels and saved
again as PNG (no metadata of the original is kept) at ``products/<merchant>/<hash of the product id>.png``
under the data folder. ``products.image_path`` names that file relative to the data folder.
"""

from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps
from sqlalchemy import select

from copilot.store import Store
from copilot.store.models import Product

FORMATS = frozenset({"PNG", "JPEG", "WEBP", "GIF"})
CONTENT_TYPES = frozenset({"image/png", "image/jpeg", "image/webp", "image/gif"})
MAX_SIDE = 1600
FOLDER = "products"


class ImageRejected(ValueError):
    """The bytes are not a photo this store accepts; the message says why, for the merchant."""


class ImageTooLarge(ImageRejected):
    """More bytes than the limit."""


class ProductNotFound(LookupError):
    """No product of this id for this merchant."""


@dataclass(frozen=True)
class ImageLimits:
    max_bytes: int
    max_pixels: int = 40_000_000


def checked_image(data: bytes, limits: ImageLimits) -> Image.Image:
    """The photo in ``data``, decoded, upright and RGB. Raises ImageTooLarge or ImageRejected."""
    if len(data) > limits.max_bytes:
        raise ImageTooLarge(f"the image has more than {limits.max_bytes:,} bytes")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            image_format, (width, height) = probe.format, probe.size
            probe.verify()
        if image_format not in FORMATS:
            raise ImageRejected(f"unsupported image type {image_format}: send PNG, JPEG, WebP or GIF")
        if width * height > limits.max_pixels:
            raise ImageRejected(f"the image has more than {limits.max_pixels:,} pixels")
        with Image.open(io.BytesIO(data)) as source:
            source.load()
            upright = ImageOps.exif_transpose(source)
        rgba = upright.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        flat.thumbnail((MAX_SIDE, MAX_SIDE))
    except ImageRejected:
        raise
    except Exception as exc:  # Pillow's decoders and EXIF parser raise struct.error, ValueError, ... on bad files
        raise ImageRejected("the file is not an image that can be read (PNG, JPEG, WebP or GIF)") from exc
    return flat


def image_name(merchant_id: str, product_id: str) -> str:
    """Where a product's photo lives, relative to the data folder."""
    digest = hashlib.sha256(product_id.encode("utf-8")).hexdigest()[:32]
    return f"{FOLDER}/{merchant_id}/{digest}.png"


def save_product_image(
    store: Store, data_dir: Path, merchant_id: str, product_id: str, data: bytes, limits: ImageLimits
) -> str:
    """Check ``data``, write it as the product's photo and record it; returns the stored name (relative to
    ``data_dir``). Raises ProductNotFound (another merchant's product too), ImageTooLarge or ImageRejected."""
    with store.session() as session:
        known = session.scalar(select(Product.id).where(Product.id == product_id, Product.merchant_id == merchant_id))
    if known is None:
        raise ProductNotFound(product_id)
    image = checked_image(data, limits)
    name = image_name(merchant_id, product_id)
    path = data_dir / name
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".part")
    image.save(partial, format="PNG")
    os.replace(partial, path)
    with store.session() as session:
        product = session.scalars(
            select(Product).where(Product.id == product_id, Product.merchant_id == merchant_id)
        ).one()
        product.image_path = name
    return name


def product_photo(data_dir: Path, image_path: str | None) -> Path | None:
    """The photo file a product's ``image_path`` names, when it exists inside the data folder's photos."""
    if not image_path:
        return None
    root = (data_dir / FOLDER).resolve()
    path = (data_dir / image_path).resolve()
    return path if path.is_relative_to(root) and path.is_file() else None
