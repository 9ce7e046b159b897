"""Actions read by kind, in wordings of their own (after fresh23): a rule announced formally or for the future is
remembered (never drafted with its number) and the rules told earlier are listed when asked back formally or
vaguely; draft edits said in Cantonese or casually (a channel dropped with 唔好要, the channels kept after 淨係, an
audience added to the draft, a start moved to "the 5th"); a clearance said casually with a hedged budget; creatives
after creatives or a draft; a thing the store may not sell asked beside a promotion; an item just listed is a cold
start; the ads' real share, the ad report by channel and a fall put down to items; a submission asked again after
the merchant said it went up waits."""

from __future__ import annotations

import pytest

from tests.offline.planned import draft_turn, first_call, plan_next_answer


@pytest.mark.parametrize(
    ("merchant", "text"),
    [
        ("m_baby", "兹通知：往后任何推广计划的每日预算均不可高于叁仟元，望记录在案。"),
        ("m_pet", "特此说明，以后所有活动一律不投直播，请予以登记"),
        ("m_outdoor", "Kindly note for future reference: no campaign should ever use the recommend channel."),
        ("m_outdoor", "For all upcoming campaigns, search is never to be used. Please keep in mind going forward."),
    ],
)
def test_a_rule_announced_for_later_is_remembered_not_drafted(merchant: str, text: str) -> None:
    tool, args = first_call(merchant, text)
    assert tool == "remember_preference"
    assert args["text"]


@pytest.mark.parametrize(
    "text",
    [
        "请将我方先前交代过的推广偏好与要求逐条调出，供我核对。",
        "之前我交代你的那些规矩还记得不 预算那些 帮我列出来",
        "我以前跟你提过的那几条要求 汇总一下给我",
    ],
)
def test_the_rules_told_earlier_asked_back_are_recalled(text: str) -> None:
    assert first_call("m_baby", text) == ("recall_preferences", {})


def test_a_draft_asked_beside_rules_said_earlier_is_still_a_draft() -> None:
    tool, args = first_call("m_pet", "按我之前说的要求做个猫砂推广方案 预算5000 下周")
    assert tool == "draft_campaign"
    assert args["budget"] == 5000


_STROLLER_PLAN = {
    "objective": "event",
    "event": "double12",
    "category": "婴儿推车",
    "budget": 30000,
    "start": "2026-12-06",
    "end": "2026-12-12",
}


def _saved(args: dict) -> dict:
    return {"campaign_id": "cmp_1", "plan": {"request": dict(args)}}


@pytest.mark.parametrize(
    ("text", "edit"),
    [
        ("search唔好要", {"remove_channels": ["search"]}),
        ("直播唔好要, 淨係搜索同推荐", {"channels": ["search", "recommend"]}),
        ("唔要直播 淨係搜索同推荐", {"channels": ["search", "recommend"]}),
        ("recommend唔好要, 淨係search同live", {"channels": ["search", "live"]}),
    ],
)
def test_channels_dropped_or_kept_in_cantonese_edit_the_draft(text: str, edit: dict) -> None:
    earlier = draft_turn("双12婴儿推车活动 预算3万 12月6号到12号", _STROLLER_PLAN, _saved(_STROLLER_PLAN))
    tool, args = first_call("m_baby", text, earlier=earlier)
    assert tool == "draft_campaign"
    assert args == {"edit": True, **edit}


def test_a_stroller_said_in_hong_kong_words_is_the_stroller_category() -> None:
    tool, args = first_call("m_baby", "幫我draft個double12 campaign, budget 2萬, BB車, 12月3號到12號")
    assert tool == "draft_campaign"
    assert args["category"] == "婴儿推车" and "product" not in args
    assert (args["start"], args["end"]) == ("2026-12-03", "2026-12-12")


