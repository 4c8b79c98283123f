"""Load and validate data/channels.yml, the single source of every contact value.

Errors name the file, the line and the field: ``data/channels.yml:42: channels[3].status: ...``.
Nothing here writes files; callers decide what to do with a valid ``DataFile``.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

import phonenumbers
import yaml
from phonenumbers import shortnumberinfo
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from kb.checks import detect, normalise
from kb.checks.normalise import url_key
from kb.data import allowlist
from kb.site import DATA_FILE, LANGS, ROOT, display_path  # noqa: F401  (re-exported)

Status = Literal["official", "reported", "unverified", "not-taobao", "defunct"]
Kind = Literal["phone", "online", "app", "email", "web", "social", "service"]
Region = Literal["cn", "tw", "hk", "mo", "intl"]
Purpose = Literal["customer-service", "seller", "complaint", "anti-fraud", "police"]
Hours = Literal["24h", "office", "unknown", "disputed", "n/a"]

# Statuses whose phone numbers may be offered as a tap-to-call link.
CALLABLE = ("official", "reported")
PHONE_REGION = {"cn": "CN", "tw": "TW", "hk": "HK", "mo": "MO", "intl": "CN"}
CN_SERVICE_NUMBER = normalise.CN_SERVICE_NUMBER
# Code hosts: a different owner (first path segment) is a different origin.
CODE_HOSTS = {
    "github.com": "github",
    "raw.githubusercontent.com": "github",
    "gist.github.com": "github",
    "gitee.com": "gitee",
    "huggingface.co": "huggingface",
    "gitlab.com": "gitlab",
}

Id = Annotated[str, Field(pattern=r"^[a-z]+(-[a-z]+)*$")]
# Characters no text field may hold: controls, bidi controls, zero-width and invisible fillers.
BAD_CHARS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u115f\u1160\u3164\uffa0\u180e\u00ad]"
)
# Markdown and HTML syntax: data text is shown as text, so it never needs them.
MARKUP = re.compile(
    r"[<>`]|\[[^\]]*\]\(|\]\[|\*\*|__|!\[|&[#A-Za-z0-9]+;|^\s*(?:#{1,6}\s|[-+*]\s|>\s|\d+\.\s)|\{\s*[#:]|\[\[|\]\]"
)


def _text(limit: int):
    def check(value: str) -> str:
        m = BAD_CHARS.search(value)
        if m:
            raise ValueError(f"holds an invisible or control character U+{ord(m.group(0)):04X}: remove it")
        m = MARKUP.search(value)
        if m:
            raise ValueError(f"holds Markdown or HTML ({m.group(0).strip()!r}): data text is plain text, shown as written")
        if len(value) > limit:
            raise ValueError(f"is {len(value)} characters long (at most {limit})")
        if value != value.strip():
            raise ValueError("starts or ends with white space")
        return value

    return Annotated[str, Field(min_length=1), AfterValidator(check)]


Name = _text(80)
Short = _text(200)
Prose = _text(600)
SourceUrl = Annotated[str, Field(pattern=r"^https?://[^\s<>\"'`]+$", max_length=500)]
WebUrl = Annotated[str, Field(pattern=r"^https://[^\s<>\"'`]+$", max_length=300)]
Date = Annotated[dt.date, AfterValidator(lambda d: _not_future(d))]


def _not_future(day: dt.date) -> dt.date:
    # "today" anywhere on earth (UTC+14), so that a date written in Asia today is never "future"
    latest = (dt.datetime.now(dt.UTC) + dt.timedelta(hours=14)).date()
    if day > latest:
        raise ValueError(f"{day.isoformat()} is in the future")
    return day


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Titles(Strict):
    zh_Hans: Short = Field(alias="zh-Hans")
    zh_Hant: Short = Field(alias="zh-Hant")

    def get(self, lang: str) -> str:
        return self.zh_Hans if lang == "zh-Hans" else self.zh_Hant


class Source(Strict):
    # http is accepted for sources (and references) only: they are citations of pages that exist
    # only over http (news sites in the fact base), never a contact channel. Values are https only.
    url: SourceUrl
    title: Titles
    date: Literal["undated"] | Date


class Verified(Strict):
    """A live verification that really happened (someone called or wrote), with how."""

    date: Date
    method: Short


class ChannelText(Strict):
    name: Name
    summary: Prose  # what it is for
    how: Prose | None = None  # how to use it
    notes: Prose | None = None
    claim: Prose | None = None  # what it circulates as, for values that are not what they seem
    hours_note: Short | None = None


class Channel(Strict):
    id: Id
    kind: Kind
    value: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    status: Status
    purpose: Purpose
    regions: Annotated[list[Region], Field(min_length=1)]
    hours: Hours
    sources: Annotated[list[Source], Field(min_length=1, max_length=12)]
    sources_read: Date
    verified: Verified | None = None
    zh_Hans: ChannelText = Field(alias="zh-Hans")
    zh_Hant: ChannelText = Field(alias="zh-Hant")

    @model_validator(mode="after")
    def _value_fits_kind(self) -> Channel:
        if self.kind in ("phone", "email", "web") and not self.value:
            raise ValueError(f"a {self.kind} channel needs a value")
        if self.value is None:
            return self
        m = BAD_CHARS.search(self.value)
        if m:
            raise ValueError(f"value: holds an invisible or control character U+{ord(m.group(0)):04X}")
        if self.kind == "phone":
            if not re.fullmatch(r"\+?[0-9][0-9 ()\-]*[0-9]", self.value):
                raise ValueError(f"value: {self.value!r} is not a phone number: digits, spaces, '-', '()' and a leading '+' only")
            phone_number(self.value, self.regions[0])  # raises ValueError with the reason
            canonical = canonical_phone(self.value, self.regions[0])
            if self.value != canonical:
                raise ValueError(f"value: write {canonical!r}, the canonical form of {self.value!r}")
        elif self.kind == "email":
            if not re.fullmatch(r"[a-z0-9][a-z0-9._+-]*@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}", self.value):
                raise ValueError(f"value: {self.value!r} is not an e-mail address in lower case")
        elif self.kind == "web" and not re.fullmatch(r"https://[^\s<>\"'`]+", self.value):
            raise ValueError(f"value: {self.value!r} is not an https:// address (web values are https only)")
        return self

    def text(self, lang: str) -> ChannelText:
        return self.zh_Hans if lang == "zh-Hans" else self.zh_Hant


class RecommendationText(Strict):
    problem: Short
    advice: Prose


class Recommendation(Strict):
    id: Id
    channels: Annotated[list[Id], Field(min_length=1)]
    # a site path with more help, e.g. faq/refund/ (never a URL: it is written into an href)
    page: Annotated[str, Field(pattern=r"^(?:[a-z0-9]+(?:-[a-z0-9]+)*/)+$")] | None = None
    zh_Hans: RecommendationText = Field(alias="zh-Hans")
    zh_Hant: RecommendationText = Field(alias="zh-Hant")

    def text(self, lang: str) -> RecommendationText:
        return self.zh_Hans if lang == "zh-Hans" else self.zh_Hant


class Reference(Strict):
    """An external page cited on the site's pages: every external link on a page is one of these."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
    url: SourceUrl
    title: Titles
    date: Literal["undated"] | Date


