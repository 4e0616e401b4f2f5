"""The repository works as a pre-commit hook: `pre-commit try-repo` on a fresh git repository
blocks a bad article and passes a clean one."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None or shutil.which("pre-commit") is None, reason="needs git and pre-commit"
)


def test_hook_definition():
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "healthlint" and hook["language"] == "python"
    assert set(hook["types_or"]) == {"markdown", "html", "plain-text"}


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def test_try_repo_blocks_a_bad_article_and_passes_a_clean_one(tmp_path):
    repo = tmp_path / "articles"
    repo.mkdir()
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "writer@example.org")
    _git(repo, "config", "user.name", "Writer")
    clean = (ROOT / "fixtures" / "magnesium-explainer.md").read_text(encoding="utf-8")
    (repo / "explainer.md").write_text(clean, encoding="utf-8")
    (repo / "notes.py").write_text("print('not an article')  # cures insomnia\n", encoding="utf-8")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "PRE_COMMIT_COLOR": "never"}
    # The hook repository is a committed snapshot of this working tree, whatever its git state.
    hooks = tmp_path / "healthlint"
    shutil.copytree(
        ROOT,
        hooks,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "venv", "*.egg-info", "__pycache__", ".*_cache", "build", "dist"
        ),
    )
    _git(hooks, "init", "-q")
    _git(hooks, "add", "-A")
    _git(hooks, "-c", "user.email=ci@example.org", "-c", "user.name=CI", "commit", "-q", "-m", "snapshot")

    def try_repo() -> subprocess.CompletedProcess[str]:
        _git(repo, "add", "-A")
        return subprocess.run(
            ["pre-commit", "try-repo", str(hooks), "healthlint", "--all-files"],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )

    passed = try_repo()
    assert passed.returncode == 0, passed.stdout + passed.stderr

    (repo / "bad.md").write_text("# Sleep\n\nMagnesium cures insomnia and has no side effects.\n", encoding="utf-8")
    blocked = try_repo()
    assert blocked.returncode == 1, blocked.stdout + blocked.stderr
    assert "bad.md:3:" in blocked.stdout and "HL121" in blocked.stdout
    assert "notes.py" not in blocked.stdout  # only articles are linted
