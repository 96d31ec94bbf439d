"""Platform admin: paying artisans what the platform owes them."""
