"""A deterministic corpus of distractor documents for the memory benchmark (one merchant, zh and en).

`distractors(merchant_id, chunks)` gives (title, text) documents of exactly `chunks` chunks in all (each
document is one chunk under copilot.memory.text.chunk_text), generated from the merchant's demo catalog
with a fixed seed: buyer reviews, product Q&A, customer-service notes, daily campaign reports of other
festivals and years, weekly operations reports and ad-copy reviews. They are plausible near-misses of the
real demo documents (the same products, festivals, money amounts, colours and policy words) but none is a
demo document, so a labelled answer (title + fact) can only come from the real one.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator

from copilot.demo.spec import ProductSpec, load_spec
from copilot.memory.text import chunk_text

SEED = 20261120
FESTIVALS = ("618", "双11", "双12", "年货节", "38节", "中秋", "国庆")
YEARS = (2023, 2024, 2025, 2026)
PLACES = ("四姑娘山", "香山", "武功山", "莫干山", "海边营地", "川西", "雨崩", "黄山", "秦岭", "东灵山", "千岛湖")
PLACES_EN = ("the Alps", "a coastal campsite", "Mount Wugong", "a rainy weekend trail", "the Sichuan highlands")
ASPECTS = (
    ("重量", ("很轻，背一天也不累", "比想象中重一点", "和说明写的差不多，{g} 克左右")),
    ("做工", ("走线整齐，没有线头", "拉链有点涩，用几次就顺了", "做工一般，对得起价格")),
    ("尺码", ("尺码偏大半码，建议拍小一码", "尺码标准，按平时穿的买就行", "袖子略长")),
    ("物流", ("第二天就到了", "物流慢了两天，客服一直在跟进", "包装完好，没有压坏")),
    ("防水", ("下了一下午雨，里面是干的", "小雨没问题，大雨肩膀会有点潮", "防水涂层洗了几次还在")),
    ("售后", ("换了一次尺码，来回很快", "申请退货很顺利，运费险赔了 {fee} 元", "客服回复及时，态度好")),
)
ASPECTS_EN = (
    "Light enough to carry all day.",
    "Runs half a size large; order one size down.",
    "Shipping took {d} days, packaging was fine.",
    "Kept me dry in steady rain for {h} hours.",
    "The exchange for another size was quick.",
    "Good value for the price, stitching is clean.",
)
COLOURS = ("墨绿", "岩灰", "雪白", "日出橙", "藏青", "卡其", "黑色", "雾蓝", "砖红")
QUESTIONS = (
    ("能带上飞机吗？", "可以托运，随身携带以航司规定为准。"),
    ("有哪些颜色？", "目前有{c1}、{c2}两种颜色，{c1}款库存更多。"),
    ("多久发货？", "{h} 小时内从{w}仓发货，偏远地区另加 1-2 天。"),
    ("保修多久？", "这款提供 {y} 年保修，人为损坏不在保修范围。"),
    ("可以开发票吗？", "可以开电子普通发票，下单后在订单详情里申请。"),
    ("适合新手吗？", "适合，{usage}都可以用。"),
    ("洗了会缩水吗？", "建议 30 度以下冷水手洗，不要烘干，基本不会缩水。"),
)
WAREHOUSES = ("杭州", "广州", "成都", "天津", "武汉")
SERVICE = (
    "买家申请换货，要换大一码；已告知寄回运费由买家承担，新商品包邮寄出。",
    "买家反馈开线，属于质量问题，已同意退货，运费先垫付，审核后退回 {fee} 元。",
    "买家签收第 {d} 天申请无理由退货，商品已下水使用，按规则不予受理，已安抚并赠送优惠券。",
    "买家询问运费险怎么理赔：退货完成后由保险公司自动理赔，本单赔付 {fee} 元。",
    "买家催退款：仓库已收货，验货中，预计 {d} 个工作日内原路退回。",
    "买家要求保价，活动前 {d} 天购买，差价 {fee} 元已通过优惠券补偿。",
)
AUDIENCES = ("户外出游", "登山徒步", "露营", "防晒", "健身", "亲子出游", "科技控")
COPY_REVIEWS = (
    "原稿“{title}，{claim}”含极限词，改为“{title}，{fact}”。",
    "达人脚本里出现“{claim}”，按禁用词清单删去；画面里墨绿只占 {p}%，需补到品牌要求以上。",
    "English caption draft: '{title_en} - {claim_en}' rejected (absolute claim); use '{fact_en}'.",
)
CLAIMS = ("史上最轻", "全网第一", "顶级防护", "永不磨损", "绝对防水", "国家级品质")
CLAIMS_EN = ("the best ever", "No.1 in China", "guaranteed waterproof", "unbreakable")


def _money(rng: random.Random, low: int, high: int, step: int = 100) -> str:
    return f"{rng.randrange(low, high, step):,}"


def _review(rng: random.Random, product: ProductSpec, n: int) -> tuple[str, str]:
    if rng.random() < 0.3:
        place = rng.choice(PLACES_EN)
        said = rng.choice(ASPECTS_EN).format(d=rng.randint(1, 5), h=rng.randint(2, 8))
        text = f"Used the {product.title_en.lower()} on {place}. {said} {rng.randint(3, 5)} stars."
        return f"Buyer review: {product.title_en} #{n:05d}", text
    aspects = rng.sample(ASPECTS, 2)
    parts = [
        f"{name}：{rng.choice(options).format(g=rng.randrange(150, 2000, 5), fee=rng.choice((8, 10, 12)))}"
        for name, options in aspects
    ]
    text = (
        f"买了{product.title}，带去{rng.choice(PLACES)}{rng.choice(('徒步', '露营', '出游', '爬山'))}。"
        + "；".join(parts)
        + "。"
    )
    return f"买家评价 {product.title} #{n:05d}", text


def _qa(rng: random.Random, product: ProductSpec, n: int) -> tuple[str, str]:
    question, answer = rng.choice(QUESTIONS)
    c1, c2 = rng.sample(COLOURS, 2)
    filled = answer.format(
        c1=c1,
        c2=c2,
        h=rng.choice((24, 48, 72)),
        w=rng.choice(WAREHOUSES),
        y=rng.choice((1, 2, 3)),
        usage=rng.choice(("周末徒步、城市通勤", "露营、野餐", "登山、越野跑")),
    )
    return f"商品问答 {product.title} #{n:05d}", f"问：{product.title}{question}\n答：{filled}"


def _service(rng: random.Random, product: ProductSpec, n: int) -> tuple[str, str]:
    note = rng.choice(SERVICE).format(fee=rng.choice((6, 8, 10, 12, 15, 18, 20, 25)), d=rng.randint(1, 9))
    return f"客服记录 #{n:05d}", f"商品：{product.title}（{product.category}）。{note}"


def _daily_report(rng: random.Random, product: ProductSpec, n: int) -> tuple[str, str]:
    festival, year = rng.choice(FESTIVALS), rng.choice(YEARS)
    audience = rng.choice(AUDIENCES)
    text = (
        f"{festival} {year} {product.category}投放日报 第 {rng.randint(1, 21)} 天：预算 {_money(rng, 2000, 15000)} 元，"
        f"消耗 {_money(rng, 1500, 14000)} 元，点击率 {rng.uniform(0.8, 4.5):.1f}%，ROI {rng.uniform(1.2, 6.0):.1f}；"
        f"“{audience}”人群转化率 {rng.uniform(1.0, 6.0):.1f}%。"
    )
    return f"{festival} {year} 投放日报 {product.category} #{n:05d}", text


def _weekly_report(rng: random.Random, product: ProductSpec, n: int) -> tuple[str, str]:
    year, week = rng.choice(YEARS), rng.randint(1, 52)
    text = (
        f"{year} 年第 {week} 周：GMV {_money(rng, 80000, 600000, 1000)} 元，支付订单 {rng.randint(300, 2500):,} 单，"
        f"客单价 {rng.randint(180, 520)} 元，退款率 {rng.uniform(1.5, 9.0):.1f}%。{product.title}"
        f"{rng.choice(('断货 2 天', '库存充足', '价格下调 10%', '上了首页推荐'))}。"
    )
    return f"运营周报 {year}-W{week:02d} #{n:05d}", text


def _copy_review(rng: random.Random, product: ProductSpec, n: int) -> tuple[str, str]:
    template = rng.choice(COPY_REVIEWS)
    text = template.format(
        title=product.title,
        title_en=product.title_en,
        claim=rng.choice(CLAIMS),
        claim_en=rng.choice(CLAIMS_EN),
        fact=product.description_zh.split("，")[0],
        fact_en=product.description_en.split(",")[0],
        p=rng.randint(15, 38),
    )
    return f"素材审核 {product.title} v{n:05d}", text


KINDS: tuple[tuple[float, Callable[[random.Random, ProductSpec, int], tuple[str, str]]], ...] = (
    (0.40, _review),
    (0.18, _qa),
    (0.14, _service),
    (0.12, _daily_report),
    (0.08, _weekly_report),
    (0.08, _copy_review),
)


def _documents(merchant_id: str) -> Iterator[tuple[str, str]]:
    rng = random.Random(SEED)
    products = load_spec().merchant(merchant_id).products
    weights = [weight for weight, _ in KINDS]
    n = 0
    while True:
        n += 1
        make = rng.choices([kind for _, kind in KINDS], weights)[0]
        yield make(rng, rng.choice(products), n)


def distractors(merchant_id: str, chunks: int) -> list[tuple[str, str]]:
    """`chunks` one-chunk documents (title, text) for the demo merchant, the same on every call."""
    documents: list[tuple[str, str]] = []
    titles: set[str] = set()
    for title, text in _documents(merchant_id):
        if len(documents) == chunks:
            return documents
        if title not in titles and len(chunk_text(text)) == 1:
            titles.add(title)
            documents.append((title, text))
    raise AssertionError("unreachable: the generator is infinite")
