"""indexes on the restricted flags

Revision ID: 0004_visibility_indexes
Revises: 0003_watch_alerts
Create Date: 2026-12-02

store/visibility.py starts every public read from the few flagged rows; an index on each
`restricted` column finds them without scanning the table.
"""
from alembic import op


revision = '0004_visibility_indexes'
down_revision = '0003_watch_alerts'
branch_labels = None
depends_on = None

TABLES = ('articles', 'reports', 'incidents', 'cases')


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(batch_op.f(f'ix_{table}_restricted'), ['restricted'], unique=False)


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f'ix_{table}_restricted'))
