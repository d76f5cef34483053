"""survey/conversation."""
