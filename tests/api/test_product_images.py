"""PUT /v1/products/{id}/image: a product photo through real HTTP, checked, stored under the data folder."""

from __future__ import annotations

import http.server
import io
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from copilot.app import create_app
from copilot.clock import DEMO_TODAY
from copilot.config import ApiLimits, Settings
from copilot.store import Store
from copilot.store.models import Product
from copilot.web.keys import create_key
from tests.api.conftest import ApiServer, assert_error
from tests.catalog.broken_photos import corrupt_exif_jpeg
from tests.helpers import serve
from tests.importers.exports import ShopProduct, Variant, write_shopify_products

PHOTO_LIMIT = 40_000
PRODUCT = "out_pole_carbon"


@pytest.fixture(scope="module")
def photo_api(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiServer]:
    root = tmp_path_factory.mktemp("photos")
    shutil.copyfile(demo_template, root / "store.db")
    url = f"sqlite:///{root / 'store.db'}"
    store = Store.open(url)
    keys = {"outdoor": create_key(store, "m_outdoor", "t").key, "baby": create_key(store, "m_baby", "t").key}
    settings = Settings(
        data_dir=root / "data",
        db_url=url,
        model="offline",
        today=DEMO_TODAY,
        product_image_max_bytes=PHOTO_LIMIT,
        image_fetch_allow_private=True,
        api=ApiLimits(max_upload_bytes=1_000_000, rate_per_minute=6_000, rate_burst=1_000),
    )
    app = create_app(settings)
    served = serve(app, "the API server")
    yield ApiServer(base_url=served.base_url, app=app, settings=settings, store=store, keys=keys)
    served.stop()
    store.close()


def _jpeg(colour: tuple[int, int, int] = (200, 40, 40), size: tuple[int, int] = (320, 240)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="JPEG")
    return buffer.getvalue()


def _image_path(store: Store, product_id: str) -> str | None:
    with store.session() as session:
        return session.scalar(select(Product.image_path).where(Product.id == product_id))


def test_a_photo_is_checked_and_stored_as_png_under_the_data_folder(photo_api: ApiServer):
    with photo_api.client("outdoor") as client:
        response = client.put(f"/v1/products/{PRODUCT}/image", files={"file": ("pole.jpg", _jpeg(), "image/jpeg")})
    assert response.status_code == 200, response.text
    stored = _image_path(photo_api.store, PRODUCT)
    assert stored is not None and stored.startswith("products/m_outdoor/")
    with Image.open(photo_api.settings.data_dir / stored) as image:
        assert image.format == "PNG" and image.size == (320, 240)
        red, green, blue = image.convert("RGB").getpixel((160, 120))  # type: ignore[misc]
    assert red > 180 and green < 70 and blue < 70


def test_too_big_wrong_type_not_an_image_and_another_merchants_product_are_refused(photo_api: ApiServer):
    noise = Image.effect_noise((400, 400), 100).convert("RGB")
    big = io.BytesIO()
    noise.save(big, format="PNG")
    assert len(big.getvalue()) > PHOTO_LIMIT
    with photo_api.client("outdoor") as client:
        too_big = client.put(f"/v1/products/{PRODUCT}/image", files={"file": ("n.png", big.getvalue(), "image/png")})
        wrong_type = client.put(f"/v1/products/{PRODUCT}/image", files={"file": ("a.txt", b"hello", "text/plain")})
        fake = client.put(f"/v1/products/{PRODUCT}/image", files={"file": ("x.png", b"\x89PNG not", "image/png")})
        unknown = client.put("/v1/products/no_such_product/image", files={"file": ("p.jpg", _jpeg(), "image/jpeg")})
    with photo_api.client("baby") as other:
        foreign = other.put(f"/v1/products/{PRODUCT}/image", files={"file": ("p.jpg", _jpeg(), "image/jpeg")})
    with photo_api.client(None) as anonymous:
        anon = anonymous.put(f"/v1/products/{PRODUCT}/image", files={"file": ("p.jpg", _jpeg(), "image/jpeg")})
    assert f"{PHOTO_LIMIT:,}" in assert_error(too_big, 413, "body_too_large")["message"]
    assert_error(wrong_type, 415, "unsupported_media_type")
    assert_error(fake, 422, "invalid_image")
    assert_error(unknown, 404, "not_found")
    assert_error(foreign, 404, "not_found")
    assert_error(anon, 401)


@pytest.mark.filterwarnings("ignore:Corrupt EXIF data")
def test_a_jpeg_with_corrupt_exif_is_refused_as_an_invalid_image(photo_api: ApiServer):
    with photo_api.client("outdoor") as client:
        response = client.put(
            f"/v1/products/{PRODUCT}/image", files={"file": ("exif.jpg", corrupt_exif_jpeg(), "image/jpeg")}
        )
    assert_error(response, 422, "invalid_image")


def test_an_import_with_image_src_fetches_the_photos(
    photo_api: ApiServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Photos are fetched directly: a proxy in the server's environment (here one that is not there) is not used,
    as the pinned-address check cannot hold through it."""
    photo = _jpeg((30, 160, 60))

    class Photos(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "image/jpeg")
            self.send_header("Content-Length", str(len(photo)))
            self.end_headers()
            self.wfile.write(photo)

    origin = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Photos)
    threading.Thread(target=origin.serve_forever, daemon=True).start()
    export = write_shopify_products(
        tmp_path / "products_export.csv",
        [ShopProduct("api-cap", "API Cap", "", "Hats", "", [Variant("API-CAP", "Default Title", "19.00")], images=0)],
    )
    rows = export.read_text(encoding="utf-8").replace(
        "https://cdn.example.com/api-cap-0.jpg", f"http://127.0.0.1:{origin.server_address[1]}/cap.jpg"
    )
    try:
        with photo_api.client("baby") as client:
            for name in ("NO_PROXY", "no_proxy"):
                monkeypatch.delenv(name, raising=False)
            for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
                monkeypatch.setenv(name, "http://127.0.0.1:9")
            response = client.post("/v1/imports", files=[("files", ("products_export.csv", rows, "text/csv"))])
    finally:
        origin.shutdown()
    assert response.status_code == 201, response.text
    assert response.json()["product_photos"] == {"fetched": 1, "failed": [], "not_tried": 0}
    stored = _image_path(photo_api.store, "m_baby:sku:API-CAP")
    assert stored is not None
    with Image.open(photo_api.settings.data_dir / stored) as image:
        red, green, blue = image.convert("RGB").getpixel((10, 10))  # type: ignore[misc]
    assert green > 130 and red < 60 and blue < 90
