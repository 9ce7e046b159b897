"""creative paths relative to the data folder

`creatives.image_path` was written as the image's path joined onto the data folder as configured (with the
default `./data`, a path relative to the working directory, which the files route joined onto the data folder a
second time). It is now `creatives/<merchant_id>/<file name>`, relative to the data folder; this revision rewrites
the rows written before it to that form (the files never moved: they are always in that folder).

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-04 18:20:00
"""

from pathlib import PurePath

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

_creatives = sa.table(
    "creatives", sa.column("id", sa.String), sa.column("merchant_id", sa.String), sa.column("image_path", sa.Text)
)


def upgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(_creatives.c.id, _creatives.c.merchant_id, _creatives.c.image_path).where(
            _creatives.c.image_path.is_not(None)
        )
    ).all()
    for row in rows:
        relative = f"creatives/{row.merchant_id}/{PurePath(row.image_path).name}"
        if relative != row.image_path:
            bind.execute(sa.update(_creatives).where(_creatives.c.id == row.id).values(image_path=relative))


def downgrade() -> None:
    """Relative paths stay: the files route of every later revision reads them."""
