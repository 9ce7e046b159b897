"""One merchant's profile updates never touch another merchant's persisted profiles.

Customer ids are text and global, so a merchant's rows may name another merchant's customer (an import that
reuses ids, or a hostile one that does it on purpose). Whatever m_one writes (events and orders of its own
customers, of m_two's customers, guest orders, a status change) and however it is recomputed (incrementally or
from scratch with other parameters), m_two's stored profiles, marks and state stay byte for byte what they were,
m_two's audience is still computed from m_two's rows only, and m_one's from m_one's (as the reference rebuild,
which reads one merchant's rows, computes it).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import numpy as np
from sqlalchemy import select, update

from copilot.segments.profiles import ProfileParams, merchant_profiles
from copilot.segments.rebuild import rebuild_profiles
from copilot.store import Store
from copilot.store.models import Order, ProfileDirty, ProfileItem, ProfileState
from tests.case_counts import CaseCount
from tests.segments.shops import NOW1, NOW2, PARAMS, fake_embed, stored, two_shops


def _snapshot(store: Store, merchant: str) -> tuple[Any, ...]:
    with store.engine.connect() as conn:
        state = conn.execute(select(ProfileState.__table__).where(ProfileState.merchant_id == merchant)).all()
        marks = conn.execute(select(ProfileDirty.__table__).where(ProfileDirty.merchant_id == merchant)).all()
        items = conn.execute(select(ProfileItem.__table__).where(ProfileItem.merchant_id == merchant)).all()
    return stored(store, merchant), sorted(state), sorted(marks), sorted(items)


def test_one_merchants_updates_never_touch_anothers_profiles(empty_store: Store, case_count: CaseCount):
    store, one, ones, _, twos = two_shops(empty_store)
    merchant_profiles(store, "m_one", NOW1, PARAMS, fake_embed)
    theirs = merchant_profiles(store, "m_two", NOW1, PARAMS, fake_embed)
    before = _snapshot(store, "m_two")
    assert before[0] and not before[2]

    def check(case: str, now: Any = NOW2, params: ProfileParams = PARAMS) -> None:
        mine = merchant_profiles(store, "m_one", now, params, fake_embed)
        reference = rebuild_profiles(store, "m_one", now, params, fake_embed)
        assert mine.customer_ids.tolist() == reference.customer_ids.tolist(), case
        for name in ("weights", "gmv", "views", "purchases", "category_buys", "product_sales"):
            np.testing.assert_allclose(getattr(mine, name), getattr(reference, name), rtol=1e-6, err_msg=case)
        assert _snapshot(store, "m_two") == before, case
        case_count("merchant profile isolation")

    one.add_events(ones[:4], 25, NOW1 - timedelta(days=2), NOW1)
    one.add_order(ones[5], NOW1 - timedelta(days=1))
    check("own customers' new events and orders")

    one.add_events(twos[:6], 25, NOW1 - timedelta(days=2), NOW1)
    one.add_order(twos[0], NOW1 - timedelta(days=1))
    one.add_order(None, NOW1 - timedelta(days=1))
    check("rows naming the other merchant's customers")

    with store.session() as s:
        s.execute(update(Order).where(Order.merchant_id == "m_one").values(status="refunded"))
    check("every order of m_one refunded")

    check("a full rebuild with other parameters", params=ProfileParams(30.0, dict(PARAMS.kind_weights)))
    check("the clock moved back", now=NOW1 - timedelta(days=40))

    again = merchant_profiles(store, "m_two", NOW1, PARAMS, fake_embed)
    assert again.customer_ids.tolist() == theirs.customer_ids.tolist()
    for name in ("weights", "gmv", "views", "purchases", "category_buys", "product_sales"):
        assert np.array_equal(getattr(again, name), getattr(theirs, name)), name
