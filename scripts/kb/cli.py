#!/usr/bin/env python3
"""One CLI for the project's chores, used the same way by people, pre-commit and CI.

python scripts/kb.py check              every fast check (data, contacts, languages, characters)
python scripts/kb.py check-data         validate data/channels.yml
python scripts/kb.py check-contacts [FILE ...]
                                        the contact guard (scripts/check_contacts.py)
python scripts/kb.py check-languages    same pages, ## sections and ### questions in both languages
python scripts/kb.py check-chars [FILE ...]
                                        radical look-alikes; Simplified characters in zh-Hant
python scripts/kb.py check-pages        no stub pages; the FAQ index lists every question
python scripts/kb.py faq-index [--check]
                                        rewrite the FAQ index question lists (--check: exit 1 if stale)
python scripts/kb.py new-page PAGE      start docs/zh-Hant/PAGE from docs/zh-Hans/PAGE (OpenCC s2twp)
python scripts/kb.py translation-status [--check]
                                        pages missing in one language, zh-Hant pages older than zh-Hans
python scripts/kb.py generate OUT_DIR   write the generated tables and JSON export to OUT_DIR
                                        (for review; the build makes them itself)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kb import translation
from kb.checks import contacts as check_contacts
from kb.checks import text as text_checks
from kb.data import channels
from kb.render import tables


def cmd_check_data(args) -> int:
    try:
        data = channels.load(Path(args.file) if getattr(args, "file", None) else channels.DATA_FILE)
    except channels.DataError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(
        f"{channels.display_path(channels.DATA_FILE)}: {len(data.channels)} channels, {len(data.recommendations)} recommendations, {len(data.references)} references, {len(data.terms)} terms: OK"
    )
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


def _files(args) -> list[Path] | None:
    files = getattr(args, "files", None)
    return [Path(f).resolve() for f in files] if files else None


def _report(problems, ok: str) -> int:
    for p in problems:
        print(p)
    if not problems:
        print(ok)
    return 1 if problems else 0


def cmd_check_contacts(args) -> int:
    files = _files(args)
    # the output half of the guard runs in every build (make build, the tests' site): sources here
    return check_contacts.main([str(f) for f in files] if files else ["--sources-only"])


def cmd_check_languages(args) -> int:
    return _report(text_checks.check_languages(), "docs: both languages have the same pages, sections and questions: OK")


def cmd_check_chars(args) -> int:
    files = _files(args) or text_checks.docs_files(channels.ROOT / "docs", channels.ROOT / "overrides")
    return _report(
        text_checks.check_characters(files), f"{len(files)} files: no look-alike or misplaced Simplified character: OK"
    )


def cmd_check_wording(args) -> int:
    return _report(text_checks.check_wording(), "docs/zh-Hant: Taiwan wording (data/wording.yml): OK")


def cmd_check_pages(args) -> int:
    return _report(text_checks.check_pages(), "docs: every page has content; the FAQ indexes list every question: OK")


def cmd_faq_index(args) -> int:
    status, messages = text_checks.write_faq_index(check=args.check)
    print("\n".join(messages))
    return status


def cmd_new_page(args) -> int:
    try:
        path = translation.new_page(args.page, force=args.force)
    except (FileNotFoundError, FileExistsError) as exc:
        print(exc, file=sys.stderr)
        return 1
    print(
        f"wrote {path.relative_to(channels.ROOT)} (OpenCC s2twp + the terms in data/channels.yml): "
        "revise the wording for Taiwan readers, keep every { #id }, then run `python scripts/kb.py check`"
    )
    return 0


def cmd_translation_status(args) -> int:
    text, missing, outdated = translation.report()
    print(text)
    return 1 if args.check and (missing or outdated) else 0


CHECKS = [cmd_check_data, cmd_check_contacts, cmd_check_languages, cmd_check_chars, cmd_check_wording, cmd_check_pages]


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
    for name, func, helptext in (
        ("check-contacts", cmd_check_contacts, "the contact guard"),
        ("check-chars", cmd_check_chars, "look-alike and Simplified characters"),
    ):
        p = sub.add_parser(name, help=helptext)
        p.add_argument("files", nargs="*")
        p.set_defaults(func=func)
    sub.add_parser("check-languages", help="same pages and headings in both languages").set_defaults(func=cmd_check_languages)
    sub.add_parser("check-pages", help="page length and the FAQ index").set_defaults(func=cmd_check_pages)
    sub.add_parser("check-wording", help="Taiwan wording on zh-Hant pages (data/wording.yml)").set_defaults(
        func=cmd_check_wording
    )
    p = sub.add_parser("faq-index", help="rewrite the FAQ index question lists")
    p.add_argument("--check", action="store_true", help="only report; exit 1 if a list is out of date")
    p.set_defaults(func=cmd_faq_index)
    p = sub.add_parser("new-page", help="start a zh-Hant page from its zh-Hans page")
    p.add_argument("page", help="e.g. faq/refund.md")
    p.add_argument("--force", action="store_true", help="overwrite an existing zh-Hant page")
    p.set_defaults(func=cmd_new_page)
    p = sub.add_parser("translation-status", help="missing and outdated translations")
    p.add_argument("--check", action="store_true", help="exit 1 if a page is missing or outdated")
    p.set_defaults(func=cmd_translation_status)
    p = sub.add_parser("generate", help="write generated tables and the JSON export to a folder")
    p.add_argument("out_dir")
    p.set_defaults(func=cmd_generate)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
