"""Safe YAML loading that remembers the line of every mapping key and list item."""

from __future__ import annotations

from typing import Any

import yaml

from .errors import HealthlintError


class LDict(dict):
    """A mapping from YAML, with `line` (its own) and `lines` (each key's) 1-based line numbers."""

    line: int = 0
    lines: dict[Any, int]

    def line_of(self, key: Any) -> int:
        return getattr(self, "lines", {}).get(key, self.line)


class LList(list):
    """A sequence from YAML, with `line` and `lines` (each item's) 1-based line numbers."""

    line: int = 0
    lines: list[int]

    def line_of(self, index: int) -> int:
        lines = getattr(self, "lines", [])
        return lines[index] if index < len(lines) else self.line


_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser when libyaml is present


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """SafeLoader: plain data only (no Python tags), duplicate keys rejected, lines kept."""


def _mapping(loader: _Loader, node: yaml.MappingNode) -> LDict:
    loader.flatten_mapping(node)
    result = LDict()
    result.line = node.start_mark.line + 1
    result.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be a plain value", key_node.start_mark
            ) from None
        if key in result:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = key_node.start_mark.line + 1
    return result


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> LList:
    result = LList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.lines = [child.start_mark.line + 1 for child in node.value]
    return result


_Loader.add_constructor("tag:yaml.org,2002:map", _mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _sequence)


def load_yaml(text: str, path: str, error: type[HealthlintError]) -> Any:
    """Parse YAML safely; errors become `error("path:line: message")`."""
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problem = exc.problem or exc.context or "invalid YAML"
        if "could not determine a constructor" in str(exc):
            tag = exc.problem.split("tag ")[-1] if exc.problem else "?"
            problem = f"unsupported YAML tag ({tag}); only plain data is allowed"
        raise error(f"{path}:{line}: {problem}") from None
    except yaml.YAMLError as exc:
        raise error(f"{path}:1: invalid YAML ({exc})") from None
