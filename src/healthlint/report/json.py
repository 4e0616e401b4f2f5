"""The `healthlint-report/1` JSON report (the contract in the project's taxonomy).

Any article text or file name parses back exactly: see `escape.json_text`.

Findings are spooled (in memory up to a few MB, then in a temporary file) as each file arrives
and the document is assembled at the end, so memory holds one file's findings, not the whole
run's. The output is byte-identical to serialising the whole report at once.
"""

from __future__ import annotations

import json
import tempfile

from ..finding import Finding
from ..source import SourceFile
from .base import Reporter, RunSummary
from .escape import json_text

SCHEMA = "healthlint-report/1"
_SPOOL_BYTES = 8 * 1024 * 1024


class JsonReporter(Reporter):
    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        # One line per finding: its sort key as JSON, a tab, and its rendered JSON with each line
        # break as a NUL (JSON text holds no raw tab or NUL: inside strings they are escaped).
        self._spool = tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES, mode="w+", encoding="utf-8")
        self._last: list | None = None
        self._sorted = True  # files arrived in path order (the CLI sorts them), so the spool is too

    def file(self, source: SourceFile, findings: list[Finding]) -> None:
        for f in sorted(findings, key=lambda f: f.sort_key):
            key = list(f.sort_key)
            if self._last is not None and key < self._last:
                self._sorted = False
            self._last = key
            item = json_text(f.to_json()).replace("\n", "\0    ")
            self._spool.write(json.dumps(key) + "\t" + item + "\n")

    def _items(self):  # type: ignore[no-untyped-def]
        self._spool.seek(0)
        rows = (line.rstrip("\n").split("\t", 1) for line in self._spool)
        if not self._sorted:  # rare (standard input with files, or an API caller's order)
            rows = iter(sorted(rows, key=lambda row: tuple(json.loads(row[0]))))
        for _, item in rows:
            yield item.replace("\0", "\n")

    def finish(self, summary: RunSummary) -> None:
        report = {
            "schema": SCHEMA,
            "tool": {"name": "healthlint", "version": self.version},
            "files": [{"path": path, "format": fmt, "findings": count} for path, fmt, count in sorted(summary.files)],
            "findings": [],
            "summary": {
                "files": len(summary.files),
                "findings": summary.findings,
                "by_severity": dict(sorted(summary.by_severity.items())),
                "by_category": dict(sorted(summary.by_category.items())),
            },
        }
        head, tail = json_text(report).split('"findings": []', 1)
        self.stream.write(head + '"findings": [')
        first = True
        for item in self._items():
            self.stream.write(("\n    " if first else ",\n    ") + item)
            first = False
        self.stream.write("]" if first else "\n  ]")
        self.stream.write(tail + "\n")
        self._spool.close()
