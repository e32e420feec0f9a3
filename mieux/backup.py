"""`mieux backup` and `mieux restore` (filled in below)."""

from __future__ import annotations

import click


@click.command("backup")
def backup() -> None:
    """Back up the database and the upload folder."""


@click.command("restore")
def restore() -> None:
    """Restore a backup."""
