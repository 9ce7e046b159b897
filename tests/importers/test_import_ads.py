"""Ad reports into ad_daily: Alimama's 万相台/直通车 daily report (GBK CSV, XLSX) and a mapped ad CSV, through
import_files, the CLI and POST /v1/imports; idempotent, corrected re-exports, bad rows, channels, tenants."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import text
from typer.testing import CliRunner

from copilot.app import create_app
from copilot.clock import DEMO_TODAY, demo_clock
from copilot.config import Settings
from copilot.importers import ImportFailed, ImportReport, import_files
from copilot.importers.ads import alimama_channel, suggest_ad_mapping
from copilot.store import Store
from copilot.web.keys import create_key
from tests.helpers import LoopbackServer, add_draft_campaign, serve

SECRET = "test-secret"
CAMPAIGN = "c_ads_double11"
WANXIANGTAI_HEADER = ["日期", "计划ID", "计划名称", "场景名称", "花费", "展现量", "点击量", "点击率", "平均点击花费",
                      "总成交金额", "总成交笔数", "投入产出比"]  # fmt: skip
WANXIANGTAI_ROWS = [
    ["2026-11-10", "81234567", "双11大促-搜索", "关键词推广", "￥1,200.50", "45,210", "1,356", "3.00%", "0.89",
     "￥6,002.50", "31", "5.00"],
    ["2026-11-10", "81234568", "日常拉新", "猜你喜欢", "800.00", "120,000", "2,400", "2.00%", "0.33",
     "2,400.00", "12", "3.00"],
    ["2026-11-11", "81234567", "双11大促-搜索", "关键词推广", "2,000.00", "60,000", "1,800", "3.00%", "1.11",
     "12,000.00", "60", "6.00"],
    ["2026-11-11", "81234569", "直播间引流", "直播推广", "500.00", "", "300", "", "1.67", "1,000.00", "", "2.00"],
    ["2026-11-11", "81234570", "新品测款", "关键词推广", "", "1,000", "20", "2.00%", "", "0", "0", "0"],
    ["2026-11-12", "81234570", "新品测款", "精准人群推广", "100.00", "1,000", "20", "2.00%", "5.00", "0", "0", "0"],
    ["2026/13/01", "81234567", "双11大促-搜索", "关键词推广", "10.00", "1", "1", "100%", "10", "0", "0", "0"],
    ["合计", "", "", "", "4,610.50", "227,211", "5,896", "", "", "21,402.50", "103", ""],
]  # fmt: skip


def _write_wanxiangtai(path: Path, rows: list[list[str]] = WANXIANGTAI_ROWS, encoding: str = "gbk") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(WANXIANGTAI_HEADER)
        writer.writerows(rows)
    return path


def _write_ztc_xlsx(path: Path) -> Path:
    """直通车's daily report as an XLSX: dates as date cells, money and counts as numbers, no channel column."""
    book = Workbook()
    sheet = book.active
    sheet.append(["日期", "推广计划", "消耗(元)", "展现", "点击", "点击率", "成交金额", "成交笔数"])
    sheet.append([datetime(2026, 11, 9), "登山杖-关键词", 320.4, 15000, 450, 0.03, 1890.0, 9])
    sheet.append([datetime(2026, 11, 10), "登山杖-关键词", 410, 18000, 520, 0.0289, 2600, 13])
    sheet.append([datetime(2026, 11, 10), "冲锋衣-关键词", 99.9, 3000, 60, 0.02, None, None])
    book.save(path)
    return path


def _import(store: Store, paths: list[Path], tmp_path: Path, merchant: str = "m_ads", **kwargs: object) -> ImportReport:
    return import_files(store, paths, merchant_id=merchant, secret=SECRET, report_dir=tmp_path / "reports",
                        clock=demo_clock(), **kwargs)  # type: ignore[arg-type]  # fmt: skip


