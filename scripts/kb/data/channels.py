"""Load and validate data/channels.yml, the single source of every contact value.

Errors name the file, the line and the field: ``data/channels.yml:42: channels[3].status: ...``.
Nothing here writes files; callers decide what to do with a valid ``DataFile``.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated, Literal

import phonenumbers
import yaml
from phonenumbers import shortnumberinfo
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from kb.site import DATA_FILE, LANGS, ROOT, display_path  # noqa: F401  (re-exported)

Status = Literal["official", "reported", "unverified", "not-taobao", "defunct"]
Kind = Literal["phone", "online", "app", "email", "web", "social", "service"]
Region = Literal["cn", "tw", "hk", "mo", "intl"]
Purpose = Literal["customer-service", "seller", "complaint", "anti-fraud", "police"]
Hours = Literal["24h", "office", "unknown", "disputed", "n/a"]

# Statuses whose phone numbers may be offered as a tap-to-call link.
CALLABLE = ("official", "reported")
PHONE_REGION = {"cn": "CN", "tw": "TW", "hk": "HK", "mo": "MO", "intl": "CN"}
# phonenumbers has no metadata for the mainland's 95xxx / 96xxx service numbers of 5-8 digits
# (9510211, 951966 ...); they are accepted by this pattern instead.
CN_SERVICE_NUMBER = re.compile(r"9[56]\d{3,6}")

Id = Annotated[str, Field(pattern=r"^[a-z]+(-[a-z]+)*$")]
NonEmpty = Annotated[str, Field(min_length=1)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Source(Strict):
    url: Annotated[str, Field(pattern=r"^https?://\S+$")]
    title: NonEmpty
    date: Literal["undated"] | dt.date


class ChannelText(Strict):
    name: NonEmpty
    summary: NonEmpty  # what it is for
    how: NonEmpty | None = None  # how to use it
    notes: NonEmpty | None = None
    claim: NonEmpty | None = None  # what it circulates as, for values that are not what they seem
    hours_note: NonEmpty | None = None


class Channel(Strict):
    id: Id
    kind: Kind
    value: NonEmpty | None = None
    status: Status
    purpose: Purpose
    regions: Annotated[list[Region], Field(min_length=1)]
    hours: Hours
    sources: Annotated[list[Source], Field(min_length=1)]
    checked: dt.date
    zh_Hans: ChannelText = Field(alias="zh-Hans")
    zh_Hant: ChannelText = Field(alias="zh-Hant")

    @model_validator(mode="after")
    def _value_fits_kind(self) -> Channel:
        if self.kind in ("phone", "email", "web") and not self.value:
            raise ValueError(f"a {self.kind} channel needs a value")
        if self.kind == "phone":
            phone_number(self.value, self.regions[0])  # raises ValueError with the reason
        elif self.kind == "email" and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", self.value):
            raise ValueError(f"value: {self.value!r} is not an e-mail address")
        elif self.kind == "web" and not re.fullmatch(r"https?://\S+", self.value):
            raise ValueError(f"value: {self.value!r} is not a web address (http:// or https://)")
        return self

    def text(self, lang: str) -> ChannelText:
        return self.zh_Hans if lang == "zh-Hans" else self.zh_Hant


class RecommendationText(Strict):
    problem: NonEmpty
    advice: NonEmpty


class Recommendation(Strict):
    id: Id
    channels: Annotated[list[Id], Field(min_length=1)]
    page: NonEmpty | None = None  # site path with more help, e.g. faq/refund/
    zh_Hans: RecommendationText = Field(alias="zh-Hans")
    zh_Hant: RecommendationText = Field(alias="zh-Hant")

    def text(self, lang: str) -> RecommendationText:
        return self.zh_Hans if lang == "zh-Hans" else self.zh_Hant


class Term(Strict):
    """A word pair for search (jieba dictionary, cross-script queries) and the glossary."""

    zh_Hans: NonEmpty = Field(alias="zh-Hans")
    zh_Hant: NonEmpty = Field(alias="zh-Hant")


class DataFile(Strict):
    channels: Annotated[list[Channel], Field(min_length=1)]
    recommendations: list[Recommendation] = []
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
        super().__init__(message)

    @classmethod
    def at(cls, path: tuple, message: str) -> DataError:
        return cls(message, path)

    def __str__(self) -> str:
        where = display_path(self.file) + (f":{self.line}" if self.line else "")
        field = format_path(self.path)
        return f"{where}: {field + ': ' if field else ''}{self.reason}"


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


def phone_keys(value: str, region: str) -> list[str]:
    """Digit strings a reader might type for this number: with country code, national, with trunk 0."""
    number = phone_number(value, region)
    national = str(number.national_number)
    keys = [f"{number.country_code}{national}", national]
    if number.country_code in (86, 886) and phonenumbers.is_valid_number(number) and not national.startswith("400"):
        keys.append("0" + national)  # mainland and Taiwan area codes are dialled with a trunk 0
    return list(dict.fromkeys(keys))


# --- loading ---------------------------------------------------------------------------------


class _LineLoader(yaml.SafeLoader):
    """A SafeLoader that rejects duplicate keys and remembers where every node starts."""


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
        return DataFile.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(err["loc"])
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
