"""The Activity lifecycle: planned, scheduled, held, reported, completed."""
