"""the store's generation, incidents.scope, a covering index on reports

Revision ID: 0006_scale_state
Revises: 0005_scale_indexes
Create Date: 2026-12-03

1. `store_state`: one row whose `generation` every commit that writes records moves
   (protestwatch/store/generation.py); the web app keeps the ids the visibility rules hide and
   list totals per generation instead of recomputing them on every request.
2. `incidents.scope` ("ordinary" / "political"), filled here with what the old query computed
   (the incident's edit, else ordinary when it has reports and all are), then kept by
   `repo.refresh_incident` and incident edits; index (scope, date_start).
3. `ix_reports_incident_cover` (incident_id, review_state, restricted, article_id): a page's
   people and titles are read from the index, not from each report's large row.
"""
from alembic import op
import sqlalchemy as sa


revision = '0006_scale_state'
down_revision = '0005_scale_indexes'
branch_labels = None
depends_on = None


def upgrade() -> None:
    state = op.create_table('store_state',
                            sa.Column('id', sa.Integer(), nullable=False),
                            sa.Column('generation', sa.Integer(), nullable=False),
                            sa.PrimaryKeyConstraint('id', name=op.f('pk_store_state')))
    op.bulk_insert(state, [{'id': 1, 'generation': 0}])
    op.add_column('incidents', sa.Column('scope', sa.String(length=16), nullable=True))
    incidents = sa.table('incidents', sa.column('id', sa.Integer), sa.column('edits', sa.JSON),
                         sa.column('scope', sa.String))
    reports = sa.table('reports', sa.column('incident_id', sa.Integer), sa.column('edits', sa.JSON),
                       sa.column('machine', sa.JSON))
    report_scope = sa.func.coalesce(reports.c.edits['scope'].as_string(), reports.c.machine['scope'].as_string(),
                                    'political')
    mine = reports.c.incident_id == incidents.c.id
    by_reports = sa.and_(sa.exists().where(mine), ~sa.exists().where(mine, report_scope != 'ordinary'))
    edited = sa.func.coalesce(incidents.c.edits['scope'].as_string(), '')
    ordinary = sa.or_(edited == 'ordinary', sa.and_(edited == '', by_reports))
    op.execute(incidents.update().values(scope=sa.case((ordinary, 'ordinary'), else_='political')))
    op.create_index('ix_incidents_scope_date', 'incidents', ['scope', 'date_start'], unique=False)
    op.create_index('ix_reports_incident_cover', 'reports', ['incident_id', 'review_state', 'restricted', 'article_id'],
                    unique=False)


def downgrade() -> None:
    op.drop_index('ix_reports_incident_cover', table_name='reports')
    op.drop_index('ix_incidents_scope_date', table_name='incidents')
    # A plain DROP COLUMN (SQLite 3.35+): batch mode would copy and drop the incidents table, and
    # dropping it unlinks every report (ON DELETE SET NULL).
    op.drop_column('incidents', 'scope')
    op.drop_table('store_state')
