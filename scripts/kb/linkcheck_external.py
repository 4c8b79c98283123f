"""Check the external source links (data file and built pages) with LinkChecker, politely.

    python -m kb.linkcheck_external [--out DIR]      (make linkcheck-external)

Collects every http(s) URL that points off the site: the data file's values, sources and
references, and every link in the built pages (the site is built into a temporary folder). Each
URL is checked once (LinkChecker's URL cache de-duplicates), at most 2 threads and 1 request per
second per host, 30 s timeout, robots.txt respected. Writes DIR/report.md (dead and moved sources,
each with the files that cite it) and DIR/linkchecker.csv, prints the report, and exits 0 unless
the check itself could not run: dead sources are reported, not fatal (the weekly workflow files
them; tests never touch the network).
"""

from __future__ import annotations

import argparse
import csv
import html
import subprocess
import sys
import tempfile
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

from kb.site import DATA_FILE, ROOT, display_path

RC = """[checking]
threads=2
timeout=30
maxrequestspersecond=1
[filtering]
checkextern=1
[output]
status=0
"""


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value and value.startswith(("http://", "https://")):
                self.urls.append(value)


def _data_urls(node, out: list[str]) -> None:
    if isinstance(node, dict):
        for value in node.values():
            _data_urls(value, out)
    elif isinstance(node, list):
        for value in node:
            _data_urls(value, out)
    elif isinstance(node, str) and node.startswith(("http://", "https://")):
        out.append(node)


def collect(site: Path, own_host: str) -> dict[str, set[str]]:
    """{url: files citing it} for every external URL in the data file and the built pages."""
    cited: dict[str, set[str]] = defaultdict(set)
    found: list[str] = []
    _data_urls(yaml.safe_load(DATA_FILE.read_text(encoding="utf-8")), found)
    for url in found:
        cited[url].add(display_path(DATA_FILE))
    for page in sorted(site.rglob("*.html")):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for url in parser.urls:
            if urlsplit(url).hostname != own_host:
                cited[url].add(str(page.relative_to(site)))
    return cited


def summarise(cited: dict[str, set[str]], csv_text: str) -> str:
    """The Markdown report from LinkChecker's CSV output."""
    dead, unreachable, moved, ok, checked = [], [], [], 0, set()
    rows = [line for line in csv_text.splitlines() if not line.startswith("#")]
    for row in csv.DictReader(rows, delimiter=";"):
        url = row.get("urlname", "")
        url = url if url in cited else unquote(url)  # LinkChecker may report a URL percent-encoded
        if url not in cited:
            continue
        checked.add(url)
        result = row.get("result", "")
        if row.get("valid") == "False" and any(
            w in result for w in ("NameResolution", "ConnectionError", "ConnectTimeout", "timed out")
        ):
            unreachable.append((url, result.split("(", 1)[0].strip()))  # no answer: the host or this network
        elif row.get("valid") == "False":
            dead.append((url, result))
        elif row.get("url") and row["url"].rstrip("/") != url.rstrip("/"):
            moved.append((url, row["url"]))
        else:
            ok += 1
    unchecked = sorted(set(cited) - checked)
    lines = [
        f"# External sources: {len(cited)} URLs: {ok} fine, {len(moved)} moved, {len(dead)} dead,"
        f" {len(unreachable)} unreachable, {len(unchecked)} not reported",
        "",
    ]
    if unreachable and not ok and not dead and not moved:
        lines += ["No source answered at all: this machine probably has no network. Nothing below says a source is gone.", ""]
    sections = (
        ("Dead (the server answered with an error)", dead),
        ("Moved (redirected; update the URL)", moved),
        ("Unreachable (no answer: the host is gone or the network failed; see next week)", unreachable),
    )
    for title, found in sections:
        if found:
            lines += [f"## {title}", ""] + [f"- {u}: {why} (cited in {', '.join(sorted(cited[u]))})" for u, why in found] + [""]
    if unchecked:
        lines += ["## Not reported by LinkChecker (check by hand)", ""] + [f"- {u}" for u in unchecked] + [""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=str(ROOT / ".cache" / "linkcheck-external"), help="report folder")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)], cwd=ROOT)
        if build.returncode != 0:
            return 2
        from mkdocs.config import load_config

        own_host = urlsplit(load_config(str(ROOT / "mkdocs.yml")).site_url or "").hostname
        cited = collect(site, own_host)
    listing = out / "sources.html"
    items = "".join(f'<li><a href="{html.escape(u)}">{html.escape(u)}</a></li>' for u in sorted(cited))
    listing.write_text(f"<!doctype html><meta charset=utf-8><title>sources</title><ul>{items}</ul>", encoding="utf-8")
    (out / "linkcheckerrc").write_text(RC, encoding="utf-8")
    result_csv = out / "linkchecker.csv"
    run = subprocess.run(
        [
            str(Path(sys.executable).parent / "linkchecker"),
            "-f",
            str(out / "linkcheckerrc"),
            "--check-extern",
            "-r1",
            "--no-status",
            "-o",
            "csv/utf-8",
            listing.as_uri(),
        ],
        capture_output=True,
        text=True,
    )
    # CSV on standard output: as root, LinkChecker drops to user nobody, who may not write files here
    if "urlname" not in run.stdout:
        print(run.stdout[-2000:], run.stderr[-2000:], file=sys.stderr)
        return 2
    result_csv.write_text(run.stdout, encoding="utf-8")
    report = summarise(cited, run.stdout)
    (out / "report.md").write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
