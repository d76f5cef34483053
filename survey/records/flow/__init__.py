"""survey/records/flow."""
