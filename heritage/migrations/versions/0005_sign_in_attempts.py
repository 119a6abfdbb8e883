"""Sign-in attempts: the throttle's count, shared by every copy of the dashboard and every session.

One row per attempt and key (`name:...` or `session:...`), written before the password is
checked; a success deletes its keys' rows. Rows older than an hour are pruned, and the table
is capped (heritage/signins.py), so made-up names cannot grow it without limit.

Revision ID: 0005 (after 0004, the statements)
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "sign_in_attempts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(64), nullable=False, index=True),
        sa.Column("attempted_at", sa.Float, nullable=False, index=True),
    )


def downgrade():
    op.drop_table("sign_in_attempts")
