"""bot/whatsapp."""
