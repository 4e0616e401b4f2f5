"""Baselines: adopt healthlint on an existing archive by recording today's findings and reporting
only new ones.

A finding is identified by its rule, its file and the text it flags (with whitespace folded and
which occurrence of that text it is), never by its line, so edits elsewhere in a file do not
make old findings look new. The same fingerprint identifies SARIF results.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from .errors import UsageError
from .finding import Finding

SCHEMA = "healthlint-baseline/1"


def fingerprints(findings: Iterable[Finding]) -> list[tuple[Finding, str]]:
    """Each finding with its fingerprint, in report order."""
    seen: Counter[tuple[str, str, str]] = Counter()
    out = []
    for f in sorted(findings, key=lambda f: f.sort_key):
        text = " ".join(f.excerpt.lower().split())
        path = f.path.replace("\\", "/")
        key = (f.rule, path, text)
        seen[key] += 1
        raw = "\x1f".join((f.rule, path, text, str(seen[key])))
        # surrogatepass: a file name that is not valid UTF-8 holds lone surrogates (os.fsdecode)
        out.append((f, hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()[:32]))
    return out


def write_baseline(path: str, findings: Iterable[Finding]) -> int:
    entries = sorted(
        ({"path": f.path.replace("\\", "/"), "rule": f.rule, "fingerprint": fp} for f, fp in fingerprints(findings)),
        key=lambda e: (e["path"], e["rule"], e["fingerprint"]),
    )
    data = {"schema": SCHEMA, "findings": entries}
    try:
        Path(path).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{path}: cannot write baseline ({exc.strerror or exc})") from None
    return len(entries)


def read_baseline(path: str) -> Counter[str]:
    """The fingerprints recorded in a baseline file (a multiset)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"{path}: baseline file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot read baseline ({exc})") from None
    except json.JSONDecodeError as exc:
        raise UsageError(f"{path}:{exc.lineno}: baseline is not valid JSON ({exc.msg})") from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA or not isinstance(data.get("findings"), list):
        raise UsageError(f"{path}: not a healthlint baseline (expected schema {SCHEMA!r})")
    known: Counter[str] = Counter()
    for entry in data["findings"]:
        if not isinstance(entry, dict) or not isinstance(entry.get("fingerprint"), str):
            raise UsageError(f"{path}: every baseline entry needs a 'fingerprint'")
        known[entry["fingerprint"]] += 1
    return known


def new_findings(findings: list[Finding], known: Counter[str]) -> list[Finding]:
    """The findings not recorded in the baseline."""
    left = Counter(known)
    kept = []
    for f, fp in fingerprints(findings):
        if left[fp] > 0:
            left[fp] -= 1
        else:
            kept.append(f)
    return kept
