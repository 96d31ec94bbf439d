"""search nodes follow the outbox with their own cursors; mail claims expire

Revision ID: 5b2e9c41d7a3
Revises: 5b1e7a9c3d20
Create Date: 2026-12-03 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5b2e9c41d7a3'
down_revision = '5b1e7a9c3d20'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('search_node',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('gaps', sa.Text(), nullable=False),
    sa.Column('registered_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('heartbeat_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_search_node'))
    )
    # SQLite reuses the highest rowid of a table pruned empty; AUTOINCREMENT never goes back.
    if op.get_bind().dialect.name == 'sqlite':
        with op.batch_alter_table('search_outbox', recreate='always',
                                  table_kwargs={'sqlite_autoincrement': True}):
            pass
    with op.batch_alter_table('mail_outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claimed_until', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('mail_outbox', schema=None) as batch_op:
        batch_op.drop_column('claimed_until')
    if op.get_bind().dialect.name == 'sqlite':
        with op.batch_alter_table('search_outbox', recreate='always'):
            pass
    op.drop_table('search_node')
