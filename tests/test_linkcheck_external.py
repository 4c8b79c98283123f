"""The weekly external source report, from LinkChecker's CSV (no network: the CSV is made up)."""

from __future__ import annotations

from kb.linkcheck_external import summarise

HEADER = "# created by LinkChecker\nurlname;parentname;base;result;warningstring;infostring;valid;url;line;column;name\n"


def row(url, result, valid, real=None):
    return f'{url};file:///x;;"{result}";;;{valid};{real or url};1;1;{url}\n'


def test_dead_moved_unreachable_and_fine_sources_are_told_apart():
    cited = {
        u: {"data/channels.yml"} for u in ("https://a.example/", "https://b.example/", "https://c.example/", "https://d.example/")
    }
    cited["https://e.example/"] = {"faq/refund/index.html"}
    csv_text = HEADER + (
        row("https://a.example/", "200 OK", "True")
        + row("https://b.example/", "404 Not Found", "False")
        + row("https://c.example/", "301 Moved", "True", "https://c.example/new/")
        + row("https://d.example/", "ConnectionError: NameResolutionError(x)", "False")
    )
    report = summarise(cited, csv_text)
    assert report.splitlines()[0] == "# External sources: 5 URLs: 1 fine, 1 moved, 1 dead, 1 unreachable, 1 not reported"
    assert "- https://b.example/: 404 Not Found (cited in data/channels.yml)" in report
    assert "- https://c.example/: https://c.example/new/ (cited in data/channels.yml)" in report
    assert "## Not reported by LinkChecker (check by hand)\n\n- https://e.example/" in report
    assert "no network" not in report


def test_a_run_without_network_says_so_instead_of_calling_sources_dead():
    cited = {"https://a.example/": {"x"}}
    report = summarise(cited, HEADER + row("https://a.example/", "ConnectionError: NameResolutionError(x)", "False"))
    assert "probably has no network" in report and "## Dead" not in report