class Term(Strict):
    """A word pair for search (jieba dictionary, cross-script queries) and the glossary."""

    zh_Hans: Name = Field(alias="zh-Hans")
    zh_Hant: Name = Field(alias="zh-Hant")


class DataFile(Strict):
    channels: Annotated[list[Channel], Field(min_length=1)]
    recommendations: list[Recommendation] = []
    references: list[Reference] = []
    terms: list[Term] = []

    @model_validator(mode="after")
    def _references(self) -> DataFile:
        seen: dict[str, int] = {}
        for i, ch in enumerate(self.channels):
            if ch.id in seen:
                raise DataError.at(("channels", i, "id"), f"duplicate id {ch.id!r} (first used by channels[{seen[ch.id]}])")
            seen[ch.id] = i
        for i, rec in enumerate(self.recommendations):
            for j, ref in enumerate(rec.channels):
                if ref not in seen:
                    raise DataError.at(("recommendations", i, "channels", j), f"unknown channel id {ref!r}")
        return self

    def channel(self, channel_id: str) -> Channel:
        for ch in self.channels:
            if ch.id == channel_id:
                return ch
        raise KeyError(channel_id)


class DataError(ValueError):
    """A problem in the data file, with the path of the field at fault."""

    def __init__(self, message: str, path: tuple = (), line: int | None = None, file: Path = DATA_FILE):
        self.path, self.line, self.file, self.reason = path, line, file, message
        self.more: list[DataError] = []  # further problems found in the same pass
        super().__init__(message)

    @classmethod
    def at(cls, path: tuple, message: str) -> DataError:
        return cls(message, path)

    def __str__(self) -> str:
        where = display_path(self.file) + (f":{self.line}" if self.line else "")
        field = format_path(self.path)
        first = f"{where}: {field + ': ' if field else ''}{self.reason}"
        return "\n".join([first] + [str(e) for e in self.more])


