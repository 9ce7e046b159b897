"""The digest's chart by its signed link: what DingTalk fetches to show the image of a posted digest."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import FileResponse
from starlette.concurrency import run_in_threadpool

from copilot.messaging.chart_links import valid_chart_link
from copilot.web.deps import SettingsDep
from copilot.web.errors import not_found
from copilot.web.files import inside

router = APIRouter(tags=["channels"])


@router.get("/channels/charts/{merchant_id}/{name}", summary="A digest chart by its signed link (PNG)")
async def signed_chart(merchant_id: str, name: str, expires: int, sig: str, settings: SettingsDep) -> FileResponse:
    if not valid_chart_link(settings.secret_key.get_secret_value(), merchant_id, name, expires, sig):
        raise not_found("chart")
    folder = settings.charts_dir / merchant_id
    path = await run_in_threadpool(inside, folder, folder / name)
    if path is None or path.suffix != ".png":
        raise not_found("chart")
    return FileResponse(path, media_type="image/png")
