"""survey/questionnaire."""
