"""Streaming JSON exports with ijson: the items under some paths, and a few scalars beside them.

Chat exports put a little metadata (the chat's name) before a huge array of messages; this walks the file
once, in constant memory, and hands back both in file order.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, BinaryIO, TypeVar

import ijson

from huijia.ingest.base import SourceFile
from huijia.model import Skip

JSON_ERRORS = (ijson.JSONError, ijson.IncompleteJSONError, UnicodeDecodeError, ValueError)
T = TypeVar("T")


class BrokenJson(Exception):
    """The JSON itself broke while being parsed; `cause` is the parser's error."""

    def __init__(self, cause: Exception) -> None:
        super().__init__(str(cause))
        self.cause = cause


def parsed(items: Iterable[T]) -> Iterator[T]:
    """The items of a streamed parse, with the parser's own errors raised as BrokenJson, so that an error
    raised while an item is made into a message is never reported as invalid JSON."""
    iterator = iter(items)
    while True:
        try:
            item = next(iterator)
        except StopIteration:
            return
        except JSON_ERRORS as exc:
            raise BrokenJson(exc) from exc
        yield item


def stream(fh: BinaryIO, items: Mapping[str, str], scalars: frozenset[str]) -> Iterator[tuple[str, str, Any]]:
    """Yield ("item", prefix, value) for each array element under a prefix in `items` (objects are built
    whole, anything else is passed as is), and ("scalar", prefix, value) for scalars at `scalars`.

    Raises one of JSON_ERRORS where the JSON breaks; everything before that point has been yielded.
    """
    builder: Any = None
    building: str | None = None
    for prefix, event, value in ijson.parse(fh, use_float=True):
        if building is not None:
            builder.event(event, value)
            if prefix == building and event == "end_map":
                yield "item", building, builder.value
                builder = building = None
            continue
        if prefix in items:
            if event == "start_map":
                building = prefix
                builder = ijson.ObjectBuilder()
                builder.event(event, value)
            elif event in ("string", "number", "boolean", "null", "start_array"):
                yield "item", prefix, value
        elif prefix in scalars and event in ("string", "number"):
            yield "scalar", prefix, value


def skip_bom(fh: BinaryIO) -> BinaryIO:
    """Position a JSON file after its UTF-8 byte-order mark, if it has one (Windows tools write one)."""
    if fh.read(3) != b"\xef\xbb\xbf":
        fh.seek(0)
    return fh


def is_truncation(exc: Exception) -> bool:
    message = str(exc).lower()
    return isinstance(exc, ijson.IncompleteJSONError) and (
        "incomplete" in message or "premature eof" in message
    )


def as_dict(value: Any) -> dict[str, Any]:
    """The value if it is a JSON object, else an empty one (exports leave out or null whole objects)."""
    return value if isinstance(value, dict) else {}


def broken_json(src: SourceFile, exc: Exception, kept: int, seen: int) -> Skip:
    """The Skip for JSON that breaks after `seen` items, `kept` of which became messages: fatal only
    when nothing could be kept."""
    detail = "the file ends in the middle of the JSON" if is_truncation(exc) else "invalid JSON"
    return src.skip(
        f"{detail}; {kept:,} messages before it were kept", where=f"after message #{seen}", fatal=kept == 0
    )
