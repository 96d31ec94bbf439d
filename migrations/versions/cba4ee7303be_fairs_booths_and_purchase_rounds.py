"""fairs, booths and purchase rounds

Revision ID: cba4ee7303be
Revises: 5b2e9c41d7a3
Create Date: 2026-12-02 15:30:56.062116

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'cba4ee7303be'
down_revision = '5b2e9c41d7a3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('fair',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('name_fa', sa.String(length=160), nullable=False),
    sa.Column('name_en', sa.String(length=160), nullable=False),
    sa.Column('story_fa', sa.Text(), nullable=False),
    sa.Column('story_en', sa.Text(), nullable=False),
    sa.Column('theme_fa', sa.String(length=160), nullable=False),
    sa.Column('theme_en', sa.String(length=160), nullable=False),
    sa.Column('venue_fa', sa.String(length=200), nullable=False),
    sa.Column('venue_en', sa.String(length=200), nullable=False),
    sa.Column('level', sa.Enum('county', 'province', 'national', 'international', name='fairlevel', native_enum=False, length=20), nullable=False),
    sa.Column('province_id', sa.Integer(), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('opens_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closes_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('permanent', sa.Boolean(), nullable=False),
    sa.Column('booth_count', sa.Integer(), nullable=False),
    sa.Column('features_per_booth', sa.Integer(), nullable=False),
    sa.Column('cooperative_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('booth_count > 0', name=op.f('ck_fair_booth_count_positive')),
    sa.CheckConstraint('features_per_booth BETWEEN 1 AND 24', name=op.f('ck_fair_features_range')),
    sa.CheckConstraint('permanent OR closes_at IS NOT NULL', name=op.f('ck_fair_timeboxed_has_end')),
    sa.ForeignKeyConstraint(['cooperative_id'], ['cooperative.id'], name=op.f('fk_fair_cooperative_id_cooperative')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_fair_created_by_id_user')),
    sa.ForeignKeyConstraint(['province_id'], ['province.id'], name=op.f('fk_fair_province_id_province')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fair')),
    sa.UniqueConstraint('slug', name=op.f('uq_fair_slug'))
    )
    with op.batch_alter_table('fair', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fair_closes_at'), ['closes_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_fair_cooperative_id'), ['cooperative_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_fair_opens_at'), ['opens_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_fair_province_id'), ['province_id'], unique=False)

    op.create_table('purchase_round',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cooperative_id', sa.Integer(), nullable=False),
    sa.Column('material', sa.Enum('wool', 'natural_dyes', 'silk_yarn', 'clay', 'rattan', 'other', name='material', native_enum=False, length=20), nullable=False),
    sa.Column('title_fa', sa.String(length=160), nullable=False),
    sa.Column('title_en', sa.String(length=160), nullable=False),
    sa.Column('supplier', sa.String(length=160), nullable=False),
    sa.Column('unit', sa.Enum('kg', 'skein', 'bundle', 'metre', name='materialunit', native_enum=False, length=20), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('minimum_quantity', sa.Integer(), nullable=False),
    sa.Column('deadline', sa.DateTime(timezone=True), nullable=False),
    sa.Column('delivery_place_fa', sa.String(length=200), nullable=False),
    sa.Column('delivery_place_en', sa.String(length=200), nullable=False),
    sa.Column('delivery_cost_minor', sa.BigInteger(), nullable=False),
    sa.Column('status', sa.Enum('open', 'failed', 'confirmed', 'ordered', 'received', 'handed_out', name='roundstatus', native_enum=False, length=20), nullable=False),
    sa.Column('unit_price_minor', sa.BigInteger(), nullable=True),
    sa.Column('confirmed_quantity', sa.Integer(), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ordered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('handed_out_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('delivery_cost_minor >= 0', name=op.f('ck_purchase_round_delivery_not_negative')),
    sa.CheckConstraint('minimum_quantity > 0', name=op.f('ck_purchase_round_minimum_positive')),
    sa.ForeignKeyConstraint(['cooperative_id'], ['cooperative.id'], name=op.f('fk_purchase_round_cooperative_id_cooperative')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_purchase_round_created_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_purchase_round'))
    )
    with op.batch_alter_table('purchase_round', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_purchase_round_cooperative_id'), ['cooperative_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_purchase_round_deadline'), ['deadline'], unique=False)
        batch_op.create_index(batch_op.f('ix_purchase_round_status'), ['status'], unique=False)

    op.create_table('booth',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('fair_id', sa.Integer(), nullable=False),
    sa.Column('artisan_id', sa.Integer(), nullable=True),
    sa.Column('cooperative_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('applied', 'accepted', 'declined', 'withdrawn', name='boothstatus', native_enum=False, length=20), nullable=False),
    sa.Column('application', sa.String(length=1000), nullable=False),
    sa.Column('decision_reason', sa.String(length=300), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('note_fa', sa.Text(), nullable=False),
    sa.Column('note_en', sa.Text(), nullable=False),
    sa.Column('hall', sa.String(length=60), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('hours', sa.String(length=60), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('(artisan_id IS NULL) <> (cooperative_id IS NULL)', name=op.f('ck_booth_one_holder')),
    sa.ForeignKeyConstraint(['artisan_id'], ['artisan_profile.id'], name=op.f('fk_booth_artisan_id_artisan_profile')),
    sa.ForeignKeyConstraint(['cooperative_id'], ['cooperative.id'], name=op.f('fk_booth_cooperative_id_cooperative')),
    sa.ForeignKeyConstraint(['fair_id'], ['fair.id'], name=op.f('fk_booth_fair_id_fair')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_booth')),
    sa.UniqueConstraint('fair_id', 'artisan_id', name=op.f('uq_booth_fair_id_artisan_id')),
    sa.UniqueConstraint('fair_id', 'cooperative_id', name=op.f('uq_booth_fair_id_cooperative_id'))
    )
    with op.batch_alter_table('booth', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_booth_artisan_id'), ['artisan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_booth_cooperative_id'), ['cooperative_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_booth_fair_id'), ['fair_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_booth_status'), ['status'], unique=False)

    op.create_table('commitment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('artisan_id', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_commitment_quantity_positive')),
    sa.ForeignKeyConstraint(['artisan_id'], ['artisan_profile.id'], name=op.f('fk_commitment_artisan_id_artisan_profile')),
    sa.ForeignKeyConstraint(['round_id'], ['purchase_round.id'], name=op.f('fk_commitment_round_id_purchase_round')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_commitment')),
    sa.UniqueConstraint('round_id', 'artisan_id', name=op.f('uq_commitment_round_id_artisan_id'))
    )
    with op.batch_alter_table('commitment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_commitment_artisan_id'), ['artisan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_commitment_round_id'), ['round_id'], unique=False)

    op.create_table('price_tier',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('min_quantity', sa.Integer(), nullable=False),
    sa.Column('unit_price_minor', sa.BigInteger(), nullable=False),
    sa.CheckConstraint('min_quantity > 0', name=op.f('ck_price_tier_min_quantity_positive')),
    sa.CheckConstraint('unit_price_minor > 0', name=op.f('ck_price_tier_price_positive')),
    sa.ForeignKeyConstraint(['round_id'], ['purchase_round.id'], name=op.f('fk_price_tier_round_id_purchase_round')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_price_tier')),
    sa.UniqueConstraint('round_id', 'min_quantity', name=op.f('uq_price_tier_round_id_min_quantity'))
    )
    with op.batch_alter_table('price_tier', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_price_tier_round_id'), ['round_id'], unique=False)

    op.create_table('booth_feature',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('booth_id', sa.Integer(), nullable=False),
    sa.Column('listing_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('featured_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('unfeatured_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['booth_id'], ['booth.id'], name=op.f('fk_booth_feature_booth_id_booth')),
    sa.ForeignKeyConstraint(['listing_id'], ['listing.id'], name=op.f('fk_booth_feature_listing_id_listing')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_booth_feature'))
    )
    with op.batch_alter_table('booth_feature', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_booth_feature_booth_id'), ['booth_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_booth_feature_listing_id'), ['listing_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_booth_feature_unfeatured_at'), ['unfeatured_at'], unique=False)

    op.create_table('booth_visits',
    sa.Column('booth_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('visits', sa.Integer(), nullable=False),
    sa.CheckConstraint('visits >= 0', name=op.f('ck_booth_visits_visits_not_negative')),
    sa.ForeignKeyConstraint(['booth_id'], ['booth.id'], name=op.f('fk_booth_visits_booth_id_booth')),
    sa.PrimaryKeyConstraint('booth_id', 'day', name=op.f('pk_booth_visits'))
    )
    op.create_table('fair_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('fair_id', sa.Integer(), nullable=False),
    sa.Column('booth_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('demonstration', 'talk', 'ceremony', name='faireventkind', native_enum=False, length=20), nullable=False),
    sa.Column('title_fa', sa.String(length=200), nullable=False),
    sa.Column('title_en', sa.String(length=200), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_fair_event_ends_after_start')),
    sa.ForeignKeyConstraint(['booth_id'], ['booth.id'], name=op.f('fk_fair_event_booth_id_booth')),
    sa.ForeignKeyConstraint(['fair_id'], ['fair.id'], name=op.f('fk_fair_event_fair_id_fair')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fair_event'))
    )
    with op.batch_alter_table('fair_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fair_event_fair_id'), ['fair_id'], unique=False)



def downgrade():
    with op.batch_alter_table('fair_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fair_event_fair_id'))

    op.drop_table('fair_event')
    op.drop_table('booth_visits')
    with op.batch_alter_table('booth_feature', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_booth_feature_unfeatured_at'))
        batch_op.drop_index(batch_op.f('ix_booth_feature_listing_id'))
        batch_op.drop_index(batch_op.f('ix_booth_feature_booth_id'))

    op.drop_table('booth_feature')
    with op.batch_alter_table('price_tier', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_price_tier_round_id'))

    op.drop_table('price_tier')
    with op.batch_alter_table('commitment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_commitment_round_id'))
        batch_op.drop_index(batch_op.f('ix_commitment_artisan_id'))

    op.drop_table('commitment')
    with op.batch_alter_table('booth', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_booth_status'))
        batch_op.drop_index(batch_op.f('ix_booth_fair_id'))
        batch_op.drop_index(batch_op.f('ix_booth_cooperative_id'))
        batch_op.drop_index(batch_op.f('ix_booth_artisan_id'))

    op.drop_table('booth')
    with op.batch_alter_table('purchase_round', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_purchase_round_status'))
        batch_op.drop_index(batch_op.f('ix_purchase_round_deadline'))
        batch_op.drop_index(batch_op.f('ix_purchase_round_cooperative_id'))

    op.drop_table('purchase_round')
    with op.batch_alter_table('fair', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fair_province_id'))
        batch_op.drop_index(batch_op.f('ix_fair_opens_at'))
        batch_op.drop_index(batch_op.f('ix_fair_cooperative_id'))
        batch_op.drop_index(batch_op.f('ix_fair_closes_at'))

    op.drop_table('fair')