def _rows(store: Store, merchant: str) -> list[tuple]:
    with store.engine.connect() as conn:
        found = conn.execute(
            text(
                "SELECT date, channel, campaign_id, spend, impressions, clicks, attributed_orders, attributed_gmv "
                "FROM ad_daily WHERE merchant_id = :m ORDER BY date, channel, spend"
            ),
            {"m": merchant},
        ).all()
    return [
        (date.fromisoformat(str(r[0])[:10]), r[1], r[2], Decimal(str(r[3])), r[4], r[5], r[6], Decimal(str(r[7])))
        for r in found
    ]


def _merchant_with_campaign(store: Store, merchant: str = "m_ads", name: str = "双11大促-搜索") -> None:
    with store.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO merchants (id, name, currency, daily_budget_cap, created_at) "
                "VALUES (:m, :m, 'CNY', 10000, '2026-01-01 00:00:00')"
            ),
            {"m": merchant},
        )
    add_draft_campaign(store, f"{CAMPAIGN}_{merchant}", merchant, name=name)


def test_a_wanxiangtai_gbk_report_lands_per_day_channel_and_plan_with_a_report(empty_store: Store, tmp_path: Path):
    _merchant_with_campaign(empty_store)
    path = _write_wanxiangtai(tmp_path / "万相台_计划日报.csv")

    report = _import(empty_store, [path], tmp_path)

    assert report.files[0].kind == "alimama_ads" and report.files[0].encoding == "gb18030"
    campaign = f"{CAMPAIGN}_m_ads"
    assert _rows(empty_store, "m_ads") == [
        (date(2026, 11, 10), "recommend", None, Decimal("800.00"), 120000, 2400, 12, Decimal("2400.00")),
        (date(2026, 11, 10), "search", campaign, Decimal("1200.50"), 45210, 1356, 31, Decimal("6002.50")),
        (date(2026, 11, 11), "live", None, Decimal("500.00"), 0, 300, 0, Decimal("1000.00")),
        (date(2026, 11, 11), "search", campaign, Decimal("2000.00"), 60000, 1800, 60, Decimal("12000.00")),
    ]
    ads = report.ads
    assert ads is not None
    assert (ads.counts.imported, ads.counts.rejected, ads.totals_rows) == (4, 3, 1)
    assert {c: (len(t.days), t.rows, t.spend) for c, t in ads.channels.items()} == {
        "search": (2, 2, Decimal("3200.50")),
        "recommend": (1, 1, Decimal("800.00")),
        "live": (1, 1, Decimal("500.00")),
    }
    assert sorted(ads.unmatched_plans) == ["日常拉新", "直播间引流"]
    assert report.rejected_path is not None
    rejected = list(csv.reader(report.rejected_path.open(encoding="utf-8")))[1:]
    assert rejected == [
        [path.name, "6", "missing spend in 花费"],
        [path.name, "7", "unknown channel '精准人群推广' in 场景名称 (live: 直播; "
         "recommend: 推荐/信息流/猜你喜欢/引力魔方; search: 搜索/关键词/直通车)"],
        [path.name, "8", "unparseable date '2026/13/01' in 日期"],
    ]  # fmt: skip
    summary = report.summary()
    assert "ad report" in summary and "4 imported" in summary and "3 rejected" in summary
    assert "search       days: 2  rows: 2  spend: ¥3,200.50" in summary
    assert "Empty cells read as 0: 展现量 × 1, 总成交笔数 × 1" in summary
    assert "Plans matching no campaign by name (stored without one): 日常拉新, 直播间引流" in summary
    assert "Totals rows skipped: 1" in summary and "orders" not in summary
    assert report.to_dict()["ad_daily"]["channels"]["live"] == {"days": 1, "rows": 1, "spend": "500.00"}


