"""orders: carts, checkouts, per-seller orders, reservations, payments, fx, mail outbox

Revision ID: 322780c0719e
Revises: ea5c409aa4c4
Create Date: 2026-11-25 21:38:18.829825

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '322780c0719e'
down_revision = 'ea5c409aa4c4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('mail_outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('to', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.String(length=300), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_outbox'))
    )
    with op.batch_alter_table('mail_outbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mail_outbox_sent_at'), ['sent_at'], unique=False)

    op.create_table('processed_webhook_event',
    sa.Column('event_id', sa.String(length=255), nullable=False),
    sa.Column('provider', sa.String(length=20), nullable=False),
    sa.Column('type', sa.String(length=80), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('event_id', name=op.f('pk_processed_webhook_event'))
    )
    op.create_table('cart',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_cart_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cart')),
    sa.UniqueConstraint('token', name=op.f('uq_cart_token')),
    sa.UniqueConstraint('user_id', name=op.f('uq_cart_user_id'))
    )
    op.create_table('checkout',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=32), nullable=False),
    sa.Column('cart_key', sa.String(length=80), nullable=False),
    sa.Column('buyer_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('pending_payment', 'paid', 'cancelled', name='checkoutstatus', native_enum=False, length=20), nullable=False),
    sa.Column('payment_method', sa.Enum('card', 'bank_transfer', 'cash_on_delivery', name='paymentmethod', native_enum=False, length=20), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('total_minor', sa.BigInteger(), nullable=False),
    sa.Column('payment_attempts', sa.Integer(), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ship_name', sa.String(length=120), nullable=False),
    sa.Column('ship_address', sa.Text(), nullable=False),
    sa.Column('ship_city', sa.String(length=120), nullable=False),
    sa.Column('ship_postcode', sa.String(length=20), nullable=False),
    sa.Column('ship_country', sa.String(length=2), nullable=False),
    sa.Column('ship_phone', sa.String(length=40), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('total_minor > 0', name=op.f('ck_checkout_total_positive')),
    sa.ForeignKeyConstraint(['buyer_id'], ['user.id'], name=op.f('fk_checkout_buyer_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checkout')),
    sa.UniqueConstraint('cart_key', name=op.f('uq_checkout_cart_key')),
    sa.UniqueConstraint('public_id', name=op.f('uq_checkout_public_id'))
    )
    with op.batch_alter_table('checkout', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_checkout_buyer_id'), ['buyer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_checkout_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_checkout_status'), ['status'], unique=False)

    op.create_table('exchange_rate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('rate_text', sa.String(length=40), nullable=False),
    sa.Column('set_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['set_by_id'], ['user.id'], name=op.f('fk_exchange_rate_set_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exchange_rate'))
    )
    with op.batch_alter_table('exchange_rate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exchange_rate_currency'), ['currency'], unique=False)

    op.create_table('payment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('checkout_id', sa.Integer(), nullable=False),
    sa.Column('provider', sa.String(length=20), nullable=False),
    sa.Column('intent_id', sa.String(length=255), nullable=False),
    sa.Column('attempt', sa.Integer(), nullable=False),
    sa.Column('amount_minor', sa.BigInteger(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('status', sa.String(length=40), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['checkout_id'], ['checkout.id'], name=op.f('fk_payment_checkout_id_checkout')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment')),
    sa.UniqueConstraint('checkout_id', 'attempt', name=op.f('uq_payment_checkout_id_attempt')),
    sa.UniqueConstraint('intent_id', name=op.f('uq_payment_intent_id'))
    )
    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payment_checkout_id'), ['checkout_id'], unique=False)

    op.create_table('order',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('checkout_id', sa.Integer(), nullable=False),
    sa.Column('buyer_id', sa.Integer(), nullable=False),
    sa.Column('artisan_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('pending_payment', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded', name='orderstatus', native_enum=False, length=20), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('subtotal_minor', sa.BigInteger(), nullable=False),
    sa.Column('shipping_minor', sa.BigInteger(), nullable=False),
    sa.Column('total_minor', sa.BigInteger(), nullable=False),
    sa.Column('zone', sa.Enum('domestic', 'international', name='shippingzone', native_enum=False, length=20), nullable=False),
    sa.Column('charge_currency', sa.String(length=3), nullable=False),
    sa.Column('charge_total_minor', sa.BigInteger(), nullable=False),
    sa.Column('fx_rate_text', sa.String(length=40), nullable=False),
    sa.Column('carrier', sa.String(length=80), nullable=True),
    sa.Column('tracking_number', sa.String(length=80), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('total_minor > 0', name=op.f('ck_order_total_positive')),
    sa.ForeignKeyConstraint(['artisan_id'], ['artisan_profile.id'], name=op.f('fk_order_artisan_id_artisan_profile')),
    sa.ForeignKeyConstraint(['buyer_id'], ['user.id'], name=op.f('fk_order_buyer_id_user')),
    sa.ForeignKeyConstraint(['checkout_id'], ['checkout.id'], name=op.f('fk_order_checkout_id_checkout')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_order'))
    )
    with op.batch_alter_table('order', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_order_artisan_id'), ['artisan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_order_buyer_id'), ['buyer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_order_checkout_id'), ['checkout_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_order_status'), ['status'], unique=False)

    op.create_table('shipping_rate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('artisan_id', sa.Integer(), nullable=False),
    sa.Column('zone', sa.Enum('domestic', 'international', name='shippingzone', native_enum=False, length=20), nullable=False),
    sa.Column('amount_minor', sa.BigInteger(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('free_over_minor', sa.BigInteger(), nullable=True),
    sa.CheckConstraint('amount_minor >= 0', name=op.f('ck_shipping_rate_amount_not_negative')),
    sa.ForeignKeyConstraint(['artisan_id'], ['artisan_profile.id'], name=op.f('fk_shipping_rate_artisan_id_artisan_profile')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shipping_rate')),
    sa.UniqueConstraint('artisan_id', 'zone', name=op.f('uq_shipping_rate_artisan_id_zone'))
    )
    with op.batch_alter_table('shipping_rate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shipping_rate_artisan_id'), ['artisan_id'], unique=False)

    op.create_table('cart_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cart_id', sa.Integer(), nullable=False),
    sa.Column('listing_id', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_cart_line_quantity_positive')),
    sa.ForeignKeyConstraint(['cart_id'], ['cart.id'], name=op.f('fk_cart_line_cart_id_cart')),
    sa.ForeignKeyConstraint(['listing_id'], ['listing.id'], name=op.f('fk_cart_line_listing_id_listing')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cart_line')),
    sa.UniqueConstraint('cart_id', 'listing_id', name=op.f('uq_cart_line_cart_id_listing_id'))
    )
    with op.batch_alter_table('cart_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cart_line_cart_id'), ['cart_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cart_line_listing_id'), ['listing_id'], unique=False)

    op.create_table('order_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('from_status', sa.String(length=20), nullable=True),
    sa.Column('to_status', sa.String(length=20), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user.id'], name=op.f('fk_order_event_actor_id_user')),
    sa.ForeignKeyConstraint(['order_id'], ['order.id'], name=op.f('fk_order_event_order_id_order')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_order_event'))
    )
    with op.batch_alter_table('order_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_order_event_order_id'), ['order_id'], unique=False)

    op.create_table('order_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('listing_id', sa.Integer(), nullable=False),
    sa.Column('artisan_id', sa.Integer(), nullable=False),
    sa.Column('cooperative_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('unit_price_minor', sa.BigInteger(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_order_line_quantity_positive')),
    sa.ForeignKeyConstraint(['artisan_id'], ['artisan_profile.id'], name=op.f('fk_order_line_artisan_id_artisan_profile')),
    sa.ForeignKeyConstraint(['cooperative_id'], ['cooperative.id'], name=op.f('fk_order_line_cooperative_id_cooperative')),
    sa.ForeignKeyConstraint(['listing_id'], ['listing.id'], name=op.f('fk_order_line_listing_id_listing')),
    sa.ForeignKeyConstraint(['order_id'], ['order.id'], name=op.f('fk_order_line_order_id_order')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_order_line'))
    )
    with op.batch_alter_table('order_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_order_line_listing_id'), ['listing_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_order_line_order_id'), ['order_id'], unique=False)

    op.create_table('reservation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('listing_id', sa.Integer(), nullable=False),
    sa.Column('order_line_id', sa.Integer(), nullable=True),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('held', 'committed', 'released', 'restocked', name='reservationstatus', native_enum=False, length=20), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_reservation_quantity_positive')),
    sa.ForeignKeyConstraint(['listing_id'], ['listing.id'], name=op.f('fk_reservation_listing_id_listing')),
    sa.ForeignKeyConstraint(['order_line_id'], ['order_line.id'], name=op.f('fk_reservation_order_line_id_order_line')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reservation')),
    sa.UniqueConstraint('order_line_id', name=op.f('uq_reservation_order_line_id'))
    )
    with op.batch_alter_table('reservation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reservation_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_reservation_listing_id'), ['listing_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reservation_status'), ['status'], unique=False)
def downgrade():
    with op.batch_alter_table('reservation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reservation_status'))
        batch_op.drop_index(batch_op.f('ix_reservation_listing_id'))
        batch_op.drop_index(batch_op.f('ix_reservation_expires_at'))

    op.drop_table('reservation')
    with op.batch_alter_table('order_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_order_line_order_id'))
        batch_op.drop_index(batch_op.f('ix_order_line_listing_id'))

    op.drop_table('order_line')
    with op.batch_alter_table('order_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_order_event_order_id'))

    op.drop_table('order_event')
    with op.batch_alter_table('cart_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cart_line_listing_id'))
        batch_op.drop_index(batch_op.f('ix_cart_line_cart_id'))

    op.drop_table('cart_line')
    with op.batch_alter_table('shipping_rate', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_shipping_rate_artisan_id'))

    op.drop_table('shipping_rate')
    with op.batch_alter_table('order', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_order_status'))
        batch_op.drop_index(batch_op.f('ix_order_checkout_id'))
        batch_op.drop_index(batch_op.f('ix_order_buyer_id'))
        batch_op.drop_index(batch_op.f('ix_order_artisan_id'))

    op.drop_table('order')
    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payment_checkout_id'))

    op.drop_table('payment')
    with op.batch_alter_table('exchange_rate', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_exchange_rate_currency'))

    op.drop_table('exchange_rate')
    with op.batch_alter_table('checkout', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_checkout_status'))
        batch_op.drop_index(batch_op.f('ix_checkout_expires_at'))
        batch_op.drop_index(batch_op.f('ix_checkout_buyer_id'))

    op.drop_table('checkout')
    op.drop_table('cart')
    op.drop_table('processed_webhook_event')
    with op.batch_alter_table('mail_outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mail_outbox_sent_at'))

    op.drop_table('mail_outbox')
