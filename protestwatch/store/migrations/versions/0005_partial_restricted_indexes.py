"""partial indexes on the restricted flags

Revision ID: 0005_partial_restricted_indexes
Revises: 0004_visibility_indexes
Create Date: 2026-12-03

A full index on a flag that is false for nearly every row misleads SQLite's planner (it has no
statistics): `reports.restricted IS 0` looked selective, so public reads walked every report
instead of using the incident key. Visibility only ever looks for the few flagged rows, so the
indexes hold just those (`WHERE restricted IS 1`, the form SQLAlchemy writes `.is_(True)` in).
"""
from alembic import op
import sqlalchemy as sa


revision = '0005_partial_restricted_indexes'
down_revision = '0004_visibility_indexes'
branch_labels = None
depends_on = None

TABLES = ('articles', 'reports', 'incidents', 'cases')


def upgrade() -> None:
    for table in TABLES:
        op.drop_index(f'ix_{table}_restricted', table_name=table)
        op.create_index(f'ix_{table}_restricted', table, ['restricted'], unique=False,
                        sqlite_where=sa.text('restricted IS 1'), postgresql_where=sa.text('restricted IS true'))


def downgrade() -> None:
    for table in TABLES:
        op.drop_index(f'ix_{table}_restricted', table_name=table)
        op.create_index(f'ix_{table}_restricted', table, ['restricted'], unique=False)
