"""studio, ledger, shares and dividends: money ledger, share register, dividends, ambassador
referrals, made-to-order listings and photo thumbnails

Revision ID: 1460d781473e
Revises: 322780c0719e
Create Date: 2026-11-25 21:52:59.455467

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '1460d781473e'
down_revision = '322780c0719e'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('dividend',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cooperative_id', sa.Integer(), nullable=False),
    sa.Column('amount_minor', sa.BigInteger(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('record_date', sa.DateTime(timezone=True), nullable=False),
    sa.Column('declared_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('declared_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('amount_minor > 0', name=op.f('ck_dividend_amount_positive')),
    sa.ForeignKeyConstraint(['cooperative_id'], ['cooperative.id'], name=op.f('fk_dividend_cooperative_id_cooperative')),
    sa.ForeignKeyConstraint(['declared_by_id'], ['user.id'], name=op.f('fk_dividend_declared_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dividend'))
    )
    with op.batch_alter_table('dividend', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dividend_cooperative_id'), ['cooperative_id'], unique=False)

    op.create_table('shareholder',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cooperative_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('country_code', sa.String(length=2), nullable=False),
    sa.Column('is_foreign', sa.Boolean(), nullable=False),
    sa.Column('referral_code', sa.String(length=16), nullable=True),
    sa.Column('registered_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['cooperative_id'], ['cooperative.id'], name=op.f('fk_shareholder_cooperative_id_cooperative')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_shareholder_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shareholder')),
    sa.UniqueConstraint('cooperative_id', 'user_id', name=op.f('uq_shareholder_cooperative_id_user_id')),
    sa.UniqueConstraint('referral_code', name=op.f('uq_shareholder_referral_code'))
    )
    with op.batch_alter_table('shareholder', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shareholder_cooperative_id'), ['cooperative_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_shareholder_user_id'), ['user_id'], unique=False)

    op.create_table('checkout_referral',
    sa.Column('checkout_id', sa.Integer(), nullable=False),
    sa.Column('shareholder_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['checkout_id'], ['checkout.id'], name=op.f('fk_checkout_referral_checkout_id_checkout')),
    sa.ForeignKeyConstraint(['shareholder_id'], ['shareholder.id'], name=op.f('fk_checkout_referral_shareholder_id_shareholder')),
    sa.PrimaryKeyConstraint('checkout_id', name=op.f('pk_checkout_referral'))
    )
    with op.batch_alter_table('checkout_referral', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_checkout_referral_shareholder_id'), ['shareholder_id'], unique=False)

    op.create_table('dividend_allocation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dividend_id', sa.Integer(), nullable=False),
    sa.Column('shareholder_id', sa.Integer(), nullable=False),
    sa.Column('shares', sa.Integer(), nullable=False),
    sa.Column('amount_minor', sa.BigInteger(), nullable=False),
    sa.Column('paid_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('amount_minor >= 0', name=op.f('ck_dividend_allocation_amount_not_negative')),
    sa.ForeignKeyConstraint(['dividend_id'], ['dividend.id'], name=op.f('fk_dividend_allocation_dividend_id_dividend')),
    sa.ForeignKeyConstraint(['shareholder_id'], ['shareholder.id'], name=op.f('fk_dividend_allocation_shareholder_id_shareholder')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dividend_allocation')),
    sa.UniqueConstraint('dividend_id', 'shareholder_id', name=op.f('uq_dividend_allocation_dividend_id_shareholder_id'))
    )
    with op.batch_alter_table('dividend_allocation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dividend_allocation_dividend_id'), ['dividend_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_dividend_allocation_shareholder_id'), ['shareholder_id'], unique=False)

    op.create_table('ledger_account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('kind', sa.Enum('platform_cash', 'platform_fees', 'artisan_payable', 'artisan_receivable', 'coop_earnings', 'coop_receivable', 'dividend_payable', name='accountkind', native_enum=False, length=20), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('artisan_id', sa.Integer(), nullable=True),
    sa.Column('cooperative_id', sa.Integer(), nullable=True),
    sa.Column('shareholder_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['artisan_id'], ['artisan_profile.id'], name=op.f('fk_ledger_account_artisan_id_artisan_profile')),
    sa.ForeignKeyConstraint(['cooperative_id'], ['cooperative.id'], name=op.f('fk_ledger_account_cooperative_id_cooperative')),
    sa.ForeignKeyConstraint(['shareholder_id'], ['shareholder.id'], name=op.f('fk_ledger_account_shareholder_id_shareholder')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ledger_account')),
    sa.UniqueConstraint('key', name=op.f('uq_ledger_account_key'))
    )
    with op.batch_alter_table('ledger_account', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ledger_account_artisan_id'), ['artisan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ledger_account_cooperative_id'), ['cooperative_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ledger_account_shareholder_id'), ['shareholder_id'], unique=False)

    op.create_table('ledger_transaction',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('sale', 'refund', 'payout', 'dividend', 'dividend_payment', name='transactionkind', native_enum=False, length=20), nullable=False),
    sa.Column('reference', sa.String(length=80), nullable=False),
    sa.Column('memo', sa.String(length=200), nullable=False),
    sa.Column('ambassador_id', sa.Integer(), nullable=True),
    sa.Column('posted_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['ambassador_id'], ['shareholder.id'], name=op.f('fk_ledger_transaction_ambassador_id_shareholder')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ledger_transaction')),
    sa.UniqueConstraint('kind', 'reference', name=op.f('uq_ledger_transaction_kind_reference'))
    )
    with op.batch_alter_table('ledger_transaction', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ledger_transaction_ambassador_id'), ['ambassador_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ledger_transaction_posted_at'), ['posted_at'], unique=False)

    op.create_table('share_movement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cooperative_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('issue', 'transfer', 'redeem', name='sharemovementkind', native_enum=False, length=20), nullable=False),
    sa.Column('from_shareholder_id', sa.Integer(), nullable=True),
    sa.Column('to_shareholder_id', sa.Integer(), nullable=True),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("(kind = 'issue' AND from_shareholder_id IS NULL AND to_shareholder_id IS NOT NULL) OR (kind = 'redeem' AND from_shareholder_id IS NOT NULL AND to_shareholder_id IS NULL) OR (kind = 'transfer' AND from_shareholder_id IS NOT NULL AND to_shareholder_id IS NOT NULL)", name=op.f('ck_share_movement_parties_match_kind')),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_share_movement_quantity_positive')),
    sa.ForeignKeyConstraint(['cooperative_id'], ['cooperative.id'], name=op.f('fk_share_movement_cooperative_id_cooperative')),
    sa.ForeignKeyConstraint(['from_shareholder_id'], ['shareholder.id'], name=op.f('fk_share_movement_from_shareholder_id_shareholder')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user.id'], name=op.f('fk_share_movement_recorded_by_id_user')),
    sa.ForeignKeyConstraint(['to_shareholder_id'], ['shareholder.id'], name=op.f('fk_share_movement_to_shareholder_id_shareholder')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_share_movement'))
    )
    with op.batch_alter_table('share_movement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_share_movement_cooperative_id'), ['cooperative_id'], unique=False)

    op.create_table('ledger_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('transaction_id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('amount_minor', sa.BigInteger(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('listing_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['ledger_account.id'], name=op.f('fk_ledger_entry_account_id_ledger_account')),
    sa.ForeignKeyConstraint(['listing_id'], ['listing.id'], name=op.f('fk_ledger_entry_listing_id_listing')),
    sa.ForeignKeyConstraint(['transaction_id'], ['ledger_transaction.id'], name=op.f('fk_ledger_entry_transaction_id_ledger_transaction')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ledger_entry'))
    )
    with op.batch_alter_table('ledger_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ledger_entry_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ledger_entry_listing_id'), ['listing_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ledger_entry_transaction_id'), ['transaction_id'], unique=False)

    with op.batch_alter_table('listing', schema=None) as batch_op:
        # Existing listings are ready-made: the default fills them in.
        batch_op.add_column(sa.Column('made_to_order', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column('prep_days', sa.Integer(), nullable=True))
        batch_op.create_check_constraint(
            op.f('ck_listing_prep_days_range'), 'prep_days IS NULL OR prep_days BETWEEN 1 AND 365'
        )

    with op.batch_alter_table('listing_image', schema=None) as batch_op:
        batch_op.add_column(sa.Column('thumbnail', sa.String(length=80), nullable=True))



def downgrade():
    with op.batch_alter_table('listing_image', schema=None) as batch_op:
        batch_op.drop_column('thumbnail')

    with op.batch_alter_table('listing', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_listing_prep_days_range'), type_='check')
        batch_op.drop_column('prep_days')
        batch_op.drop_column('made_to_order')

    with op.batch_alter_table('ledger_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ledger_entry_transaction_id'))
        batch_op.drop_index(batch_op.f('ix_ledger_entry_listing_id'))
        batch_op.drop_index(batch_op.f('ix_ledger_entry_account_id'))

    op.drop_table('ledger_entry')
    with op.batch_alter_table('share_movement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_share_movement_cooperative_id'))

    op.drop_table('share_movement')
    with op.batch_alter_table('ledger_transaction', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ledger_transaction_posted_at'))
        batch_op.drop_index(batch_op.f('ix_ledger_transaction_ambassador_id'))

    op.drop_table('ledger_transaction')
    with op.batch_alter_table('ledger_account', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ledger_account_shareholder_id'))
        batch_op.drop_index(batch_op.f('ix_ledger_account_cooperative_id'))
        batch_op.drop_index(batch_op.f('ix_ledger_account_artisan_id'))

    op.drop_table('ledger_account')
    with op.batch_alter_table('dividend_allocation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dividend_allocation_shareholder_id'))
        batch_op.drop_index(batch_op.f('ix_dividend_allocation_dividend_id'))

    op.drop_table('dividend_allocation')
    with op.batch_alter_table('checkout_referral', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_checkout_referral_shareholder_id'))

    op.drop_table('checkout_referral')
    with op.batch_alter_table('shareholder', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_shareholder_user_id'))
        batch_op.drop_index(batch_op.f('ix_shareholder_cooperative_id'))

    op.drop_table('shareholder')
    with op.batch_alter_table('dividend', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dividend_cooperative_id'))

    op.drop_table('dividend')
