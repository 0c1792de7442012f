"""progress: indexes for a person's counts, activity days and submission pages, and per-problem acceptance

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""
from alembic import op


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('code_runs', schema=None) as batch_op:
        batch_op.create_index('ix_code_runs_user_kind_id', ['user_id', 'kind', 'id'], unique=False)
        batch_op.create_index('ix_code_runs_user_progress',
                              ['user_id', 'kind', 'verdict', 'problem_id', 'created_at', 'session_id'], unique=False)
        batch_op.create_index('ix_code_runs_kind_id', ['kind', 'id', 'problem_id', 'verdict'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('code_runs', schema=None) as batch_op:
        batch_op.drop_index('ix_code_runs_kind_id')
        batch_op.drop_index('ix_code_runs_user_progress')
        batch_op.drop_index('ix_code_runs_user_kind_id')
