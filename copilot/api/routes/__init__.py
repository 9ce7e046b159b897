"""The API's routers, one module per resource; `copilot.api.app.create_app` includes them."""
