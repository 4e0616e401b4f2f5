"""The `healthlint-report/1` JSON report (the contract in the project's taxonomy)."""

from __future__ import annotations

import json

from .base import CollectingReporter, RunSummary

SCHEMA = "healthlint-report/1"


class JsonReporter(CollectingReporter):
    def finish(self, summary: RunSummary) -> None:
        findings = self.findings
        report = {
            "schema": SCHEMA,
            "tool": {"name": "healthlint", "version": self.version},
            "files": [{"path": path, "format": fmt, "findings": count} for path, fmt, count in sorted(summary.files)],
            "findings": [f.to_json() for f in findings],
            "summary": {
                "files": len(summary.files),
                "findings": summary.findings,
                "by_severity": dict(sorted(summary.by_severity.items())),
                "by_category": dict(sorted(summary.by_category.items())),
            },
        }
        self.stream.write(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
