"""reviews, favourites, follows and the weekly digest; ratings kept on listings

Revision ID: 36e73d7485e1
Revises: 20fbcee08235
Create Date: 2026-12-02 15:26:32.979970

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '36e73d7485e1'
down_revision = '20fbcee08235'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('digest_state',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('unsubscribed', sa.Boolean(), nullable=False),
    sa.Column('last_week', sa.String(length=8), nullable=True),
    sa.Column('covered_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_digest_state_user_id_user')),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_digest_state'))
    )
    op.create_table('follow',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('artisan_id', sa.Integer(), nullable=True),
    sa.Column('cooperative_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('(artisan_id IS NULL) <> (cooperative_id IS NULL)', name=op.f('ck_follow_one_shop')),
    sa.ForeignKeyConstraint(['artisan_id'], ['artisan_profile.id'], name=op.f('fk_follow_artisan_id_artisan_profile')),
    sa.ForeignKeyConstraint(['cooperative_id'], ['cooperative.id'], name=op.f('fk_follow_cooperative_id_cooperative')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_follow_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_follow')),
    sa.UniqueConstraint('user_id', 'artisan_id', name=op.f('uq_follow_user_id_artisan_id')),
    sa.UniqueConstraint('user_id', 'cooperative_id', name=op.f('uq_follow_user_id_cooperative_id'))
    )
    with op.batch_alter_table('follow', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_follow_artisan_id'), ['artisan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_follow_cooperative_id'), ['cooperative_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_follow_user_id'), ['user_id'], unique=False)

    op.create_table('favourite',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('listing_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['listing_id'], ['listing.id'], name=op.f('fk_favourite_listing_id_listing')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_favourite_user_id_user')),
    sa.PrimaryKeyConstraint('user_id', 'listing_id', name=op.f('pk_favourite'))
    )
    with op.batch_alter_table('favourite', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_favourite_listing_id'), ['listing_id'], unique=False)

    op.create_table('review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_line_id', sa.Integer(), nullable=False),
    sa.Column('listing_id', sa.Integer(), nullable=False),
    sa.Column('artisan_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('rating', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('lang', sa.String(length=5), nullable=False),
    sa.Column('status', sa.Enum('published', 'removed', name='reviewstatus', native_enum=False, length=20), nullable=False),
    sa.Column('removal_reason', sa.String(length=300), nullable=False),
    sa.Column('reply_body', sa.Text(), nullable=True),
    sa.Column('reply_lang', sa.String(length=5), nullable=True),
    sa.Column('replied_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('rating BETWEEN 1 AND 5', name=op.f('ck_review_rating_range')),
    sa.ForeignKeyConstraint(['artisan_id'], ['artisan_profile.id'], name=op.f('fk_review_artisan_id_artisan_profile')),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_review_author_id_user')),
    sa.ForeignKeyConstraint(['listing_id'], ['listing.id'], name=op.f('fk_review_listing_id_listing')),
    sa.ForeignKeyConstraint(['order_line_id'], ['order_line.id'], name=op.f('fk_review_order_line_id_order_line')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review')),
    sa.UniqueConstraint('order_line_id', name=op.f('uq_review_order_line_id'))
    )
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_artisan_id'), ['artisan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_listing_id'), ['listing_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_status'), ['status'], unique=False)

    op.create_table('review_photo',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=80), nullable=False),
    sa.Column('thumbnail', sa.String(length=80), nullable=True),
    sa.Column('thumbnail_small', sa.String(length=80), nullable=True),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['review_id'], ['review.id'], name=op.f('fk_review_photo_review_id_review')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_photo')),
    sa.UniqueConstraint('filename', name=op.f('uq_review_photo_filename'))
    )
    with op.batch_alter_table('review_photo', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_photo_review_id'), ['review_id'], unique=False)

    op.create_table('review_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('reporter_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Enum('offensive', 'off_topic', 'personal_data', 'fake', 'other', name='reviewreportreason', native_enum=False, length=20), nullable=False),
    sa.Column('details', sa.String(length=500), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['reporter_id'], ['user.id'], name=op.f('fk_review_report_reporter_id_user')),
    sa.ForeignKeyConstraint(['review_id'], ['review.id'], name=op.f('fk_review_report_review_id_review')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_report')),
    sa.UniqueConstraint('review_id', 'reporter_id', name=op.f('uq_review_report_review_id_reporter_id'))
    )
    with op.batch_alter_table('review_report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_report_resolved_at'), ['resolved_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_report_review_id'), ['review_id'], unique=False)

    with op.batch_alter_table('listing', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rating_count', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('rating_total', sa.Integer(), server_default='0', nullable=False))
        batch_op.create_check_constraint(
            'rating_consistent', 'rating_total BETWEEN rating_count AND 5 * rating_count')



def downgrade():
    with op.batch_alter_table('listing', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_listing_rating_consistent'), type_='check')
        batch_op.drop_column('rating_total')
        batch_op.drop_column('rating_count')

    with op.batch_alter_table('review_report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_report_review_id'))
        batch_op.drop_index(batch_op.f('ix_review_report_resolved_at'))

    op.drop_table('review_report')
    with op.batch_alter_table('review_photo', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_photo_review_id'))

    op.drop_table('review_photo')
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_status'))
        batch_op.drop_index(batch_op.f('ix_review_listing_id'))
        batch_op.drop_index(batch_op.f('ix_review_author_id'))
        batch_op.drop_index(batch_op.f('ix_review_artisan_id'))

    op.drop_table('review')
    with op.batch_alter_table('favourite', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_favourite_listing_id'))

    op.drop_table('favourite')
    with op.batch_alter_table('follow', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_follow_user_id'))
        batch_op.drop_index(batch_op.f('ix_follow_cooperative_id'))
        batch_op.drop_index(batch_op.f('ix_follow_artisan_id'))

    op.drop_table('follow')
    op.drop_table('digest_state')
