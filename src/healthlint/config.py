"""Finding, loading and validating configuration: .healthlint.yaml or [tool.healthlint] in pyproject.toml."""

from __future__ import annotations

import difflib
import fnmatch
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex

from .errors import ConfigError
from .rules import LEVELS
from .yamlio import LDict, LList, load_yaml

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

CONFIG_NAMES = (".healthlint.yaml", ".healthlint.yml", "pyproject.toml")
KEYS = ("select", "ignore", "fail-level", "exclude", "per-file-ignores", "rules", "rule-paths", "trusted-sources")


@dataclass(frozen=True, slots=True)
class Config:
    """Validated settings. Paths in `rule_paths` are resolved against the config file's folder."""

    path: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_level: str = "warning"
    exclude: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    rules: Mapping[str, Any] = field(default_factory=dict, compare=False)
    rule_paths: tuple[str, ...] = ()
    trusted_sources: tuple[str, ...] = ()  # extra names or domains that count as a source
    root: str | None = None  # folder of the configuration file: globs are relative to it

    def candidates(self, path: str) -> list[str]:
        """The forms of `path` that globs are matched against: as given, and relative to the
        configuration file's folder (so that settings work from any working directory)."""
        forms = [path.replace("\\", "/")]
        if self.root:
            try:
                relative = os.path.relpath(os.path.abspath(path), self.root)
            except ValueError:  # another drive on Windows
                relative = ""
            if relative and not relative.startswith(".."):
                forms.append(relative.replace(os.sep, "/"))
        return [f[2:] if f.startswith("./") else f for f in forms]

    def ignored_for(self, path: str) -> tuple[str, ...]:
        """Selectors ignored for one file by `per-file-ignores`."""
        forms = self.candidates(path)
        names = {f.rsplit("/", 1)[-1] for f in forms}
        out: list[str] = []
        for pattern, selectors in self.per_file_ignores:
            if any(fnmatch.fnmatch(f, pattern) for f in forms) or any(fnmatch.fnmatch(n, pattern) for n in names):
                out.extend(selectors)
        return tuple(out)


def find_config(start: str | Path | None = None) -> Path | None:
    """The nearest configuration file walking up from `start` (default: the current directory)."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                if name == "pyproject.toml" and not _has_tool_table(candidate):
                    continue
                return candidate
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        return regex.search(r"(?m)^\s*\[tool\.healthlint\]", path.read_text(encoding="utf-8")) is not None
    except (OSError, UnicodeDecodeError):
        return False


def load_config(path: str | Path) -> Config:
    """Read and validate one configuration file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: configuration file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read configuration ({exc})") from None
    if path.name == "pyproject.toml" or path.suffix == ".toml":
        data = _toml_table(text, str(path))
    else:
        data = load_yaml(text, str(path), ConfigError)
        if data is None:
            data = LDict()
    return config_from_mapping(data, str(path), path.parent)


def _toml_table(text: str, path: str) -> LDict:
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML ({exc})") from None
    table = document.get("tool", {}).get("healthlint", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.healthlint] must be a table")
    return _with_lines(table, text)


def _with_lines(table: dict[str, Any], text: str) -> LDict:
    """Wrap the TOML table so that errors can name lines: each key's line is found by a scan."""
    lines = text.splitlines()
    header = next((i for i, text in enumerate(lines) if text.strip().startswith("[tool.healthlint")), 0)

    def line_of(key: str) -> int:
        pattern = regex.compile(r"^\s*[\"']?" + regex.escape(key) + r"[\"']?\s*=")
        for i in range(header, len(lines)):
            if pattern.match(lines[i]):
                return i + 1
        return header + 1

    def wrap(value: Any) -> Any:
        if isinstance(value, dict):
            out = LDict((k, wrap(v)) for k, v in value.items())
            out.line = header + 1
            out.lines = {k: line_of(str(k)) for k in value}
            return out
        if isinstance(value, list):
            out = LList(wrap(v) for v in value)
            out.line = header + 1
            out.lines = []
            return out
        return value

    return wrap(table)


def config_from_mapping(data: Any, path: str, base: Path | None = None) -> Config:
    """Validate a configuration mapping (from YAML, TOML or the library API)."""
    if not isinstance(data, Mapping):
        raise ConfigError(f"{path}:1: configuration must be a mapping of settings")

    def line(key: Any) -> int:
        return data.line_of(key) if isinstance(data, LDict) else 1

    def fail(key: Any, message: str) -> ConfigError:
        return ConfigError(f"{path}:{line(key)}: {message}")

    for key in data:
        if key not in KEYS:
            hint = difflib.get_close_matches(str(key).replace("_", "-"), KEYS, n=1)
            extra = f" (did you mean {hint[0]!r}?)" if hint else ""
            raise fail(key, f"unknown setting {key!r}{extra}")

    def strings(key: str) -> tuple[str, ...]:
        value = data.get(key, [])
        if isinstance(value, str):
            value = [value] if key == "trusted-sources" else [v for v in regex.split(r"[,\s]+", value) if v]
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise fail(key, f"{key!r} must be a list of strings")
        return tuple(value)

    fail_level = data.get("fail-level", "warning")
    if fail_level not in LEVELS:
        raise fail("fail-level", f"'fail-level' must be one of {', '.join(LEVELS)}, not {fail_level!r}")

    pfi = data.get("per-file-ignores", {})
    if not isinstance(pfi, Mapping):
        raise fail("per-file-ignores", "'per-file-ignores' must map file globs to lists of rule selectors")
    per_file = []
    for glob, selectors in pfi.items():
        if isinstance(selectors, str):
            selectors = [s for s in regex.split(r"[,\s]+", selectors) if s]
        if (
            not isinstance(glob, str)
            or not isinstance(selectors, list)
            or not all(isinstance(s, str) for s in selectors)
        ):
            raise fail("per-file-ignores", "'per-file-ignores' must map file globs to lists of rule selectors")
        per_file.append((glob, tuple(selectors)))

    rules = data.get("rules", {})
    if not isinstance(rules, Mapping):
        raise fail("rules", "'rules' must map rule codes to their options")

    rule_paths = strings("rule-paths")
    if base is not None:
        rule_paths = tuple(str(base / p) if not Path(p).is_absolute() else p for p in rule_paths)

    for key in ("select", "ignore"):
        for selector in strings(key):
            if not regex.fullmatch(r"[A-Za-z][\w-]*", selector):
                raise fail(key, f"{key!r} entry {selector!r} is not a rule code, prefix, name or category")
    return Config(
        root=str(base.resolve()) if base is not None else None,
        path=path,
        select=strings("select"),
        ignore=strings("ignore"),
        fail_level=fail_level,
        exclude=strings("exclude"),
        per_file_ignores=tuple(per_file),
        rules=rules,
        rule_paths=rule_paths,
        trusted_sources=strings("trusted-sources"),
    )
