"""Machine formats: SARIF 2.1.0 and GitHub workflow-command annotations."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import jsonschema
import pytest

from healthlint import __version__
from healthlint.cli import main
from healthlint.report.github import escape_data, escape_property

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"

# The parts of the SARIF 2.1.0 schema that code-scanning consumers rely on, written out by hand.
_LOCATION = {
    "type": "object",
    "required": ["physicalLocation"],
    "properties": {
        "physicalLocation": {
            "type": "object",
            "required": ["artifactLocation", "region"],
            "properties": {
                "artifactLocation": {
                    "type": "object",
                    "required": ["uri"],
                    "properties": {"uri": {"type": "string", "pattern": r"^[^\\:]+$"}, "uriBaseId": {"type": "string"}},
                },
                "region": {
                    "type": "object",
                    "required": ["startLine", "startColumn", "endLine", "endColumn"],
                    "properties": {
                        "startLine": {"type": "integer", "minimum": 1},
                        "startColumn": {"type": "integer", "minimum": 1},
                        "endLine": {"type": "integer", "minimum": 1},
                        "endColumn": {"type": "integer", "minimum": 1},
                        "snippet": {"type": "object", "required": ["text"]},
                    },
                },
            },
        }
    },
}
SARIF_SUBSET = {
    "type": "object",
    "required": ["version", "runs", "$schema"],
    "properties": {
        "version": {"const": "2.1.0"},
        "runs": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["tool", "results"],
                "properties": {
                    "tool": {
                        "type": "object",
                        "required": ["driver"],
                        "properties": {
                            "driver": {
                                "type": "object",
                                "required": ["name", "rules"],
                                "properties": {
                                    "name": {"type": "string"},
                                    "rules": {
                                        "type": "array",
                                        "items": {
                                            "type": "object",
                                            "required": [
                                                "id",
                                                "name",
                                                "shortDescription",
                                                "fullDescription",
                                                "defaultConfiguration",
                                            ],  # fmt: skip
                                            "properties": {
                                                "id": {"type": "string"},
                                                "shortDescription": {"type": "object", "required": ["text"]},
                                                "fullDescription": {"type": "object", "required": ["text"]},
                                                "helpUri": {"type": "string", "format": "uri"},
                                                "defaultConfiguration": {
                                                    "type": "object",
                                                    "properties": {
                                                        "level": {"enum": ["none", "note", "warning", "error"]}
                                                    },
                                                },
                                            },
                                        },
                                    },
                                },
                            }
                        },
                    },
                    "results": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["ruleId", "message", "locations", "level", "partialFingerprints"],
                            "properties": {
                                "level": {"enum": ["none", "note", "warning", "error"]},
                                "message": {"type": "object", "required": ["text"]},
                                "locations": {"type": "array", "minItems": 1, "items": _LOCATION},
                                "partialFingerprints": {"type": "object", "additionalProperties": {"type": "string"}},
                                "ruleIndex": {"type": "integer", "minimum": 0},
                            },
                        },
                    },
                },
            },
        },
    },
}


def run(args: list[str], stdin: str | None = None) -> tuple[int, str]:
    out = io.StringIO()
    code = main(args, stdout=out, stderr=io.StringIO(), stdin=io.StringIO(stdin or ""))
    return code, out.getvalue()


def sarif(text: str, name: str = "a.md") -> dict:
    code, out = run(["check", "--no-config", "--format", "sarif", "--stdin-filename", name, "-"], text)
    return json.loads(out)


def test_sarif_validates_and_describes_every_rule(monkeypatch):
    monkeypatch.chdir(ROOT)
    code, out = run(["check", "--no-config", "--format", "sarif", "fixtures/"])
    log = json.loads(out)
    jsonschema.validate(log, SARIF_SUBSET)
    driver = log["runs"][0]["tool"]["driver"]
    rules = [r["id"] for r in driver["rules"]]
    assert rules == sorted(rules) and {"HL101", "HL601", "HL623", "HL701"} <= set(rules)
    results = log["runs"][0]["results"]
    assert results and code == 1
    for result in results:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]


def test_sarif_regions_match_the_json_report():
    text = "# Magnesium\n\nMagnesium cures insomnia, say fans of it.\n"
    log = sarif(text)
    _, out = run(["check", "--no-config", "--format", "json", "--stdin-filename", "a.md", "-"], text)
    plain = json.loads(out)["findings"]
    regions = [r["locations"][0]["physicalLocation"]["region"] for r in log["runs"][0]["results"]]
    assert [(g["startLine"], g["startColumn"], g["endLine"], g["endColumn"]) for g in regions] == [
        (f["line"], f["column"], f["end_line"], f["end_column"]) for f in plain
    ]
    levels = {r["ruleId"]: r["level"] for r in log["runs"][0]["results"]}
    assert all(
        levels[f["rule"]] == {"error": "error", "warning": "warning", "info": "note"}[f["severity"]] for f in plain
    )


def test_sarif_fingerprints_survive_lines_added_above():
    body = "Magnesium cures insomnia.\n\nTake 500 mg of magnesium daily.\n"
    before = {r["ruleId"]: r["partialFingerprints"] for r in sarif(body)["runs"][0]["results"]}
    after = {
        r["ruleId"]: r["partialFingerprints"]
        for r in sarif("# A new title\n\nAn intro.\n\n" + body)["runs"][0]["results"]
    }
    assert before and before == {k: v for k, v in after.items() if k in before}


def test_sarif_uris_are_relative_and_encoded():
    log = sarif("Magnesium cures insomnia.\n", name="my articles/a b.md")
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "my%20articles/a%20b.md"


def test_github_annotations_escape_article_text():
    text = 'The "100% natural" formula, with::no side effects,\ncures insomnia.\n'
    _, out = run(["check", "--no-config", "--format", "github", "--stdin-filename", "x,y:z.md", "-"], text)
    lines = out.splitlines()
    assert lines and all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)
    for line in lines:
        command, _, message = line.partition("::")[2].partition("::")
        assert "\n" not in message and "\r" not in message
        assert "file=x%2Cy%3Az.md," in command
        assert command.count("::") == 0


def test_escaping_rules():
    assert escape_data("50% off\r\nnow") == "50%25 off%0D%0Anow"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"


@pytest.mark.parametrize("fmt", ["sarif", "github", "html"])
def test_format_snapshot(fmt, monkeypatch):
    monkeypatch.chdir(ROOT)
    _, out = run(["check", "--no-config", "--format", fmt, "fixtures/magnesium-sleep-blog.md"])
    out = out.replace(f'"{__version__}"', '"<version>"')  # the snapshot does not change with each release
    snapshot = SNAPSHOTS / f"format.{fmt}.txt"
    if os.environ.get("HEALTHLINT_UPDATE_SNAPSHOTS"):
        snapshot.write_text(out, encoding="utf-8")
    assert out == snapshot.read_text(encoding="utf-8")


def test_docs_rules_md_is_up_to_date():
    """docs/rules.md is generated from the packs; regenerate it when a rule changes:
    healthlint rules --markdown --no-config > docs/rules.md"""
    code, out = run(["rules", "--markdown", "--no-config"])
    assert code == 0
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == out, "docs/rules.md is stale"
