"""survey/periods."""
