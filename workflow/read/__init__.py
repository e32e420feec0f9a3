"""The read side: visibility, queries, statistics, notifications, pre-flight checks."""
