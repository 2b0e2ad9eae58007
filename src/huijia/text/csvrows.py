"""What the csv module lets through without a word, made visible: a quoted field never closed, a column
named twice, and (for files written out) cells a spreadsheet would run as formulas.

Python's csv reader is lenient: a quote opened and never closed takes in every line to the end of the
file as one field, and `DictReader` keeps the last of two columns with one name. Both readers of CSV —
the exports' (`huijia.ingest.generic`) and the registry's (`huijia.registry.records`) — use these to say
so instead.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator


class RecordedLines:
    """The lines a csv reader takes from a stream, kept until asked for (`taken`), so that the row that
    ran to the end of the file can be looked at again."""

    def __init__(self, stream: Iterator[str]) -> None:
        self._stream = stream
        self._taken: list[str] = []

    def __iter__(self) -> RecordedLines:
        return self

    def __next__(self) -> str:
        line = next(self._stream)
        self._taken.append(line)
        return line

    def taken(self) -> list[str]:
        taken, self._taken = self._taken, []
        return taken


def quote_left_open(lines: list[str], delimiter: str = ",") -> bool:
    """True when a row's lines end inside a quoted field (which a lenient csv reader reads to the end). A
    stray quote inside a field (`"Zhang" Wei`), which strict parsing also refuses, is not that."""
    try:
        list(csv.reader(lines, delimiter=delimiter, strict=True))
    except csv.Error as exc:
        return str(exc) == "unexpected end of data"
    return False


def distinct_names(fields: list[str]) -> tuple[list[str], str]:
    """The header's names with a repeated one (in any case) renamed `name_2`, `name_3` … so that no
    column's values overwrite another's, and the repeated names as a phrase ("" when none is)."""
    seen: dict[str, int] = {}
    out = []
    for name in fields:
        key = name.lower()
        seen[key] = seen.get(key, 0) + 1
        out.append(name if seen[key] == 1 else f"{name}_{seen[key]}")
    twice = ", ".join(f"`{name}`" for name, n in seen.items() if n > 1)
    return out, twice


# A cell a spreadsheet reads as a formula (=HYPERLINK(…), +cmd|…, @SUM(…), -2+3; a tab or carriage return
# before one): written with a leading apostrophe, which spreadsheets take as "this is text" (OWASP, CSV
# injection). A plain number keeps its sign. Reading such a file back takes the apostrophe off.
_FORMULA = re.compile(r"[=+\-@\t\r]")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")
_GUARDED = re.compile(r"'+[=+\-@\t\r]")  # one apostrophe or more before a formula's first sign


def neutralise_formula(cell: str) -> str:
    """`cell` as a spreadsheet shows it and never runs it; a cell that already starts as a guarded one
    does (`'=x`) gets an apostrophe too, so that `restore_formula` gives it back as it was."""
    if (_FORMULA.match(cell) and not _PLAIN_NUMBER.fullmatch(cell)) or _GUARDED.match(cell):
        return "'" + cell
    return cell


def restore_formula(cell: str) -> str:
    """A cell `neutralise_formula` wrote, as it was."""
    return cell[1:] if _GUARDED.match(cell) else cell
