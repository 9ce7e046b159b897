"""The chat API (FastAPI): `from copilot.api.app import create_app`.

Faces built on it take their dependencies from `copilot.api.deps` (SettingsDep, StoreDep, CopilotDep,
MemoryDep, MerchantDep, ...), their bodies from `copilot.api.schemas`, and raise `copilot.api.errors.ApiError`.
"""
