"""Slack and DingTalk as services the copilot posts through: the channels file (`config`), the two clients
(`slack`, `dingtalk`), signed chart links and the proactive anomaly digest (`digest`). No HTTP route lives here:
the bots' routes are the `copilot.channels` face."""
