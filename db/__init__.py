"""Persistence: SQLAlchemy 2 models, the engine and sessions. Knows nothing of the workflow."""
