"""The ASGI app for `uvicorn server:app` (or `copilot serve`); the app is composed in copilot/app.py."""

from copilot.app import create_app

app = create_app()
