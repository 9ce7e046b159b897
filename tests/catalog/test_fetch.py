"""Product photos fetched over HTTP from a loopback server: limits on address, type, size and content."""

from __future__ import annotations

import http.server
import io
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from PIL import Image
from sqlalchemy import select, update

from copilot.catalog.fetch import FetchPolicy, FetchRefused, fetch_image_bytes, fetch_product_images
from copilot.store import Store
from copilot.store.models import Product

LIMIT = 20_000
HOSTS: list[str] = []


def _png(colour: tuple[int, int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(buffer, format="PNG")
    return buffer.getvalue()


class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        HOSTS.append(self.headers.get("Host", ""))
        if self.path == "/hop":
            self.send_response(302)
            self.send_header("Location", "/ok.png")
            self.end_headers()
            return
        if self.path == "/slow.png":
            time.sleep(0.3)
            self.path = "/ok.png"
        if self.path == "/endless":
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            for _ in range(100):
                self.wfile.write(b"\0" * 1000)
            return
        body, kind = {
            "/ok.png": (_png((20, 120, 220)), "image/png"),
            "/big.png": (b"\0" * (LIMIT + 1), "image/png"),
            "/page": (b"<html>hello</html>", "text/html"),
            "/fake.png": (b"\x89PNG not really", "image/png"),
        }.get(self.path, (b"", ""))
        self.send_response(200 if kind else 404)
        self.send_header("Content-Type", kind or "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def origin() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


LOOPBACK = FetchPolicy(max_bytes=LIMIT, timeout_s=5, allow_private=True)


def test_an_image_within_the_limits_is_fetched_through_redirects(origin: str):
    with httpx.Client() as client:
        assert fetch_image_bytes(client, f"{origin}/hop", LOOPBACK) == _png((20, 120, 220))


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/big.png", "more than 20,000 bytes"),
        ("/endless", "more than 20,000 bytes"),
        ("/page", "content type text/html"),
        ("/missing.png", "HTTP 404"),
    ],
)
def test_too_big_not_an_image_or_missing_is_refused(origin: str, path: str, reason: str):
    with httpx.Client() as client, pytest.raises(FetchRefused, match=reason):
        fetch_image_bytes(client, origin + path, LOOPBACK)


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/x.png", "http://10.0.0.8/x.png", "http://[::1]/x.png"])
def test_private_and_loopback_addresses_are_refused_unless_allowed(url: str):
    with httpx.Client() as client, pytest.raises(FetchRefused, match="private or local"):
        fetch_image_bytes(client, url, FetchPolicy(max_bytes=LIMIT))


def test_a_redirect_to_a_local_address_is_refused(origin: str):
    public_first = FetchPolicy(max_bytes=LIMIT)
    with httpx.Client() as client, pytest.raises(FetchRefused, match="only http and https"):
        fetch_image_bytes(client, "file:///etc/passwd", public_first)
    with httpx.Client() as client, pytest.raises(FetchRefused, match="private or local"):
        fetch_image_bytes(client, f"{origin}/hop", public_first)


def test_products_with_an_image_url_get_their_photo_and_failures_are_listed(
    demo_store: Store, tmp_path: Path, origin: str
):
    urls = {"out_pole_carbon": f"{origin}/ok.png", "out_sunscreen_spf50": f"{origin}/fake.png"}
    with demo_store.session() as session:
        for product_id, url in urls.items():
            session.execute(update(Product).where(Product.id == product_id).values(image_url=url))
    with httpx.Client() as client:
        summary = fetch_product_images(demo_store, tmp_path, "m_outdoor", client, LOOPBACK)
    assert summary.fetched == 1 and [pid for pid, _ in summary.failed] == ["out_sunscreen_spf50"]
    with demo_store.session() as session:
        stored = dict(session.execute(select(Product.id, Product.image_path).where(Product.id.in_(urls))).all())
    assert stored["out_sunscreen_spf50"] is None
    with Image.open(tmp_path / stored["out_pole_carbon"]) as photo:
        assert photo.convert("RGB").getpixel((32, 24)) == (20, 120, 220)


def test_the_request_goes_to_the_address_that_was_checked(monkeypatch: pytest.MonkeyPatch):
    """DNS rebinding: a name public when checked could be loopback when httpx resolves it again; the request is
    sent to the checked address itself, under the name's Host header."""
    real = socket.getaddrinfo

    def resolve(host: str, *args: object, **kwargs: object) -> list:
        if host != "shop-images.example":
            return real(host, *args, **kwargs)  # type: ignore[arg-type]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", 80))]

    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, headers={"Content-Type": "image/png"}, content=_png((1, 2, 3)))

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    with httpx.Client(transport=httpx.MockTransport(answer)) as client:
        fetch_image_bytes(client, "http://shop-images.example/p.png", FetchPolicy(max_bytes=LIMIT))
    [request] = sent
    assert request.url.host == "93.184.216.34" and request.headers["Host"] == "shop-images.example"


def test_a_run_starts_no_fetch_past_its_time_budget(demo_store: Store, tmp_path: Path, origin: str):
    products = ["out_pole_carbon", "out_sunscreen_spf50", "out_tent_2p"]
    with demo_store.session() as session:
        session.execute(update(Product).where(Product.id.in_(products)).values(image_url=f"{origin}/slow.png"))
    budget = FetchPolicy(max_bytes=LIMIT, timeout_s=5, allow_private=True, total_s=0.2)
    with httpx.Client() as client:
        summary = fetch_product_images(demo_store, tmp_path, "m_outdoor", client, budget)
    assert (summary.fetched, summary.failed, summary.left) == (1, [], 2)
