"""The library surface: healthlint.__all__, lint_text, lint_paths, Linter, Finding."""

from __future__ import annotations

import pickle
import threading

import pytest
from _util import FINDING_KEYS, pos_of

import healthlint
from healthlint import ConfigError, Finding, Linter, Severity, SourceError, lint_paths, lint_text

ARTICLE = "# Guide\n\nStudies show it works.\n\nIt is completely safe.\n"


def test_public_names_are_pinned():
    assert healthlint.__all__ == [
        "Config",
        "ConfigError",
        "Finding",
        "HealthlintError",
        "Linter",
        "RulePackError",
        "RuleSet",
        "Severity",
        "SourceError",
        "UsageError",
        "__version__",
        "find_config",
        "lint_paths",
        "lint_text",
        "load_config",
        "load_rules",
    ]
    for name in healthlint.__all__:
        assert hasattr(healthlint, name), name


def test_errors_share_one_base():
    for name in ("ConfigError", "RulePackError", "SourceError", "UsageError"):
        assert issubclass(getattr(healthlint, name), healthlint.HealthlintError)


def test_severity_order():
    assert Severity.ERROR > Severity.WARNING > Severity.INFO
    assert Severity.parse("Warning") is Severity.WARNING
    assert str(Severity.ERROR) == "error"


# ---------------------------------------------------------------------------------- lint_text
def test_lint_text_defaults_to_markdown():
    findings = lint_text("```\nIt is completely safe.\n```\n")
    assert findings == []


def test_lint_text_findings():
    findings = lint_text(ARTICLE)
    assert [(f.rule, f.line, f.column) for f in findings] == [
        ("HL201", *pos_of(ARTICLE, "Studies show")),
        ("HL122", *pos_of(ARTICLE, "completely safe")),
    ]
    f = findings[1]
    assert f.path == "<text>"
    assert isinstance(f, Finding)
    assert ARTICLE[f.offset : f.end_offset] == "completely safe"


@pytest.mark.parametrize(
    "path, expected_codes",
    [("a.md", []), ("a.txt", ["HL122"]), ("a.html", ["HL122"])],
)
def test_lint_text_format_from_path(path, expected_codes):
    text = "```\nIt is completely safe.\n```\n"
    findings = lint_text(text, path=path, config={"select": ["HL122"]})
    assert [f.rule for f in findings] == expected_codes
    assert all(f.path == path for f in findings)


def test_lint_text_explicit_format_beats_path():
    text = "<script>It is completely safe.</script>"
    assert lint_text(text, path="a.txt", format="html", config={"select": ["HL122"]}) == []
    assert [f.rule for f in lint_text(text, path="a.txt", config={"select": ["HL122"]})] == ["HL122"]


def test_lint_text_unknown_format_is_source_error():
    with pytest.raises(SourceError):
        lint_text("x", format="docx")


def test_lint_text_with_config_mapping():
    findings = lint_text(ARTICLE, config={"select": ["HL1"], "rules": {"HL122": {"level": "warning"}}})
    assert [(f.rule, f.severity) for f in findings] == [("HL122", "warning")]


def test_lint_text_with_config_path(tmp_path):
    cfg = tmp_path / "c.yaml"
    cfg.write_text("ignore: [HL122]\n", encoding="utf-8")
    assert [f.rule for f in lint_text(ARTICLE, config=str(cfg))] == ["HL201"]
    assert [f.rule for f in lint_text(ARTICLE, config=cfg)] == ["HL201"]


def test_lint_text_with_config_object():
    config = healthlint.Config(select=("HL201",))
    assert [f.rule for f in lint_text(ARTICLE, config=config)] == ["HL201"]


def test_lint_text_bad_config_mapping():
    with pytest.raises(ConfigError, match="did you mean 'select'"):
        lint_text(ARTICLE, config={"selct": ["HL1"]})


def test_finding_to_json_shape():
    f = lint_text(ARTICLE, config={"select": ["HL122"]})[0]
    data = f.to_json()
    assert list(data) == FINDING_KEYS
    assert data["source"] == {"title": f.source[0], "url": f.source[1]}


