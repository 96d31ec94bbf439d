"""listing images have a small WebP thumbnail

Revision ID: 5b1e7a9c3d20
Revises: c7d8f1827bcf
Create Date: 2026-12-02 16:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5b1e7a9c3d20'
down_revision = 'c7d8f1827bcf'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('listing_image', schema=None) as batch_op:
        batch_op.add_column(sa.Column('thumbnail_small', sa.String(length=80), nullable=True))


def downgrade():
    with op.batch_alter_table('listing_image', schema=None) as batch_op:
        batch_op.drop_column('thumbnail_small')
