"""Every built-in rule's documented examples behave as documented.

Each rule runs alone (`Linter(rules=rs.select([code]))`), except suppression rules, which judge
other rules' findings and therefore run with every rule.
"""

from __future__ import annotations

import pytest
from _util import builtin_rules, linter_for

from healthlint import Linter

RULES = builtin_rules()


def _cases(which: str):
    cases = []
    for rule in RULES.all_rules:
        examples = rule.fail_examples if which == "fail" else rule.pass_examples
        for index, example in enumerate(examples):
            cases.append(pytest.param(rule.code, example, id=f"{rule.code}-{which}{index}"))
    return cases


def _linter(code: str) -> Linter:
    rule = builtin_rules().get(code)
    assert rule is not None, f"{code} is not a loaded rule"
    if rule.kind == "suppression":
        return linter_for()
    return linter_for(code)


def test_there_are_rules_and_examples_to_check():
    assert len(RULES.all_rules) >= 10
    assert len(_cases("fail")) >= len(RULES.all_rules)
    assert len(_cases("pass")) >= len(RULES.all_rules)


@pytest.mark.parametrize("code, example", _cases("fail"))
def test_fail_example_is_flagged(code, example):
    findings = _linter(code).lint_text(example)
    assert any(f.rule == code for f in findings), (
        f"{code} did not flag its fail example {example!r}; got {[f.rule for f in findings]}"
    )


@pytest.mark.parametrize("code, example", _cases("pass"))
def test_pass_example_is_not_flagged(code, example):
    findings = [f for f in _linter(code).lint_text(example) if f.rule == code]
    assert not findings, f"{code} flagged its pass example {example!r}: {[f.excerpt for f in findings]}"


@pytest.mark.parametrize("code", [r.code for r in RULES.all_rules if r.kind != "suppression"])
def test_single_rule_selection_reports_only_that_rule(code):
    rule = RULES.get(code)
    linter = linter_for(code)
    assert [r.code for r in linter.rules.rules] == [code]
    for example in rule.fail_examples:
        assert {f.rule for f in linter.lint_text(example)} == {code}
