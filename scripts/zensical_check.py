#!/usr/bin/env python3
"""Non-blocking check: try this site with Zensical and report what breaks.

Material for MkDocs is in maintenance mode and mkdocs-static-i18n is frozen; FastAPI and
hello-algo moved to Zensical with one build per language. This builds a copy of the project with
Zensical (in its own venv under .cache/, pinned) and lists what the output lacks compared with the
MkDocs build. It exits 1 when the build fails or the output is not usable, 0 otherwise; CI runs it
in a job that is allowed to fail.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ZENSICAL = "zensical==0.0.73"  # 0.1.x needs zensical-ui releases that the registry lacks (toolchain notes)
VENV = ROOT / ".cache" / "zensical-venv"


def main() -> int:
    python = VENV / "bin" / "python"
    if not python.exists():
        venv.create(VENV, with_pip=True)
    install = subprocess.run([str(python), "-m", "pip", "install", "-q", ZENSICAL, "-r", str(ROOT / "requirements.txt")], capture_output=True, text=True)
    if install.returncode:
        print(f"could not install {ZENSICAL}:\n{install.stderr[-2000:]}")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "project"
        shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(".venv", "site", ".git", "node_modules", ".cache"))
        result = subprocess.run([str(VENV / "bin" / "zensical"), "build", "-f", "mkdocs.yml"], cwd=project, capture_output=True, text=True, timeout=600)
        print(f"$ zensical build (exit {result.returncode})\n{(result.stdout + result.stderr)[-3000:]}")
        site = project / "site"
        problems = []
        if result.returncode:
            problems.append("the build failed")
        if not (site / "index.html").exists():
            problems.append("no root index.html: the default language is not served at /")
        if not (site / "zh-Hant").is_dir():
            problems.append("no /zh-Hant/ folder: mkdocs-static-i18n (folder layout) is not applied")
        pages = list(site.rglob("index.html")) if site.exists() else []
        text = "".join(p.read_text(encoding="utf-8", errors="replace") for p in pages[:200])
        if "[[ch:" in text:
            problems.append("[[ch:ID]] shortcodes are not expanded: scripts/hooks.py did not run")
        if "<!-- generated:" in text or (pages and 'class="kb-table' not in text):
            problems.append("generated tables are missing: scripts/hooks.py did not run")
        langs = sorted(set(re.findall(r'<html lang="([^"]+)"', text)))
        if langs != ["zh-Hans", "zh-Hant"]:
            problems.append(f"<html lang> values are {langs}, expected zh-Hans and zh-Hant")
        if pages and "md-select__link" not in text:
            problems.append("no language switcher")
        print("\nWhat breaks under Zensical:" if problems else "\nNo difference found.")
        for p in problems:
            print(f"- {p}")
        return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
