"""An optional on-disk cache of each file's findings, keyed by everything the findings depend on.

The key is a SHA-256 of the rule set's fingerprint (healthlint's version, every pack's text and
data file, rule overrides), the active rules, the file's per-file ignores, its path, its format and
its decoded text. An entry is plain JSON (never pickle: a cache folder is data, not code), written
atomically; an entry that cannot be read or does not have the expected shape is a miss.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import UsageError
from .finding import Finding

if TYPE_CHECKING:
    from .api import Linter
    from .source import SourceFile

FORMAT = "healthlint-cache/1"
_FIELDS = tuple(Finding.__dataclass_fields__)


class ResultCache:
    """Findings per (rules, file content) under `directory`, created when first written."""

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.directory = Path(directory)
        if self.directory.exists() and not self.directory.is_dir():
            raise UsageError(f"--cache {directory}: exists and is not a directory")

    def key(self, linter: Linter, source: SourceFile) -> str:
        digest = hashlib.sha256()
        for part in (
            FORMAT,
            linter.rules.fingerprint,
            ",".join(r.code for r in linter.rules.rules),
            ",".join(linter.config.ignored_for(source.path)),
            source.path,
            source.format,
        ):
            digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
        digest.update(source.text.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def _file(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key[2:]}.json"

    def holds(self, key: str) -> bool:
        """Whether an entry is stored under `key` (without reading it: `get` may still miss)."""
        return self._file(key).is_file()

    def get(self, key: str) -> tuple[Finding, ...] | None:
        try:
            data = json.loads(self._file(key).read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                return None
            return tuple(_finding(row) for row in data["findings"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def put(self, key: str, findings: tuple[Finding, ...]) -> None:
        """Store atomically; a cache that cannot be written only costs speed."""
        target = self._file(key)
        rows = [[getattr(f, name) for name in _FIELDS] for f in findings]
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    json.dump({"format": FORMAT, "findings": rows}, handle, ensure_ascii=False)
                os.replace(tmp, target)
            except BaseException:
                os.unlink(tmp)
                raise
        except OSError:
            pass


def _finding(row: Any) -> Finding:
    if not isinstance(row, list) or len(row) != len(_FIELDS):
        raise ValueError("bad cache row")
    values = dict(zip(_FIELDS, row))
    if values["source"] is not None:
        values["source"] = tuple(values["source"])
    for name in ("line", "column", "end_line", "end_column", "offset", "end_offset"):
        if not isinstance(values[name], int):
            raise ValueError("bad cache row")
    return Finding(**values)
