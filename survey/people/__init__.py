"""survey/people."""
