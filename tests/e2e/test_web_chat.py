"""The web chat in a real browser against the real app: sign in, a streamed sales answer with its chart, a budget
approved from the approval card, hostile text shown as text, errors and languages."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import expect
from sqlalchemy import func, select, text, update

from copilot.store.models import AdLedger, BudgetRequest, Product
from tests.e2e.conftest import DRAFT_CAMPAIGN, WebServer

TOP3 = "上个月卖得最好的3个商品是什么？"
README_IMAGES = Path(__file__).resolve().parents[2] / "docs" / "img"
UPDATE_README_IMAGES = bool(os.environ.get("COPILOT_UPDATE_SCREENSHOTS"))  # read before the env is cleaned
TOP_PRODUCTS_SQL = """
SELECT p.id, p.title FROM order_items oi JOIN orders o ON o.id = oi.order_id JOIN products p ON p.id = oi.product_id
WHERE o.merchant_id = :merchant AND o.status = 'paid' AND o.created_at >= '2026-10-01' AND o.created_at < '2026-11-01'
GROUP BY p.id, p.title ORDER BY SUM(oi.amount) DESC LIMIT 3
"""
HOSTILE_TITLES = (
    "<script>window.__pwned = 'script'</script>",
    "<img src=x onerror=\"window.__pwned = 'img'\">",
    "[点我](javascript:window.__pwned='link') [官网](https://example.com/a?b=1&c=2) **加粗**",
)


def _screenshot(page: Any, folder: Path, name: str) -> None:
    """Screenshot into the test's folder; also into docs/img (the README's) when COPILOT_UPDATE_SCREENSHOTS is set."""
    path = folder / name
    page.screenshot(path=str(path))
    assert path.read_bytes().startswith(b"\x89PNG")
    if UPDATE_README_IMAGES:
        README_IMAGES.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, README_IMAGES / name)


def _top_products(web: WebServer, merchant: str) -> list[tuple[str, str]]:
    with web.store.session() as session:
        return [(row.id, row.title) for row in session.execute(text(TOP_PRODUCTS_SQL), {"merchant": merchant})]


def _ledger_rows(web: WebServer) -> int:
    with web.store.session() as session:
        query = select(func.count()).select_from(AdLedger).where(AdLedger.merchant_id == "m_outdoor")
        return int(session.scalar(query) or 0)


def _sign_in(page: Any, web: WebServer, key: str) -> None:
    page.goto(web.base_url)
    page.get_by_label("API 密钥").fill(web.keys[key])
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("button", name="新建会话")).to_be_visible()


def _new_conversation(page: Any) -> None:
    page.get_by_role("button", name="新建会话").click()
    expect(page.locator("#messages article")).to_have_count(0)
    expect(page.locator("#thread-list button.thread[aria-current='true']")).to_have_text("新会话")


def _ask(page: Any, question: str) -> Any:
    """Send a question and wait for its turn to finish; returns the turn's assistant message."""
    before = page.locator("article.msg.assistant").count()
    page.get_by_label("你的消息").fill(question)
    page.get_by_label("你的消息").press("Enter")
    turn = page.locator("article.msg.assistant").nth(before)
    expect(turn).not_to_have_attribute("aria-busy", "true", timeout=30_000)
    return turn


