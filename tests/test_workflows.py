"""CI configuration: the GitHub workflows are valid, and CI runs the README's test command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from kb.site import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def test_workflows_match_the_github_schema():
    assert WORKFLOWS, ".github/workflows/ has no workflow"
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "check-jsonschema"),
            "--builtin-schema",
            "vendor.github-workflows",
            *map(str, WORKFLOWS),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _workflow(name: str) -> dict:
    return yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))


def test_pr_workflow_runs_the_readme_commands():
    pr = _workflow("pr.yml")
    steps = " ".join(step.get("run", "") for step in pr["jobs"]["test"]["steps"])
    assert "make check" in steps and "make test" in steps
    fresh = pr["jobs"]["fresh-debian"]
    assert fresh["container"]["image"].startswith("debian:"), "the fresh-machine job must run in a clean Debian container"
    fresh_steps = " ".join(step.get("run", "") for step in fresh["steps"])
    assert "make serve" in fresh_steps and "make test" in fresh_steps
    assert "make properdocs-check" in " ".join(s.get("run", "") for s in pr["jobs"]["properdocs"]["steps"])


def test_pages_deploys_only_a_tested_commit_on_main():
    pages = _workflow("pages.yml")
    trigger = pages[True] if True in pages else pages["on"]  # YAML 1.1 reads the key `on` as True
    assert set(trigger) == {"workflow_run"}, "Pages must deploy only after the test workflow, never on a bare push"
    assert trigger["workflow_run"]["workflows"] == [_workflow("pr.yml")["name"]]
    build = pages["jobs"]["build"]
    assert "conclusion == 'success'" in build["if"] and "main" in build["if"]
    checkout = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["ref"] == "${{ github.event.workflow_run.head_sha }}", "deploy the commit that was tested"
    assert any(s.get("with", {}).get("path") == "site" for s in build["steps"])


def test_the_weekly_source_check_never_blocks_a_pull_request():
    weekly = _workflow("linkcheck.yml")
    trigger = weekly[True] if True in weekly else weekly["on"]
    assert "schedule" in trigger and "pull_request" not in trigger and "push" not in trigger
    assert "make linkcheck-external" in " ".join(s.get("run", "") for s in weekly["jobs"]["linkcheck"]["steps"])
