"""What changed in data/channels.yml since a git ref, one line per entry, old → new.

    python scripts/data_diff.py REF [FILE]

Prints every channel whose value, status, kind, regions or sources changed (or that was added or
removed), every reference whose URL changed, added or removed, and every change to
data/allowlist.yml's official hosts. Reads the old file with ``git show REF:data/channels.yml``
and parses both with plain YAML (no validation: a reviewer must see even an invalid change).
Exit 0 either way; the output is empty when nothing a reviewer must look at changed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from kb.site import ROOT

FIELDS = ("value", "status", "kind", "regions", "sources")
DATA = "data/channels.yml"
ALLOW = "data/allowlist.yml"


def _git_show(ref: str, path: str, cwd: Path) -> str | None:
    result = subprocess.run(["git", "show", f"{ref}:{path}"], cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        if "does not exist" in result.stderr or "exists on disk, but not in" in result.stderr:
            return None  # the file is new since REF
        raise SystemExit(f"git show {ref}:{path} failed: {result.stderr.strip()}")
    return result.stdout


def _load(text: str | None) -> dict:
    if not text:
        return {}

    # dates stay strings, so that old and new compare the way they are written
    class Loader(yaml.SafeLoader):
        pass

    Loader.yaml_implicit_resolvers = {
        k: [(tag, r) for tag, r in v if tag != "tag:yaml.org,2002:timestamp"]
        for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    data = yaml.load(text, Loader=Loader)  # noqa: S506  (a SafeLoader subclass)
    return data if isinstance(data, dict) else {}


def _show(field: str, value) -> str:
    if value is None:
        return "—"
    if field == "sources":
        return "[" + ", ".join(str(s.get("url")) if isinstance(s, dict) else str(s) for s in value) + "]"
    if isinstance(value, list):
        return "[" + ", ".join(map(str, value)) + "]"
    return str(value)


def _comparable(field: str, value):
    """Sources compare by URL (a title in other words is not what a reviewer must see here)."""
    if field == "sources" and isinstance(value, list):
        return [s.get("url") if isinstance(s, dict) else s for s in value]
    return value


def _by_id(items) -> dict:
    return {str(item.get("id")): item for item in items or [] if isinstance(item, dict)}


def diff(old: dict, new: dict) -> list[str]:
    lines = []
    before, after = _by_id(old.get("channels")), _by_id(new.get("channels"))
    for cid in list(before) + [c for c in after if c not in before]:
        a, b = before.get(cid), after.get(cid)
        if a is None:
            what = ", ".join(f"{f} {_show(f, b.get(f))}" for f in FIELDS if b.get(f) is not None)
            lines.append(f"channel {cid}: added: {what}")
        elif b is None:
            lines.append(f"channel {cid}: removed (was {_show('value', a.get('value'))}, {a.get('status')})")
        else:
            for f in FIELDS:
                if _comparable(f, a.get(f)) != _comparable(f, b.get(f)):
                    lines.append(f"channel {cid}: {f} {_show(f, a.get(f))} → {_show(f, b.get(f))}")
    refs_a, refs_b = _by_id(old.get("references")), _by_id(new.get("references"))
    for rid in list(refs_a) + [r for r in refs_b if r not in refs_a]:
        a, b = refs_a.get(rid), refs_b.get(rid)
        if a is None:
            lines.append(f"reference {rid}: added: {b.get('url')}")
        elif b is None:
            lines.append(f"reference {rid}: removed (was {a.get('url')})")
        elif a.get("url") != b.get("url"):
            lines.append(f"reference {rid}: url {a.get('url')} → {b.get('url')}")
    return lines


def diff_allowlist(old: dict, new: dict) -> list[str]:
    lines = []
    for key in ("official_hosts", "own_urls"):
        a, b = set(old.get(key) or []), set(new.get(key) or [])
        lines += [f"allowlist {key}: added {x}" for x in sorted(b - a)]
        lines += [f"allowlist {key}: removed {x}" for x in sorted(a - b)]
    pa = {p.get("name"): p.get("pattern") for p in old.get("benign") or [] if isinstance(p, dict)}
    pb = {p.get("name"): p.get("pattern") for p in new.get("benign") or [] if isinstance(p, dict)}
    for name in sorted(set(pa) | set(pb)):
        if pa.get(name) != pb.get(name):
            lines.append(f"allowlist benign {name}: {pa.get(name) or '—'} → {pb.get(name) or '—'}")
    ba, bb = old.get("binaries") or {}, new.get("binaries") or {}
    for path in sorted(set(ba) | set(bb)):
        if ba.get(path) != bb.get(path):
            lines.append(f"allowlist binary {path}: {ba.get(path) or '—'} → {bb.get(path) or '—'}")
    return lines


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0 if argv else 2
    for line in changes(argv[0]):
        print(line)
    return 0


def changes(ref: str, root: Path = ROOT) -> list[str]:
    """The lines data_diff prints: the working tree's data files against REF."""
    lines = diff(_load(_git_show(ref, DATA, root)), _load((root / DATA).read_text(encoding="utf-8")))
    allow_path = root / ALLOW
    if allow_path.exists():
        lines += diff_allowlist(_load(_git_show(ref, ALLOW, root)), _load(allow_path.read_text(encoding="utf-8")))
    return lines
