#!/usr/bin/env python3
"""Measure what the site costs to build and what a reader's browser pays for it.

    python scripts/bench.py                  everything below on the real site
    python scripts/bench.py --pages 400      the build figures for a copy with 400 synthetic pages
                                             per language (to see how cost grows)
    python scripts/bench.py --runs 5 --skip-browser --skip-lighthouse

Prints: build time (median of --runs), peak memory, pages per language, HTML bytes, search index
bytes (raw, gzip) per language; in Chromium: search latency (median, p95, key press to results),
bytes moved by the first load of / and /contact/phone/ in each language before search is used;
Lighthouse (mobile) scores for the home page and one FAQ page; the number checker's test count.
Figures, not assertions: tests never time anything.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from kb.site import ROOT

ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1")
LANG_ROOT = {"zh-Hans": "", "zh-Hant": "zh-Hant/"}


def kb(n: float) -> str:
    return f"{n / 1024:.1f} KB"


# --- build -----------------------------------------------------------------------------------


def build(project: Path, site: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)], cwd=project, env=ENV, check=True)
    return time.perf_counter() - start


def synthetic_copy(pages: int) -> Path:
    """A copy of the project with PAGES extra Chinese pages per language, in the nav as a tab."""
    import jieba
    import opencc

    project = Path(tempfile.mkdtemp(prefix="kb-bench-")) / "project"
    shutil.copytree(
        ROOT, project, ignore=shutil.ignore_patterns(".venv", "site", ".git", "node_modules", ".cache", "__pycache__")
    )
    (project / ".cache").symlink_to(ROOT / ".cache")
    words = [
        line.split(" ")[0]
        for line in (Path(jieba.__file__).parent / "dict.txt").read_text(encoding="utf-8").splitlines()[:60000:7]
    ]
    rng = random.Random(42)
    s2twp = opencc.OpenCC("s2twp")
    nav = {"zh-Hans": [], "zh-Hant": []}
    for i in range(pages):
        paragraphs = []
        for _ in range(6):
            sentence = "".join(rng.choice(words) for _ in range(60))
            paragraphs.append("，".join(sentence[k : k + 20] for k in range(0, len(sentence), 20)) + "。")
        body = (
            f"# 知识条目 {i:04d}\n\n## 说明 {{ #about }}\n\n"
            + "\n\n".join(paragraphs[:3])
            + "\n\n## 细节 {{ #details }}\n\n"
            + "\n\n".join(paragraphs[3:])
            + "\n"
        )
        for lang, text in (("zh-Hans", body), ("zh-Hant", s2twp.convert(body))):
            path = project / "docs" / lang / "kb" / f"p{i:04d}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            nav[lang].append(f"{lang}/kb/p{i:04d}.md")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    # Volumes of 100 pages, groups of 25: with navigation.prune a page carries only its own group.
    for lang, title, volume, group in (("zh-Hans", "知识库", "卷", "组"), ("zh-Hant", "知識庫", "卷", "組")):
        volumes = []
        for v in range(0, pages, 100):
            groups = []
            for g in range(v, min(v + 100, pages), 25):
                items = "".join(f"\n                        - {p}" for p in nav[lang][g : g + 25])
                groups.append(f"\n                    - {group} {g // 25 + 1}:{items}")
            volumes.append(f"\n                - {volume} {v // 100 + 1}:{''.join(groups)}")
        anchor = f"            - 首{'页' if lang == 'zh-Hans' else '頁'}: {lang}/index.md\n"
        config = config.replace(anchor, anchor + f"            - {title}:{''.join(volumes)}\n", 1)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    return project


def site_figures(site: Path) -> dict:
    out = {}
    for lang, prefix in LANG_ROOT.items():
        base = site / prefix if prefix else site
        pages = [p for p in base.rglob("index.html") if lang == "zh-Hant" or "zh-Hant" not in p.relative_to(site).parts]
        index = (base / "search" / "search_index.json").read_bytes()
        out[lang] = {
            "pages": len(pages),
            "html_bytes": sum(p.stat().st_size for p in pages),
            "index_bytes": len(index),
            "index_gzip": len(gzip.compress(index, 9)),
        }
    return out


def bench_build(project: Path, runs: int) -> dict:
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(runs):
            times.append(build(project, Path(tmp) / f"site{n}"))
        figures = site_figures(Path(tmp) / "site0")
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"median_s": statistics.median(times), "runs": [round(t, 2) for t in times], "peak_mb": peak_mb, "languages": figures}


# --- browser ---------------------------------------------------------------------------------


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serve like a static host does (GitHub Pages compresses text)."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if (
            "gzip" in self.headers.get("Accept-Encoding", "")
            and os.path.isfile(path)
            and re.search(r"\.(html|css|js|json|xml|svg)$", path)
        ):
            data = gzip.compress(Path(path).read_bytes(), 6)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(path))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            return __import__("io").BytesIO(data)
        return super().send_head()


def serve(site: Path):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def page_weights(browser, base: str) -> dict:
    """Compressed bytes each first load moves before the search box is used (a fresh cache)."""
    out = {}
    for _lang, prefix in LANG_ROOT.items():
        for path in ("", "contact/phone/"):
            context = browser.new_context()
            page = context.new_page()
            sizes = []
            page.on(
                "requestfinished",
                lambda req, sizes=sizes: sizes.append(
                    (req.url, req.sizes()["responseBodySize"] + req.sizes()["responseHeadersSize"])
                ),
            )
            page.goto(base + "/" + prefix + path)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(300)
            out[f"/{prefix}{path}"] = {
                "bytes": sum(s for _, s in sizes),
                "requests": len(sizes),
                "search_index_loaded": any("search_index" in u for u, _ in sizes),
            }
            context.close()
    return out


def search_latency(browser, base: str) -> dict:
    import yaml

    from kb import browser as searchlib

    queries = yaml.safe_load((ROOT / "tests" / "search_queries.yml").read_text(encoding="utf-8"))
    out = {}
    for lang, prefix in LANG_ROOT.items():
        page = browser.new_page()
        page.goto(base + "/" + prefix)
        searchlib.open_search(page)
        searchlib.search(page, "客服")  # warm up: the first query loads the index
        times = [searchlib.search(page, str(q["q"]))[1] for q in queries[lang]]
        times.sort()
        out[lang] = {
            "queries": len(times),
            "median_ms": statistics.median(times),
            "p95_ms": times[max(0, int(len(times) * 0.95) - 1)],
        }
        page.close()
    return out


def lighthouse(base: str, runs: int = 3) -> dict:
    """Median score of RUNS Lighthouse runs per page (single runs vary by several points)."""
    binary = ROOT / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        return {"error": "node_modules/.bin/lighthouse missing: run make bench (npm ci)"}
    from kb import browser as searchlib

    flags = " ".join(searchlib.CHROMIUM_ARGS)
    out = {}
    for path in ("/", "/faq/refund/", "/zh-Hant/", "/zh-Hant/faq/refund/"):
        scores: dict[str, list[int]] = {}
        for _ in range(runs):
            with tempfile.TemporaryDirectory() as profile:
                report = Path(profile) / "report.json"
                subprocess.run(
                    [
                        str(binary),
                        base + path,
                        "--quiet",
                        "--output=json",
                        f"--output-path={report}",
                        "--form-factor=mobile",
                        "--only-categories=performance,accessibility,best-practices,seo",
                        f"--chrome-flags={flags} --user-data-dir={profile}/ud",
                    ],
                    env=dict(ENV, CHROME_PATH=searchlib.CHROMIUM),
                    capture_output=True,
                    timeout=240,
                )
                if report.exists():
                    for k, v in json.loads(report.read_text())["categories"].items():
                        scores.setdefault(k, []).append(round((v.get("score") or 0) * 100))
        out[path] = {k: statistics.median(v) for k, v in scores.items()} if scores else {"error": "lighthouse produced no report"}
        if scores:
            out[path]["runs"] = len(scores["performance"])
    return out


def checker_test_count() -> int:
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "tests/test_number_checker.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    match = re.search(r"(\d+) tests? collected", result.stdout)
    return int(match.group(1)) if match else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pages", type=int, default=0, help="build a copy with N synthetic pages per language")
    parser.add_argument("--skip-browser", action="store_true")
    parser.add_argument("--skip-lighthouse", action="store_true")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()

    project = synthetic_copy(args.pages) if args.pages else ROOT
    figures = {"build": bench_build(project, args.runs)}
    b = figures["build"]
    print(
        f"build: median {b['median_s']:.2f} s over {len(b['runs'])} runs {b['runs']}, peak memory {b['peak_mb']:.0f} MB"
        + (f" ({args.pages} synthetic pages per language added)" if args.pages else "")
    )
    for lang, f in b["languages"].items():
        print(
            f"  {lang}: {f['pages']} pages, HTML {kb(f['html_bytes'])}, search index {kb(f['index_bytes'])} raw / {kb(f['index_gzip'])} gzip"
        )

    if not args.skip_browser and not args.pages:
        import searchlib
        from playwright.sync_api import sync_playwright

        with tempfile.TemporaryDirectory() as tmp:
            site = Path(tmp) / "site"
            build(ROOT, site)
            httpd, base = serve(site)
            with sync_playwright() as p:
                browser = searchlib.launch(p)
                figures["weights"] = page_weights(browser, base)
                figures["search"] = search_latency(browser, base)
                browser.close()
            print("first load, bytes over the wire (gzip) before search is used:")
            for path, w in figures["weights"].items():
                print(
                    f"  {path:24} {kb(w['bytes']):>10} in {w['requests']} requests{' (search index loaded!)' if w['search_index_loaded'] else ''}"
                )
            print("search latency in Chromium (key press to results):")
            for lang, s in figures["search"].items():
                print(f"  {lang}: median {s['median_ms']:.0f} ms, p95 {s['p95_ms']:.0f} ms over {s['queries']} queries")
            if not args.skip_lighthouse:
                figures["lighthouse"] = lighthouse(base)
                print("Lighthouse, mobile, median of 3 runs (performance / accessibility / best practices / SEO):")
                for path, scores in figures["lighthouse"].items():
                    if "error" in scores:
                        print(f"  {path:24} {scores['error']}")
                    else:
                        print(
                            f"  {path:24} {scores.get('performance')} / {scores.get('accessibility')} / {scores.get('best-practices')} / {scores.get('seo')}"
                        )
            httpd.shutdown()
        figures["checker_tests"] = checker_test_count()
        print(f"number checker: {figures['checker_tests']} tests in tests/test_number_checker.py")
    if args.pages:
        shutil.rmtree(project.parent, ignore_errors=True)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
