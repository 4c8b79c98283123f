#!/usr/bin/env python3
"""Measure what the site costs to build and what a reader's browser pays for it.

    python scripts/bench.py                  everything below on the real site
    python scripts/bench.py --sizes 0,466    the build comparison with 0 and 466 synthetic pages
                                             added per language (the default)
    python scripts/bench.py --runs 5 --skip-browser --scale --lighthouse --json figures.json

Prints: build time (median of --runs) and peak memory against a plain Material site built the
same way, at each size; pages per language, HTML bytes, search index bytes per language; in
Chromium: search latency over the whole query set (key press to rendered results, median and
p95, typed after a pause and in a burst), bytes moved by the first load of / and
/contact/phone/ in each language before search is used; with --lighthouse, Lighthouse (mobile)
scores.
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
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from kb.site import LANGS, ROOT, lang_prefix

ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1")


def kb(n: float) -> str:
    return f"{n / 1024:.1f} KB"


# --- build -----------------------------------------------------------------------------------


def build(project: Path, site: Path) -> tuple[float, float]:
    """Build PROJECT into SITE; return (seconds, peak resident memory of that build in MiB)."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)], cwd=project, env=ENV)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"the build of {project} failed")
    return elapsed, usage.ru_maxrss / 1024


def _copy_project(pages: int) -> Path:
    project = Path(tempfile.mkdtemp(prefix="kb-bench-")) / "project"
    ignore = shutil.ignore_patterns(".venv", "site", ".git", "node_modules", ".cache", "__pycache__", "*.egg-info")
    shutil.copytree(ROOT, project, ignore=ignore)
    if pages:
        _add_synthetic_pages(project, pages)
    return project


def _add_synthetic_pages(project: Path, pages: int) -> None:
    """PAGES extra Chinese pages per language (random dictionary words, zh-Hant by OpenCC), in the
    nav as a tab of volumes of 100 pages in groups of 25."""
    import opencc

    words = _word_list()
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


def _word_list() -> list[str]:
    """Common Chinese words for synthetic pages: jieba's dictionary (pinned for the baseline),
    without numerals: runs of 一二三… read as phone numbers, and the contact guard would stop the
    build, as it should."""
    import jieba

    from kb.checks.normalise import NUMERALS

    lines = (Path(jieba.__file__).parent / "dict.txt").read_text(encoding="utf-8").splitlines()
    words = (line.split(" ")[0] for line in lines[:60000:7])
    return [w for w in words if not any(c in NUMERALS or c.isdigit() for c in w)]


PLAIN_DROP = ("hooks", "watch", "extra_css", "validation")


def plain_baseline(project: Path) -> Path:
    """The same pages and nav as PROJECT on a plain setup: Material + mkdocs-static-i18n + Material's
    search with jieba when it is installed; none of this project's hooks, templates or plugins."""
    import yaml

    plain = project.parent / "plain"
    shutil.copytree(project / "docs", plain / "docs")
    for extra in ("assets",):
        shutil.rmtree(plain / "docs" / extra, ignore_errors=True)

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    config = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    i18n = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    for lang in i18n["languages"]:
        lang.pop("theme", None), lang.pop("extra", None)
    out = {
        "site_name": config["site_name"],
        "site_url": "https://example.invalid/",
        "docs_dir": "docs",
        # Material ships no zh-Hans strings: the one template every zh-Hans site needs (see toolchain notes)
        "theme": {
            "name": "material",
            "custom_dir": "overrides",
            "language": "zh",
            "font": False,
            "features": config["theme"]["features"],
        },
        "plugins": ["search", {"i18n": i18n}],
        "markdown_extensions": [
            m for m in config["markdown_extensions"] if not (isinstance(m, dict) and ("toc" in m or "pymdownx.emoji" in m))
        ]
        + ["toc"],
    }
    (plain / "mkdocs.yml").write_text(yaml.safe_dump(out, allow_unicode=True, sort_keys=False), encoding="utf-8")
    partial = plain / "overrides" / "partials" / "languages" / "zh-Hans.html"
    partial.parent.mkdir(parents=True)
    partial.write_text('{% import "partials/languages/zh.html" as base %}{% macro t(key) %}{{ base.t(key) }}{% endmacro %}\n')
    return plain


def compare_builds(pages: int, runs: int) -> dict:
    """Median time and peak memory of this site and of its plain baseline, same pages, same run.
    The builds alternate (site, plain, site, plain …) so that a machine that slows down or speeds
    up during the run weighs on both alike."""
    project = _copy_project(pages)
    plain = plain_baseline(project)
    out = {"pages_added": pages}
    results: dict[str, list[tuple[float, float]]] = {"site": [], "plain": []}
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(runs):
            for name, where in (("site", project), ("plain", plain)):
                results[name].append(build(where, Path(tmp) / f"{name}{n}"))
        for name, got in results.items():
            out[name] = {
                "median_s": statistics.median(t for t, _ in got),
                "peak_mib": max(m for _, m in got),
                "runs": [round(t, 2) for t, _ in got],
            }
        out["pages_per_language"] = site_figures(Path(tmp) / "site0")["zh-Hans"]["pages"]
        out["languages"] = site_figures(Path(tmp) / "site0")
    out["time_ratio"] = out["site"]["median_s"] / out["plain"]["median_s"]
    out["memory_ratio"] = out["site"]["peak_mib"] / out["plain"]["peak_mib"]
    shutil.rmtree(project.parent, ignore_errors=True)
    return out


