"""SARIF 2.1.0 (`--format sarif`) for code-scanning dashboards such as GitHub code scanning.

Every loaded rule is described in `tool.driver.rules`; each finding is a result with a physical
location (1-based lines and columns, end column exclusive, as in SARIF) and a partial fingerprint
computed from the rule, the file and the flagged text (not its line), so that a finding keeps its
identity when lines above it move.
"""

from __future__ import annotations

from urllib.parse import quote

from ..baseline import fingerprints
from .base import CollectingReporter, RunSummary
from .escape import json_text

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
INFORMATION_URI = "https://pypi.org/project/healthlint/"


def artifact_uri(path: str) -> str:
    """A relative URI reference for a path as given on the command line: every byte but
    unreserved characters and "/" percent-encoded (a file name that is not valid UTF-8 keeps its
    own bytes)."""
    normal = path.replace("\\", "/")
    if normal.startswith("./"):
        normal = normal[2:]
    return quote(normal, safe="/-._~", encoding="utf-8", errors="surrogateescape")


class SarifReporter(CollectingReporter):
    def finish(self, summary: RunSummary) -> None:
        rules = sorted(self.rules, key=lambda r: r.code)
        index = {r.code: i for i, r in enumerate(rules)}
        descriptors = []
        for rule in rules:
            descriptor: dict[str, object] = {
                "id": rule.code,
                "name": rule.name,
                "shortDescription": {"text": rule.summary},
                "fullDescription": {"text": " ".join(rule.why.split())},
                "help": {"text": " ".join(rule.fix.split())},
                "defaultConfiguration": {"level": LEVELS[rule.level]},
                "properties": {"category": rule.category, "tags": [rule.category]},
            }
            url = next((ref.url for ref in rule.references if ref.url), None)
            if url:
                descriptor["helpUri"] = url
            descriptors.append(descriptor)
        results = []
        for f, print_ in fingerprints(self.findings):
            region: dict[str, object] = {
                "startLine": f.line,
                "startColumn": f.column,
                "endLine": f.end_line,
                "endColumn": f.end_column,
            }
            if f.excerpt:
                region["snippet"] = {"text": f.excerpt}
            result: dict[str, object] = {
                "ruleId": f.rule,
                "level": LEVELS[f.severity],
                "message": {"text": f.message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": artifact_uri(f.path), "uriBaseId": "%SRCROOT%"},
                            "region": region,
                        }
                    }
                ],
                "partialFingerprints": {"healthlintFingerprint/v1": print_},
                "properties": {"category": f.category, "scope": f.scope},
            }
            if f.rule in index:
                result["ruleIndex"] = index[f.rule]
            if f.suggestion:
                result["properties"]["suggestion"] = f.suggestion  # type: ignore[index]
            if f.source:
                result["properties"]["source"] = {"title": f.source[0], "url": f.source[1]}  # type: ignore[index]
            results.append(result)
        log = {
            "$schema": SARIF_SCHEMA,
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": "healthlint",
                            "version": self.version,
                            "semanticVersion": self.version,
                            "informationUri": INFORMATION_URI,
                            "rules": descriptors,
                        }
                    },
                    "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "The directory healthlint ran in."}}},
                    "artifacts": [
                        {"location": {"uri": artifact_uri(path), "uriBaseId": "%SRCROOT%"}}
                        for path, _fmt, _count in sorted(summary.files)
                    ],
                    "results": results,
                    "columnKind": "unicodeCodePoints",
                }
            ],
        }
        self.stream.write(json_text(log) + "\n")