# --------------------------------------------------------------------------------- lint_paths
def test_lint_paths_on_a_directory(tmp_path):
    (tmp_path / "b.md").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "a.txt").write_text("It is completely safe.\n", encoding="utf-8")
    (tmp_path / "skip.rst").write_text("It is completely safe.\n", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "c.md").write_text(ARTICLE, encoding="utf-8")
    findings = lint_paths([tmp_path], config={"select": ["HL122", "HL201"]})
    got = [(f.path, f.rule, f.line) for f in findings]
    assert got == [
        (str(tmp_path / "a.txt"), "HL122", 1),
        (str(tmp_path / "b.md"), "HL201", 3),
        (str(tmp_path / "b.md"), "HL122", 5),
    ]
    assert [f.sort_key for f in findings] == sorted(f.sort_key for f in findings)


def test_lint_paths_accepts_strings_and_files(tmp_path):
    path = tmp_path / "x.md"
    path.write_text(ARTICLE, encoding="utf-8")
    assert lint_paths([str(path)]) == lint_paths([path])
    assert len(lint_paths([path], config={"select": ["HL122"]})) == 1


def test_lint_paths_missing_file_is_source_error(tmp_path):
    with pytest.raises(SourceError, match="nope.md"):
        lint_paths([tmp_path / "nope.md"])


def test_lint_paths_exclude(tmp_path):
    (tmp_path / "keep.md").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "drop.md").write_text(ARTICLE, encoding="utf-8")
    findings = lint_paths([tmp_path], config={"select": ["HL122"], "exclude": ["drop.md"]})
    assert {f.path for f in findings} == {str(tmp_path / "keep.md")}


# ------------------------------------------------------------------------------------- Linter
def test_linter_select_and_ignore_arguments():
    linter = Linter(select=["HL1", "HL2"], ignore=["HL201"])
    assert [f.rule for f in linter.lint_text(ARTICLE)] == ["HL122"]
    assert "HL201" not in [r.code for r in linter.rules.rules]


def test_linter_ignore_adds_to_config():
    linter = Linter({"ignore": ["HL122"]}, ignore=["HL201"])
    assert linter.lint_text(ARTICLE) == []


def test_linter_lint_file(tmp_path):
    path = tmp_path / "x.html"
    path.write_text("<p>It is completely safe.</p>", encoding="utf-8")
    findings = Linter(select=["HL122"]).lint_file(path)
    assert [(f.path, f.line, f.column) for f in findings] == [(str(path), 1, 10)]


def test_linter_is_reusable_and_deterministic():
    linter = Linter()
    assert linter.lint_text(ARTICLE) == linter.lint_text(ARTICLE) == lint_text(ARTICLE)


# ------------------------------------------------------------------------------ Finding objects
def test_findings_pickle_round_trip():
    findings = lint_text(ARTICLE + "\nTake 400 mg of magnesium every night.\n")
    assert findings
    for f in findings:
        clone = pickle.loads(pickle.dumps(f))
        assert clone == f
        assert hash(clone) == hash(f)
        assert clone.to_json() == f.to_json()


def test_findings_are_immutable():
    f = lint_text(ARTICLE)[0]
    with pytest.raises(AttributeError):
        f.line = 99  # type: ignore[misc]


# ---------------------------------------------------------------------------------- threading
def test_shared_linter_is_thread_safe():
    linter = Linter()
    texts = [
        ARTICLE,
        "<p>Studies show <b>it</b> is completely safe.</p>",
        "Magnesium guide\n- It is completely safe\n- Studies show it works\n",
        "Take 400 mg of magnesium glycinate every night. It cures insomnia.\n",
    ]
    formats = ["markdown", "html", "text", "markdown"]
    expected = [linter.lint_text(t, format=fmt) for t, fmt in zip(texts, formats)]
    results: list[list] = [[] for _ in range(8)]
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def work(index: int) -> None:
        try:
            barrier.wait()
            for _ in range(15):
                results[index].append([linter.lint_text(t, format=fmt) for t, fmt in zip(texts, formats)])
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    for per_thread in results:
        assert len(per_thread) == 15
        for run in per_thread:
            assert run == expected
