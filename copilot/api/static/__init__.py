"""The web chat: the static page served at `/` and its assets under `/static/` (no build step, no framework).

Only the files named in `ASSETS` are served, each with its media type and a Content-Security-Policy that
allows scripts, styles and connections to this origin only and images from it or from blob URLs (how the page
shows charts fetched with the API key). The page itself talks to the `/v1` API with `Authorization: Bearer`.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

from copilot.web.errors import not_found

STATIC_DIR = Path(__file__).parent
INDEX = "index.html"
ASSETS: dict[str, str] = {
    "app.js": "text/javascript; charset=utf-8",
    "app.css": "text/css; charset=utf-8",
    "i18n.json": "application/json",
}
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}

router = APIRouter(include_in_schema=False)


@router.get("/")
async def index() -> FileResponse:
    """The web chat page."""
    return FileResponse(STATIC_DIR / INDEX, media_type="text/html; charset=utf-8", headers=HEADERS)


@router.get("/static/{name}")
async def asset(name: str) -> FileResponse:
    """One of the page's assets; any other name is a 404 in the API's error shape."""
    media_type = ASSETS.get(name)
    if media_type is None:
        raise not_found("file")
    return FileResponse(STATIC_DIR / name, media_type=media_type, headers=HEADERS)
