"""`huijia eval`: run the analyser over a labelled JSONL file and score it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from huijia.analyse.classify import ModelError, load_model
from huijia.analyse.pipeline import Analyser
from huijia.model import LABELS
from huijia.training.metrics import Scores, score


class LabelledFileError(ValueError):
    """A labelled file that cannot be scored at all."""


def json_lines(path: Path, raw_lines: list[bytes], problems: list[str]) -> Iterator[tuple[int, Any]]:
    """(line number, parsed value) of each non-blank line; a line that is not JSON is named in `problems`."""
    for number, raw in enumerate(raw_lines, 1):
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):  # a UTF-8 byte order mark, as editors write
            raw = raw[3:]
        if not raw.strip():
            continue
        try:
            yield number, orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            problems.append(f"{path}:{number}: not JSON ({exc.msg}); skipped")


def read_labelled(path: Path) -> tuple[list[dict[str, Any]], list[str]]:
    """Records with a `text` and a known `label`; every other line is named in the problems list."""
    records: list[dict[str, Any]] = []
    problems: list[str] = []
    try:
        raw_lines = path.read_bytes().splitlines()
    except OSError as exc:
        raise LabelledFileError(f"{path}: {exc.strerror or exc}") from exc
    for number, record in json_lines(path, raw_lines, problems):
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            problems.append(f"{path}:{number}: no `text` string; skipped")
            continue
        if record.get("label") not in LABELS:
            problems.append(f"{path}:{number}: `label` must be one of {', '.join(LABELS)}; skipped")
            continue
        wrong = field_problem(record)
        if wrong is not None:
            problems.append(f"{path}:{number}: {wrong}; skipped")
            continue
        records.append(record)
    if not records:
        first = f" — {problems[0].removesuffix('; skipped')}" if problems else ""
        more = f" (and {len(problems) - 1:,} more lines)" if len(problems) > 1 else ""
        raise LabelledFileError(f"{path}: no labelled records to score{first}{more}")
    return records, problems


def field_problem(record: dict[str, Any]) -> str | None:
    """What is wrong with a labelled record's optional fields (`price`, `gender`, `sent_at`), or None."""
    price = record.get("price")
    if price is not None:
        if not isinstance(price, dict):
            return '`price` must be an object such as {"amount": 30000, "currency": "CNY"}, or null'
        stated = price.get("stated", True)
        if not isinstance(stated, bool):
            return "`price.stated` must be true or false"
        if stated and not _number(price.get("amount")):
            return "`price.amount` must be a number"
        if price.get("amount_max") is not None and not _number(price["amount_max"]):
            return "`price.amount_max` must be a number or null"
        currency = price.get("currency")
        if currency is not None and not (
            isinstance(currency, str) and len(currency) == 3 and currency.isalpha()
        ):
            return "`price.currency` must be an ISO 4217 code such as CNY"
    if record.get("gender") not in (None, "male", "female"):
        return "`gender` must be male, female or null"
    if record.get("sent_at") is not None and not isinstance(record["sent_at"], str):
        return "`sent_at` must be a time as text (ISO 8601) or null"
    return None


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def evaluate_file(
    path: Path, model_path: str | None = None, second_reading: bool = True
) -> tuple[Scores, list[str]]:
    records, problems = read_labelled(path)
    try:
        analyser = Analyser(load_model(model_path), second_reading=second_reading)
    except ModelError as exc:
        raise LabelledFileError(str(exc)) from exc
    findings = [
        analyser.analyse(r["text"], str(r.get("id", i)), r.get("sent_at")).to_dict()
        for i, r in enumerate(records)
    ]
    return score(records, findings), problems
