"""Suppression comments: next-line, ranges, file-wide, selectors, and HL001 for unused ones."""

from __future__ import annotations

import pytest
from _util import linter_for, pos_of, spans

SAFE = "It is completely safe."


def lint(text: str, fmt: str = "markdown", *codes: str):
    return linter_for(*(codes or ("HL001", "HL122", "HL201"))).lint_text(text, format=fmt)


def lines_of(findings, rule: str) -> list[int]:
    return [f.line for f in findings if f.rule == rule]


def test_disable_next_line_removes_exactly_that_finding():
    text = f"{SAFE}\n\n<!-- healthlint-disable-next-line HL122 -- reviewed by the editor -->\n{SAFE}\n\n{SAFE}\n"
    findings = lint(text)
    assert lines_of(findings, "HL122") == [1, 6]
    assert lines_of(findings, "HL001") == []
    assert len(findings) == 2


def test_disable_next_line_keeps_other_rules_on_that_line():
    text = "<!-- healthlint-disable-next-line HL122 -->\nStudies show it is completely safe.\n"
    assert [(f.rule, f.line) for f in lint(text)] == [("HL201", 2)]


def test_disable_next_line_without_selectors_hides_every_rule_on_that_line():
    text = "<!-- healthlint-disable-next-line -->\nStudies show it is completely safe.\n\nStudies show it.\n"
    assert [(f.rule, f.line) for f in lint(text)] == [("HL201", 4)]


def test_disable_next_line_skips_blank_lines():
    text = f"<!-- healthlint-disable-next-line HL122 -->\n\n{SAFE}\n"
    assert lint(text) == []


def test_disable_line_on_same_line():
    text = f"{SAFE} <!-- healthlint-disable-line HL122 -->\n\n{SAFE}\n"
    assert lines_of(lint(text), "HL122") == [3]


def test_disable_enable_range():
    text = (
        f"{SAFE}\n\n"
        "<!-- healthlint-disable HL122 -->\n\n"
        f"{SAFE}\n\n"
        "It is totally safe.\n\n"
        "<!-- healthlint-enable HL122 -->\n\n"
        f"{SAFE}\n"
    )
    findings = lint(text)
    assert lines_of(findings, "HL122") == [1, 11]
    assert lines_of(findings, "HL001") == []


def test_disable_without_enable_runs_to_end_of_file():
    text = f"{SAFE}\n\n<!-- healthlint-disable HL122 -->\n\n{SAFE}\n\n{SAFE}\n"
    assert lines_of(lint(text), "HL122") == [1]


def test_disable_range_is_per_selector():
    text = (
        "<!-- healthlint-disable HL122 -->\n\nStudies show it is completely safe.\n\n<!-- healthlint-enable HL122 -->\n"
    )
    assert [(f.rule, f.line) for f in lint(text)] == [("HL201", 3)]


def test_disable_file():
    text = f"{SAFE}\n\n<!-- healthlint-disable-file HL122 -->\n\n{SAFE}\n\nStudies show it.\n"
    assert [(f.rule, f.line) for f in lint(text)] == [("HL201", 7)]


@pytest.mark.parametrize(
    "selector",
    ["HL122", "HL12", "HL1", "safety-claim", "blanket-safety", "hl122"],
    ids=["code", "prefix-3", "prefix-2", "category", "name", "lowercase-code"],
)
def test_selectors(selector):
    text = f"<!-- healthlint-disable-file {selector} -->\n\n{SAFE}\n\nStudies show it.\n"
    findings = lint(text)
    assert [(f.rule, f.line) for f in findings] == [("HL201", 5)]


def test_several_selectors_in_one_directive():
    text = "<!-- healthlint-disable-file HL122, weasel-attribution -->\n\nStudies show it is completely safe.\n"
    assert lint(text) == []


def test_non_matching_selector_does_not_suppress():
    text = f"<!-- healthlint-disable-next-line HL201 -->\n{SAFE}\n"
    findings = lint(text)
    assert lines_of(findings, "HL122") == [2]
    assert lines_of(findings, "HL001") == [1]


@pytest.mark.parametrize("fmt, ext", [("text", "txt"), ("html", "html"), ("markdown", "md")])
def test_comment_on_its_own_line_works_in_every_format(fmt, ext):
    claim = f"<p>{SAFE}</p>" if fmt == "html" else SAFE
    text = f"{claim}\n<!-- healthlint-disable-next-line HL122 -->\n{claim}\n"
    findings = linter_for("HL001", "HL122").lint_text(text, path=f"a.{ext}")
    assert lines_of(findings, "HL122") == [1]
    assert lines_of(findings, "HL001") == []