def test_the_same_report_twice_lands_once_and_a_corrected_export_replaces_the_days_figures(
    empty_store: Store, tmp_path: Path
):
    path = _write_wanxiangtai(tmp_path / "report.csv", encoding="utf-8-sig")
    first = _import(empty_store, [path], tmp_path, currency="CNY")
    again = _import(empty_store, [path], tmp_path)
    assert first.ads is not None and again.ads is not None
    assert (again.ads.counts.imported, again.ads.counts.updated, again.ads.counts.skipped) == (0, 0, 4)
    assert len(_rows(empty_store, "m_ads")) == 4

    corrected = [list(row) for row in WANXIANGTAI_ROWS[:4]]
    corrected[2][4] = "2,100.00"  # the platform re-stated 11-11's search spend
    corrected[2][9] = "12,600.00"
    corrected[1][2] = "日常拉新-改名"  # a plan renamed since: the same 计划ID, so the same row
    fixed = _import(empty_store, [_write_wanxiangtai(tmp_path / "report-fixed.csv", corrected)], tmp_path)
    assert fixed.ads is not None
    assert (fixed.ads.counts.imported, fixed.ads.counts.updated, fixed.ads.counts.skipped) == (0, 1, 3)
    rows = _rows(empty_store, "m_ads")
    assert len(rows) == 4
    assert next(r for r in rows if r[0] == date(2026, 11, 11) and r[1] == "search")[3::4] == (
        Decimal("2100.00"),
        Decimal("12600.00"),
    )


def test_the_same_report_twice_in_one_import_lands_its_spend_once(empty_store: Store, tmp_path: Path):
    path = _write_wanxiangtai(tmp_path / "report.csv")
    copy = _write_wanxiangtai(tmp_path / "report-again.csv")

    report = _import(empty_store, [path, copy, path], tmp_path)

    assert [r[3] for r in _rows(empty_store, "m_ads")] == [Decimal("800.00"), Decimal("1200.50"), Decimal("500.00"),
                                                          Decimal("2000.00")]  # fmt: skip
    assert report.ads is not None and report.ads.replaced_in_import == 8
    assert report.ads.channels["search"].spend == Decimal("3200.50")
    assert report.to_dict()["ad_daily"]["replaced_by_a_later_file"] == 8
    assert "given again by a later file of this import (the later file's kept, not added): 8" in report.summary()


def _daily_export(path: Path, first: int, last: int, spend_of: dict[int, str]) -> Path:
    """A 直通车-style export of one plan for Nov `first`..`last`, with two keyword rows a day (summed)."""
    rows = [
        [f"2026-11-{day:02d}", "81234567", "双11大促-搜索", f"关键词推广-{word}", spend_of.get(day, "10.00"), "100",
         "10", "", "", "50.00", "1", ""]
        for day in range(first, last + 1)
        for word in ("登山杖", "冲锋衣")
    ]  # fmt: skip
    return _write_wanxiangtai(path, rows)


def test_overlapping_7_and_30_day_exports_in_one_import_land_each_day_once(empty_store: Store, tmp_path: Path):
    month = _daily_export(tmp_path / "last-30-days.csv", 1, 30, {})
    week = _daily_export(tmp_path / "last-7-days.csv", 24, 30, {30: "15.00"})  # 11-30 re-stated since

    report = _import(empty_store, [month, week], tmp_path)

    rows = _rows(empty_store, "m_ads")
    assert [r[0] for r in rows] == [date(2026, 11, day) for day in range(1, 31)]
    assert {r[0]: r[3] for r in rows if r[3] != Decimal("20.00")} == {date(2026, 11, 30): Decimal("30.00")}
    assert {(r[4], r[5], r[6], r[7]) for r in rows} == {(200, 20, 2, Decimal("100.00"))}
    assert report.ads is not None and report.ads.replaced_in_import == 7
    assert report.ads.channels["search"].spend == Decimal("610.00")
    assert "spend: ¥610.00" in report.summary()


