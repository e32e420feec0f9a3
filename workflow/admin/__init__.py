"""The admin's side: users, API tokens, settings and reference data."""
