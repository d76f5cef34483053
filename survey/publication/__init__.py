"""survey/publication."""