def test_a_ztc_xlsx_without_a_channel_column_needs_the_channel_option(empty_store: Store, tmp_path: Path):
    path = _write_ztc_xlsx(tmp_path / "直通车报表.xlsx")
    with pytest.raises(ImportFailed, match=r"no channel column .*--channel search\|recommend\|live"):
        _import(empty_store, [path], tmp_path)
    with pytest.raises(ImportFailed, match="unknown channel 'tv'"):
        _import(empty_store, [path], tmp_path, channel="tv")

    report = _import(empty_store, [path], tmp_path, channel="search")

    assert _rows(empty_store, "m_ads") == [
        (date(2026, 11, 9), "search", None, Decimal("320.40"), 15000, 450, 9, Decimal("1890.00")),
        (date(2026, 11, 10), "search", None, Decimal("99.90"), 3000, 60, 0, Decimal("0.00")),
        (date(2026, 11, 10), "search", None, Decimal("410.00"), 18000, 520, 13, Decimal("2600.00")),
    ]
    assert report.currency == "CNY" and report.merchant_created
    assert "Empty cells read as 0: 成交笔数 × 1, 成交金额 × 1" in report.summary()


@pytest.mark.parametrize(
    ("scene", "channel"),
    [("关键词推广", "search"), ("搜索推广", "search"), ("直通车", "search"), ("猜你喜欢", "recommend"),
     ("信息流推广", "recommend"), ("首页推荐", "recommend"), ("直播推广", "live"), ("超级直播", "live"),
     ("人群推广", None), ("", None)],
)  # fmt: skip
def test_channel_cells_map_by_keyword(scene: str, channel: str | None):
    assert alimama_channel(scene) == channel


def test_an_empty_channel_cell_takes_the_option_and_a_named_one_wins(empty_store: Store, tmp_path: Path):
    rows = [["2026-11-10", "1", "A", "", "10.00", "100", "5", "", "", "0", "0", ""],
            ["2026-11-10", "2", "B", "直播推广", "20.00", "100", "5", "", "", "0", "0", ""]]  # fmt: skip
    without = _import(empty_store, [_write_wanxiangtai(tmp_path / "a.csv", rows)], tmp_path, currency="CNY")
    assert without.ads is not None and without.ads.counts.rejected == 1
    assert [r[1] for r in _rows(empty_store, "m_ads")] == ["live"]
    _import(empty_store, [_write_wanxiangtai(tmp_path / "a.csv", rows)], tmp_path, channel="recommend")
    assert [(r[1], r[3]) for r in _rows(empty_store, "m_ads")] == [
        ("live", Decimal("20.00")),
        ("recommend", Decimal("10.00")),
    ]


AD_MAPPING = """\
columns: {date: Day, spend: Cost, impressions: Impr., clicks: Clicks, attributed_orders: Conversions,
          attributed_gmv: Conv. value, campaign: Campaign, channel: Campaign type}
channel: {Search: search, Display: recommend, Shopping: search}
currency: EUR
"""


def _mapped_file(path: Path) -> Path:
    path.write_text(
        "Day,Campaign,Campaign type,Cost,Impr.,Clicks,CTR,Conversions,Conv. value\n"
        '2026-05-01,Brand,Search,"1,000.00",20000,400,2.00%,20,"4,000.00"\n'
        "2026-05-01,Retargeting,Display,€250.00,90000,300,0.33%,5,500.00\n"
        "2026-05-02,Brand,Search,900.00,18000,380,2.11%,18,3600.00\n"
        "2026-05-02,Video,YouTube,50.00,1000,10,1.00%,0,0\n",
        encoding="utf-8",
    )
    return path