def site_figures(site: Path) -> dict:
    """Pages and HTML bytes per language, and the search data a reader may fetch (Pagefind)."""
    from kb.search.pagefind_index import bundle_sizes

    search = bundle_sizes(site) if (site / "pagefind").exists() else {}
    out = {}
    for lang, prefix in zip(LANGS, map(lang_prefix, LANGS)):
        base = site / prefix if prefix else site
        pages = [p for p in base.rglob("index.html") if lang == "zh-Hant" or "zh-Hant" not in p.relative_to(site).parts]
        found = search.get(lang, {})
        out[lang] = {
            "pages": len(pages),
            "html_bytes": sum(p.stat().st_size for p in pages),
            "index_bytes": found.get("index_bytes", 0),
            "fragment_bytes": found.get("fragment_bytes", 0),
        }
    return out


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
    for prefix in map(lang_prefix, LANGS):
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
                "search_index_loaded": any("/pagefind/" in u for u, _ in sizes),
            }
            context.close()
    return out


BURST_GAP_MS = 5  # in a burst, the last character comes this long after the rest of the query


def search_latency(browser, base: str) -> dict:
    """Key press to rendered results over the whole query set, per language, typed two ways
    (kb.browser.typing_latency): after a pause (the previous results drawn) and in a burst (the
    last character BURST_GAP_MS after the rest, while that search runs)."""
    import yaml

    from kb import browser as searchlib

    queries = yaml.safe_load((ROOT / "tests" / "search_queries.yml").read_text(encoding="utf-8"))
    out = {}
    for lang, prefix in zip(LANGS, map(lang_prefix, LANGS)):
        out[lang] = {"queries": len(queries[lang])}
        for mode, gap in (("pause", None), ("burst", BURST_GAP_MS)):
            page = browser.new_page()  # a new page each time: the box keeps what it has found
            page.goto(base + "/" + prefix)
            searchlib.open_search(page)
            searchlib.search(page, "客服")  # warm up: the first query loads the index
            times = sorted(searchlib.typing_latency(page, [str(q["q"]) for q in queries[lang]], gap))
            out[lang][mode] = {
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


TIME_BOUND, MEMORY_BOUND = 1.2, 1.5  # the engineering issue's bounds against the plain site


def print_build(c: dict) -> None:
    site, plain = c["site"], c["plain"]
    ok = c["time_ratio"] <= TIME_BOUND and c["memory_ratio"] <= MEMORY_BOUND
    print(
        f"  {c['pages_per_language']:>5} pages/language: this site {site['median_s']:.2f} s, {site['peak_mib']:.0f} MiB;"
        f" plain {plain['median_s']:.2f} s, {plain['peak_mib']:.0f} MiB;"
        f" ratio time {c['time_ratio']:.2f}x (<= {TIME_BOUND}), memory {c['memory_ratio']:.2f}x (<= {MEMORY_BOUND})"
        f" {'within bounds' if ok else 'OVER BOUNDS'}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="builds per measurement (median time, max memory)")
    parser.add_argument(
        "--sizes",
        default="0,466",
        help="synthetic pages added per language for each comparison (0 = the site as it is; 466 = 500 pages)",
    )
    parser.add_argument("--scale", action="store_true", help="also build this site with 216, 466 and 966 added pages (growth)")
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--skip-browser", action="store_true")
    parser.add_argument("--lighthouse", action="store_true", help="also run Lighthouse (needs npm: node_modules)")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    figures: dict = {}

    if not args.skip_build:
        print(f"build cost against a plain Material + mkdocs-static-i18n + search site (median of {args.runs}, peak memory):")
        figures["builds"] = []
        for pages in (int(n) for n in args.sizes.split(",")):
            figures["builds"].append(compare_builds(pages, args.runs))
            print_build(figures["builds"][-1])
        if args.scale:
            print("growth of this site's build (one run each):")
            figures["scale"] = []
            for pages in (0, 216, 466, 966):
                project = _copy_project(pages)
                with tempfile.TemporaryDirectory() as tmp:
                    seconds, mib = build(project, Path(tmp) / "site")
                    total = site_figures(Path(tmp) / "site")["zh-Hans"]["pages"]
                shutil.rmtree(project.parent, ignore_errors=True)
                figures["scale"].append({"pages_per_language": total, "seconds": seconds, "peak_mib": mib})
                print(f"  {total:>5} pages/language: {seconds:.2f} s, {mib:.0f} MiB, {1000 * seconds / total:.1f} ms per page")

    if not args.skip_browser:
        from playwright.sync_api import sync_playwright

        from kb import browser as chromium

        with tempfile.TemporaryDirectory() as tmp:
            site = Path(tmp) / "site"
            build(ROOT, site)
            httpd, base = serve(site)
            with sync_playwright() as p:
                browser = chromium.launch(p)
                figures["weights"] = page_weights(browser, base)
                figures["search"] = search_latency(browser, base)
                browser.close()
            print("first load, bytes over the wire (gzip) before search is used:")
            for path, w in figures["weights"].items():
                loaded = " (search bundle loaded before search was opened!)" if w["search_index_loaded"] else ""
                print(f"  {path:24} {kb(w['bytes']):>10} in {w['requests']} requests{loaded}")
            print("search latency in Chromium (key press to rendered results):")
            for lang, s in figures["search"].items():
                pause, burst = s["pause"], s["burst"]
                print(
                    f"  {lang} ({s['queries']} queries): after a pause median {pause['median_ms']:.0f} ms, "
                    f"p95 {pause['p95_ms']:.0f} ms; in a burst ({BURST_GAP_MS} ms after the rest) median {burst['median_ms']:.0f} ms, "
                    f"p95 {burst['p95_ms']:.0f} ms"
                )
            if args.lighthouse:
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
    if args.json:
        Path(args.json).write_text(json.dumps(figures, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
