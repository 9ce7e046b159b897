"""Export files in the formats merchants download, written by the tests (with their real quirks).

Each writer returns the file's path; `ShopOrder` / `TaobaoOrder` describe the orders so tests can compute
expected totals independently of the importer.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

SHOPIFY_ORDER_HEADER = [
    "Name", "Email", "Financial Status", "Paid at", "Fulfillment Status", "Fulfilled at", "Accepts Marketing",
    "Currency", "Subtotal", "Shipping", "Taxes", "Total", "Discount Code", "Discount Amount", "Shipping Method",
    "Created at", "Lineitem quantity", "Lineitem name", "Lineitem price", "Lineitem compare at price",
    "Lineitem sku", "Lineitem requires shipping", "Lineitem taxable", "Lineitem fulfillment status",
    "Billing Name", "Billing Street", "Billing Address1", "Billing Address2", "Billing Company", "Billing City",
    "Billing Zip", "Billing Province", "Billing Country", "Billing Phone", "Shipping Name", "Shipping Street",
    "Shipping Address1", "Shipping Address2", "Shipping Company", "Shipping City", "Shipping Zip",
    "Shipping Province", "Shipping Country", "Shipping Phone", "Notes", "Note Attributes", "Cancelled at",
    "Payment Method", "Payment Reference", "Refunded Amount", "Vendor", "Outstanding Balance", "Employee",
    "Location", "Device ID", "Id", "Tags", "Risk Level", "Source", "Lineitem discount", "Tax 1 Name",
    "Tax 1 Value", "Phone", "Receipt Number", "Duties", "Billing Province Name", "Shipping Province Name",
    "Payment ID", "Payment Terms Name", "Next Payment Due At",
]  # fmt: skip

SHOPIFY_PRODUCT_HEADER = [
    "Handle", "Title", "Body (HTML)", "Vendor", "Product Category", "Type", "Tags", "Published", "Option1 Name",
    "Option1 Value", "Option2 Name", "Option2 Value", "Option3 Name", "Option3 Value", "Variant SKU",
    "Variant Grams", "Variant Inventory Tracker", "Variant Inventory Qty", "Variant Inventory Policy",
    "Variant Fulfillment Service", "Variant Price", "Variant Compare At Price", "Variant Requires Shipping",
    "Variant Taxable", "Variant Barcode", "Image Src", "Image Position", "Image Alt Text", "Gift Card",
    "SEO Title", "SEO Description", "Variant Image", "Variant Weight Unit", "Variant Tax Code",
    "Cost per item", "Status",
]  # fmt: skip


@dataclass
class Line:
    sku: str
    name: str
    quantity: int
    price: str
    discount: str = ""


@dataclass
class ShopOrder:
    name: str
    created: str
    status: str
    total: str
    lines: list[Line]
    email: str = ""
    phone: str = ""
    refunded: str = ""
    cancelled: str = ""
    source: str = "web"
    currency: str = "CAD"
    street: str = "12 Lake Road, Apt 4"
    note: str = ""
    province: str = "Ontario"

    def first_row(self) -> dict[str, str]:
        return {
            "Email": self.email, "Financial Status": self.status, "Paid at": self.created, "Currency": self.currency,
            "Subtotal": self.total, "Shipping": "0.00", "Taxes": "0.00", "Total": self.total,
            "Billing Name": "Jane Q. Public", "Billing Street": self.street, "Billing Address1": self.street,
            "Billing City": "Toronto", "Billing Zip": "M5V 2T6", "Billing Province": "ON", "Billing Country": "CA",
            "Billing Phone": self.phone, "Shipping Name": "Jane Q. Public", "Shipping Street": self.street,
            "Shipping Address1": self.street, "Shipping City": "Toronto", "Shipping Zip": "M5V 2T6",
            "Shipping Province": "ON", "Shipping Country": "CA", "Shipping Phone": self.phone, "Notes": self.note,
            "Cancelled at": self.cancelled, "Payment Method": "Shopify Payments", "Refunded Amount": self.refunded,
            "Source": self.source, "Phone": self.phone, "Billing Province Name": self.province,
            "Shipping Province Name": self.province, "Id": "4507" + "".join(ch for ch in self.name if ch.isdigit()),
        }  # fmt: skip

    def gmv_part(self) -> Decimal:
        """What this order adds to GMV, computed from the file's own figures (the contract's definition)."""
        if self.cancelled or self.status in ("refunded", "voided", "pending", "authorized", "expired"):
            return Decimal("0")
        return Decimal(self.total) - Decimal(self.refunded or "0")


def write_shopify_orders(path: Path, orders: list[ShopOrder], *, bad_rows: dict[int, dict[str, str]] | None = None,
                         encoding: str = "utf-8") -> Path:  # fmt: skip
    """Shopify's orders export: one row per line item; order-level columns only on an order's first row
    (`Name` and `Created at` on every row, as Shopify writes them). `bad_rows` overrides cells by order index."""
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.DictWriter(handle, SHOPIFY_ORDER_HEADER, quoting=csv.QUOTE_MINIMAL)
        writer.writeheader()
        for index, order in enumerate(orders):
            for n, line in enumerate(order.lines):
                row = {"Name": order.name, "Created at": order.created}
                if n == 0:
                    row |= order.first_row()
                row |= {
                    "Lineitem quantity": str(line.quantity), "Lineitem name": line.name, "Lineitem price": line.price,
                    "Lineitem sku": line.sku, "Lineitem requires shipping": "true", "Lineitem taxable": "true",
                    "Lineitem fulfillment status": "fulfilled", "Lineitem discount": line.discount,
                    "Vendor": "Trail Co",
                }  # fmt: skip
                if bad_rows and index in bad_rows and n == 0:
                    row |= bad_rows[index]
                writer.writerow(row)
    return path


@dataclass
class Variant:
    sku: str
    option: str
    price: str
    cost: str = ""
    stock: str = "10"


@dataclass
class ShopProduct:
    handle: str
    title: str
    body: str
    type: str
    tags: str
    variants: list[Variant] = field(default_factory=list)
    images: int = 2


def write_shopify_products(path: Path, products: list[ShopProduct]) -> Path:
    """Shopify's products export: the first row of a handle carries the product, later rows variants, then
    image-only rows."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, SHOPIFY_PRODUCT_HEADER)
        writer.writeheader()
        for p in products:
            for n, v in enumerate(p.variants):
                row = {"Handle": p.handle, "Option1 Value": v.option, "Variant SKU": v.sku, "Variant Price": v.price,
                       "Cost per item": v.cost, "Variant Inventory Qty": v.stock, "Variant Grams": "500",
                       "Image Src": f"https://cdn.example.com/{p.handle}-{n}.jpg"}  # fmt: skip
                if n == 0:
                    row |= {"Title": p.title, "Body (HTML)": p.body, "Vendor": "Trail Co", "Type": p.type,
                            "Product Category": "Apparel & Accessories > Clothing > Outerwear", "Tags": p.tags,
                            "Published": "true", "Option1 Name": "Size", "Status": "active"}  # fmt: skip
                writer.writerow(row)
            for image in range(p.images):
                writer.writerow({"Handle": p.handle, "Image Src": f"https://cdn.example.com/{p.handle}-x{image}.jpg",
                                 "Image Position": str(image + 2)})  # fmt: skip
    return path


