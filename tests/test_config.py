"""Configuration: discovery, settings, per-rule options, user packs and strict validation."""

from __future__ import annotations

import re
import textwrap

import pytest
from _util import run_cli

from healthlint import Config, ConfigError, Linter, find_config, load_config

ARTICLE = "Studies show it works.\n\nIt is completely safe.\n\nMagnesium is the best form for sleep.\n"
# HL201 line 1 (weasel-attribution), HL122 line 3 (safety-claim), HL111 line 5 (superlative-claim)


def rules_found(linter: Linter, text: str = ARTICLE, path: str | None = None) -> list[str]:
    return sorted({f.rule for f in linter.lint_text(text, path=path)})


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project folder with an article two levels below; cwd is the deep folder."""
    root = tmp_path / "project"
    deep = root / "docs" / "health"
    deep.mkdir(parents=True)
    (deep / "a.md").write_text(ARTICLE, encoding="utf-8")
    monkeypatch.chdir(deep)
    return root


def write(path, text):
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


# ------------------------------------------------------------------------------------ discovery
def test_healthlint_yaml_is_found_walking_up(project):
    cfg = write(project / ".healthlint.yaml", "select: [HL122]\n")
    assert find_config() == cfg.resolve()
    run = run_cli(["check", "--quiet", "a.md"])
    assert run.code == 1
    assert [line.split()[1] for line in run.out.splitlines()] == ["HL122"]


def test_pyproject_tool_table_is_found_walking_up(project):
    write(
        project / "pyproject.toml",
        """\
        [project]
        name = "x"

        [tool.healthlint]
        select = ["HL201"]
        """,
    )
    assert find_config() == (project / "pyproject.toml").resolve()
    run = run_cli(["check", "--quiet", "a.md"])
    assert [line.split()[1] for line in run.out.splitlines()] == ["HL201"]


def test_pyproject_without_tool_table_is_skipped(project):
    write(project / ".healthlint.yaml", "select: [HL122]\n")
    write(project / "docs" / "pyproject.toml", '[project]\nname = "x"\n')
    assert find_config() == (project / ".healthlint.yaml").resolve()


def test_nearest_config_wins(project):
    write(project / ".healthlint.yaml", "select: [HL122]\n")
    nearer = write(project / "docs" / ".healthlint.yaml", "select: [HL201]\n")
    assert find_config() == nearer.resolve()
    run = run_cli(["check", "--quiet", "a.md"])
    assert [line.split()[1] for line in run.out.splitlines()] == ["HL201"]


def test_no_config_found_means_defaults(project):
    if find_config() is not None:
        pytest.skip(f"a configuration above the temp folder is in the way: {find_config()}")
    run = run_cli(["check", "--quiet", "a.md"])
    assert {line.split()[1] for line in run.out.splitlines()} >= {"HL122", "HL201", "HL111"}


def test_no_config_flag_ignores_config(project):
    write(project / ".healthlint.yaml", "select: [HL122]\n")
    run = run_cli(["check", "--quiet", "--no-config", "a.md"])
    assert {line.split()[1] for line in run.out.splitlines()} >= {"HL122", "HL201", "HL111"}


def test_explicit_config_path(project, tmp_path):
    write(project / ".healthlint.yaml", "select: [HL122]\n")
    other = write(tmp_path / "other.yaml", "select: [HL111]\n")
    run = run_cli(["check", "--quiet", "--config", str(other), "a.md"])
    assert [line.split()[1] for line in run.out.splitlines()] == ["HL111"]


def test_explicit_missing_config_is_an_error(tmp_path):
    run = run_cli(["check", "--config", str(tmp_path / "nope.yaml"), "x.md"])
    assert run.code == 2
    assert len(run.err_lines) == 1 and "nope.yaml" in run.err


def test_empty_config_file_is_defaults(tmp_path):
    cfg = write(tmp_path / "c.yaml", "")
    assert load_config(cfg).select == ()
    assert load_config(cfg).fail_level == "warning"


# ------------------------------------------------------------------------------- select / ignore
@pytest.mark.parametrize(
    "settings, expected",
    [
        ({"select": ["HL122"]}, ["HL122"]),
        ({"select": ["HL1"]}, ["HL111", "HL122"]),
        ({"select": ["weasel-attribution"]}, ["HL201"]),
        ({"select": ["blanket-safety"]}, ["HL122"]),
        ({"select": "HL122, HL201"}, ["HL122", "HL201"]),
        ({"select": ["HL1", "HL2"], "ignore": ["HL111"]}, ["HL122", "HL201"]),
        ({"select": ["HL1", "HL2"], "ignore": ["HL12"]}, ["HL111", "HL201"]),
        ({"select": ["HL1", "HL2"], "ignore": ["safety-claim"]}, ["HL111", "HL201"]),
        ({"select": ["ALL"], "ignore": ["HL1", "HL5"]}, ["HL201"]),
    ],
)
def test_select_and_ignore(settings, expected):
    assert rules_found(Linter(settings)) == expected


def test_unknown_selector_is_a_config_error():
    with pytest.raises(ConfigError, match="HL9"):
        Linter({"select": ["HL9"]})


def test_select_from_file(tmp_path):
    cfg = write(tmp_path / "c.yaml", "select: [safety-claim]\nignore: [HL121]\n")
    assert rules_found(Linter(str(cfg))) == ["HL122"]


# ------------------------------------------------------------------------------------ fail-level
@pytest.mark.parametrize(
    "level, text, code",
    [
        ("error", "Studies show it.\n", 0),  # a warning only
        ("error", "It is completely safe.\n", 1),  # an error
        ("warning", "Studies show it.\n", 1),
        ("info", "<!-- healthlint-disable-next-line -->\nFine.\n", 1),  # HL001 is info
        ("warning", "<!-- healthlint-disable-next-line -->\nFine.\n", 0),
    ],
)
def test_fail_level_from_config(tmp_path, level, text, code):
    cfg = write(tmp_path / "c.yaml", f"fail-level: {level}\nselect: [HL001, HL122, HL201]\n")
    article = tmp_path / "a.md"
    article.write_text(text, encoding="utf-8")
    run = run_cli(["check", "--quiet", "--config", str(cfg), str(article)])
    assert run.code == code, run.out + run.err


def test_cli_fail_level_overrides_config(tmp_path):
    cfg = write(tmp_path / "c.yaml", "fail-level: error\nselect: [HL201]\n")
    article = tmp_path / "a.md"
    article.write_text("Studies show it.\n", encoding="utf-8")
    assert run_cli(["check", "--config", str(cfg), str(article)]).code == 0
    assert run_cli(["check", "--config", str(cfg), "--fail-level", "warning", str(article)]).code == 1


def test_bad_fail_level_is_rejected(tmp_path):
    cfg = write(tmp_path / "c.yaml", "select: [HL1]\nfail-level: fatal\n")
    with pytest.raises(ConfigError, match=r":2: "):
        load_config(cfg)


# ---------------------------------------------------------------------------- exclude / per-file
def test_exclude_globs(project):
    write(project / ".healthlint.yaml", "select: [HL122]\nexclude: ['drafts/*', '*.draft.md']\n")
    deep = project / "docs" / "health"
    (deep / "drafts").mkdir()
    (deep / "drafts" / "d.md").write_text(ARTICLE, encoding="utf-8")
    (deep / "b.draft.md").write_text(ARTICLE, encoding="utf-8")
    run = run_cli(["check", "--quiet", "."])
    assert sorted({line.split(":")[0] for line in run.out.splitlines()}) == ["a.md"]


def test_cli_exclude_adds_to_config(project):
    write(project / ".healthlint.yaml", "select: [HL122]\n")
    deep = project / "docs" / "health"
    (deep / "old").mkdir()
    (deep / "old" / "o.md").write_text(ARTICLE, encoding="utf-8")
    assert "old/o.md" in run_cli(["check", "--quiet", "."]).out
    run = run_cli(["check", "--quiet", "--exclude", "old", "."])
    assert sorted({line.split(":")[0] for line in run.out.splitlines()}) == ["a.md"]


def test_per_file_ignores(project):
    write(
        project / "docs" / "health" / ".healthlint.yaml",
        """\
        select: [HL122, HL201]
        per-file-ignores:
          "legacy/*.md": [safety-claim]
          "*.txt": HL2
        """,
    )
    deep = project / "docs" / "health"
    (deep / "legacy").mkdir()
    (deep / "legacy" / "l.md").write_text(ARTICLE, encoding="utf-8")
    (deep / "t.txt").write_text(ARTICLE, encoding="utf-8")
    run = run_cli(["check", "--quiet", "."])
    got = sorted((line.split(":")[0], line.split()[1]) for line in run.out.splitlines())
    assert got == [
        ("a.md", "HL122"),
        ("a.md", "HL201"),
        ("legacy/l.md", "HL201"),
        ("t.txt", "HL122"),
    ]


def test_per_file_ignores_via_api():
    linter = Linter({"select": ["HL122", "HL201"], "per-file-ignores": {"*.md": ["HL122"]}})
    assert rules_found(linter, path="x.md") == ["HL201"]
    assert rules_found(linter, path="x.txt") == ["HL122", "HL201"]


def test_per_file_ignores_are_relative_to_the_config_file(project):
    write(
        project / ".healthlint.yaml",
        """\
        select: [HL122]
        per-file-ignores:
          "docs/health/*.md": [HL122]
        """,
    )
    run = run_cli(["check", "--quiet", "a.md"])  # cwd is docs/health
    assert run.out == ""


def test_unknown_selector_in_per_file_ignores_is_rejected():
    with pytest.raises(ConfigError):
        Linter({"per-file-ignores": {"*.md": ["HL9"]}})


# ------------------------------------------------------------------------------- per-rule options
def test_level_override(tmp_path):
    cfg = write(tmp_path / "c.yaml", "select: [HL122]\nrules:\n  HL122:\n    level: info\n")
    findings = Linter(str(cfg)).lint_text(ARTICLE)
    assert [(f.rule, f.severity) for f in findings] == [("HL122", "info")]
    article = tmp_path / "a.md"
    article.write_text(ARTICLE, encoding="utf-8")
    assert run_cli(["check", "--config", str(cfg), str(article)]).code == 0


def test_override_by_rule_name():
    findings = Linter({"select": ["HL122"], "rules": {"blanket-safety": {"level": "warning"}}}).lint_text(ARTICLE)
    assert [(f.rule, f.severity) for f in findings] == [("HL122", "warning")]


def test_replacing_patterns():
    linter = Linter({"select": ["HL201"], "rules": {"HL201": {"patterns": ["wombat science"]}}})
    assert linter.lint_text(ARTICLE) == []
    findings = linter.lint_text("Our wombat science is strong.\n")
    assert [(f.rule, f.column, f.excerpt) for f in findings] == [("HL201", 5, "wombat science")]


def test_replacing_exceptions():
    conditional = "If you notice no side effects, keep the same dose.\n"
    claim = "It has no side effects.\n"
    base = Linter({"select": ["HL121"]})
    assert rules_found(base, claim) == ["HL121"]
    assert rules_found(base, conditional) == []  # a built-in exception
    linter = Linter({"select": ["HL121"], "rules": {"HL121": {"exceptions": ["has no side effects"]}}})
    assert rules_found(linter, claim) == []
    # The built-in exceptions are replaced, not extended.
    assert rules_found(linter, conditional) == ["HL121"]


def test_modifier_override():
    text = "Studies show it works [1].\n"
    assert rules_found(Linter({"select": ["HL201"]}), text) == []
    assert rules_found(Linter({"select": ["HL201"], "rules": {"HL201": {"unless_cited": False}}}), text) == ["HL201"]


def test_unknown_rule_option_has_line_and_hint(tmp_path):
    cfg = write(tmp_path / "c.yaml", "select: [HL122]\nrules:\n  HL122:\n    levl: info\n")
    with pytest.raises(ConfigError) as info:
        Linter(str(cfg))
    message = str(info.value)
    assert message.startswith(f"{cfg}:4:"), message
    assert "did you mean 'level'" in message


def test_unknown_rule_in_rules_is_rejected(tmp_path):
    cfg = write(tmp_path / "c.yaml", "rules:\n  HL998:\n    level: info\n")
    with pytest.raises(ConfigError) as info:
        Linter(str(cfg))
    assert str(info.value).startswith(f"{cfg}:")
    assert "HL998" in str(info.value)


def test_unknown_rule_in_rules_points_at_its_line(tmp_path):
    cfg = write(tmp_path / "c.yaml", "select: [HL1]\nrules:\n  HL998:\n    level: info\n")
    with pytest.raises(ConfigError) as info:
        Linter(str(cfg))
    assert str(info.value).startswith(f"{cfg}:3:")


def test_bad_level_override_is_rejected(tmp_path):
    cfg = write(tmp_path / "c.yaml", "rules:\n  HL122:\n    level: fatal\n")
    with pytest.raises(ConfigError, match=r":3: "):
        Linter(str(cfg))


def test_bad_pattern_override_is_a_clean_error():
    from healthlint import HealthlintError

    with pytest.raises(HealthlintError):
        Linter({"rules": {"HL201": {"patterns": ["(unclosed"]}}})


# ------------------------------------------------------------------------------------ rule-paths
PACK = """\
rules:
  - code: XC101
    name: wombat-juice
    category: promotional-language
    kind: existence
    level: error
    message: "Wombat: {match}"
    summary: s
    why: w
    fix: f
    references: [r]
    phrases: [wombat juice]
    examples: {fail: [wombat juice], pass: [water]}
