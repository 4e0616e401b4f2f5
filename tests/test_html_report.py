"""The editor's HTML report: self-contained, escaped, one highlight per line finding, filters that
work in a real browser (Debian's headless chromium)."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from healthlint.cli import main

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def run(args: list[str], stdin: str = "") -> str:
    out = io.StringIO()
    main(["check", "--no-config", *args], stdout=out, stderr=io.StringIO(), stdin=io.StringIO(stdin))
    return out.getvalue()


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        self.tags.append((tag, dict(attrs)))


def tags(page: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(page)
    return parser.tags


def line_findings(args: list[str], stdin: str = "") -> list[dict]:
    return [f for f in json.loads(run(["--format", "json", *args], stdin))["findings"] if f["scope"] == "line"]


def test_article_text_is_escaped_and_nothing_is_fetched():
    hostile = (
        '<script>alert("pwned")</script>\n\n"Magnesium cures insomnia" <img src=x onerror=alert(1)>\n\n'
        "It has no side effects. </pre></mark><script>alert(2)</script>\n"
    )
    page = run(["--format", "html", "--stdin-filename", "evil<script>.txt", "-"], hostile)
    scripts = [t for t, _ in tags(page) if t == "script"]
    assert len(scripts) == 1  # the report's own script only
    assert "alert(" not in page.split("<script>")[-1]
    assert not [a for t, a in tags(page) if t == "img"]
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", page.split("<aside>")[0])  # no external assets
    assert "&lt;script&gt;" in page


def test_one_mark_per_line_finding_and_a_file_index(monkeypatch):
    monkeypatch.chdir(ROOT)
    paths = ["fixtures/magnesium-sleep-blog.md", "fixtures/cbd-oil-beginners-guide.html"]
    page = run(["--format", "html", *paths])
    marks = [a for t, a in tags(page) if t == "mark"]
    assert len(marks) == len(line_findings(paths))
    assert len({a["id"] for a in marks}) == len(marks)
    assert all(f'href="#file-{n}"' in page for n in range(len(paths)))


@pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("HEALTHLINT_REQUIRE_BROWSER"), reason="no headless chromium here"
)
def test_report_in_a_real_browser(tmp_path, monkeypatch):
    assert CHROMIUM, "chromium is required (HEALTHLINT_REQUIRE_BROWSER is set)"
    monkeypatch.chdir(ROOT)
    paths = ["fixtures/", "examples/"]
    report = tmp_path / "report.html"
    report.write_text(run(["--format", "html", *paths]), encoding="utf-8")
    findings = line_findings(paths)
    hidden_category = "promotional-language"
    base = [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0"]
    dom = subprocess.run(
        [*base, "--virtual-time-budget=3000", "--dump-dom", f"{report.as_uri()}#hide={hidden_category}"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert dom.returncode == 0, dom.stderr[-2000:]
    console = [line for line in dom.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    assert not console, console
    assert 'data-ready="yes"' in dom.stdout  # the script ran to the end
    marks = [a for t, a in tags(dom.stdout) if t == "mark"]
    assert len(marks) == len(findings)
    hidden = [a for a in marks if "hidden" in (a.get("class") or "").split()]
    assert len(hidden) == sum(f["category"] == hidden_category for f in findings) > 0
    assert all(a["data-category"] == hidden_category for a in hidden)
    shot = tmp_path / "report.png"
    subprocess.run(
        [*base, "--window-size=1280,1600", f"--screenshot={shot}", report.as_uri()],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert shot.stat().st_size > 10_000