def test_text_file_disable_file():
    text = f"<!-- healthlint-disable-file -->\n{SAFE}\n"
    assert linter_for("HL001", "HL122").lint_text(text, format="text") == []


def test_directive_comment_is_not_prose_in_text_files():
    text = "<!-- healthlint-disable-next-line HL201 -- it is completely safe -->\nStudies show it.\n"
    assert linter_for("HL001", "HL122", "HL201").lint_text(text, format="text") == []


def test_unused_suppression_is_reported_as_hl001_info():
    text = "It is fine.\n<!-- healthlint-disable-next-line HL122 -- old -->\nTake it at night.\n"
    findings = lint(text)
    assert len(findings) == 1
    f = findings[0]
    assert (f.rule, f.severity, f.line, f.column) == ("HL001", "info", 2, 1)
    assert "healthlint-disable-next-line HL122" in f.message
    assert f.end_column == len("<!-- healthlint-disable-next-line HL122 -- old -->") + 1


def test_unused_suppression_of_all_rules_is_reported():
    findings = lint("<!-- healthlint-disable-next-line -->\nMagnesium is a mineral.\n")
    assert [(f.rule, f.line) for f in findings] == [("HL001", 1)]


def test_unused_range_is_reported():
    text = "<!-- healthlint-disable HL122 -->\nFine.\n<!-- healthlint-enable HL122 -->\n"
    assert [(f.rule, f.line) for f in lint(text)] == [("HL001", 1)]


def test_unknown_code_is_reported():
    text = f"<!-- healthlint-disable-next-line HL999 -->\n{SAFE}\n"
    findings = lint(text)
    assert lines_of(findings, "HL122") == [2]
    [unknown] = [f for f in findings if f.rule == "HL001"]
    assert unknown.line == 1
    assert "HL999" in unknown.message


def test_unknown_code_is_reported_even_when_other_selector_is_used():
    text = f"<!-- healthlint-disable-next-line HL122 HL9999 -->\n{SAFE}\n"
    findings = lint(text)
    assert lines_of(findings, "HL122") == []
    assert "HL9999" in " ".join(f.message for f in findings if f.rule == "HL001")


def test_suppression_for_deselected_rule_is_not_reported():
    text = "<!-- healthlint-disable-next-line HL201 -->\nStudies show it.\n"
    assert linter_for("HL001", "HL122").lint_text(text) == []


def test_hl001_itself_can_be_disabled_file_wide():
    text = "<!-- healthlint-disable-file HL001 -->\n<!-- healthlint-disable-next-line HL122 -->\nFine.\n"
    assert lines_of(lint(text), "HL001") == []


@pytest.mark.parametrize(
    "text",
    [
        "```\n<!-- healthlint-disable-file -->\n```\n\nIt is completely safe.\n",
        "```html\n<!-- healthlint-disable-next-line HL122 -->\n```\nIt is completely safe.\n",
        "Intro.\n\n    <!-- healthlint-disable-file -->\n\nIt is completely safe.\n",
        "Use `<!-- healthlint-disable-file -->` to silence.\n\nIt is completely safe.\n",
        "---\nx: <!-- healthlint-disable-file -->\n---\nIt is completely safe.\n",
    ],
    ids=["fenced", "fenced-next-line", "indented-code", "inline-code", "front-matter"],
)
def test_directive_in_code_is_not_active(text):
    findings = lint(text)
    assert lines_of(findings, "HL122") == [pos_of(text, "completely safe")[0]]
    assert lines_of(findings, "HL001") == []


@pytest.mark.parametrize(
    "text",
    [
        "<pre><!-- healthlint-disable-file --></pre>\n<p>It is completely safe.</p>\n",
        "<p>Write <code><!-- healthlint-disable-file --></code>.</p>\n<p>It is completely safe.</p>\n",
    ],
    ids=["pre", "code"],
)
def test_html_directive_in_code_is_not_active(text):
    assert lines_of(lint(text, "html"), "HL122") == [2]


def test_suppressed_finding_positions_of_others_unchanged():
    text = f"<!-- healthlint-disable-next-line HL201 -->\nStudies show it.\n\nSo {SAFE}\n"
    line, col = pos_of(text, "completely safe")
    assert spans(lint(text)) == [("HL122", line, col, line, col + 15)]
