"""Pseudonymous customer ids and scrubbing of personal data: nothing personal is stored in clear.

A customer is keyed by `HMAC-SHA256(k, merchant_id, kind, normalised value)`, where `k` is derived from the
install's `settings.secret_key`: the same e-mail (or phone, or marketplace nickname) gives the same id on
every import of the same install and merchant, and the id cannot be reversed or linked across merchants or
installs without the secret. E-mails, phones and addresses are never returned by this module; free text
that may hold them (descriptions, titles) goes through `redact`.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from functools import cache, lru_cache
from pathlib import Path

from copilot.yaml_data import load_yaml

_RULES = Path(__file__).with_name("pii.yaml")
_NON_DIGITS = re.compile(r"\D+")
DIGEST_CACHE_SIZE = 1 << 16


@cache
def _redaction() -> tuple[re.Pattern[str], str]:
    rules = load_yaml(_RULES.read_text(encoding="utf-8"))
    pattern = "|".join(f"(?:{p})" for p in rules["patterns"].values())
    return re.compile(pattern), str(rules["redact_with"])


def redact(text: str) -> str:
    """`text` with every e-mail address and phone number replaced by a marker (pii.yaml)."""
    pattern, marker = _redaction()
    return pattern.sub(marker, text)


def normalise_email(value: str) -> str | None:
    """Lower-cased, trimmed e-mail; None unless it looks like one."""
    email = value.strip().lower()
    return email if "@" in email and "." in email.rsplit("@", 1)[-1] else None


def normalise_phone(value: str) -> str | None:
    """Digits only, without an international `00` prefix; None when fewer than 6 digits remain."""
    digits = _NON_DIGITS.sub("", value)
    if digits.startswith("00"):
        digits = digits[2:]
    return digits if len(digits) >= 6 else None


class Pseudonymizer:
    """Turns a customer's e-mail, phone or marketplace handle into a stable pseudonymous customer id."""

    def __init__(self, secret: str, merchant_id: str) -> None:
        if not secret:
            raise ValueError("a non-empty secret is required to pseudonymise customers")
        self._key = hmac.new(secret.encode("utf-8"), b"copilot/customer-id/v1", hashlib.sha256).digest()
        self._merchant = merchant_id.encode("utf-8")
        self._cached_digest = lru_cache(maxsize=DIGEST_CACHE_SIZE)(self._digest)

    def _digest(self, kind: str, value: str) -> str:
        message = b"\x00".join((self._merchant, kind.encode(), value.encode("utf-8")))
        return "cu_" + hmac.digest(self._key, message, "sha256").hex()[:32]

    def customer_id(self, *, email: str = "", phone: str = "", handle: str = "") -> str | None:
        """The id of the first usable key among e-mail, phone and handle (a marketplace nickname); None if none."""
        normalised_email = normalise_email(email) if email else None
        if normalised_email:
            return self._cached_digest("email", normalised_email)
        normalised_phone = normalise_phone(phone) if phone else None
        if normalised_phone:
            return self._cached_digest("phone", normalised_phone)
        nick = handle.strip()
        return self._cached_digest("handle", nick) if nick else None


__all__ = ["Pseudonymizer", "normalise_email", "normalise_phone", "redact"]
