"""Random and mutated bytes never crash a reader: only messages, skips and notices come back.

Every built-in reader is forced onto the input (`--format NAME`), so each one meets inputs that are
nothing like its format. "internal error" skips mean an exception escaped a reader: that is a failure.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from huijia.ingest import ReadOptions, read_inputs
from huijia.ingest.base import registered_readers
from huijia.model import Message, Notice, Skip

DATA = Path(__file__).parent / "data"
SEEDS = sorted(p for p in DATA.rglob("*") if p.is_file() and p.suffix != ".py")
READERS = list(registered_readers())


def read_all(path: Path, fmt: str) -> list[object]:
    events = list(read_inputs([path], fmt, ReadOptions()))
    for event in events:
        assert isinstance(event, Message | Skip | Notice)
        if isinstance(event, Skip):
            assert not event.reason.startswith("internal error"), (fmt, event.reason)
    return events


def mutate(data: bytes, cuts: list[tuple[int, int, bytes]]) -> bytes:
    out = bytearray(data)
    for position, length, insert in cuts:
        if not out:
            out.extend(insert)
            continue
        at = position % len(out)
        out[at : at + length] = insert
    return bytes(out)


@pytest.mark.parametrize("fmt", ["auto", *READERS])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(blob=st.binary(max_size=3000))
def test_random_bytes(tmp_path_factory, fmt: str, blob: bytes) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "input.bin"
    path.write_bytes(blob)
    read_all(path, fmt)


@pytest.mark.parametrize("seed", SEEDS, ids=[str(p.relative_to(DATA)) for p in SEEDS])
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    cuts=st.lists(
        st.tuples(st.integers(0, 10**6), st.integers(0, 64), st.binary(max_size=16)), min_size=1, max_size=4
    ),
    truncate=st.one_of(st.none(), st.floats(0.0, 1.0)),
)
def test_mutated_real_exports(tmp_path_factory, seed: Path, cuts, truncate) -> None:
    data = mutate(seed.read_bytes(), cuts)
    if truncate is not None:
        data = data[: int(len(data) * truncate)]
    path = tmp_path_factory.mktemp("mut") / seed.name
    path.write_bytes(data)
    read_all(path, "auto")
    read_all(path, seed.parent.name if seed.parent.name in READERS else "auto")


@pytest.mark.slow
@pytest.mark.parametrize("fmt", READERS)
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(blob=st.binary(max_size=20000))
def test_random_bytes_at_length(tmp_path_factory, fmt: str, blob: bytes) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "input.bin"
    path.write_bytes(blob)
    read_all(path, fmt)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    chat=st.one_of(
        st.binary(max_size=2000),
        st.text(max_size=400).map(lambda t: ("[12/05/2024, 21:31:02] Rosa: " + t).encode("utf-8")),
    ),
    names=st.lists(st.text(min_size=1, max_size=20), max_size=4),
    compressed=st.booleans(),
)
def test_whatsapp_zips_with_random_chats_and_member_names(tmp_path_factory, chat, names, compressed) -> None:
    """The zip reader meets random chat texts and member names (absolute, `..`, NUL, duplicates)."""
    import warnings
    import zipfile

    path = tmp_path_factory.mktemp("zip") / "WhatsApp Chat - x.zip"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about duplicate names
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED if compressed else zipfile.ZIP_STORED) as zf:
            zf.writestr("_chat.txt", chat)
            for name in names:
                zf.writestr(name.replace("\x00", "") or "x", b"\xff\xd8" + chat[:64])
    read_all(path, "auto")
    read_all(path, "whatsapp")


_TG_PAGE = (
    '<!DOCTYPE html>\n<html><head><meta charset="utf-8"/><title>Exported Data</title></head><body>'
    '<div class="page_wrap"><div class="page_header"><div class="content"><div class="text bold">\n群\n'
    '</div></div></div><div class="page_body chat_page"><div class="history">\n{}</div></div></div>'
    "</body></html>\n"
)
_tg_text = st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=40)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    messages=st.lists(
        st.tuples(st.one_of(st.none(), _tg_text), _tg_text, st.one_of(st.none(), st.text(max_size=30))),
        min_size=1,
        max_size=12,
    ),
    split=st.integers(0, 12),
)
def test_telegram_html_pages_with_random_senders_texts_and_dates(tmp_path_factory, messages, split) -> None:
    from html import escape

    folder = tmp_path_factory.mktemp("tg")
    divs = []
    for number, (name, text, title) in enumerate(messages, start=1):
        date = escape(title, quote=True) if title is not None else "03.05.2024 21:12:40 UTC+08:00"
        sender = f'<div class="from_name">{escape(name)}</div>' if name is not None else ""
        joined = " joined" if name is None else ""
        divs.append(
            f'<div class="message default clearfix{joined}" id="message{number}"><div class="body">'
            f'<div class="pull_right date details" title="{date}">21:12</div>{sender}'
            f'<div class="text">{escape(text)}</div></div></div>\n'
        )
    cut = min(split, len(divs))
    (folder / "messages.html").write_text(_TG_PAGE.format("".join(divs[:cut])), encoding="utf-8")
    (folder / "messages2.html").write_text(_TG_PAGE.format("".join(divs[cut:])), encoding="utf-8")
    events = read_all(folder, "auto")
    read_all(folder, "telegram")
    got = [e for e in events if isinstance(e, Message)]
    assert [m.id.rsplit(":", 1)[1] for m in got] == [str(n) for n in range(1, len(messages) + 1)]
    author = None
    for message, (name, _, _) in zip(got, messages, strict=True):
        if name is not None:
            author = " ".join(name.split()) or None
        assert (message.author.name if message.author else None) == author
    notes = " ".join(e.describe() for e in events if isinstance(e, Notice))
    secrets = [text for _, text, _ in messages if len(text.strip()) > 3 and not text.isascii()]
    assert not any(escape(text) in notes for text in secrets)