@pytest.mark.parametrize(
    ("text", "added"),
    [
        ("人群再加个多猫家庭", "多猫家庭"),
        ("加埋人群: 养猫新手", "养猫新手"),
        ("人群再加一个养猫新手", "养猫新手"),
    ],
)
def test_an_audience_added_to_a_draft_keeps_its_audiences(text: str, added: str) -> None:
    plan = {"category": "喂食器", "budget": 6000, "start": "2026-12-06", "end": "2026-12-12", "segments": ["科技控"]}
    said = "喂食器双12方案 人群科技控 预算6000 12月6号到12号"
    tool, args = first_call("m_pet", text, earlier=draft_turn(said, plan, _saved(plan)))
    assert tool == "draft_campaign"
    assert args == {"edit": True, "segments": ["科技控", added]}


def test_an_audience_added_to_a_draft_with_none_named_is_that_audience() -> None:
    plan = {"objective": "clearance", "product": "baby_stroller_sunshade", "budget": 4000}
    earlier = draft_turn("推车遮阳棚清仓 预算4000 下周", plan, _saved(plan))
    tool, args = first_call("m_baby", "加埋segment: 新手爸媽", earlier=earlier)
    assert (tool, args) == ("draft_campaign", {"edit": True, "segments": ["新手爸妈"]})


@pytest.mark.parametrize(
    ("text", "edit"),
    [
        ("hmm actually have it begin on the 4th", {"start": "2026-12-04"}),
        ("oh wait, can it start on the 3rd instead", {"start": "2026-12-03"}),
        ("let it end on the 14th instead", {"end": "2026-12-14"}),
        ("改成3号开始", {"start": "2026-12-03"}),
        ("改到15号结束吧", {"end": "2026-12-15"}),
    ],
)
def test_a_day_said_by_its_number_moves_the_drafts_start_or_end(text: str, edit: dict) -> None:
    plan = {"objective": "event", "event": "double12", "product": "pet_smart_feeder", "budget": 5000}
    plan |= {"start": "2026-12-07", "end": "2026-12-12"}
    said = "a double 12 plan for the smart feeder, budget 5000, dec 7 to dec 12"
    tool, args = first_call("m_pet", text, earlier=draft_turn(said, plan, _saved(plan)))
    assert (tool, args) == ("draft_campaign", {"edit": True, **edit})


@pytest.mark.parametrize(
    "text",
    [
        "so thinking we could do a clearance for the cooling mats since it's cold and no one buys them haha budget"
        " like 2k? run it next week",
        "ok so maybe a clearance push on the cooling mats, budget around 2k? next week works",
    ],
)
def test_a_clearance_said_casually_with_a_hedged_budget_is_drafted(text: str) -> None:
    tool, args = first_call("m_pet", text)
    assert tool == "draft_campaign"
    assert args["objective"] == "clearance" and args["product"] == "pet_cooling_mat"
    assert args["budget"] == 2000
    assert (args["start"], args["end"]) == ("2026-11-23", "2026-11-29")


def test_more_shorter_copy_without_pictures_after_creatives() -> None:
    earlier = "帮我写几条猫砂盆的广告语 要上班族养猫省心的感觉 配个图"
    tool, args = first_call("m_pet", earlier, "第一条有点长 再来四条短点的 图不要了")
    assert tool == "generate_creatives"
    assert args["kind"] == "copy" and args["count"] == 4
    assert args["category"] == "猫砂盆"


@pytest.mark.parametrize(
    "text",
    ["Please write me 4 advertising texts for the trekking poles.", "4 ad texts for the trekking poles please"],
)
def test_advertising_texts_are_copy(text: str) -> None:
    assert first_call("m_outdoor", text) == ("generate_creatives", {"count": 4, "kind": "copy", "category": "登山杖"})


def test_texts_for_the_draft_just_made_are_its_copy() -> None:
    plan = {"category": "帐篷", "budget": 20000, "start": "2026-11-23", "end": "2026-11-29"}
    earlier = draft_turn("draft a plan for the tents, budget 20k, next week", plan, _saved(plan))
    tool, args = first_call("m_outdoor", "write 3 texts for it for camping trips", earlier=earlier)
    assert tool == "generate_creatives"
    assert args["campaign_id"] == "cmp_1" and args["kind"] == "copy" and args["count"] == 3


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("鸟笼有冇? 想搞個promotion", "鸟笼"),
        ("问一下 我们店有卖仓鼠笼子吗 有买家问 我也不清楚", "仓鼠笼子"),
    ],
)
def test_a_thing_asked_whether_sold_beside_a_promotion_is_looked_up_not_drafted(text: str, said: str) -> None:
    assert first_call("m_pet", text) == ("query_store_sales", {"metric": "gmv", "product": said})


