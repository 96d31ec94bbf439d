"""Accounts: registration, passwords, sessions to end, sign-up and reset links, emails."""