def test_a_mapped_ad_csv_and_its_suggested_mapping(empty_store: Store, tmp_path: Path):
    path = _mapped_file(tmp_path / "ads.csv")
    mapping = tmp_path / "ads.yaml"
    mapping.write_text(AD_MAPPING, encoding="utf-8")
    with pytest.raises(ImportFailed, match="--format ads needs --mapping"):
        _import(empty_store, [path], tmp_path, merchant="m_eu", fmt="ads")

    report = _import(empty_store, [path], tmp_path, merchant="m_eu", fmt="ads", mapping=mapping)

    assert report.currency == "EUR" and report.ads is not None
    assert report.ads.counts.imported == 3 and report.ads.counts.rejected == 1
    assert [(r[0].day, r[1], r[3]) for r in _rows(empty_store, "m_eu")] == [
        (1, "recommend", Decimal("250.00")),
        (1, "search", Decimal("1000.00")),
        (2, "search", Decimal("900.00")),
    ]
    proposal = suggest_ad_mapping(path)
    for line in ("date: Day", "spend: Cost", "impressions: Impr.", "clicks: Clicks", "attributed_gmv: Conv. value",
                 "campaign: Campaign", "Search: search", "Display: recommend", "YouTube: FILL ME"):  # fmt: skip
        assert line in proposal, proposal


def test_imports_land_under_the_merchant_given_only(demo_store: Store, tmp_path: Path):
    def counts() -> dict[str, int]:
        with demo_store.engine.connect() as conn:
            return dict(conn.execute(text("SELECT merchant_id, COUNT(*) FROM ad_daily GROUP BY merchant_id")).all())

    before = counts()
    add_draft_campaign(demo_store, "c_outdoor_d11", "m_outdoor", name="双11大促-搜索")
    path = _write_wanxiangtai(tmp_path / "report.csv")

    _import(demo_store, [path], tmp_path, merchant="m_baby")
    _import(demo_store, [path], tmp_path, merchant="m_pet")

    after = counts()
    assert after.get("m_outdoor", 0) == before.get("m_outdoor", 0)
    for merchant in ("m_baby", "m_pet"):
        assert after[merchant] - before.get(merchant, 0) == 4
        rows = {(r[0], r[1], r[2], r[3]) for r in _rows(demo_store, merchant)}
        assert {
            (date(2026, 11, 10), "recommend", None, Decimal("800.00")),
            (date(2026, 11, 10), "search", None, Decimal("1200.50")),
            (date(2026, 11, 11), "live", None, Decimal("500.00")),
            (date(2026, 11, 11), "search", None, Decimal("2000.00")),
        } <= rows
        assert "c_outdoor_d11" not in {r[2] for r in rows}, "another merchant's campaign is never linked"


def test_an_ad_report_in_another_currency_than_the_books_is_refused(empty_store: Store, tmp_path: Path):
    path = _mapped_file(tmp_path / "ads.csv")
    mapping = tmp_path / "ads.yaml"
    mapping.write_text(AD_MAPPING, encoding="utf-8")
    _merchant_with_campaign(empty_store, "m_cny")
    with pytest.raises(ImportFailed, match="in EUR but merchant m_cny keeps its books in CNY"):
        _import(empty_store, [path], tmp_path, merchant="m_cny", fmt="ads", mapping=mapping)
    assert _rows(empty_store, "m_cny") == []


