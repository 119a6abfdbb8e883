"""Observations from sourced statements: undated notes, the period a claim describes, a unique key.

`observed` may be empty for an undated statement (a note that never decides the current
state); `period_from`/`period_to` hold the time a claim describes, for the rule of
"sources disagree"; `statement` is unique, so loading the shipped statements twice, or from
several processes at once, can never store one twice.

Revision ID: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("observations") as batch:
        batch.alter_column("observed", existing_type=sa.Date, nullable=True)
        batch.add_column(sa.Column("period_from", sa.Date, nullable=True))
        batch.add_column(sa.Column("period_to", sa.Date, nullable=True))
        batch.add_column(sa.Column("statement", sa.String(200), nullable=True))
        batch.create_unique_constraint("uq_observations_statement", ["statement"])


def downgrade():
    with op.batch_alter_table("observations") as batch:
        batch.drop_constraint("uq_observations_statement", type_="unique")
        batch.drop_column("statement")
        batch.drop_column("period_to")
        batch.drop_column("period_from")
        batch.alter_column("observed", existing_type=sa.Date, nullable=False)
