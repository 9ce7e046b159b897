"""product images: a photo of each product for its creatives

`products.image_path` is the product's photo, a PNG under the data folder named relative to it
(`products/<merchant>/<name>.png`), uploaded through the API, fetched from an import's image URL or drawn by
the demo builder; `products.image_url` is the URL an import gave for it (Shopify `Image Src`, a Taobao item
image), kept so a later fetch can retry. Both NULL for a product without a photo: its creatives are text cards.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-04 18:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.add_column(sa.Column("image_path", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("image_url", sa.String(length=2048), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.drop_column("image_url")
        batch_op.drop_column("image_path")
