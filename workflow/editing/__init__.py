"""Editing a Request, Action or Activity within what its state allows."""
