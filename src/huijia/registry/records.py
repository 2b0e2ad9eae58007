"""Missing-child reports and sightings as records: validation of what a file or a form gives, and reading
CSV / JSON / JSONL files of them (pure, no storage). The record types are `huijia.model`'s.

A report: the child (name optional, sex, date of birth, height, weight, marks), the loss (time, place,
coordinates), whether DNA was given to the police, the family's contact (protected: never exported
unless asked for, and then audited), a status. A sighting: when, where (coordinates), what was seen
(sex, estimated age), where it comes from (street, welfare home, online post, other), a note, whether
the submitter consents to keeping the photo's GPS, a status.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import orjson

from huijia.ingest.timeparse import DEFAULT_TZ
from huijia.model import (
    RELATIONS,
    REPORT_FIELDS,
    REPORT_STATUSES,
    SEXES,
    SIGHTING_FIELDS,
    SIGHTING_SOURCES,
    SIGHTING_STATUSES,
    PhotoRef,
    ReportRecord,
    SightingRecord,
)
from huijia.text.csvrows import RecordedLines, distinct_names, quote_left_open, restore_formula

MAX_TEXT = 2000
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class FieldError(ValueError):
    """A field that cannot be taken: which one, and why (never its value: it may be personal data)."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


def parse_photos(raw: dict[str, Any]) -> tuple[PhotoRef, ...]:
    """The `photos` field: paths separated by `;`, each optionally `relation:` before and `@age` after
    (`baby.jpg@0.5; father:dad.jpg`)."""
    text = _text(raw, "photos")
    if text is None:
        return ()
    found = []
    for item in (part.strip() for part in text.split(";")):
        if not item:
            continue
        relation = "child"
        head, sep, tail = item.partition(":")
        if sep and head.strip().lower() in RELATIONS:
            relation, item = head.strip().lower(), tail.strip()
        age = None
        if "@" in item:
            item, _, age_text = item.rpartition("@")
            try:
                age = float(age_text)
            except ValueError:
                raise FieldError("photos", "an age after @ must be a number of years") from None
            if not 0 <= age <= 100:
                raise FieldError("photos", "an age after @ must be 0…100 years")
        found.append(PhotoRef(item.strip(), relation, age))
    return tuple(found)


def _text(raw: dict[str, Any], name: str, required: bool = False) -> str | None:
    value = raw.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise FieldError(name, "required")
        return None
    if isinstance(value, dict | list | bool):  # stored as Python's spelling of it ({'a': 1}) before
        raise FieldError(name, "must be text or a number, not a JSON object, list or true/false")
    text = str(value).strip()
    if len(text) > MAX_TEXT:
        raise FieldError(name, f"longer than {MAX_TEXT} characters")
    if _CONTROLS.search(text):  # NUL, BEL, ESC …: shown raw on pages, and PostgreSQL refuses NUL
        raise FieldError(name, "holds control characters (only tabs and line breaks are kept)")
    return text


def _number(raw: dict[str, Any], name: str, low: float, high: float) -> float | None:
    text = _text(raw, name)
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        raise FieldError(name, "not a number") from None
    if not low <= value <= high:
        raise FieldError(name, f"outside {low:g}…{high:g}")
    return value


def _choice(
    raw: dict[str, Any], name: str, choices: tuple[str, ...], default: str | None = None
) -> str | None:
    text = _text(raw, name)
    if text is None:
        return default
    text = text.lower()
    if text not in choices:
        raise FieldError(name, f"one of {', '.join(choices)}")
    return text


def _flag(raw: dict[str, Any], name: str) -> bool | None:
    if isinstance(raw.get(name), bool):  # JSON's true and false
        return bool(raw[name])
    text = _text(raw, name)
    if text is None:
        return None
    lowered = text.lower()
    if lowered in ("1", "true", "yes", "y", "是"):
        return True
    if lowered in ("0", "false", "no", "n", "否"):
        return False
    raise FieldError(name, "yes or no")


def _moment(raw: dict[str, Any], name: str, required: bool) -> str | None:
    text = _text(raw, name, required)
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise FieldError(name, "not an ISO 8601 date and time (2024-05-01T14:30+08:00)") from None
    if moment.tzinfo is None:  # a time without its zone is read in the readers' default zone (China)
        moment = moment.replace(tzinfo=ZoneInfo(DEFAULT_TZ))
    return moment.isoformat()


def _day(raw: dict[str, Any], name: str) -> str | None:
    text = _text(raw, name)
    if text is None:
        return None
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise FieldError(name, "not a date (YYYY-MM-DD)") from None


def parse_report(raw: dict[str, Any]) -> ReportRecord:
    born = _day(raw, "born")
    lost_at = _moment(raw, "lost_at", required=True)
    assert lost_at is not None
    if born is not None and born > lost_at[:10]:
        raise FieldError("born", "after the child was lost")
    return ReportRecord(
        lost_at=lost_at,
        status=_choice(raw, "status", REPORT_STATUSES, "draft") or "draft",
        name=_text(raw, "name"),
        sex=_choice(raw, "sex", SEXES),
        born=born,
        lost_place=_text(raw, "lost_place"),
        lost_lat=_number(raw, "lost_lat", -90, 90),
        lost_lon=_number(raw, "lost_lon", -180, 180),
        height_cm=_number(raw, "height_cm", 20, 220),
        weight_kg=_number(raw, "weight_kg", 1, 200),
        marks=_text(raw, "marks"),
        dna_given=_flag(raw, "dna_given"),
        family_contact=_text(raw, "family_contact"),
        id=_text(raw, "id"),
        photos=parse_photos(raw),
    )


