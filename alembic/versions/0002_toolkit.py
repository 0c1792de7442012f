"""toolkit: history, snapshots, timeline, scorecards

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 22:11:28.379958
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('doc_snapshots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('room', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('upto_id', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('doc_snapshots', schema=None) as batch_op:
        batch_op.create_index('ix_doc_snapshots_room_upto', ['room', 'upto_id'], unique=False)

    op.create_table('room_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['interview_sessions.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('room_events', schema=None) as batch_op:
        batch_op.create_index('ix_room_events_session_id', ['session_id', 'id'], unique=False)

    op.create_table('scorecards',
    sa.Column('session_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('scores', sa.JSON(), nullable=False),
    sa.Column('recommendation', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('updated_by', sa.Integer(), nullable=True),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['interview_sessions.id'], ),
    sa.ForeignKeyConstraint(['updated_by'], ['users.id'], ),
    sa.PrimaryKeyConstraint('session_id')
    )
    with op.batch_alter_table('doc_updates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('author_id', sa.Integer(), nullable=True))

    with op.batch_alter_table('interview_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('final_code', sa.JSON(), nullable=True))

    with op.batch_alter_table('notes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('updated_by', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_notes_updated_by_users', 'users', ['updated_by'], ['id'])

    with op.batch_alter_table('problems', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rubric', sa.JSON(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('problems', schema=None) as batch_op:
        batch_op.drop_column('rubric')

    with op.batch_alter_table('notes', schema=None) as batch_op:
        batch_op.drop_constraint('fk_notes_updated_by_users', type_='foreignkey')
        batch_op.drop_column('updated_by')

    with op.batch_alter_table('interview_sessions', schema=None) as batch_op:
        batch_op.drop_column('final_code')

    with op.batch_alter_table('doc_updates', schema=None) as batch_op:
        batch_op.drop_column('author_id')

    op.drop_table('scorecards')
    with op.batch_alter_table('room_events', schema=None) as batch_op:
        batch_op.drop_index('ix_room_events_session_id')

    op.drop_table('room_events')
    with op.batch_alter_table('doc_snapshots', schema=None) as batch_op:
        batch_op.drop_index('ix_doc_snapshots_room_upto')

    op.drop_table('doc_snapshots')
