"""logout ends sessions on the server: users.sessions_ended_at

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26

A session is a signed cookie; logging out used to drop the cookie from the browser only, so a
copy of it stayed valid until it expired (8 hours). The time of the user's last logout now
ends every session begun before it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("sessions_ended_at", sa.DateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("sessions_ended_at")
