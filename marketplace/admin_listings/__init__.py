"""Platform admin: the reports queue and listings taken down."""
