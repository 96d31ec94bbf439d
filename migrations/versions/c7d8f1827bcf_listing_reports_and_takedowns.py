"""listing reports and takedowns

Revision ID: c7d8f1827bcf
Revises: c3986f0d111e
Create Date: 2026-12-02 02:34:04.162337

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c7d8f1827bcf'
down_revision = 'c3986f0d111e'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('listing_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('listing_id', sa.Integer(), nullable=False),
    sa.Column('reporter_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Enum('not_handmade', 'wrong_origin', 'prohibited', 'offensive', 'other', name='reportreason', native_enum=False, length=20), nullable=False),
    sa.Column('details', sa.String(length=500), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['listing_id'], ['listing.id'], name=op.f('fk_listing_report_listing_id_listing')),
    sa.ForeignKeyConstraint(['reporter_id'], ['user.id'], name=op.f('fk_listing_report_reporter_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_listing_report')),
    sa.UniqueConstraint('listing_id', 'reporter_id', name=op.f('uq_listing_report_listing_id_reporter_id'))
    )
    with op.batch_alter_table('listing_report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_listing_report_listing_id'), ['listing_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_listing_report_resolved_at'), ['resolved_at'], unique=False)

    with op.batch_alter_table('listing', schema=None) as batch_op:
        batch_op.add_column(sa.Column('removal_reason', sa.String(length=300), server_default='', nullable=False))



def downgrade():
    with op.batch_alter_table('listing', schema=None) as batch_op:
        batch_op.drop_column('removal_reason')

    with op.batch_alter_table('listing_report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_listing_report_resolved_at'))
        batch_op.drop_index(batch_op.f('ix_listing_report_listing_id'))

    op.drop_table('listing_report')
