"""Reporters: render findings for people (text) and machines (json)."""

from __future__ import annotations

from .json import JsonReporter
from .text import TextReporter

REPORTERS = {"text": TextReporter, "json": JsonReporter}