def parse_sighting(raw: dict[str, Any]) -> SightingRecord:
    seen_at = _moment(raw, "seen_at", required=True)
    source = _choice(raw, "source", SIGHTING_SOURCES)
    if source is None:
        raise FieldError("source", "required")
    assert seen_at is not None
    return SightingRecord(
        seen_at=seen_at,
        source=source,
        status=_choice(raw, "status", SIGHTING_STATUSES, "new") or "new",
        place=_text(raw, "place"),
        lat=_number(raw, "lat", -90, 90),
        lon=_number(raw, "lon", -180, 180),
        sex=_choice(raw, "sex", SEXES),
        age_estimate=_number(raw, "age_estimate", 0, 100),
        note=_text(raw, "note"),
        gps_consent=bool(_flag(raw, "gps_consent")),
        submitter_contact=_text(raw, "submitter_contact"),
        id=_text(raw, "id"),
        photos=parse_photos(raw),
    )


PARSERS: dict[str, Callable[[dict[str, Any]], ReportRecord | SightingRecord]] = {
    "report": parse_report,
    "sighting": parse_sighting,
}


KNOWN_FIELDS = {
    "report": frozenset(REPORT_FIELDS) | {"photos"},
    "sighting": frozenset(SIGHTING_FIELDS) | {"photos"},
}


def read_rows(path: Path, known: frozenset[str] | None = None) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """(line or position, the raw fields — or why the row cannot be read) from a CSV, JSON or JSONL file.

    CSV: a header row naming the fields (UTF-8, with or without BOM). JSON: a list of objects. JSONL:
    one object per line. Field names are read in any case. With `known`, a name not in it is an error —
    of the whole file for a CSV header (one line, not one a row), of the record for JSON — where it was
    left out without a word (a column `Name` lost every name). A cell a CSV export guarded against
    spreadsheet formulas is read back as it was."""
    data = path.read_bytes().removeprefix(b"\xef\xbb\xbf")
    suffix = path.suffix.lower()
    if suffix == ".json":
        try:
            items = orjson.loads(data)
        except orjson.JSONDecodeError as exc:
            yield 1, f"not valid JSON ({exc})"
            return
        if not isinstance(items, list):
            yield 1, "a JSON file of records must hold a list of objects"
            return
        for position, item in enumerate(items, 1):
            yield position, _record(item, known)
    elif suffix == ".jsonl":
        for line_number, line in enumerate(data.splitlines(), 1):
            if not line.strip():
                continue
            try:
                item = orjson.loads(line)
            except orjson.JSONDecodeError:
                yield line_number, "not valid JSON"
                continue
            yield line_number, _record(item, known)
    else:
        yield from _csv_rows(data, known)


def _record(item: Any, known: frozenset[str] | None) -> dict[str, Any] | str:
    if not isinstance(item, dict):
        return "not an object"
    record = {str(k).strip().lower(): v for k, v in item.items()}
    if len(record) < len(item):
        return "a field is named twice (in different case)"
    unknown = sorted(set(record) - known) if known is not None else []
    if unknown:
        return f"{', '.join(unknown)}: not a field of this kind of record ({_known(known)})"
    return record


def _known(known: frozenset[str] | None) -> str:
    return "the fields are " + ", ".join(sorted(known or ()))


def _csv_rows(data: bytes, known: frozenset[str] | None) -> Iterator[tuple[int, dict[str, Any] | str]]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        yield 1, "not UTF-8 text (save the CSV as UTF-8)"
        return
    lines = RecordedLines(iter(io.StringIO(text, newline="")))
    reader = csv.reader(lines)
    try:
        header = [name.strip().lower() for name in next(reader)]
    except StopIteration:
        return
    except csv.Error as exc:
        yield 1, f"unreadable CSV header ({exc})"
        return
    lines.taken()
    _, twice = distinct_names([name for name in header if name])
    # a column with no name (a spreadsheet's trailing comma) is no field; a value under it is named below
    unknown = sorted(set(header) - known - {""}) if known is not None else []
    if twice or unknown:
        problem = f"the header names {twice} more than once" if twice else ""
        if unknown:
            problem += ("; " if problem else "") + f"unknown columns {', '.join(unknown)} ({_known(known)})"
        yield 1, problem + ": nothing was imported"
        return
    while True:
        start = reader.line_num + 1
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            lines.taken()
            yield start, f"unreadable CSV row ({exc})"
            continue
        taken = lines.taken()
        if len(taken) > 1 and quote_left_open(taken):
            after = f"the {len(taken) - 1:,} lines after it, to the end of the file"
            yield start, f"a quoted field of this row is never closed: {after}, were not imported"
            return
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            yield start, f"row has {len(values)} values, the header {len(header)}"
            continue
        if any(value.strip() for name, value in zip(header, values, strict=True) if not name):
            yield start, "a value under a column with no name in the header"
            continue
        yield (
            start,
            {name: restore_formula(value) for name, value in zip(header, values, strict=True) if name},
        )
