"""Stewardship: proposals and their reviews, evidence files, and the audit trail.

`proposed` marks an observation made while the store required review (HERITAGE_REVIEW);
a reviewer's decision is itself an observation (field "review") that `reviews` the
proposal, so nothing is ever updated and everything stays in the history. `evidence`
holds the files (cleaned photographs, PDF reports) in the store itself, so every copy of
the dashboard serves them. `audit` records who did what, when, and from which copy.

Revision ID: 0006 (after 0005, the sign-in attempts)
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    # Columns added in place, never by copying the table (Alembic's "batch" mode on SQLite): the
    # copy drops the old table, which SQLite refuses while a withdrawal points at an observation.
    op.add_column("observations", sa.Column("proposed", sa.Boolean, nullable=True))
    if op.get_bind().dialect.name == "sqlite":  # SQLite adds a column with its reference in one statement
        op.execute("ALTER TABLE observations ADD COLUMN reviews INTEGER REFERENCES observations(id)")
    else:
        op.add_column("observations", sa.Column("reviews", sa.Integer, nullable=True))
        op.create_foreign_key("fk_observations_reviews", "observations", "observations", ["reviews"], ["id"])
    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("observation_id", sa.Integer, sa.ForeignKey("observations.id"), nullable=False, index=True),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("width", sa.Integer, nullable=True),
        sa.Column("height", sa.Integer, nullable=True),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.Column("thumbnail", sa.LargeBinary, nullable=True),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False, index=True),
        sa.Column("who", sa.String(200), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("detail", sa.Text, nullable=True),
        sa.Column("copy", sa.String(300), nullable=False),
    )


def downgrade():
    op.drop_table("audit")
    op.drop_table("evidence")
    with op.batch_alter_table("observations") as batch:
        batch.drop_constraint("fk_observations_reviews", type_="foreignkey")
        batch.drop_column("reviews")
        batch.drop_column("proposed")
