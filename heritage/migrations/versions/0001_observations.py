"""Observations, per-site revisions, and imported versions of the base data.

Revision ID: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "observations",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("site_id", sa.String(100), nullable=False, index=True),
        sa.Column("field", sa.String(40), nullable=False),
        sa.Column("value", sa.Text, nullable=True),
        sa.Column("observed", sa.Date, nullable=False),
        sa.Column("source", sa.String(1000), nullable=False),
        sa.Column("source_url", sa.String(2000), nullable=True),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("withdraws", sa.Integer, sa.ForeignKey("observations.id"), nullable=True),
        sa.Column("note", sa.Text, nullable=True),
    )
    op.create_table(
        "site_revisions",
        sa.Column("site_id", sa.String(100), primary_key=True),
        sa.Column("revision", sa.Integer, nullable=False),
    )
    op.create_table(
        "base_versions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("file_name", sa.String(300), nullable=False),
        sa.Column("added", sa.Integer, nullable=False),
        sa.Column("changed", sa.Integer, nullable=False),
        sa.Column("unchanged", sa.Integer, nullable=False),
    )
    op.create_table(
        "base_records",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("version_id", sa.Integer, sa.ForeignKey("base_versions.id"), nullable=False, index=True),
        sa.Column("site_id", sa.String(100), nullable=False, index=True),
        sa.Column("feature", sa.Text, nullable=False),
    )


def downgrade():
    for table in ("base_records", "base_versions", "site_revisions", "observations"):
        op.drop_table(table)
