"""Files the copilot made for the merchant: chart PNGs and creative images.

A name is resolved strictly inside the merchant's own folder; anything else (another merchant's file, a
traversal, a missing file) is the same 404.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from fastapi import APIRouter
from fastapi.responses import FileResponse
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from copilot.api.schemas import AUTH_ERRORS, StoredText, responses
from copilot.config import Settings
from copilot.store import Store
from copilot.store.models import Creative
from copilot.web.deps import MerchantDep, SettingsDep, StoreDep
from copilot.web.errors import not_found
from copilot.web.files import inside

router = APIRouter(tags=["files"], responses=responses(*AUTH_ERRORS, 404))

_CHART_NAME = re.compile(r"^[A-Za-z0-9_-]{1,100}\.png$")
_PNG: dict[int | str, dict[str, Any]] = {200: {"content": {"image/png": {}}, "description": "The PNG image"}}


def _chart_file(settings: Settings, merchant_id: str, name: str) -> Path | None:
    if not _CHART_NAME.fullmatch(name):
        return None
    return inside(settings.charts_dir / merchant_id, settings.charts_dir / merchant_id / name)


def _creative_file(settings: Settings, store: Store, merchant_id: str, creative_id: str) -> Path | None:
    with store.session() as session:
        image_path = session.scalar(
            select(Creative.image_path).where(Creative.id == creative_id, Creative.merchant_id == merchant_id)
        )
    if not image_path:
        return None
    return inside(settings.creatives_dir / merchant_id, settings.data_file(image_path))


@router.get("/v1/files/charts/{name}", summary="A chart made for the merchant (PNG)", responses=_PNG)
async def chart(name: str, merchant: MerchantDep, settings: SettingsDep) -> FileResponse:
    path = await run_in_threadpool(_chart_file, settings, merchant, name)
    if path is None:
        raise not_found("chart")
    return FileResponse(path, media_type="image/png")


@router.get("/v1/creatives/{creative_id}", summary="A creative's image (PNG)", responses=_PNG)
async def creative_image(
    creative_id: StoredText, merchant: MerchantDep, settings: SettingsDep, store: StoreDep
) -> FileResponse:
    path = await run_in_threadpool(_creative_file, settings, store, merchant, creative_id)
    if path is None:
        raise not_found("creative image")
    return FileResponse(path, media_type="image/png")