def format_path(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def phone_number(value: str, region: str) -> phonenumbers.PhoneNumber:
    """Parse a phone value for its region; raise ValueError if it is not a dialable number."""
    try:
        number = phonenumbers.parse(value, PHONE_REGION[region])
    except phonenumbers.NumberParseException as exc:
        raise ValueError(f"value: {value!r} is not a phone number ({exc})") from None
    code = phonenumbers.region_code_for_country_code(number.country_code)
    national = str(number.national_number)
    if (
        phonenumbers.is_valid_number(number)
        or shortnumberinfo.is_valid_short_number_for_region(number, code)
        or shortnumberinfo.is_possible_short_number_for_region(number, code)
        or (code == "CN" and CN_SERVICE_NUMBER.fullmatch(national))
    ):
        return number
    raise ValueError(f"value: {value!r} is not a valid phone number for region {region!r}")


def canonical_phone(value: str, region: str) -> str:
    """The one written form of a phone value: the national format of its region for a valid
    number of that region, the international format for another country's, digits for short and
    service numbers (9510211, 110), "+CC national" for other numbers written with a country code."""
    number = phone_number(value, region)
    home = PHONE_REGION[region]
    own = region != "intl" and phonenumbers.region_code_for_number(number) == home  # intl: dialled from abroad
    if phonenumbers.is_valid_number(number):
        fmt = phonenumbers.PhoneNumberFormat.NATIONAL if own else phonenumbers.PhoneNumberFormat.INTERNATIONAL
        return phonenumbers.format_number(number, fmt)
    if value.lstrip().startswith("+") or number.country_code != phonenumbers.country_code_for_region(home):
        return f"+{number.country_code} {number.national_number}"
    return str(number.national_number)


def phone_key(ch: Channel) -> str:
    """The one comparison key of a channel's phone value (see normalise.phone_key)."""
    return normalise.phone_key(ch.value, PHONE_REGION[ch.regions[0]])


def phone_keys(value: str, region: str) -> list[str]:
    """Digit strings a reader might type for this number: with country code, national, with trunk 0."""
    number = phone_number(value, region)
    national = str(number.national_number)
    keys = [normalise.phone_key(value, PHONE_REGION[region]), national]
    if number.country_code in (86, 886) and phonenumbers.is_valid_number(number) and not national.startswith("400"):
        keys.append("0" + national)  # mainland and Taiwan area codes are dialled with a trunk 0
    return list(dict.fromkeys(keys))


# --- rules across fields and entries ---------------------------------------------------------------


def origin(url: str) -> str:
    """Who publishes a URL: its registrable domain, or on a code host the owner's account."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    if host in CODE_HOSTS:
        segments = [p for p in parts.path.split("/") if p]
        if host == "huggingface.co" and segments[:1] in (["datasets"], ["spaces"]):
            segments = segments[1:]
        return f"{CODE_HOSTS[host]}:{segments[0].lower()}" if segments else host
    return detect.registrable(host)


def value_key(ch: Channel) -> str:
    if ch.kind == "phone":
        return "phone:" + phone_key(ch)
    if ch.kind == "web":
        return "web:" + url_key(ch.value)
    return f"{ch.kind}:{ch.value.casefold()}"


def _text_fields(data: DataFile):
    """(path, text, URL of the page it titles or None) of every prose field of the file."""
    for i, ch in enumerate(data.channels):
        for lang in LANGS:
            for field, text in ch.text(lang).model_dump(exclude_none=True).items():
                yield ("channels", i, lang, field), text, None
        for j, src in enumerate(ch.sources):
            for lang in LANGS:
                yield ("channels", i, "sources", j, "title", lang), src.title.get(lang), src.url
        if ch.verified:
            yield ("channels", i, "verified", "method"), ch.verified.method, None
    for i, rec in enumerate(data.recommendations):
        for lang in LANGS:
            for field, text in rec.text(lang).model_dump().items():
                yield ("recommendations", i, lang, field), text, None
    for i, ref in enumerate(data.references):
        for lang in LANGS:
            yield ("references", i, "title", lang), ref.title.get(lang), ref.url
    for i, term in enumerate(data.terms):
        for lang in LANGS:
            yield ("terms", i, lang), term.zh_Hans if lang == "zh-Hans" else term.zh_Hant, None


class Values:
    """Every contact value the data file defines, by the keys the guard compares."""

    def __init__(self, data: DataFile):
        self.phones: dict[str, str] = {}  # phone key -> channel id
        self.emails: dict[str, str] = {}
        self.urls: dict[str, str] = {}  # url_key -> channel id
        self.handles: dict[str, str] = {}
        self.tel: set[str] = set()  # tel: targets the site renders (callable statuses only)
        for ch in data.channels:
            if not ch.value:
                continue
            if ch.kind == "phone":
                self.phones[phone_key(ch)] = ch.id
                for key in phone_keys(ch.value, ch.regions[0]):  # as the export lists them
                    self.phones.setdefault(key, ch.id)
            elif ch.kind == "email":
                self.emails[ch.value.lower()] = ch.id
            elif ch.kind == "web":
                self.urls[url_key(ch.value)] = ch.id
            for hit in detect.find(ch.value):
                if hit.kind == "handle":
                    self.handles[hit.value.casefold()] = ch.id

    def owner(self, hit) -> str | None:
        """The channel id whose value this hit is, or None."""
        if hit.kind == "phone":
            if hit.digits in self.phones:
                return self.phones[hit.digits]
            for region in normalise.REGIONS:
                key = normalise.phone_key(hit.value, region)
                if key in self.phones:
                    return self.phones[key]
            return None
        if hit.kind == "email":
            return self.emails.get(hit.value.lower())
        if hit.kind == "handle":
            return self.handles.get(hit.value.casefold())
        if hit.kind in ("url", "host"):
            value = hit.value if "://" in hit.value else "https://" + hit.value
            return self.urls.get(url_key(value))
        return None


def check_rules(data: DataFile, allow) -> list[tuple[tuple, str]]:
    """Every rule that looks at more than one field: statuses and their sources, unique values,
    contact values where they do not belong. Returns (field path, message) pairs."""
    problems: list[tuple[tuple, str]] = []
    benign = allow.benign_regex()
    values: dict[str, int] = {}
    for i, ch in enumerate(data.channels):
        hosts = [(urlsplit(s.url).hostname or "").lower() for s in ch.sources]
        if ch.status == "official" and not any(allow.is_official(h) for h in hosts):
            problems.append(
                (
                    ("channels", i, "status"),
                    f"'official' needs a source on an official host (data/allowlist.yml official_hosts); "
                    f"{', '.join(sorted(set(hosts)))} is not one: mark it 'reported' (two independent sources) or 'unverified'",
                )
            )
        origins = sorted({origin(s.url) for s in ch.sources})
        if ch.status == "reported" and len(origins) < 2:
            problems.append(
                (
                    ("channels", i, "status"),
                    f"'reported' needs at least 2 sources of different origin; all sources are from {', '.join(origins)}: "
                    "mark it 'unverified' (or add an independent source)",
                )
            )
        if ch.value:
            key = value_key(ch)
            if key in values:
                problems.append(
                    (
                        ("channels", i, "value"),
                        f"{ch.value!r} is already the value of channels[{values[key]}] ({data.channels[values[key]].id})",
                    )
                )
            values.setdefault(key, i)
            allowed_kinds = {"phone": {"phone"}, "email": {"email"}, "web": {"url", "host"}, "social": {"handle", "host"}}
            for hit in detect.find(ch.value, benign):
                if hit.kind not in allowed_kinds.get(ch.kind, set()):
                    problems.append(
                        (
                            ("channels", i, "value"),
                            f"a {ch.kind} value holds a {hit.kind} ({hit.value!r}): each contact value is its own entry of its own kind",
                        )
                    )
                    break
    known = Values(data)
    for path, text, url in _text_fields(data):
        # a text may name a value that is an entry of its own (reviewed, shown with its status)
        hits = [h for h in detect.find(text, benign) if not known.owner(h)]
        if url:  # a title may name the host of its own page
            own = detect.registrable(urlsplit(url).hostname or "")
            hits = [h for h in hits if not (h.kind == "host" and detect.registrable(h.value.split("/")[0]) == own)]
        if hits:
            problems.append(
                (
                    path,
                    f"holds a contact value ({hits[0].kind} {hits[0].value!r}): text fields never do; a value is an entry of its own, shown with its status",
                )
            )
    seen_refs: dict[str, int] = {}
    seen_urls: dict[str, int] = {}
    for i, ref in enumerate(data.references):
        if ref.id in seen_refs:
            problems.append((("references", i, "id"), f"duplicate id {ref.id!r} (first used by references[{seen_refs[ref.id]}])"))
        seen_refs.setdefault(ref.id, i)
        if url_key(ref.url) in seen_urls:
            problems.append((("references", i, "url"), f"{ref.url} is already references[{seen_urls[url_key(ref.url)]}]"))
        seen_urls.setdefault(url_key(ref.url), i)
    return problems


# --- loading ---------------------------------------------------------------------------------


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """A safe loader (libyaml's when PyYAML has it: 0.5 s faster on this file) that rejects
    duplicate keys and remembers where every node starts."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    keys = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in keys:
            raise DataError(f"duplicate key {key!r}", line=key_node.start_mark.line + 1)
        keys.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
# Dates stay strings for the schema to check, so that a bad date is reported with its field.
_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _line_index(node: yaml.Node, path: tuple = (), index: dict | None = None) -> dict:
    """Map every field path to the 1-based line where it starts."""
    index = {} if index is None else index
    index[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            index[path + (key_node.value,)] = key_node.start_mark.line + 1
            _line_index(value_node, path + (key_node.value,), index)
            index[path + (key_node.value,)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _line_index(item, path + (i,), index)
    return index


def _line_for(index: dict, path: tuple) -> int | None:
    while path:
        if path in index:
            return index[path]
        path = path[:-1]
    return index.get(())


def load(path: Path = DATA_FILE) -> DataFile:
    """Read and validate the data file; raise DataError naming file, line and field."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataError(f"cannot read the data file ({exc.strerror})", file=path) from None
    loader = _LineLoader(text)
    try:
        node = loader.get_single_node()  # parsed once: the node tree gives lines, then the values
        raw = loader.construct_document(node) if node is not None else None
    except DataError as exc:
        exc.file = path
        raise
    except yaml.MarkedYAMLError as exc:
        # The context mark is where the broken construct starts (an unclosed bracket, a block):
        # that is where the mistake is; otherwise the problem mark.
        mark = exc.context_mark or exc.problem_mark
        what = exc.problem + (f" ({exc.context})" if exc.context else "")
        raise DataError(f"malformed YAML: {what}", line=mark.line + 1 if mark else None, file=path) from None
    finally:
        loader.dispose()
    if not isinstance(raw, dict):
        raise DataError("the file must be a mapping with a 'channels' list", line=1, file=path)
    index = _line_index(node)
    try:
        data = DataFile.model_validate(raw)
    except ValidationError as exc:
        errors = exc.errors()
        # of a union (a date or "undated"), the branch that says what is wrong, not "should be 'undated'"
        err = next((e for e in errors if e["type"] != "literal_error"), errors[0])
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and ("[" in p or p.startswith("function-"))))
        message = err["msg"]
        if message.startswith("Value error, "):
            message = message[len("Value error, ") :]
        if isinstance(err.get("ctx", {}).get("error"), DataError):
            inner = err["ctx"]["error"]
            loc, message = inner.path, inner.reason
        if message.startswith("value: ") or message.endswith("needs a value"):
            loc, message = loc + ("value",), message.removeprefix("value: ")
        if err["type"] == "extra_forbidden":
            message = f"unknown field {loc[-1]!r}"
        elif err["type"] == "missing":
            message = f"missing field {loc[-1]!r}"
        elif err["type"] == "literal_error":
            message = f"{message} (got {err.get('input')!r})"
        more = f" (and {len(exc.errors()) - 1} more problem(s))" if len(exc.errors()) > 1 else ""
        raise DataError(message + more, loc, _line_for(index, loc), path) from None
    try:
        allow = allowlist.load(path.parent / "allowlist.yml")
    except allowlist.AllowlistError as exc:
        raise DataError(str(exc), file=path) from None
    problems = check_rules(data, allow)
    if problems:
        errors = [DataError(message, loc, _line_for(index, loc), path) for loc, message in problems]
        errors[0].more = errors[1:]
        raise errors[0]
    return data
