"""Moved to copilot.store.timestamps; kept while copilot.campaigns.audience still imports it from here."""

from copilot.store.timestamps import midnight_bound

__all__ = ["midnight_bound"]
