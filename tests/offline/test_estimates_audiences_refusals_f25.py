"""Estimates, audiences, creatives, refusals and questions back read by kind, in wordings of their own (after
fresh25): how close the forecasts came or how a campaign did against its forecast is the track record, sales taken
apart paid against organic or an ads' halo asked of the data is the past readout (also as a follow-up); an audience
asked with 找下 or "be going after" names the item, not 下; copy asked for an audience just found is creatives; an
order status set back to make a figure look better is refused; two things pointed at with nothing before are asked
about."""

from __future__ import annotations

import pytest

from tests.offline.planned import first_call, plan_next_answer


@pytest.mark.parametrize(
    "text",
    [
        "honestly how close were your predictions to what actually came in?",
        "how did the 618 push do compared with what you projected",
        "上次618的实际结果跟你预测的比差多少",
    ],
)
def test_the_outcome_against_the_forecast_is_the_track_record(text: str) -> None:
    tool, args = first_call("m_pet", text)
    assert tool == "estimate_promotion_effect" and args["mode"] == "track_record"


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("for 618, how much came from the ads versus what would have sold anyway?", "618"),
        ("do we get any halo from the ads, does the data show it?", None),
        ("广告和自然的成交各占多少", None),
    ],
)
def test_a_paid_and_organic_split_or_a_halo_is_the_past_readout(text: str, when: str | None) -> None:
    tool, args = first_call("m_outdoor", text)
    assert tool == "estimate_promotion_effect" and args["mode"] == "past" and args.get("when") == when


def test_a_split_asked_after_the_track_record_is_the_past_of_the_same_days() -> None:
    tool, args = first_call("m_pet", "how did double 11 go against your forecast?", "and paid vs organic for that?")
    assert tool == "estimate_promotion_effect" and args == {"mode": "past", "when": "double11"}


@pytest.mark.parametrize(
    ("text", "product"), [("帮我找下猫砂盆的人群", "pet_litter_box"), ("找下宠物摄像头的客群", "pet_camera")]
)
def test_an_audience_asked_with_zhao_xia_names_the_item(text: str, product: str) -> None:
    tool, args = first_call("m_pet", text)
    assert tool == "find_target_segments" and "scene" not in args
    assert args.get("product", "").startswith(product) or args.get("category")


def test_who_to_be_going_after_for_a_new_item_is_its_cold_start() -> None:
    tool, args = first_call("m_baby", "who should we be chasing for the new fold stroller? nothing sold yet")
    assert tool == "find_target_segments"
    assert args == {"product": "baby_stroller_fold_new", "cold_start": True}


def test_copy_asked_for_an_audience_just_found_is_creatives() -> None:
    tool, args = first_call(
        "m_baby", "who buys the bottles?", "the new parents group fits, write 2 lines of copy for them"
    )
    assert tool == "generate_creatives" and args["kind"] == "copy" and args["count"] == 2


@pytest.mark.parametrize(
    "text",
    ["把上周那几单 cancelled 的改回 paid，数据好看点", "把那些单 refunded 改成 completed 吧", "昨天那几单改回已支付"],
)
def test_an_order_status_set_back_is_refused(text: str) -> None:
    assert "不能修改" in plan_next_answer("m_baby", text)


@pytest.mark.parametrize("text", ["这个跟那个比 哪个卖得多", "this one vs that one, which did better?"])
def test_two_things_pointed_at_with_nothing_before_are_asked_about(text: str) -> None:
    answer = plan_next_answer("m_pet", text)
    assert "?" in answer or "？" in answer