def test_a_sales_answer_streams_with_its_chart_and_a_budget_is_approved(page: Any, web: WebServer, tmp_path: Path):
    [(_, top_title), *_] = _top_products(web, "m_outdoor")
    _sign_in(page, web, "outdoor")
    assert web.keys["outdoor"] not in page.url

    turn = _ask(page, TOP3)
    step = turn.locator("li.step", has_text="query_store_sales")
    expect(step).to_have_class(re.compile(r"\bdone\b"))
    expect(step.locator(".summary")).not_to_be_empty()
    expect(turn.locator(".answer")).to_contain_text(top_title)
    chart = turn.locator("figure.media img")
    expect(chart).to_have_attribute("src", re.compile(r"^blob:"))
    expect(chart).to_have_attribute("alt", "query_store_sales 生成的图表")
    page.wait_for_function("img => img.complete && img.naturalWidth > 200", arg=chart.element_handle())
    assert int(turn.get_attribute("data-tokens") or 0) > 1, "the answer did not arrive as streamed tokens"
    expect(page.locator("#thread-list button.thread", has_text=TOP3)).to_have_attribute("aria-current", "true")
    _screenshot(page, tmp_path, "web-chat-answer.png")

    page.reload()
    expect(page.get_by_role("button", name="新建会话")).to_be_visible()
    page.locator("#thread-list button.thread", has_text=TOP3).click()
    expect(page.locator("article.msg.user")).to_have_text(re.compile(re.escape(TOP3)))
    expect(page.locator("article.msg.assistant .answer")).to_contain_text(top_title)

    _new_conversation(page)
    turn = _ask(page, "提交双12防晒推广活动的预算")
    card = turn.locator("section.approval")
    expect(card).to_contain_text("¥30,000.00")
    assert card.inner_text().count("金额") == 1 and "CNY" not in card.inner_text()  # the amount once, one format
    expect(card).to_contain_text(DRAFT_CAMPAIGN)
    card.get_by_label("审批人").fill("店长王")
    expect(turn.locator("li.step", has_text="submit_promotion_budget")).to_contain_text("等待审批")
    _screenshot(page, tmp_path, "web-chat-approval.png")
    assert _ledger_rows(web) == 0

    card.get_by_role("button", name="批准").click()
    expect(card.locator(".outcome")).to_have_text("已由 店长王 批准")
    expect(card.get_by_role("button", name="批准")).to_have_count(0)
    resumed = page.locator("article.msg.assistant").last
    expect(resumed).not_to_have_attribute("aria-busy", "true")
    expect(resumed.locator("li.step", has_text="submit_promotion_budget")).to_have_class(re.compile(r"\bdone\b"))
    expect(resumed.locator(".answer")).to_contain_text(re.compile("submitted|已提交"))
    assert _ledger_rows(web) == 1
    with web.store.session() as session:
        request = session.scalars(select(BudgetRequest).where(BudgetRequest.campaign_id == DRAFT_CAMPAIGN)).one()
        assert (request.status, request.decided_by) == ("submitted", "店长王")


def test_hostile_text_from_the_store_and_the_user_is_shown_as_text(page: Any, web: WebServer):
    top = _top_products(web, "m_baby")
    with web.store.session() as session:
        for (product_id, _), title in zip(top, HOSTILE_TITLES, strict=False):
            session.execute(update(Product).where(Product.id == product_id).values(title=title))
    _sign_in(page, web, "baby")

    turn = _ask(page, TOP3)
    for title in HOSTILE_TITLES[:2]:
        expect(turn.locator(".answer")).to_contain_text(title)
    expect(turn.locator(".answer")).to_contain_text("[点我](javascript:")
    link = turn.locator(".answer a")
    expect(link).to_have_count(1)
    expect(link).to_have_attribute("href", "https://example.com/a?b=1&c=2")
    expect(link).to_have_attribute("rel", "noopener noreferrer")
    expect(turn.locator(".answer strong", has_text="加粗")).to_have_count(1)
    hostile_message = "<img src=x onerror=\"window.__pwned = 'user'\"> **粗体** [链接](javascript:alert(1))"
    _new_conversation(page)
    _ask(page, hostile_message)
    expect(page.locator("article.msg.user").last).to_have_text(re.compile(re.escape(hostile_message)))
    expect(page.locator("#thread-list button.thread[aria-current='true']")).to_contain_text("<img src=x onerror=")

    assert page.evaluate("window.__pwned") is None
    assert page.locator("#messages script, #messages img:not([src^='blob:']), #thread-list img").count() == 0
    assert page.locator("#messages [onerror], #messages a[href^='javascript:']").count() == 0


def test_a_bad_key_is_refused_in_the_page_and_the_ui_speaks_both_languages(page: Any, web: WebServer):
    page.goto(web.base_url)
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    page.get_by_label("API 密钥").fill("mck_not-a-real-key")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("alert")).to_contain_text("API 密钥无效")
    expect(page.get_by_label("API 密钥")).to_be_focused()

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    page.get_by_label("API key").fill(web.keys["outdoor"])
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="New conversation")).to_be_visible()
    deletes = page.get_by_role("button", name=re.compile("^Delete conversation"))
    before = deletes.count()
    page.get_by_role("button", name="New conversation").click()
    expect(deletes).to_have_count(before + 1)
    expect(page.locator("#thread-list button.thread[aria-current='true']")).to_have_text("New conversation")
    page.get_by_role("button", name="Delete conversation: New conversation").click()
    expect(deletes).to_have_count(before)


def test_the_page_and_its_assets_are_served_with_a_content_security_policy(web: WebServer):
    with httpx.Client(base_url=web.base_url) as client:
        page = client.get("/")
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert "default-src 'self'" in page.headers["content-security-policy"]
        assert "'unsafe-inline'" not in page.headers["content-security-policy"]
        assert 'src="static/app.js"' in page.text
        script = client.get("/static/app.js")
        assert script.status_code == 200 and script.headers["content-type"].startswith("text/javascript")
        assert client.get("/static/i18n.json").json().keys() == {"en", "zh"}
        for name in ("__init__.py", "..%2Fapp.py", "index.html"):
            missing = client.get(f"/static/{name}")
            assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
