"""indexes for a store of 100,000 incidents

Revision ID: 0005_scale_indexes
Revises: 0004_visibility_indexes
Create Date: 2026-12-03

1. The restricted-flag indexes become partial (`WHERE restricted IS 1`, the form SQLAlchemy writes
   `.is_(True)` in) and hold the ids visibility reads. A full index on a flag that is false for
   nearly every row misled SQLite's planner (it has no statistics): `reports.restricted IS 0`
   looked selective, so public reads walked every report instead of using the incident key.
2. (type, date_start) and (country, date_start): a filtered list walks the newest matches in
   order and stops at the page, instead of sorting every incident of that type.
"""
from alembic import op
import sqlalchemy as sa


revision = '0005_scale_indexes'
down_revision = '0004_visibility_indexes'
branch_labels = None
depends_on = None

FLAG_COLUMNS = {'articles': ['restricted', 'id'], 'reports': ['restricted', 'incident_id', 'article_id'],
                'incidents': ['restricted'], 'cases': ['restricted', 'entity_id']}
ORDERED = {'ix_incidents_type_date': ['type', 'date_start'], 'ix_incidents_country_date': ['country', 'date_start']}


def upgrade() -> None:
    for table, columns in FLAG_COLUMNS.items():
        op.drop_index(f'ix_{table}_restricted', table_name=table)
        op.create_index(f'ix_{table}_restricted', table, columns, unique=False,
                        sqlite_where=sa.text('restricted IS 1'), postgresql_where=sa.text('restricted IS true'))
    for name, columns in ORDERED.items():
        op.create_index(name, 'incidents', columns, unique=False)


def downgrade() -> None:
    for name in ORDERED:
        op.drop_index(name, table_name='incidents')
    for table in FLAG_COLUMNS:
        op.drop_index(f'ix_{table}_restricted', table_name=table)
        op.create_index(f'ix_{table}_restricted', table, ['restricted'], unique=False)
