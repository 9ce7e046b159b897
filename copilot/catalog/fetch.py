"""Product photos fetched over HTTP from the URLs an import gave (Shopify ``Image Src``, Taobao item images).

Only http(s) URLs whose host resolves to public addresses are fetched (private, loopback, link-local and reserved
addresses, and IPv6 forms of such IPv4 addresses, are refused unless the policy allows them, for tests and closed
networks); redirects are followed by hand, each hop checked the same way. The answer must be 200 with an image
content type and no more bytes than the limit (read in chunks and cut off past it); Pillow then checks the photo
itself (copilot.catalog.images). The request goes to the address that was checked (Host header and TLS server name
kept), so a name cannot resolve to another address between the check and the connection; for the same reason photos
are fetched directly, never through a proxy from the environment (``photo_client``). One photo may take
``timeout_s`` in all (redirects and a slowly sent body included), and a run no more than ``total_s``.
"""

from __future__ import annotations

import ipaddress
import logging
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

log = logging.getLogger("copilot.catalog")

NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


class FetchRefused(ValueError):
    """The URL was not fetched, or its answer was not an acceptable image; the message says why."""


@dataclass(frozen=True)
class FetchPolicy:
    max_bytes: int
    timeout_s: float = 10.0
    allow_private: bool = False
    max_redirects: int = 3
    total_s: float = 60.0  # a run fetches for no longer than this; the rest waits for the next import

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


def photo_client() -> httpx.Client:
    """The HTTP client for photo fetches: direct connections only (a proxy would break the pinned address)."""
    return httpx.Client(trust_env=False)


def _is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """A global unicast address, whose embedded IPv4 address (NAT64, 6to4, IPv4-mapped) is public too."""
    if not address.is_global or address.is_multicast:
        return False
    if isinstance(address, ipaddress.IPv4Address):
        return True
    embedded = address.ipv4_mapped or address.sixtofour
    if embedded is None and address in NAT64:
        embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return embedded is None or _is_public(embedded)


def _ascii_host(hostname: str) -> str:
    """The host name as sent on the wire: IDNA (punycode) for a non-ASCII name."""
    if hostname.isascii():
        return hostname
    try:
        return hostname.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise FetchRefused("the URL's host name is not valid") from exc


def _pinned(url: str, policy: FetchPolicy) -> _Pinned:
    """``url`` aimed at the first address its host resolves to, once every address passed the policy."""
    try:
        parts = urlsplit(url)
        explicit_port = parts.port
    except ValueError as exc:
        raise FetchRefused("the URL is not valid") from exc
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchRefused("only http and https URLs are fetched")
    hostname = _ascii_host(parts.hostname)
    port = explicit_port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(hostname, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise FetchRefused(f"cannot resolve {hostname}") from exc
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]
    if not policy.allow_private and not all(_is_public(a) for a in addresses):
        raise FetchRefused(f"{hostname} is a private or local address")
    host = f"[{addresses[0]}]" if addresses[0].version == 6 else str(addresses[0])
    target = parts._replace(netloc=f"{host}:{port}").geturl()
    tls = {"sni_hostname": hostname} if parts.scheme == "https" else {}
    named = f"[{hostname}]" if ":" in hostname else hostname
    return _Pinned(target, {"Host": named if explicit_port is None else f"{named}:{explicit_port}"}, tls)


def _late() -> FetchRefused:
    return FetchRefused("the server did not send the photo in time")


def fetch_image_bytes(client: httpx.Client, url: str, policy: FetchPolicy, *, deadline: float | None = None) -> bytes:
    """The body of ``url`` when it is an image within the policy, fetched in at most ``policy.timeout_s`` and
    before ``deadline`` (``time.monotonic()``) when given. Raises FetchRefused."""
    ends = time.monotonic() + policy.timeout_s
    if deadline is not None:
        ends = min(ends, deadline)
    for _ in range(policy.max_redirects + 1):
        left = ends - time.monotonic()
        if left <= 0:
            raise _late()
        pinned = _pinned(url, policy)
        try:
            with client.stream(
                "GET",
                pinned.url,
                headers=pinned.headers,
                extensions=pinned.extensions,
                timeout=httpx.Timeout(left, connect=min(5.0, left)),
                follow_redirects=False,
            ) as response:
                if response.is_redirect and "location" in response.headers:
                    url = _joined(url, response.headers["location"])
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
                    if time.monotonic() > ends:
                        raise _late()
                return bytes(body)
        except httpx.TimeoutException as exc:
            raise _late() from exc
        except httpx.HTTPError as exc:
            raise FetchRefused(f"the request failed ({type(exc).__name__})") from exc
    raise FetchRefused(f"more than {policy.max_redirects} redirects")


def _joined(url: str, location: str) -> str:
    try:
        return urljoin(url, location)
    except ValueError as exc:
        raise FetchRefused("the server redirected to an invalid URL") from exc


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
    for at most ``policy.total_s``). A product whose photo fails for any reason is listed with the reason."""
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
            data = fetch_image_bytes(client, str(url), policy, deadline=deadline)
            save_product_image(store, data_dir, merchant_id, product_id, data, images)
        except (FetchRefused, ImageRejected) as exc:
            log.info("photo of %s (%s) not fetched: %s", product_id, merchant_id, exc)
            summary.failed.append((product_id, str(exc)))
            continue
        except Exception:
            log.exception("photo of %s (%s) failed", product_id, merchant_id)
            summary.failed.append((product_id, "the photo could not be fetched or stored (an internal error, logged)"))
            continue
        summary.fetched += 1
    return summary
