"""assessments: take-homes with a server-kept clock, each with its own private room

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('assessments',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('host_id', sa.Integer(), nullable=False),
    sa.Column('problem_id', sa.Integer(), nullable=False),
    sa.Column('time_limit_minutes', sa.Integer(), nullable=False),
    sa.Column('deadline_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('languages', sa.JSON(), nullable=False),
    sa.Column('invite_token', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=True),
    sa.Column('session_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('started_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('ends_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('submitted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('final_verdict', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('final_run_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['candidate_id'], ['users.id'], ),
    sa.ForeignKeyConstraint(['final_run_id'], ['code_runs.id'], ),
    sa.ForeignKeyConstraint(['host_id'], ['users.id'], ),
    sa.ForeignKeyConstraint(['problem_id'], ['problems.id'], ),
    sa.ForeignKeyConstraint(['session_id'], ['interview_sessions.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('assessments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assessments_candidate_id'), ['candidate_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessments_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessments_ends_at'), ['ends_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessments_host_id'), ['host_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('assessments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assessments_host_id'))
        batch_op.drop_index(batch_op.f('ix_assessments_ends_at'))
        batch_op.drop_index(batch_op.f('ix_assessments_created_at'))
        batch_op.drop_index(batch_op.f('ix_assessments_candidate_id'))
    op.drop_table('assessments')
