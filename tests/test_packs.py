"""Hygiene of the built-in rule packs, and strict validation of user packs."""

from __future__ import annotations

import re
import string
import textwrap
from collections import Counter

import pytest
from _util import builtin_rules, linter_for, run_cli

from healthlint import Linter, RulePackError, load_rules
from healthlint.rules import CATEGORIES

RULES = builtin_rules().all_rules


# --------------------------------------------------------------------------- built-in pack hygiene
def test_codes_are_unique():
    counts = Counter(r.code for r in RULES)
    assert [c for c, n in counts.items() if n > 1] == []


def test_names_are_unique():
    counts = Counter(r.name for r in RULES)
    assert [c for c, n in counts.items() if n > 1] == []


def test_codes_are_prefixed_hl():
    bad = [r.code for r in RULES if not re.fullmatch(r"HL\d{3,4}", r.code)]
    assert bad == []


def test_names_are_kebab_case():
    bad = [r.name for r in RULES if not re.fullmatch(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*", r.name)]
    assert bad == []


def test_every_category_is_known():
    bad = [(r.code, r.category) for r in RULES if r.category not in CATEGORIES]
    assert bad == []


def test_levels_are_known():
    assert {r.level for r in RULES} <= {"error", "warning", "info"}


@pytest.mark.parametrize("field", ["summary", "why", "fix", "message"])
def test_documentation_fields_are_not_empty(field):
    bad = [r.code for r in RULES if not str(getattr(r, field)).strip()]
    assert bad == []


def test_every_rule_has_references_with_titles():
    bad = [r.code for r in RULES if not r.references or not all(ref.title.strip() for ref in r.references)]
    assert bad == []


def test_reference_urls_are_http():
    bad = [
        (r.code, ref.url)
        for r in RULES
        for ref in r.references
        if ref.url is not None and not ref.url.startswith(("http://", "https://"))
    ]
    assert bad == []


def test_every_rule_has_fail_and_pass_examples():
    bad = [r.code for r in RULES if len(r.fail_examples) < 1 or len(r.pass_examples) < 1]
    assert bad == []


def test_examples_are_not_shared_between_fail_and_pass():
    bad = [r.code for r in RULES if set(r.fail_examples) & set(r.pass_examples)]
    assert bad == []


def test_message_placeholders_are_valid():
    from healthlint.kinds import KINDS

    bad = []
    for r in RULES:
        allowed = {"match", "suggestion", *KINDS[r.kind].placeholders(r.params)}
        names = {name for _, name, _, _ in string.Formatter().parse(r.message) if name is not None}
        if "" in names or any(n.isdigit() for n in names) or not names <= allowed:
            bad.append((r.code, sorted(names - allowed)))
    assert bad == []


@pytest.mark.parametrize("code", [r.code for r in RULES if r.kind != "suppression"])
def test_rendered_messages_have_no_leftover_braces(code):
    rule = builtin_rules().get(code)
    names = {name for _, name, _, _ in string.Formatter().parse(rule.message) if name}
    for example in rule.fail_examples:
        for f in linter_for(code).lint_text(example):
            assert f.message.strip()
            for name in names:
                assert "{" + name + "}" not in f.message, f.message
            assert '""' not in f.message, f.message  # an empty {match}


# ------------------------------------------------------------------------------------ user packs
GOOD_PACK = textwrap.dedent(
    """\
    pack: mine
    description: A test pack.
    rules:
      - code: XT101
        name: wombat-juice
        category: promotional-language
        kind: existence
        level: warning
        message: "Found {match}."
        summary: Wombat juice is flagged.
        why: Because it is a test.
        fix: Remove it.
        references:
          - title: Test reference
            url: https://example.org/ref
        phrases: [wombat juice]
        examples:
          fail: ["Drink wombat juice daily."]
          pass: ["Drink water daily."]
    """
)


def write_pack(tmp_path, text, name="pack.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, needle: str) -> int:
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in text")


def load_error(tmp_path, text) -> str:
    path = write_pack(tmp_path, text)
    with pytest.raises(RulePackError) as info:
        load_rules([path])
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(f"{path}:"), message
    return message


def test_good_user_pack_loads_and_its_rule_runs(tmp_path):
    path = write_pack(tmp_path, GOOD_PACK)
    rs = load_rules([path])
    rule = rs.get("XT101")
    assert rule is not None and rule.name == "wombat-juice"
    assert len(rs.all_rules) == len(RULES) + 1
    findings = Linter(rules=rs.select(["XT101"])).lint_text("Please drink wombat juice now.")
    assert [(f.rule, f.line, f.column, f.message) for f in findings] == [("XT101", 1, 14, "Found wombat juice.")]
    assert findings[0].source == ("Test reference", "https://example.org/ref")


def test_user_pack_directory_loads_all_yaml_files(tmp_path):
    folder = tmp_path / "packs"
    folder.mkdir()
    write_pack(folder, GOOD_PACK, "a.yaml")
    write_pack(folder, GOOD_PACK.replace("XT101", "XT102").replace("wombat-juice", "koala-tea"), "b.yml")
    rs = load_rules([folder])
    assert rs.get("XT101") and rs.get("XT102")


def test_unknown_key_points_at_its_line_with_did_you_mean(tmp_path):
    text = GOOD_PACK.replace("    message:", "    mesage:")
    message = load_error(tmp_path, text)
    expected_line = line_of(text, "mesage:")
    assert re.match(rf"^.*:{expected_line}: ", message), message
    assert "mesage" in message
    assert "did you mean" in message and "'message'" in message


def test_unknown_top_level_key_is_rejected_with_line(tmp_path):
    text = GOOD_PACK.replace("description:", "descripton:")
    message = load_error(tmp_path, text)
    assert f":{line_of(text, 'descripton:')}:" in message
    assert "did you mean" in message


def test_unknown_key_far_from_any_name_has_no_hint_but_is_rejected(tmp_path):
    text = GOOD_PACK.replace("    fix: Remove it.", "    fix: Remove it.\n    zzqx: 1")
    message = load_error(tmp_path, text)
    assert f":{line_of(text, 'zzqx')}:" in message
    assert "zzqx" in message


def test_bad_regex_is_rejected(tmp_path):
    text = GOOD_PACK.replace("phrases: [wombat juice]", 'patterns: ["wombat (juice"]')
    message = load_error(tmp_path, text)
    assert "regex" in message.lower()
    assert "wombat (juice" in message


def test_bad_regex_error_names_the_patterns_key_and_its_line(tmp_path):
    text = GOOD_PACK.replace("phrases: [wombat juice]", 'patterns: ["wombat (juice"]')
    message = load_error(tmp_path, text)
    assert f":{line_of(text, 'patterns:')}:" in message
    assert "'patterns'" in message


def test_unknown_category_is_rejected_with_hint(tmp_path):
    text = GOOD_PACK.replace("category: promotional-language", "category: promo-language")
    message = load_error(tmp_path, text)
    assert f":{line_of(text, 'category:')}:" in message
    assert "promo-language" in message
    assert "did you mean 'promotional-language'" in message


def test_unknown_level_is_rejected(tmp_path):
    text = GOOD_PACK.replace("level: warning", "level: warn")
    message = load_error(tmp_path, text)
    assert f":{line_of(text, 'level:')}:" in message


def test_unknown_placeholder_in_message_is_rejected(tmp_path):
    text = GOOD_PACK.replace("Found {match}.", "Found {matchh}.")
    message = load_error(tmp_path, text)
    assert f":{line_of(text, 'message:')}:" in message
    assert "{matchh}" in message


def test_positional_placeholder_in_message_is_rejected(tmp_path):
    text = GOOD_PACK.replace("Found {match}.", "Found {}.")
    load_error(tmp_path, text)


def test_python_object_tag_is_rejected(tmp_path):
    text = GOOD_PACK.replace("summary: Wombat juice is flagged.", "summary: !!python/object:builtins.object {}")
    message = load_error(tmp_path, text)
    assert f":{line_of(text, '!!python')}:" in message
    assert "tag" in message.lower()


def test_python_apply_tag_is_not_executed(tmp_path):
    marker = tmp_path / "pwned"
    text = f"!!python/object/apply:os.system ['touch {marker}']\n"
    load_error(tmp_path, text)
    assert not marker.exists()


def test_duplicate_code_with_builtin_is_rejected(tmp_path):
    text = GOOD_PACK.replace("XT101", "HL122")
    message = load_error(tmp_path, text)
    assert "HL122" in message and "already" in message


def test_duplicate_name_with_builtin_is_rejected(tmp_path):
    text = GOOD_PACK.replace("wombat-juice", "blanket-safety")
    message = load_error(tmp_path, text)
    assert "blanket-safety" in message


def test_duplicate_yaml_key_is_rejected(tmp_path):
    text = GOOD_PACK.replace("    fix: Remove it.", "    fix: Remove it.\n    fix: Again.")
    message = load_error(tmp_path, text)
    assert "duplicate" in message.lower()


@pytest.mark.parametrize(
    "replacement",
    ["lexicons: [wombat-words]", 'patterns: ["{{wombat-words}} juice"]'],
    ids=["lexicons-list", "pattern-reference"],
)
def test_unknown_lexicon_is_rejected(tmp_path, replacement):
    text = GOOD_PACK.replace("phrases: [wombat juice]", replacement)
    message = load_error(tmp_path, text)
    assert "wombat-words" in message and "lexicon" in message


def test_known_lexicon_can_be_used(tmp_path):
    text = GOOD_PACK.replace("phrases: [wombat juice]", "lexicons: [supplements]")
    rs = load_rules([write_pack(tmp_path, text)])
    assert rs.get("XT101") is not None


def test_bad_code_format_is_rejected(tmp_path):
    load_error(tmp_path, GOOD_PACK.replace("XT101", "xt-1"))


def test_missing_references_is_rejected(tmp_path):
    text = GOOD_PACK.replace(
        "    references:\n      - title: Test reference\n        url: https://example.org/ref\n", ""
    )
    assert "references" not in text
    message = load_error(tmp_path, text)
    assert "references" in message


def test_missing_pass_examples_is_rejected(tmp_path):
    text = GOOD_PACK.replace('      pass: ["Drink water daily."]\n', "")
    load_error(tmp_path, text)


def test_invalid_yaml_reports_a_line(tmp_path):
    text = GOOD_PACK.replace("    fix: Remove it.", "    fix: [unclosed")
    message = load_error(tmp_path, text)
    assert re.match(r"^.*:\d+: ", message)


def test_missing_pack_path_is_rejected(tmp_path):
    with pytest.raises(RulePackError) as info:
        load_rules([tmp_path / "nope.yaml"])
    assert "nope.yaml" in str(info.value)


# ------------------------------------------------------------------------------------ via the CLI
def test_cli_bad_pack_in_config_exits_2_with_one_line(tmp_path):
    pack = write_pack(tmp_path, GOOD_PACK.replace("    message:", "    mesage:"), "bad.yaml")
    config = tmp_path / "healthlint.yaml"
    config.write_text("rule-paths: [bad.yaml]\n", encoding="utf-8")
    article = tmp_path / "a.md"
    article.write_text("It is completely safe.\n", encoding="utf-8")
    run = run_cli(["check", "--config", str(config), str(article)])
    assert run.code == 2
    assert len(run.err_lines) == 1, run.err
    assert "Traceback" not in run.err + run.out
    assert str(pack) in run.err
    assert f":{line_of(pack.read_text(), 'mesage:')}:" in run.err
    assert "did you mean" in run.err


def test_cli_good_pack_in_config_is_used(tmp_path):
    write_pack(tmp_path, GOOD_PACK, "good.yaml")
    config = tmp_path / "healthlint.yaml"
    config.write_text("rule-paths: [good.yaml]\nselect: [XT101]\n", encoding="utf-8")
    article = tmp_path / "a.md"
    article.write_text("We sell wombat juice.\n", encoding="utf-8")
    run = run_cli(["check", "--quiet", "--config", str(config), str(article)])
    assert run.code == 1, run.err
    assert run.out == f"{article}:1:9: XT101 [warning] Found wombat juice.\n"
