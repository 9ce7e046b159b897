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
from tests.catalog.broken_photos import corrupt_exif_jpeg

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
        if self.path == "/slowhop":
            time.sleep(0.3)
            self.send_response(302)
            self.send_header("Location", "/slowhop")
            self.end_headers()
            return
        if self.path == "/drip.png":
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            try:
                for _ in range(30):
                    self.wfile.write(b"\0")
                    self.wfile.flush()
                    time.sleep(0.1)
            except OSError:
                pass
            return
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
            "/exif.jpg": (corrupt_exif_jpeg(), "image/jpeg"),
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


def _sent_requests(*urls: str) -> list[httpx.Request]:
    """Fetch each URL (public addresses only) from a transport answering a PNG; the requests it was sent."""
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, headers={"Content-Type": "image/png"}, content=_png((1, 2, 3)))

    with httpx.Client(transport=httpx.MockTransport(answer)) as client:
        for url in urls:
            fetch_image_bytes(client, url, FetchPolicy(max_bytes=LIMIT))
    return sent


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


@pytest.mark.parametrize(
    "url",
    [
        "http://[64:ff9b::7f00:1]/x.png",  # NAT64 of 127.0.0.1
        "http://[64:ff9b::a00:8]/x.png",  # NAT64 of 10.0.0.8
        "http://[2002:7f00:1::1]/x.png",  # 6to4 of 127.0.0.1
        "http://[2002:c0a8:101::1]/x.png",  # 6to4 of 192.168.1.1
    ],
)
def test_ipv6_addresses_embedding_a_local_ipv4_address_are_refused(url: str):
    with httpx.Client() as client, pytest.raises(FetchRefused, match="private or local"):
        fetch_image_bytes(client, url, FetchPolicy(max_bytes=LIMIT))


def test_ipv6_addresses_embedding_a_public_ipv4_address_are_fetched():
    sent = _sent_requests("http://[64:ff9b::5db8:d822]/p.png", "http://[2002:5db8:d822::1]/p.png")
    assert [request.url.host for request in sent] == ["64:ff9b::5db8:d822", "2002:5db8:d822::1"]


@pytest.mark.parametrize(
    "url",
    ["http://[::1/x.png", "http://shop.example:99999/x.png", "http://a..b.example/x.png", "http://例子..中国/a.jpg"],
)
def test_a_malformed_url_is_refused(url: str):
    with httpx.Client() as client, pytest.raises(FetchRefused):
        fetch_image_bytes(client, url, FetchPolicy(max_bytes=LIMIT))


def test_a_server_sending_the_photo_too_slowly_is_cut_off(origin: str):
    """Each byte comes well within the read timeout, but the photo as a whole takes longer than it."""
    with httpx.Client() as client, pytest.raises(FetchRefused, match="in time"):
        fetch_image_bytes(client, f"{origin}/drip.png", FetchPolicy(max_bytes=LIMIT, timeout_s=0.5, allow_private=True))


def test_slow_redirects_count_against_one_time_limit(origin: str):
    policy = FetchPolicy(max_bytes=LIMIT, timeout_s=0.5, allow_private=True, max_redirects=5)
    with httpx.Client() as client, pytest.raises(FetchRefused, match="in time"):
        fetch_image_bytes(client, f"{origin}/slowhop", policy)


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

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    [request] = _sent_requests("http://shop-images.example/p.png")
    assert request.url.host == "93.184.216.34" and request.headers["Host"] == "shop-images.example"


def test_a_run_ends_its_fetches_at_its_time_budget(demo_store: Store, tmp_path: Path, origin: str):
    """The photo being fetched when the run's budget runs out is cut off there; no later one is started."""
    products = ["out_pole_carbon", "out_sunscreen_spf50", "out_tent_2p"]
    with demo_store.session() as session:
        session.execute(update(Product).where(Product.id.in_(products)).values(image_url=f"{origin}/drip.png"))
    budget = FetchPolicy(max_bytes=LIMIT, timeout_s=10, allow_private=True, total_s=0.3)
    with httpx.Client() as client:
        summary = fetch_product_images(demo_store, tmp_path, "m_outdoor", client, budget)
    assert (summary.fetched, summary.left) == (0, 2)
    [(product_id, reason)] = summary.failed
    assert product_id == "out_pole_carbon" and "in time" in reason


def test_a_non_ascii_host_is_resolved_and_sent_in_its_idna_form(monkeypatch: pytest.MonkeyPatch):
    asked: list[str] = []

    def resolve(host: str, *args: object, **kwargs: object) -> list:
        asked.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", 443))]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    [request] = _sent_requests("https://例子.中国:8443/a.jpg")
    assert asked == ["xn--fsqu00a.xn--fiqs8s"]
    assert request.headers["Host"] == "xn--fsqu00a.xn--fiqs8s:8443"
    assert request.extensions["sni_hostname"] == "xn--fsqu00a.xn--fiqs8s"


@pytest.mark.filterwarnings("ignore:Corrupt EXIF data")
def test_a_bad_url_or_photo_fails_only_its_own_product(demo_store: Store, tmp_path: Path, origin: str):
    urls = {
        "out_pole_carbon": "http://[::1/x.png",
        "out_sunscreen_spf50": f"{origin}/exif.jpg",
        "out_tent_2p": f"{origin}/ok.png",
    }
    with demo_store.session() as session:
        for product_id, url in urls.items():
            session.execute(update(Product).where(Product.id == product_id).values(image_url=url))
    with httpx.Client() as client:
        summary = fetch_product_images(demo_store, tmp_path, "m_outdoor", client, LOOPBACK)
    assert summary.fetched == 1
    assert sorted(pid for pid, _ in summary.failed) == ["out_pole_carbon", "out_sunscreen_spf50"]


def test_a_photo_that_cannot_be_stored_is_reported_without_server_paths(
    demo_store: Store, tmp_path: Path, origin: str, caplog: pytest.LogCaptureFixture
):
    not_a_folder = tmp_path / "data"
    not_a_folder.write_text("a file where the data folder should be")
    with demo_store.session() as session:
        session.execute(update(Product).where(Product.id == "out_pole_carbon").values(image_url=f"{origin}/ok.png"))
    with httpx.Client() as client:
        summary = fetch_product_images(demo_store, not_a_folder, "m_outdoor", client, LOOPBACK)
    [(product_id, reason)] = summary.failed
    assert product_id == "out_pole_carbon" and str(tmp_path) not in reason and "internal error" in reason
    assert any(record.exc_info for record in caplog.records)
