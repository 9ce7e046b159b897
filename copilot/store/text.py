"""Text that every database of the store can hold.

PostgreSQL refuses the NUL character (U+0000) in text and JSON values, and a query parameter holding one fails
the statement; SQLite keeps it. Text from outside the server is therefore either refused at the API (its request
bodies check `is_storable`) or cleaned with `storable` (chat channels, imported files) before it can reach the
store, the audit log or a LangGraph checkpoint, so the same input behaves the same on both databases.
"""

from __future__ import annotations

NUL = "\x00"
NOT_STORABLE = "must not contain the NUL character (\\u0000)"


def is_storable(text: str) -> bool:
    """True when the store can hold `text` on every database."""
    return NUL not in text


def storable(text: str) -> str:
    """`text` without NUL characters (the same string when it has none)."""
    return text.replace(NUL, "")


__all__ = ["NOT_STORABLE", "NUL", "is_storable", "storable"]
