"""`python -m healthlint`."""

from .cli import run

run()
