"""Signed, expiring links to a merchant's chart: made by the digest for DingTalk, checked by the app's chart route."""

from __future__ import annotations

import hashlib
import hmac
import time

CHART_LINK_TTL_S = 7 * 24 * 3600


def chart_signature(secret: str, merchant_id: str, name: str, expires: int) -> str:
    message = f"{merchant_id}/{name}/{expires}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def chart_link(secret: str, base_url: str, merchant_id: str, name: str) -> str:
    """A public link to the chart `name`, signed with `secret` and valid for `CHART_LINK_TTL_S`."""
    expires = int(time.time()) + CHART_LINK_TTL_S
    sig = chart_signature(secret, merchant_id, name, expires)
    return f"{base_url}/channels/charts/{merchant_id}/{name}?expires={expires}&sig={sig}"


def valid_chart_link(secret: str, merchant_id: str, name: str, expires: int, sig: str) -> bool:
    """True when `sig` is the signature of the link's parts and the link has not expired."""
    expected = chart_signature(secret, merchant_id, name, expires)
    return expires >= time.time() and hmac.compare_digest(expected.encode(), sig.encode())
