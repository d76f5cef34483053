"""When things happen: recaps, reminders and the outbox (issue: Scheduler)."""
