"""data/channels.yml: the schema, each kind of bad data, and what the build makes from it."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from conftest import ENV, run_build
from kb.data import channels
from kb.render import tables
from kb.site import ROOT

GOOD = (ROOT / "data" / "channels.yml").read_text(encoding="utf-8")


def test_the_data_file_is_valid():
    data = channels.load()
    assert len(data.channels) >= 40
    ids = [ch.id for ch in data.channels]
    assert len(ids) == len(set(ids))


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


# (name, how to break the good file, expected field in the message, the line the message must name)
BAD_CASES = [
    (
        "malformed-yaml",
        lambda t: t.replace("  - id: taobao-hotline\n", "  - id: [taobao-hotline\n", 1),
        "malformed YAML",
        "  - id: [taobao-hotline",
    ),
    (
        "unknown-field",
        lambda t: t.replace(
            '    kind: phone\n    value: "9510211"\n', '    kind: phone\n    fax: "1"\n    value: "9510211"\n', 1
        ),
        "fax: unknown field 'fax'",
        '    fax: "1"',
    ),
    (
        "missing-language",
        lambda t: re.sub(r"(  - id: taobao-vip-line\n(?:.*\n)*?)    zh-Hant:\n(?:      .*\n)+", r"\1", t, count=1),
        "zh-Hant: missing field 'zh-Hant'",
        "  - id: taobao-vip-line",
    ),
    (
        "invalid-phone",
        lambda t: t.replace('value: "95188"', 'value: "95188-1234"', 1),
        "value: '95188-1234' is not a valid phone number",
        'value: "95188-1234"',
    ),
    (
        "missing-source",
        lambda t: re.sub(r"    sources:\n(?:      - url: .*\n(?:        .*\n)+)+", "    sources: []\n", t, count=1),
        "sources: List should have at least 1 item",
        "    sources: []",
    ),
    (
        "duplicate-id",
        lambda t: t.replace("  - id: taobao-vip-line\n", "  - id: taobao-hotline\n", 1),
        "id: duplicate id 'taobao-hotline'",
        '  - id: taobao-hotline\n    kind: phone\n    value: "9510288"',
    ),
    (
        "bad-date",
        lambda t: re.sub(r"    sources_read: \S+", "    sources_read: 2026-13-45", t, count=1),
        "sources_read:",
        "    sources_read: 2026-13-45",
    ),
    (
        "bad-status",
        lambda t: t.replace("    status: not-taobao\n", "    status: fake\n", 1),
        "status: Input should be",
        "    status: fake",
    ),
    (
        "duplicate-key",
        lambda t: t.replace(
            '    kind: phone\n    value: "9510211"\n', '    kind: phone\n    kind: phone\n    value: "9510211"\n', 1
        ),
        "duplicate key 'kind'",
        '    kind: phone\n    value: "9510211"',
    ),
    (
        "unknown-recommended-channel",
        lambda t: t.replace("channels: [taobao-app-service]\n", "channels: [no-such-channel]\n", 1),
        "recommendations[0].channels[0]: unknown channel id 'no-such-channel'",
        "channels: [no-such-channel]",
    ),
]


@pytest.mark.parametrize("name,breaker,expected,anchor", BAD_CASES, ids=[c[0] for c in BAD_CASES])
def test_bad_data_is_reported_with_file_line_and_field(tmp_path, name, breaker, expected, anchor):
    bad = breaker(GOOD)
    assert bad != GOOD, f"test case {name} did not change the file"
    path = tmp_path / "channels.yml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(channels.DataError) as info:
        channels.load(path)
    message = str(info.value)
    line = _line_of(bad, anchor)
    assert message.startswith(f"{path}:{line}: "), f"expected {path}:{line}: …, got {message}"
    assert expected in message, message


def test_a_bad_data_file_stops_the_build_and_writes_nothing(tmp_path):
    """Copy the project, break the data, build over an existing site/: it must fail and leave site/ alone."""
    project = tmp_path / "project"
    shutil.copytree(
        ROOT, project, ignore=shutil.ignore_patterns(".venv", "site", ".git", "node_modules", "__pycache__", ".pytest_cache")
    )
    site = project / "site"
    site.mkdir()
    (site / "index.html").write_text("old site", encoding="utf-8")
    data = project / "data" / "channels.yml"
    data.write_text(GOOD.replace("    status: not-taobao\n", "    status: fake\n", 1), encoding="utf-8")
    result = run_build(site, config=project / "mkdocs.yml", cwd=project)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert re.search(r"data/channels\.yml:\d+: channels\[\d+\]\.status: ", output), output[-2000:]
    assert [p.name for p in site.iterdir()] == ["index.html"] and (site / "index.html").read_text() == "old site"


def test_generated_output_is_reproducible(tmp_path):
    runs = []
    for n in (1, 2):
        out = tmp_path / f"gen{n}"
        subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "kb.py"), "generate", str(out)], check=True, env=ENV, capture_output=True
        )
        runs.append({str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()})
    assert runs[0] == runs[1]
    assert len(runs[0]) == 1 + 2 * len(tables.TABLES)


def test_generated_tables_in_both_languages_show_every_phone_with_its_status(site):
    data = channels.load()
    for lang, base in (("zh-Hans", site), ("zh-Hant", site / "zh-Hant")):
        page = (base / "contact" / "index.html").read_text(encoding="utf-8")
        labels = tables.T[lang]["status"]
        for ch in data.channels:
            row = re.search(rf'<tr id="ch-{ch.id}">(.*?)</tr>', page, re.S)
            assert row, f"{lang} /contact/: no row for {ch.id}"
            assert labels[ch.status] in row.group(1), f"{lang} /contact/: {ch.id} does not show its status {labels[ch.status]}"
            if ch.value:
                assert tables.esc(tables.display_value(ch)) in row.group(1), f"{lang} /contact/: {ch.id} does not show its value"


def test_tel_links_only_for_official_and_reported_numbers(site):
    data = channels.load()
    allowed = {tables.tel_uri(ch) for ch in data.channels if ch.kind == "phone" and ch.status in channels.CALLABLE}
    # the same number can be two entries (110 on the mainland and in Taiwan): a link dials the number,
    # so it is forbidden only when no entry with that number may have one
    forbidden = {
        tables.tel_uri(ch): ch.id
        for ch in data.channels
        if ch.kind == "phone" and ch.status not in channels.CALLABLE and tables.tel_uri(ch) not in allowed
    }
    seen = 0
    for path in site.rglob("*.html"):
        for uri in re.findall(r'href="(tel:[^"]*)"', path.read_text(encoding="utf-8")):
            seen += 1
            assert uri not in forbidden, (
                f"{path.relative_to(site)}: {uri} is a tel: link to {forbidden[uri]}, whose status does not allow one"
            )
            assert uri in allowed, f"{path.relative_to(site)}: {uri} is not a number from data/channels.yml"
    assert seen > 0


def test_every_non_callable_value_is_shown_with_its_warning(site):
    """Wherever a not-taobao/unverified/defunct value appears in a page body, its status is right next to it."""
    data = channels.load()
    risky = [ch for ch in data.channels if ch.value and ch.status not in channels.CALLABLE]
    for path in site.rglob("index.html"):
        text = path.read_text(encoding="utf-8")
        for ch in risky:
            shown = tables.esc(tables.display_value(ch))
            for m in re.finditer(re.escape(f'<span class="kb-ch kb-ch--warn">{shown}</span>'), text):
                after = text[m.end() : m.end() + 400]
                assert f"kb-status--{ch.status}" in after, f"{path.relative_to(site)}: {ch.value} is shown without its status"


def test_json_export_is_published_once_for_both_languages(site):
    export = site / "assets" / "data" / "channels.json"
    assert export.exists()
    assert export.read_text(encoding="utf-8") == tables.export_json(channels.load())