@pytest.mark.parametrize(
    "text",
    [
        "新出嘅感應飲水機啱啱上架 冇咩sales 應該投邊啲人",
        "感應飲水機啱啱上架 冇sales 應該target邊班人",
        "那个新的感应饮水机 应该投给哪些人",
    ],
)
def test_an_item_just_listed_asks_a_cold_start_audience(text: str) -> None:
    assert first_call("m_pet", text) == (
        "find_target_segments",
        {"product": "pet_fountain_sensor_new", "cold_start": True},
    )


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("廣告上個月ROI點? 有幾多係organic帶嚟", "2026-10-01..2026-10-31"),
        ("How much of the ad revenue in September was really caused by the ads?", "2026-09-01..2026-09-30"),
        ("how much of last month's turnover was actually driven by the ads", "2026-10-01..2026-10-31"),
    ],
)
def test_the_ads_real_share_is_the_past_estimate(text: str, when: str) -> None:
    assert first_call("m_baby", text) == ("estimate_promotion_effect", {"mode": "past", "when": when})


@pytest.mark.parametrize(
    "text",
    [
        "把ad_daily按渠道拉一下上个月的花费和ROAS",
        "last month's spend and ROAS by channel please",
        "各渠道上个月ROI分别多少",
    ],
)
def test_spend_and_return_by_channel_are_the_ad_report(text: str) -> None:
    tool, args = first_call("m_outdoor", text)
    assert tool == "query_store_sales"
    assert "FROM ad_daily" in args["sql"] and "GROUP BY a.channel" in args["sql"]
    assert "2026-10-01" in args["sql"] and "2026-11-01" in args["sql"]


@pytest.mark.parametrize(
    "text",
    [
        "这个月销售额环比下滑了，帮忙归因一下，具体是哪些商品拖累的",
        "sales are down on last month, which products dragged it down?",
    ],
)
def test_a_fall_put_down_to_items_is_the_anomaly_scan(text: str) -> None:
    tool, args = first_call("m_outdoor", text)
    assert tool == "detect_sales_anomalies"
    assert args["direction"] == "drop" and args["scope"] == "product"


def test_a_days_gmv_checked_against_a_review_is_the_sales_of_that_day() -> None:
    tool, args = first_call("m_pet", "找一下去年双11的活动复盘文档", "这个ROI跟数据对得上吗? 查下去年双11当天的GMV")
    assert tool == "query_store_sales"
    assert args == {"metric": "gmv", "period": "2025-11-11..2025-11-11"}


@pytest.mark.parametrize(
    ("said", "again"),
    [
        ("I sent the budget up two days ago. Did anyone approve it yet?", "Then submit it once more please."),
        ("预算我前天就提交了，到现在也没动静", "那再提交一次吧"),
    ],
)
def test_a_submission_asked_again_after_the_merchant_said_it_went_up_waits(said: str, again: str) -> None:
    answer = plan_next_answer("m_outdoor", said, again)
    assert "waiting" in answer or "等待审批" in answer


@pytest.mark.parametrize(
    "text",
    [
        "hey maybe a clearance thing for the cooling mats cuz its winter now lol budget maybe like 2k? next week",
        "clearance push on the cooling mats since it's winter and cold, budget around 2k? next week",
    ],
)
def test_a_season_said_as_the_reason_names_no_product_of_that_season(text: str) -> None:
    tool, args = first_call("m_pet", text)
    assert tool == "draft_campaign"
    assert args["product"] == "pet_cooling_mat" and args["budget"] == 2000


def test_a_product_named_by_its_season_and_kind_is_still_that_product() -> None:
    tool, args = first_call("m_pet", "winter cat bed promo, budget 3k, next week")
    assert tool == "draft_campaign"
    assert args["product"] == "pet_cat_bed_winter"
