"""Reporters: render findings for people (text) and machines (json, SARIF, GitHub annotations) and editors (html)."""

from __future__ import annotations

from .github import GithubReporter
from .html import HtmlReporter
from .json import JsonReporter
from .sarif import SarifReporter
from .text import TextReporter

REPORTERS = {
    "text": TextReporter,
    "json": JsonReporter,
    "sarif": SarifReporter,
    "github": GithubReporter,
    "html": HtmlReporter,
}
