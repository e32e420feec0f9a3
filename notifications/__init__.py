"""The clock and the mail: the scheduler's jobs (deadline reminders come with their issue)."""
