"""The chat API face: its routes (`routes`), bodies (`schemas`), streamed events and turns; `copilot.app` mounts it.

Routes take their dependencies from `copilot.web.deps` (SettingsDep, StoreDep, CopilotDep, MemoryDep,
MerchantDep, ...) and raise `copilot.web.errors.ApiError`, like every face of the app.
"""
