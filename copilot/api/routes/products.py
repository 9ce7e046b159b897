"""The merchant's products: upload a product's photo (used by its creatives)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Path, UploadFile
from starlette.concurrency import run_in_threadpool

from copilot.api.schemas import AUTH_ERRORS, StoredText, responses
from copilot.catalog.images import (
    CONTENT_TYPES,
    ImageLimits,
    ImageRejected,
    ImageTooLarge,
    ProductNotFound,
    save_product_image,
)
from copilot.config import Settings
from copilot.store import Store
from copilot.web.deps import MerchantDep, SettingsDep, StoreDep
from copilot.web.errors import ApiError, not_found

router = APIRouter(prefix="/v1/products", tags=["products"], responses=responses(*AUTH_ERRORS))


def _save(store: Store, settings: Settings, merchant: str, product_id: str, upload: UploadFile) -> str:
    data = upload.file.read(settings.product_image_max_bytes + 1)
    limits = ImageLimits(max_bytes=settings.product_image_max_bytes)
    return save_product_image(store, settings.data_dir, merchant, product_id, data, limits)


@router.put(
    "/{product_id:path}/image",
    summary="Set a product's photo (PNG, JPEG, WebP or GIF); its creatives show it",
    responses=responses(404, 413, 415, 422),
)
async def put_product_image(
    product_id: Annotated[StoredText, Path(max_length=64)],
    merchant: MerchantDep,
    store: StoreDep,
    settings: SettingsDep,
    file: Annotated[UploadFile, File(description="the photo")],
) -> dict[str, Any]:
    kind = (file.content_type or "").split(";", 1)[0].strip().lower()
    if kind not in CONTENT_TYPES:
        raise ApiError(415, "unsupported_media_type", "upload a PNG, JPEG, WebP or GIF image")
    try:
        await run_in_threadpool(_save, store, settings, merchant, product_id, file)
    except ProductNotFound as exc:
        raise not_found("product") from exc
    except ImageTooLarge as exc:
        raise ApiError(413, "body_too_large", str(exc)) from exc
    except ImageRejected as exc:
        raise ApiError(422, "invalid_image", str(exc)) from exc
    return {"product_id": product_id, "image": True}
