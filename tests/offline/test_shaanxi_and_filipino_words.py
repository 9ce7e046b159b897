"""Words that colour a question and name nothing sold: Shaanxi 夜儿个 (yesterday) and 得是 (is it), Filipino
English "po" of respect, and saying one follows (明白了, 搞不清楚)."""

from __future__ import annotations

from tests.offline.planned import sales_args


def test_shaanxi_yesterday_is_yesterday() -> None:
    args = sales_args("m_pet", "夜儿个猫粮卖了多少袋")
    assert args.get("period") == "yesterday" and args.get("category") == "猫粮"


def test_po_of_respect_names_no_product() -> None:
    args = sales_args("m_outdoor", "Good afternoon po, kindly share last week's refund rate po")
    assert args == {"metric": "refund_rate", "period": "last_week"}


def test_saying_one_follows_names_no_product() -> None:
    args = sales_args("m_baby", "好的我明白了，那这周的订单数呢")
    assert "product" not in args and args.get("period") == "this_week"
