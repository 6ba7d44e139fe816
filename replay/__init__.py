"""The trace runner: a cohort's life replayed through the bot's own services."""
