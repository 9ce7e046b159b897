"""The merchant's documents: upload a file into the merchant's memory, list and delete them."""

from __future__ import annotations

import tempfile
from pathlib import Path as FilePath
from typing import Annotated

from fastapi import APIRouter, File, Form, Path, Response, UploadFile
from starlette.concurrency import run_in_threadpool

from copilot.api.deps import MemoryDep, MerchantDep
from copilot.api.errors import ApiError, not_found
from copilot.api.schemas import AUTH_ERRORS, DocumentList, DocumentPublic, DocumentUploaded, responses
from copilot.memory import MemoryStore, UnsupportedDocumentError
from copilot.memory.text import SUPPORTED_SUFFIXES, load_document

router = APIRouter(prefix="/v1/documents", tags=["documents"], responses=responses(*AUTH_ERRORS))

MAX_FILENAME = 200
_COPY_CHUNK = 1 << 20


def _safe_name(filename: str | None) -> str:
    name = FilePath((filename or "").replace("\\", "/")).name.strip()
    if not name or len(name) > MAX_FILENAME:
        raise ApiError(422, "invalid_request", f"the file needs a name of 1-{MAX_FILENAME} characters")
    if FilePath(name).suffix.lower() not in SUPPORTED_SUFFIXES:
        raise ApiError(415, "unsupported_media_type", "upload a .md, .txt, .html or .pdf file")
    return name


def _ingest(
    memory: MemoryStore, merchant_id: str, upload: UploadFile, name: str, title: str | None
) -> DocumentUploaded:
    with tempfile.TemporaryDirectory(prefix="copilot-upload-") as folder:
        path = FilePath(folder) / name
        with path.open("wb") as out:
            while chunk := upload.file.read(_COPY_CHUNK):
                out.write(chunk)
        document = load_document(path)
    chosen = title or document.title
    chunks = memory.ingest(merchant_id, chosen, document.text, source=name)
    return DocumentUploaded(title=" ".join(chosen.split()), chunks=chunks)


@router.post(
    "",
    status_code=201,
    summary="Upload a .md/.txt/.html/.pdf document into the merchant's memory (same title replaces)",
    responses=responses(413, 415),
)
async def upload_document(
    merchant: MerchantDep,
    memory: MemoryDep,
    file: Annotated[UploadFile, File(description="the document (size limit: COPILOT_API_MAX_UPLOAD_BYTES)")],
    title: Annotated[str | None, Form(max_length=200, description="default: its heading or file name")] = None,
) -> DocumentUploaded:
    name = _safe_name(file.filename)
    try:
        return await run_in_threadpool(_ingest, memory, merchant, file, name, title)
    except UnsupportedDocumentError as exc:
        raise ApiError(422, "unsupported_document", "no text could be extracted from this file") from exc
    except ValueError as exc:
        raise ApiError(422, "invalid_document", str(exc)) from exc


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
    title: Annotated[str, Path(max_length=200)], merchant: MerchantDep, memory: MemoryDep
) -> Response:
    if not await run_in_threadpool(memory.delete_document, merchant, title):
        raise not_found("document")
    return Response(status_code=204)
