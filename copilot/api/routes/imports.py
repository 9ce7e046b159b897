"""Bring your own store: upload order/product exports (Shopify, Taobao/Tmall, mapped CSV/XLSX) and ad reports
(Alimama 万相台/直通车) for the merchant."""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path as FilePath
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import FileResponse
from starlette.concurrency import run_in_threadpool

from copilot.api.routes.files import inside
from copilot.api.schemas import AUTH_ERRORS, responses
from copilot.api.uploads import save_upload
from copilot.catalog.fetch import FetchPolicy, fetch_product_images, photo_client
from copilot.config import Settings
from copilot.importers import ImportFailed, import_files
from copilot.store import Store
from copilot.web.deps import MerchantDep, SettingsDep, StoreDep
from copilot.web.errors import ApiError, not_found

router = APIRouter(prefix="/v1/imports", tags=["imports"], responses=responses(*AUTH_ERRORS))

SUFFIXES = {".csv", ".xlsx", ".txt"}
MAX_FILES = 10
REPORTS_PATH = "/v1/imports/reports"
_STAMP = r"\d{8}T\d{6}"


def _reports_dir(settings: Settings) -> FilePath:
    return settings.data_dir / "imports"


def _without_folder(message: str, folder: str) -> str:
    """`message` with the request's temporary folder (and each upload's subfolder in it) taken out."""
    return re.sub(re.escape(folder) + r"(?:/\d+)?/?", "", message)


@dataclass(frozen=True)
class _Options:
    fmt: str = "auto"
    currency: str | None = None
    channel: str | None = None  # ad reports: the channel of rows naming none


def _import(
    store: Store, settings: Settings, merchant: str, uploads: list[UploadFile], options: _Options
) -> dict[str, Any]:
    result = _import_files(store, settings, merchant, uploads, options)
    with photo_client() as client:
        photos = fetch_product_images(store, settings.data_dir, merchant, client, FetchPolicy.of(settings))
    result["product_photos"] = photos.as_dict()
    return result


def _import_files(
    store: Store, settings: Settings, merchant: str, uploads: list[UploadFile], options: _Options
) -> dict[str, Any]:
    """Import the uploads; the report names files by their uploaded names and the rejected rows by a route.
    Each upload is saved as <temporary folder>/<index>/<its name>, and no server path leaves this function."""
    with tempfile.TemporaryDirectory(prefix="copilot-import-") as folder:
        paths = []
        for index, upload in enumerate(uploads):
            name = FilePath((upload.filename or "").replace("\\", "/")).name or f"upload-{index}.csv"
            path = FilePath(folder) / str(index) / name
            path.parent.mkdir()
            save_upload(upload, path)
            paths.append(path)
        try:
            report = import_files(
                store,
                paths,
                merchant_id=merchant,
                secret=settings.secret_key.get_secret_value(),
                fmt=options.fmt,
                currency=options.currency,
                channel=options.channel,
                report_dir=_reports_dir(settings),
            )
        except ImportFailed as exc:
            raise ImportFailed(_without_folder(str(exc), folder)) from exc
    result = report.to_dict()
    result["files"] = [{"name": FilePath(entry.pop("path")).name, **entry} for entry in result["files"]]
    rejected = result.get("rejected_report")
    if rejected:
        result["rejected_report"] = FilePath(rejected).name
    result["rejected_report_url"] = f"{REPORTS_PATH}/{result['rejected_report']}" if rejected else None
    return result


def _report_file(settings: Settings, merchant: str, name: str) -> FilePath | None:
    if not re.fullmatch(f"import-{re.escape(merchant)}-{_STAMP}-rejected\\.csv", name):
        return None
    return inside(_reports_dir(settings), _reports_dir(settings) / name)


@router.post(
    "",
    status_code=201,
    summary="Import order/product exports and ad reports into the merchant's store (re-importing is a no-op)",
    responses=responses(413, 415),
)
async def create_import(
    merchant: MerchantDep,
    store: StoreDep,
    settings: SettingsDep,
    files: Annotated[list[UploadFile], File(description="export files (.csv or .xlsx)")],
    format: Annotated[Literal["auto", "shopify", "taobao", "alimama", "csv"], Form()] = "auto",
    currency: Annotated[str | None, Form(min_length=3, max_length=3)] = None,
    channel: Annotated[
        Literal["search", "recommend", "live"] | None, Form(description="ad reports: the channel of rows naming none")
    ] = None,
) -> dict[str, Any]:
    if not 1 <= len(files) <= MAX_FILES:
        raise ApiError(422, "invalid_request", f"upload 1-{MAX_FILES} files")
    for upload in files:
        if FilePath(upload.filename or "").suffix.lower() not in SUFFIXES:
            raise ApiError(415, "unsupported_media_type", "upload .csv or .xlsx export files")
    try:
        options = _Options(format, currency, channel)
        return await run_in_threadpool(_import, store, settings, merchant, files, options)
    except ImportFailed as exc:
        raise ApiError(422, "import_failed", str(exc)) from exc


@router.get(
    "/reports/{name}",
    summary="The rejected rows of one of the merchant's imports (CSV: file, line, reason)",
    responses={**responses(404), 200: {"content": {"text/csv": {}}, "description": "The CSV file"}},
)
async def rejected_rows(name: str, merchant: MerchantDep, settings: SettingsDep) -> FileResponse:
    path = await run_in_threadpool(_report_file, settings, merchant, name)
    if path is None:
        raise not_found("import report")
    return FileResponse(path, media_type="text/csv", filename=name)
