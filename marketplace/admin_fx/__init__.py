"""Platform admin: exchange rates."""
