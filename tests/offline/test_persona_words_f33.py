"""Words of new personas (fresh33): a Nanchang (Gan) owner's 箇/么个/几多/港/记到/下子 and slips by sound
(毛里率, 一场 for 异常), a Jamaican owner's Patois (di, dis, dem, fi, pon, mek, wah, ting, mi, "wah gwaan"), why a
channel fell, two channels set side by side, document questions without a document word, customers counted,
refusals and the submission asked with its approval after it."""

from __future__ import annotations

import pytest

from tests.offline.planned import first_call, period_read, plan_next_answer, sales_args

# --- Gan (Nanchang, Jiangxi) -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "period", "metric"),
    [
        ("箇个月到今日为止一共几多单啊", "this_month", "paid_orders"),
        ("箇礼拜客单价几多钱", "this_week", "aov"),
        ("箇个礼拜退款率几多", "this_week", "refund_rate"),
        ("搞么个啊 上个月毛里率几多", "last_month", "gross_margin"),
        ("上个月毛理率是几多", "last_month", "gross_margin"),
    ],
)
def test_gan_this_and_how_much_are_read_never_the_default_days(text: str, period: str, metric: str) -> None:
    args = sales_args("m_outdoor", text)
    assert args["period"] == period and args["metric"] == metric
    assert "product" not in args and "category" not in args


def test_gan_this_month_keeps_its_category() -> None:
    args = sales_args("m_outdoor", "登山杖箇个月卖了几多钱")
    assert args == {"metric": "gmv", "period": "this_month", "category": "登山杖"}


def test_the_traditional_ge_after_a_numeral_stays_a_measure_word() -> None:
    from copilot.offline.nlu import normalise

    assert normalise("三箇人") == "3个人"
    assert normalise("箇个人群") == "这个人群"


@pytest.mark.parametrize("follow", ["按渠道分下子", "按渠道看下子", "跟去年比下子"])
def test_xiazi_softens_a_verb_and_is_never_a_product(follow: str) -> None:
    args = sales_args("m_pet", "宠物摄像头箇个月卖了几多只", follow)
    assert args.get("product") != "分下子" and "下子" not in str(args)
    assert args["period"] == "this_month"


@pytest.mark.parametrize(
    "text", ["记到：推广每日不超过2000块", "记到啊 以后跟我港数字都用万做单位", "记到，单日预算不要超过三千"]
)
def test_jidao_is_remember(text: str) -> None:
    assert first_call("m_outdoor", text)[0] == "remember_preference"


@pytest.mark.parametrize("text", ["最近有啥一场没", "有什么一场吗", "最近有啥异常没"])
def test_yichang_typed_as_yichang_by_sound_is_an_anomaly_scan(text: str) -> None:
    assert first_call("m_pet", text)[0] == "detect_sales_anomalies"


def test_an_event_counted_with_yichang_stays_as_said() -> None:
    from copilot.offline.nlu import normalise

    assert "一场" in normalise("下周有一场直播")


def test_an_anomaly_follow_up_keeps_to_anomalies_with_days_said_as_within() -> None:
    tool, args = first_call("m_pet", "最近有啥一场没", "只看掉的，30天内给我前10个")
    assert tool == "detect_sales_anomalies"
    assert args["direction"] == "drop" and args["days"] == 30 and args["top"] == 10


@pytest.mark.parametrize(
    ("text", "value"), [("30天内", "last_30_days"), ("两周以内", "last_2_weeks"), ("7天之内", "last_7_days")]
)
def test_days_within_are_the_last_days(text: str, value: str) -> None:
    assert period_read(text) == value


@pytest.mark.parametrize(
    ("text", "top"), [("上个礼拜么个东西卖得最好哦 给我列5个出来", 5), ("上周卖得最好的 挑3款出来", 3)]
)
def test_a_count_listed_out_is_the_top(text: str, top: int) -> None:
    args = sales_args("m_baby", text)
    assert args["top"] == top and args["by"] == "product"


@pytest.mark.parametrize(("said", "dropped"), [("直播冇么个用 去掉", ["live"]), ("推荐没啥效果 砍了", ["recommend"])])
def test_a_channel_judged_useless_then_dropped_edits_the_draft(said: str, dropped: list[str]) -> None:
    tool, args = first_call("m_outdoor", "帐篷推广 预算8000 12月3号到9号", said)
    assert tool == "draft_campaign" and args.get("edit") and args.get("remove_channels") == dropped


def test_an_event_plan_for_this_audience_is_a_draft() -> None:
    tool, args = first_call("m_outdoor", "帐篷么个人群会买", "做个双12的推广 就投露营箇个人群 预算2万")
    assert tool == "draft_campaign"
    assert args["event"] == "double12" and args["budget"] == 20000 and args["segments"] == ["露营"]


# --- Jamaican / Caribbean English --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("wah gwaan, mi want know how much we sell yesterday", "yesterday"),
        ("wah gwaan, how much we sell last week", "last_week"),
        ("Wha gwan! how much money we mek last month", "last_month"),
    ],
)
def test_wah_gwaan_greets_and_names_no_product(text: str, period: str) -> None:
    args = sales_args("m_outdoor", text)
    assert args["period"] == period and "product" not in args and "category" not in args


def test_patois_words_name_the_period_and_the_target() -> None:
    assert sales_args("m_pet", "how much money di cat food mek dis month compare to last year same time") == {
        "metric": "gmv",
        "period": "this_month",
        "compare": "year_over_year",
        "category": "猫粮",
    }
    args = sales_args("m_baby", "wah di gross margin pon di car seat dis quarter")
    assert args["metric"] == "gross_margin" and args["product"] == "baby_car_seat"
    assert args["period"] == "2026-10-01..2026-11-20"
    args = sales_args("m_outdoor", "which region buy di most 帐篷 dis year, top 5")
    assert args["by"] == "region" and args["top"] == 5 and args["period"] == "this_year"


