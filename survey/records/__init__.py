"""survey/records."""
