"""What the HTTP faces (the chat API in `copilot.api`, Slack and DingTalk in `copilot.channels`) stand on.

The app's `Runtime` and every dependency a route may ask for (`deps`), the one error shape (`errors`), the limits
and metrics applied to every route (`limits`, `metrics`), API keys (`keys`, issued by the CLI), the machinery that
runs turns and document uploads in the background (`runs`, `leases`, `threads_store`, `ingest`, `ingest_jobs`)
and serving a merchant's files (`files`). Nothing here imports a face; `copilot.app` composes them.
"""
