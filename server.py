"""The ASGI app for `uvicorn server:app` (or `copilot serve`); the app itself lives in copilot/api/."""

from copilot.api.app import create_app

app = create_app()
