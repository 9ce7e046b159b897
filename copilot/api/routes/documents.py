"""The merchant's documents: upload a file into the merchant's memory (a background job), list and delete them.

An upload answers 202 with its job at once; the client polls GET /v1/documents/jobs/{id} (copilot/api/ingest.py).
"""

from __future__ import annotations

import tempfile
from pathlib import Path as FilePath
from typing import Annotated

from fastapi import APIRouter, File, Form, Path, Response, UploadFile
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from copilot.api.schemas import (
    AUTH_ERRORS,
    DocumentList,
    DocumentPublic,
    IngestJobPublic,
    StoredText,
    responses,
)
from copilot.api.uploads import UploadTooLarge, save_upload
from copilot.memory import NewDocument, UnsupportedDocumentError
from copilot.memory.text import SUPPORTED_SUFFIXES, load_document
from copilot.web.deps import IngestDep, LimitsDep, MemoryDep, MerchantDep
from copilot.web.errors import ApiError, not_found
from copilot.web.ingest import DocumentTooLarge, TooManyIngests
from copilot.web.ingest_jobs import JOB_ID_PATTERN, JobInfo

router = APIRouter(prefix="/v1/documents", tags=["documents"], responses=responses(*AUTH_ERRORS))

MAX_FILENAME = 200
JOBS_PATH = "/v1/documents/jobs"


def _safe_name(filename: str | None) -> str:
    name = FilePath((filename or "").replace("\\", "/")).name.strip()
    if not name or len(name) > MAX_FILENAME or not name.isprintable():
        raise ApiError(422, "invalid_request", f"the file needs a name of 1-{MAX_FILENAME} printable characters")
    if FilePath(name).suffix.lower() not in SUPPORTED_SUFFIXES:
        raise ApiError(415, "unsupported_media_type", "upload a .md, .txt, .html or .pdf file")
    return name


def _read(upload: UploadFile, name: str, title: str | None, max_bytes: int) -> NewDocument:
    with tempfile.TemporaryDirectory(prefix="copilot-upload-") as folder:
        path = FilePath(folder) / name
        try:
            save_upload(upload, path, limit=max_bytes)
        except UploadTooLarge as exc:
            raise ApiError(
                413,
                "document_too_large",
                f"{name} has more than {exc.limit:,} bytes, the most one document upload may have "
                "(COPILOT_API_MAX_DOCUMENT_BYTES): split it into smaller files and upload each (nothing was stored)",
            ) from exc
        document = load_document(path)
    chosen = " ".join((title or document.title).replace("\x00", " ").split())
    return NewDocument(chosen, document.text, source=name)


def _public(job: JobInfo) -> IngestJobPublic:
    return IngestJobPublic.model_validate(job, from_attributes=True)


@router.post(
    "",
    status_code=202,
    summary="Upload a .md/.txt/.html/.pdf document into the merchant's memory (same title replaces); answers its "
    "ingest job at once: poll GET /v1/documents/jobs/{id}",
    responses=responses(413, 415),
    response_model=IngestJobPublic,
)
async def upload_document(
    merchant: MerchantDep,
    ingest: IngestDep,
    limits: LimitsDep,
    file: Annotated[
        UploadFile,
        File(description="the document (limits: COPILOT_API_MAX_DOCUMENT_BYTES, COPILOT_API_MAX_DOCUMENT_PASSAGES)"),
    ],
    title: Annotated[str | None, Form(max_length=200, description="default: its heading or file name")] = None,
) -> JSONResponse:
    name = _safe_name(file.filename)
    try:
        await run_in_threadpool(ingest.check_room, merchant)
        document = await run_in_threadpool(_read, file, name, title, limits.max_document_bytes)
        job = await run_in_threadpool(ingest.submit, merchant, document)
    except TooManyIngests as exc:
        raise ApiError(429, "too_many_ingests", str(exc), headers={"Retry-After": "10"}) from exc
    except DocumentTooLarge as exc:
        raise ApiError(413, "document_too_large", str(exc)) from exc
    except UnsupportedDocumentError as exc:
        raise ApiError(422, "unsupported_document", "no text could be extracted from this file") from exc
    except ValueError as exc:
        raise ApiError(422, "invalid_document", str(exc)) from exc
    return JSONResponse(
        _public(job).model_dump(mode="json"), status_code=202, headers={"Location": f"{JOBS_PATH}/{job.id}"}
    )


@router.get("/jobs/{job_id}", summary="An upload's ingest job: its status and progress", responses=responses(404))
async def get_ingest_job(
    job_id: Annotated[str, Path(pattern=JOB_ID_PATTERN)], merchant: MerchantDep, ingest: IngestDep
) -> IngestJobPublic:
    job = await run_in_threadpool(ingest.job, merchant, job_id)
    if job is None:
        raise not_found("ingest job")
    return _public(job)


@router.get("", summary="The merchant's documents")
async def list_documents(merchant: MerchantDep, memory: MemoryDep) -> DocumentList:
    entries = await run_in_threadpool(memory.documents, merchant)
    return DocumentList(
        documents=[
            DocumentPublic(
                title=entry["title"],
                source=FilePath(entry["source"]).name if entry.get("source") else None,
                kind=entry.get("kind", "document"),
                chunks=entry["chunks"],
                ingested_at=entry.get("ingested_at"),
            )
            for entry in entries
        ]
    )


@router.delete("/{title}", status_code=204, summary="Delete a document by title", responses=responses(404))
async def delete_document(
    title: Annotated[StoredText, Path(max_length=200)], merchant: MerchantDep, memory: MemoryDep
) -> Response:
    if not await run_in_threadpool(memory.delete_document, merchant, title):
        raise not_found("document")
    return Response(status_code=204)