TAOBAO_ORDER_HEADER = [
    "订单编号", "买家会员名", "买家支付宝账号", "支付单号", "买家应付货款", "买家应付邮费", "总金额", "买家实际支付金额",  # noqa: E501
    "订单状态", "买家留言", "收货人姓名", "收货地址", "运送方式", "联系电话", "联系手机", "订单创建时间", "订单付款时间",  # noqa: E501
    "宝贝标题", "宝贝种类", "物流单号", "物流公司", "订单备注", "宝贝总数量", "店铺名称", "订单关闭原因", "退款金额",
]  # fmt: skip
TAOBAO_ITEM_HEADER = [
    "订单编号",
    "标题",
    "价格",
    "购买数量",
    "外部系统编号",
    "商品属性",
    "套餐信息",
    "备注",
    "订单状态",
    "商家编码",
]


@dataclass
class TaobaoItem:
    title: str
    price: str
    quantity: int
    code: str


@dataclass
class TaobaoOrder:
    order_no: str
    buyer: str
    paid: str
    status: str
    created: str
    items: list[TaobaoItem]
    refund: str = "0.00"
    mobile: str = "13812345678"
    address: str = "浙江省 杭州市 西湖区 文三路 138号 东方通信大厦"
    receiver: str = "张三"

    def gmv_part(self) -> Decimal:
        if self.status != "交易成功" and not self.status.startswith("卖家已发货"):
            return Decimal("0")
        return Decimal(self.paid) - Decimal(self.refund)


def _wrapped(value: str) -> str:
    return f'="{value}"'


def write_taobao(folder: Path, orders: list[TaobaoOrder], *, encoding: str) -> tuple[Path, Path]:
    """The seller centre's order report and order-item report; long ids wrapped as ="…" for Excel."""
    order_path = folder / f"ExportOrderList-{encoding}.csv"
    item_path = folder / f"ExportOrderDetailList-{encoding}.csv"
    with order_path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(TAOBAO_ORDER_HEADER)
        for o in orders:
            cells = {
                "订单编号": _wrapped(o.order_no), "买家会员名": o.buyer, "买家支付宝账号": f"{o.mobile[:3]}****{o.mobile[-4:]}",  # noqa: E501
                "支付单号": _wrapped("2026" + o.order_no[-10:]), "买家应付货款": o.paid, "买家应付邮费": "0.00",
                "总金额": o.paid, "买家实际支付金额": o.paid, "订单状态": o.status, "买家留言": "请尽快发货，谢谢",
                "收货人姓名": o.receiver, "收货地址": o.address, "运送方式": "快递", "联系电话": "",
                "联系手机": _wrapped(o.mobile), "订单创建时间": o.created, "订单付款时间": o.created if o.status != "等待买家付款" else "",  # noqa: E501
                "宝贝标题": o.items[0].title if o.items else "", "宝贝种类": str(len(o.items)), "物流单号": "",
                "物流公司": "", "订单备注": "", "宝贝总数量": str(sum(i.quantity for i in o.items)),
                "店铺名称": "山野户外旗舰店", "订单关闭原因": "买家申请退款" if o.status == "交易关闭" else "", "退款金额": o.refund,  # noqa: E501
            }  # fmt: skip
            writer.writerow([cells[h] for h in TAOBAO_ORDER_HEADER])
    with item_path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(TAOBAO_ITEM_HEADER)
        for o in orders:
            for item in o.items:
                writer.writerow([_wrapped(o.order_no), item.title, item.price, str(item.quantity), "",
                                 "颜色分类:黑色;尺码:M", "", "", o.status, item.code])  # fmt: skip
    return order_path, item_path
