"""Bring your own store: upload order/product exports (Shopify, Taobao/Tmall, mapped CSV/XLSX) for the merchant."""

from __future__ import annotations

import tempfile
from pathlib import Path as FilePath
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, UploadFile
from starlette.concurrency import run_in_threadpool

from copilot.api.deps import MerchantDep, SettingsDep, StoreDep
from copilot.api.errors import ApiError
from copilot.api.schemas import AUTH_ERRORS, responses
from copilot.config import Settings
from copilot.importers import ImportFailed, import_files
from copilot.store import Store

router = APIRouter(prefix="/v1/imports", tags=["imports"], responses=responses(*AUTH_ERRORS))

SUFFIXES = {".csv", ".xlsx", ".txt"}
MAX_FILES = 10
_COPY_CHUNK = 1 << 20


def _import(
    store: Store, settings: Settings, merchant: str, uploads: list[UploadFile], fmt: str, currency: str | None
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="copilot-import-") as folder:
        paths = []
        for index, upload in enumerate(uploads):
            name = FilePath((upload.filename or f"upload-{index}.csv").replace("\\", "/")).name or f"{index}.csv"
            path = FilePath(folder) / f"{index}-{name}"
            with path.open("wb") as out:
                while chunk := upload.file.read(_COPY_CHUNK):
                    out.write(chunk)
            paths.append(path)
        report = import_files(
            store,
            paths,
            merchant_id=merchant,
            secret=settings.secret_key.get_secret_value(),
            fmt=fmt,
            currency=currency,
            report_dir=settings.data_dir / "imports",
        )
    result = report.to_dict()
    if result.get("rejected_report"):  # the file name only: server paths stay on the server
        result["rejected_report"] = FilePath(result["rejected_report"]).name
    return result


@router.post(
    "",
    status_code=201,
    summary="Import order/product export files into the merchant's store (re-importing is a no-op)",
    responses=responses(413, 415),
)
async def create_import(
    merchant: MerchantDep,
    store: StoreDep,
    settings: SettingsDep,
    files: Annotated[list[UploadFile], File(description="export files (.csv or .xlsx)")],
    format: Annotated[Literal["auto", "shopify", "taobao", "csv"], Form()] = "auto",
    currency: Annotated[str | None, Form(min_length=3, max_length=3)] = None,
) -> dict[str, Any]:
    if not 1 <= len(files) <= MAX_FILES:
        raise ApiError(422, "invalid_request", f"upload 1-{MAX_FILES} files")
    for upload in files:
        if FilePath(upload.filename or "").suffix.lower() not in SUFFIXES:
            raise ApiError(415, "unsupported_media_type", "upload .csv or .xlsx export files")
    try:
        return await run_in_threadpool(_import, store, settings, merchant, files, format, currency)
    except ImportFailed as exc:
        raise ApiError(422, "import_failed", str(exc)) from exc
