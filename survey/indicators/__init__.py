"""survey/indicators."""
