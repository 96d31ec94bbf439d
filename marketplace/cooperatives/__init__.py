"""Cooperatives: memberships, the share register, dividends, the ledger, sales reports."""
