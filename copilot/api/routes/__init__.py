"""The API's routers, one module per resource; `copilot.app.create_app` includes them."""
