"""survey/records/importing."""