def _db_env(store: Store, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("COPILOT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("COPILOT_DB_URL", store.engine.url.render_as_string(hide_password=False))


def test_cli_imports_an_ad_report_and_suggests_an_ad_mapping(
    empty_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from copilot.cli import app

    _db_env(empty_store, monkeypatch, tmp_path)
    path = _write_wanxiangtai(tmp_path / "report.csv")
    runner = CliRunner()
    result = runner.invoke(app, ["import", str(path), "--merchant", "m_cli"])
    assert result.exit_code == 0, result.output
    assert "Imported into m_cli (new merchant), currency CNY" in result.output
    assert "4 imported" in result.output and "live" in result.output and "Rows rejected: 3 of 8" in result.output
    again = runner.invoke(app, ["import", str(path), "--merchant", "m_cli"])
    assert again.exit_code == 0 and "0 imported" in again.output and "4 unchanged" in again.output
    assert len(_rows(empty_store, "m_cli")) == 4

    xlsx = _write_ztc_xlsx(tmp_path / "ztc.xlsx")
    refused = runner.invoke(app, ["import", str(xlsx), "--merchant", "m_cli"])
    assert refused.exit_code == 1 and "--channel" in refused.output
    searched = runner.invoke(app, ["import", str(xlsx), "--merchant", "m_cli", "--channel", "search"])
    assert searched.exit_code == 0, searched.output
    assert len(_rows(empty_store, "m_cli")) == 7

    mapped = _mapped_file(tmp_path / "ads.csv")
    suggestion = runner.invoke(app, ["import", "--suggest-mapping", str(mapped)])
    assert suggestion.exit_code == 0 and "spend: Cost" in suggestion.output
    alimama = runner.invoke(app, ["import", "--suggest-mapping", str(path)])
    assert alimama.exit_code == 0 and "spend: 花费" in alimama.output and "currency: CNY" in alimama.output
    assert "精准人群推广: FILL ME" in alimama.output and "关键词推广: search" in alimama.output
    mapping = tmp_path / "ads.yaml"
    mapping.write_text(AD_MAPPING, encoding="utf-8")
    eu = runner.invoke(app, ["import", str(mapped), "--merchant", "m_eu", "--format", "ads", "--mapping", str(mapping)])
    assert eu.exit_code == 0, eu.output
    assert "currency EUR" in eu.output and len(_rows(empty_store, "m_eu")) == 3


@pytest.fixture
def ads_api(demo_store: Store, tmp_path: Path) -> Iterator[tuple[LoopbackServer, dict[str, str]]]:
    url = demo_store.engine.url.render_as_string(hide_password=False)
    settings = Settings(data_dir=tmp_path / "data", db_url=url, model="offline", today=DEMO_TODAY)
    keys = {m: create_key(demo_store, m, "tests").key for m in ("m_outdoor", "m_baby")}
    served = serve(create_app(settings), "the API server")
    yield served, keys
    served.stop()


def test_the_api_imports_an_ad_report_into_the_callers_store(
    demo_store: Store, tmp_path: Path, ads_api: tuple[LoopbackServer, dict[str, str]]
):
    import httpx

    served, keys = ads_api
    report = _write_wanxiangtai(tmp_path / "report.csv").read_bytes()
    xlsx = _write_ztc_xlsx(tmp_path / "ztc.xlsx").read_bytes()
    sheet_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    before = len(_rows(demo_store, "m_outdoor"))
    auth = {"Authorization": f"Bearer {keys['m_baby']}"}
    with httpx.Client(base_url=served.base_url, headers=auth, timeout=60.0) as client:
        first = client.post("/v1/imports", files=[("files", ("万相台.csv", report, "text/csv"))])
        again = client.post("/v1/imports", files=[("files", ("万相台.csv", report, "text/csv"))])
        refused = client.post("/v1/imports", files=[("files", ("ztc.xlsx", xlsx, sheet_type))])
        searched = client.post("/v1/imports", files=[("files", ("ztc.xlsx", xlsx, sheet_type))],
                               data={"channel": "search", "format": "alimama"})  # fmt: skip
        rejected = client.get(first.json()["rejected_report_url"])
    assert first.status_code == 201, first.text
    body = first.json()
    assert body["merchant_id"] == "m_baby" and body["ad_daily"]["counts"]["imported"] == 4
    assert body["ad_daily"]["channels"]["search"] == {"days": 2, "rows": 2, "spend": "3200.50"}
    assert again.json()["ad_daily"]["counts"]["skipped"] == 4
    assert refused.status_code == 422 and "--channel" in refused.json()["error"]["message"]
    assert searched.status_code == 201 and searched.json()["ad_daily"]["counts"]["imported"] == 3
    assert "missing spend in 花费" in rejected.text
    assert len(_rows(demo_store, "m_outdoor")) == before
