"""The `hadrut-kg` command: the top of the layout. May import every package; nothing imports it."""

from hadrut_kg.cli.main import main

__all__ = ["main"]
