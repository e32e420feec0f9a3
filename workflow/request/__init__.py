"""The Request lifecycle: its states, definition, guards, effects, shapes and services."""
