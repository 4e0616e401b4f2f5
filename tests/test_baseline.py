"""Baselines: record today's findings, then report only new ones, whatever moves around them."""

from __future__ import annotations

import io
import json

from healthlint.cli import main

ARTICLE = "# Sleep\n\nMagnesium cures insomnia.\n\nTake 500 mg every night.\n"


def run(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["check", "--no-config", "--format", "json", *args], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def rules(out: str) -> list[str]:
    return [f["rule"] for f in json.loads(out)["findings"]]


def test_write_then_filter(tmp_path):
    article = tmp_path / "a.md"
    article.write_text(ARTICLE, encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    code, out, err = run(["--write-baseline", str(baseline), str(article)])
    assert code == 0 and "wrote" in err
    data = json.loads(baseline.read_text(encoding="utf-8"))
    assert data["schema"] == "healthlint-baseline/1" and len(data["findings"]) == len(rules(out))
    assert all(set(e) == {"path", "rule", "fingerprint"} for e in data["findings"])

    # Lines added above old findings do not make them new; a new claim is reported.
    article.write_text(
        "# Sleep\n\nA new first paragraph.\n\n" + ARTICLE.split("\n", 2)[2] + "\nIt has no side effects.\n"
    )
    code, out, err = run(["--baseline", str(baseline), str(article)])
    assert rules(out) == ["HL121"] and code == 1
    assert "recorded in the baseline" in err


def test_a_repeated_claim_is_new_beyond_the_recorded_count(tmp_path):
    article = tmp_path / "a.md"
    article.write_text("Magnesium cures insomnia.\n", encoding="utf-8")
    baseline = tmp_path / "b.json"
    run(["--write-baseline", str(baseline), str(article)])
    article.write_text("Magnesium cures insomnia.\n\nMagnesium cures insomnia.\n", encoding="utf-8")
    _, out, _ = run(["--baseline", str(baseline), "--select", "HL131", str(article)])
    assert rules(out) == ["HL131"]


def test_bad_baseline_is_a_clear_error(tmp_path):
    article = tmp_path / "a.md"
    article.write_text(ARTICLE, encoding="utf-8")
    for content, message in [
        (None, "baseline file not found"),
        ("{", "not valid JSON"),
        ('{"a": 1}', "not a healthlint baseline"),
    ]:
        path = tmp_path / "x.json"
        if content is None:
            path.unlink(missing_ok=True)
        else:
            path.write_text(content, encoding="utf-8")
        code, _, err = run(["--baseline", str(path), str(article)])
        assert code == 2 and message in err and err.count("\n") == 1