"""


def test_rule_paths_relative_to_config_file(project):
    (project / "packs").mkdir()
    (project / "packs" / "mine.yaml").write_text(PACK, encoding="utf-8")
    write(project / ".healthlint.yaml", "rule-paths: [packs]\nselect: [XC101]\n")
    (project / "docs" / "health" / "w.md").write_text("Try wombat juice.\n", encoding="utf-8")
    run = run_cli(["check", "--quiet", "w.md", "a.md"])
    assert run.code == 1, run.err
    assert run.out == "w.md:1:5: XC101 [error] Wombat: wombat juice\n"


def test_rule_paths_user_rule_can_be_overridden(tmp_path):
    (tmp_path / "mine.yaml").write_text(PACK, encoding="utf-8")
    cfg = write(tmp_path / "c.yaml", "rule-paths: [mine.yaml]\nselect: [XC101]\nrules:\n  XC101:\n    level: info\n")
    findings = Linter(str(cfg)).lint_text("Try wombat juice.\n")
    assert [(f.rule, f.severity) for f in findings] == [("XC101", "info")]


def test_missing_rule_path_is_an_error(tmp_path):
    cfg = write(tmp_path / "c.yaml", "rule-paths: [nowhere]\n")
    article = tmp_path / "a.md"
    article.write_text("x\n", encoding="utf-8")
    run = run_cli(["check", "--config", str(cfg), str(article)])
    assert run.code == 2 and len(run.err_lines) == 1 and "nowhere" in run.err


# ----------------------------------------------------------------------------- strict validation
@pytest.mark.parametrize(
    "text, line, hint",
    [
        ("select: [HL1]\nfail_level: error\n", 2, "fail-level"),
        ("select: [HL1]\nignroe: [HL2]\n", 2, "ignore"),
        ("selct: [HL1]\n", 1, "select"),
        ("select: [HL1]\n\n\nper-file-ignore: {}\n", 4, "per-file-ignores"),
        ("rule_paths: []\n", 1, "rule-paths"),
    ],
)
def test_unknown_key_has_line_and_did_you_mean(tmp_path, text, line, hint):
    cfg = write(tmp_path / ".healthlint.yaml", text)
    with pytest.raises(ConfigError) as info:
        load_config(cfg)
    message = str(info.value)
    assert message.startswith(f"{cfg}:{line}:"), message
    assert f"did you mean '{hint}'" in message
    assert "\n" not in message


def test_unknown_key_in_pyproject_has_line(tmp_path):
    cfg = write(
        tmp_path / "pyproject.toml",
        """\
        [project]
        name = "x"

        [tool.healthlint]
        select = ["HL1"]
        fail_level = "error"
        """,
    )
    with pytest.raises(ConfigError) as info:
        load_config(cfg)
    assert str(info.value).startswith(f"{cfg}:6:")
    assert "did you mean 'fail-level'" in str(info.value)


def test_unknown_key_via_cli_is_one_line_exit_2(project):
    write(project / ".healthlint.yaml", "select: [HL1]\nfail_levl: error\n")
    run = run_cli(["check", "a.md"])
    assert run.code == 2
    assert len(run.err_lines) == 1
    assert re.search(r"\.healthlint\.yaml:2: .*did you mean 'fail-level'", run.err)
    assert "Traceback" not in run.err


@pytest.mark.parametrize(
    "text",
    [
        "- just\n- a list\n",
        "select: 3\n",
        "select: [HL1, 3]\n",
        "per-file-ignores: [a, b]\n",
        "rules: [HL122]\n",
        "rules:\n  HL122: info\n",
        "key: !!python/object/apply:os.system ['true']\n",
        "select: [unclosed\n",
        "a: 1\na: 2\n",
    ],
)
def test_invalid_config_files_are_config_errors(tmp_path, text):
    cfg = write(tmp_path / "c.yaml", text)
    with pytest.raises(ConfigError) as info:
        Linter(load_config(cfg))
    assert "\n" not in str(info.value)


def test_config_object_defaults():
    c = Config()
    assert (c.select, c.ignore, c.fail_level, c.exclude, c.rule_paths) == ((), (), "warning", (), ())
