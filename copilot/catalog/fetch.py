"""Product photos fetched over HTTP from the URLs an import gave (Shopify ``Image Src``, Taobao item images).

Only http(s) URLs whose host resolves to public addresses are fetched (private, loopback, link-local and
reserved addresses are refused unless the policy allows them, for tests and closed networks); redirects are
followed by hand, each hop checked the same way. The answer must be 200 with an image content type and no
more bytes than the limit (read in chunks and cut off past it); Pillow then checks the photo itself
(copilot.catalog.images). The request goes to the address that was checked (Host header and TLS server name
kept), so a name cannot resolve to another address between the check and the connection.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx
from sqlalchemy import select

from copilot.catalog.images import CONTENT_TYPES, ImageLimits, ImageRejected, save_product_image
from copilot.config import Settings
from copilot.store import Store
from copilot.store.models import Product


class FetchRefused(ValueError):
    """The URL was not fetched, or its answer was not an acceptable image; the message says why."""


@dataclass(frozen=True)
class FetchPolicy:
    max_bytes: int
    timeout_s: float = 10.0
    allow_private: bool = False
    max_redirects: int = 3
    total_s: float = 60.0  # a run starts no fetch after this long; the rest waits for the next import

    @classmethod
    def of(cls, settings: Settings) -> FetchPolicy:
        return cls(
            max_bytes=settings.product_image_max_bytes,
            timeout_s=settings.image_fetch_timeout_s,
            allow_private=settings.image_fetch_allow_private,
        )


@dataclass(frozen=True)
class _Pinned:
    """A request to the checked address itself: its URL, the Host header and the TLS server name."""

    url: str
    headers: dict[str, str]
    extensions: dict[str, str]


def _pinned(url: str, policy: FetchPolicy) -> _Pinned:
    """``url`` aimed at the first address its host resolves to, once every address passed the policy."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchRefused("only http and https URLs are fetched")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (OSError, ValueError) as exc:
        raise FetchRefused(f"cannot resolve {parts.hostname}") from exc
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]
    if not policy.allow_private and any(not a.is_global or a.is_multicast for a in addresses):
        raise FetchRefused(f"{parts.hostname} is a private or local address")
    host = f"[{addresses[0]}]" if addresses[0].version == 6 else str(addresses[0])
    target = parts._replace(netloc=f"{host}:{port}").geturl()
    tls = {"sni_hostname": parts.hostname} if parts.scheme == "https" else {}
    return _Pinned(target, {"Host": parts.netloc.rsplit("@", 1)[-1]}, tls)


def fetch_image_bytes(client: httpx.Client, url: str, policy: FetchPolicy) -> bytes:
    """The body of ``url`` when it is an image within the policy. Raises FetchRefused."""
    timeout = httpx.Timeout(policy.timeout_s, connect=min(5.0, policy.timeout_s))
    for _ in range(policy.max_redirects + 1):
        pinned = _pinned(url, policy)
        try:
            with client.stream(
                "GET",
                pinned.url,
                headers=pinned.headers,
                extensions=pinned.extensions,
                timeout=timeout,
                follow_redirects=False,
            ) as response:
                if response.is_redirect and "location" in response.headers:
                    url = urljoin(url, response.headers["location"])
                    continue
                if response.status_code != 200:
                    raise FetchRefused(f"the server answered HTTP {response.status_code}")
                kind = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
                if kind not in CONTENT_TYPES:
                    raise FetchRefused(f"not an image (content type {kind or 'missing'})")
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > policy.max_bytes:
                    raise FetchRefused(f"the image has more than {policy.max_bytes:,} bytes")
                body = bytearray()
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > policy.max_bytes:
                        raise FetchRefused(f"the image has more than {policy.max_bytes:,} bytes")
                return bytes(body)
        except httpx.TimeoutException as exc:
            raise FetchRefused("the server did not answer in time") from exc
        except httpx.HTTPError as exc:
            raise FetchRefused(f"the request failed ({type(exc).__name__})") from exc
    raise FetchRefused(f"more than {policy.max_redirects} redirects")


@dataclass
class FetchSummary:
    fetched: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (product id, reason)
    left: int = 0  # products with a URL beyond this run's limit

    def line(self) -> str:
        """One line for the merchant: how many photos were fetched, and why the first failure failed."""
        text = f"Product photos: {self.fetched} fetched"
        if self.failed:
            text += f", {len(self.failed)} not fetched (first: {self.failed[0][0]}: {self.failed[0][1]})"
        if self.left:
            text += f", {self.left} left for the next import"
        return text

    def as_dict(self) -> dict[str, object]:
        return {
            "fetched": self.fetched,
            "failed": [{"product_id": pid, "reason": reason} for pid, reason in self.failed],
            "not_tried": self.left,
        }


def fetch_product_images(
    store: Store, data_dir: Path, merchant_id: str, client: httpx.Client, policy: FetchPolicy, *, limit: int = 50
) -> FetchSummary:
    """Fetch the photos of the merchant's products that have an image URL and no photo yet (at most ``limit``,
    none started after ``policy.total_s``)."""
    with store.session() as session:
        pending = list(
            session.execute(
                select(Product.id, Product.image_url)
                .where(
                    Product.merchant_id == merchant_id,
                    Product.image_url.is_not(None),
                    Product.image_path.is_(None),
                )
                .order_by(Product.id)
            )
        )
    summary = FetchSummary(left=max(0, len(pending) - limit))
    images = ImageLimits(max_bytes=policy.max_bytes)
    deadline = time.monotonic() + policy.total_s
    for done, (product_id, url) in enumerate(pending[:limit]):
        if time.monotonic() > deadline:
            summary.left += min(limit, len(pending)) - done
            break
        try:
            data = fetch_image_bytes(client, str(url), policy)
            save_product_image(store, data_dir, merchant_id, product_id, data, images)
        except (FetchRefused, ImageRejected) as exc:
            summary.failed.append((product_id, str(exc)))
            continue
        summary.fetched += 1
    return summary
