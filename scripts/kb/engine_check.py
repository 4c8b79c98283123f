"""Build the site with MkDocs 1.6 and with ProperDocs (the maintained continuation of MkDocs 1.x)
and fail on any difference between the two outputs.

    python -m kb.engine_check          (make properdocs-check)

Both engines run from the same virtual environment: ProperDocs registers itself as ``mkdocs`` for
the plugins and the theme when it runs, so Material, mkdocs-static-i18n and the project's hooks are
the same code in both builds. Prints each differing or missing file; exit 1 if there is any.
"""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from kb.site import ROOT

ENGINES = {"mkdocs": [sys.executable, "-m", "mkdocs"], "properdocs": [sys.executable, "-m", "properdocs"]}


def build(engine: str, site: Path) -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    result = subprocess.run(
        [*ENGINES[engine], "build", "--strict", "-q", "-d", str(site)], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise SystemExit(f"{engine} build --strict failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")


def files(site: Path) -> set[str]:
    return {str(p.relative_to(site)) for p in site.rglob("*") if p.is_file()}


def differences(a: Path, b: Path) -> list[str]:
    fa, fb = files(a), files(b)
    out = [f"only in the MkDocs build: {f}" for f in sorted(fa - fb)]
    out += [f"only in the ProperDocs build: {f}" for f in sorted(fb - fa)]
    out += [f"differs: {f}" for f in sorted(fa & fb) if not filecmp.cmp(a / f, b / f, shallow=False)]
    return out


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        a, b = Path(tmp) / "mkdocs", Path(tmp) / "properdocs"
        build("mkdocs", a)
        build("properdocs", b)
        diff = differences(a, b)
        count = len(files(a))
    for line in diff[:100]:
        print(line)
    if diff:
        print(f"{len(diff)} difference(s) between the MkDocs and the ProperDocs builds", file=sys.stderr)
        return 1
    print(f"MkDocs and ProperDocs builds are byte-identical: {count} files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
