"""Questions about the store's own rules and past events asked with no document word (repairs, pickups, refund timing,
exchanges, postage, brand colour codes and voice, photo rules, deposits and coupons of a past sale, expiry, pitfalls)
search the merchant's documents; asking for new copy in a tone still writes copy."""

from __future__ import annotations

import pytest

from tests.offline.planned import first_call


@pytest.mark.parametrize(
    ("merchant", "said"),
    [
        ("m_outdoor", "顾客说登山鞋开胶了，我们给不给修？"),
        ("m_baby", "婴儿床退回来的话是上门取件吗"),
        ("m_pet", "客人退了货，钱多久能到账"),
        ("m_outdoor", "买小了能换大一码吗"),
        ("m_pet", "退货邮费谁出"),
        ("m_baby", "我们品牌的主色色值是多少"),
        ("m_outdoor", "给新同事讲讲我们写东西的口吻"),
        ("m_baby", "拍摄的时候有什么讲究"),
        ("m_outdoor", "上次大促有没有踩坑"),
        ("m_pet", "快过保质期的罐头发给客人了怎么办"),
        ("m_outdoor", "双11那会儿定金是怎么设的"),
        ("m_pet", "do we repair a feeder that stopped working"),
        ("m_baby", "when does a buyer get their money back after returning a crib"),
        ("m_outdoor", "can someone exchange boots for a bigger size"),
        ("m_pet", "who covers postage on returns"),
        ("m_baby", "what is our brand's colour code"),
        ("m_outdoor", "what voice should the newsletter have?"),
        ("m_pet", "what were the takeaways from last double 11"),
        ("m_outdoor", "how big was the deposit in the presale last year"),
    ],
)
def test_a_store_rule_asked_plainly_searches_the_documents(merchant: str, said: str) -> None:
    assert first_call(merchant, said)[0] == "search_merchant_docs"


@pytest.mark.parametrize(
    ("merchant", "said"),
    [
        ("m_outdoor", "帮我写2条冲锋衣文案，口吻轻松一点"),
        ("m_baby", "write two captions for the crib in a calm voice"),
    ],
)
def test_new_copy_in_a_tone_is_still_written(merchant: str, said: str) -> None:
    assert first_call(merchant, said)[0] == "generate_creatives"