def test_patois_phone_numbers_are_refused() -> None:
    answer = plan_next_answer("m_baby", "gimme di phone number dem fi everybody who buy stroller")
    assert "phone" in answer


def test_patois_document_and_estimate_questions() -> None:
    assert first_call("m_outdoor", "wha colour dem seh wi fi use inna di ads dem")[0] == "search_merchant_docs"
    assert first_call("m_outdoor", "if mi put 8000 pon ads fi Double 12 wah we get back") == (
        "estimate_promotion_effect",
        {"mode": "plan", "budget": 8000.0, "when": "double12"},
    )
    tool, args = first_call(
        "m_outdoor", "di ads dem last month, how much GMV di paid ting bring an how much come natural"
    )
    assert tool == "estimate_promotion_effect" and args["mode"] == "past"


# --- why a channel fell, channels side by side ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "channel"),
    [
        ("how come live dropped", "live"),
        ("why did search drop so much last month", "search"),
        ("为啥直播上个月少了这么多", "live"),
    ],
)
def test_why_a_channel_fell_is_its_figure_against_the_period_before(text: str, channel: str) -> None:
    args = sales_args("m_outdoor", text)
    assert args["channel"] == channel and args["compare"] == "previous_period"


@pytest.mark.parametrize(
    "text", ["how come 帐篷 this month 卖这么差", "为什么帐篷这个月卖这么差", "how come the tents dropped"]
)
def test_how_come_a_category_sells_badly_scans_its_drops(text: str) -> None:
    tool, args = first_call("m_outdoor", text)
    assert tool == "detect_sales_anomalies" and args["category"] == "帐篷" and args["direction"] == "drop"


@pytest.mark.parametrize(
    ("text", "period"),
    [("直播和搜索哪个好", None), ("上个月直播和搜索哪个好", "last_month"), ("上个月直播跟推荐谁卖得多", "last_month")],
)
def test_two_channels_set_side_by_side_are_broken_down_by_channel(text: str, period: str | None) -> None:
    args = sales_args("m_baby", text)
    assert args["by"] == "channel" and args.get("period") == period


# --- documents, customers, refusals, submissions ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "上次618做得咋样，有啥教训",
        "上次双11哪个人群效果最好，有啥经验",
        "what did we learn from last double 11",
        "which words is forbidden in advertisement for us",
        "广告里哪些词不能用",
        "广告该用什么颜色",
    ],
)
def test_document_questions_without_a_document_word(text: str) -> None:
    assert first_call("m_outdoor", text)[0] == "search_merchant_docs"


@pytest.mark.parametrize("text", ["帮我把智能猫砂盆改成1799，太贵卖不动", "把猫爬架调到299块卖吧"])
def test_a_price_set_before_its_reason_is_refused(text: str) -> None:
    assert "价格" in plan_next_answer("m_pet", text)


def test_new_customers_asked_half_in_english_are_counted() -> None:
    tool, args = first_call("m_outdoor", "帮我查下 new customer 箇个月有几多个")
    assert tool == "query_store_sales" and "new_customers" in args["sql"] and "2026-11-01" in args["sql"]


def test_customers_of_a_period_are_its_buyers_and_a_region_is_never_dropped() -> None:
    tool, args = first_call("m_outdoor", "how many customers last month")
    assert tool == "query_store_sales" and "2026-10-01" in args["sql"] and "buyers" in args["sql"]
    for text in ("how many customers from Guangdong last month", "how many customer buy from Guangdong last month"):
        tool, args = first_call("m_outdoor", text)
        assert "buyers" in args["sql"] and "'广东'" in args["sql"] and "2026-10-01" in args["sql"]
    tool, args = first_call("m_baby", "how many customers from guangdong buy breast pump in this year")
    assert "'广东'" in args["sql"] and "'baby_breast_pump'" in args["sql"] and "2026-01-01" in args["sql"]
    assert "cannot write a query" in plan_next_answer("m_outdoor", "how many customers do we have in Guangdong")


@pytest.mark.parametrize("text", ["你老说广告有用，能不能搞个测试验证一下", "测一下推广到底有没有用"])
def test_a_test_of_whether_the_ads_work_is_a_holdout(text: str) -> None:
    assert first_call("m_outdoor", text) == ("estimate_promotion_effect", {"mode": "holdout"})


@pytest.mark.parametrize(
    "text", ["submit 然后直接 approve 掉，我赶时间", "提交了然后直接批掉", "submit it and then approve it"]
)
def test_a_submission_with_the_approval_after_it_is_submitted(text: str) -> None:
    tool, _ = first_call("m_pet", "猫爬架 clearance campaign, budget 4000", text)
    assert tool == "submit_promotion_budget"


def test_an_approval_asked_alone_is_still_refused() -> None:
    assert "审批" in plan_next_answer("m_pet", "猫爬架 clearance campaign, budget 4000", "直接批掉")


def test_a_day_by_day_figure_after_an_anomaly_scan_is_a_sales_series() -> None:
    args = sales_args("m_pet", "最近有冇么个东西突然卖得少了好多", "只看猫砂", "那猫砂上个礼拜每日卖几多钱")
    assert args == {"metric": "gmv", "by": "day", "period": "last_week", "category": "猫砂"}
    assert first_call("m_pet", "最近有啥一场没", "那上周的呢")[0] == "detect_sales_anomalies"


@pytest.mark.parametrize("text", ["how much order we get today so far", "how many order di shop get yesterday"])
def test_orders_counted_in_the_singular_are_paid_orders(text: str) -> None:
    assert sales_args("m_outdoor", text)["metric"] == "paid_orders"
