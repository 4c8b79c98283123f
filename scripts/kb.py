#!/usr/bin/env python3
"""One CLI for the project's chores, used the same way by people, pre-commit and CI.

    python scripts/kb.py check              every fast check (data, contacts, languages, characters)
    python scripts/kb.py check-data         validate data/channels.yml
    python scripts/kb.py generate OUT_DIR   write the generated tables and JSON export to OUT_DIR
                                            (for review; the build makes them itself)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import channels  # noqa: E402
import tables  # noqa: E402


def cmd_check_data(args) -> int:
    try:
        data = channels.load(Path(args.file) if getattr(args, "file", None) else channels.DATA_FILE)
    except channels.DataError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"{channels.display_path(channels.DATA_FILE)}: {len(data.channels)} channels, {len(data.recommendations)} recommendations, {len(data.terms)} terms: OK")
    return 0


def cmd_generate(args) -> int:
    try:
        data = channels.load()
    except channels.DataError as exc:
        print(exc, file=sys.stderr)
        return 1
    out = Path(args.out_dir)
    files = {"channels.json": tables.export_json(data)}
    for lang in channels.LANGS:
        for name, render in tables.TABLES.items():
            files[f"{lang}/{name}.html"] = render(data, tables.Page(lang, "generated/"))
    for rel, text in files.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    print(f"wrote {len(files)} files to {out}")
    return 0


CHECKS = [cmd_check_data]


def cmd_check(args) -> int:
    status = 0
    for check in CHECKS:
        status |= check(args)
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kb.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="every fast check").set_defaults(func=cmd_check)
    p = sub.add_parser("check-data", help="validate data/channels.yml")
    p.add_argument("file", nargs="?")
    p.set_defaults(func=cmd_check_data)
    p = sub.add_parser("generate", help="write generated tables and the JSON export to a folder")
    p.add_argument("out_dir")
    p.set_defaults(func=cmd_generate)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
