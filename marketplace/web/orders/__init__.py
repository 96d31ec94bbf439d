"""Order history for shoppers; incoming orders for artisans and cooperative admins."""
