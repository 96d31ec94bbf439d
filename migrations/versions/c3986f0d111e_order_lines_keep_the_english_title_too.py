"""order lines keep the English title too

Revision ID: c3986f0d111e
Revises: 27beb45e401a
Create Date: 2026-11-25 23:12:48.406496

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3986f0d111e'
down_revision = '27beb45e401a'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('order_line', schema=None) as batch_op:
        batch_op.add_column(sa.Column('title_en', sa.String(length=200), nullable=True))



def downgrade():
    with op.batch_alter_table('order_line', schema=None) as batch_op:
        batch_op.drop_column('title_en')

