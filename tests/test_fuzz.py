"""Random and mutated bytes never crash a reader: only messages, skips and notices come back.

Every built-in reader is forced onto the input (`--format NAME`), so each one meets inputs that are
nothing like its format. "internal error" skips mean an exception escaped a reader: that is a failure.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from huijia.ingest import ReadOptions, read_inputs
from huijia.ingest.base import registered_readers
from huijia.ingest.inputs import ReaderChosen
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


class ReadBack(NamedTuple):
    """What one reading of a written file gave, sorted by kind."""

    events: list[object]
    messages: list[Message]
    notes: list[Notice]
    said: str  # every notice and skip, as `huijia read` says them


def written_and_read(
    factory: Any, name: str, data: bytes, cut: float | None, formats: tuple[str, ...] = ("auto", "wechat")
) -> Iterator[ReadBack]:
    """`data`, cut at the share `cut` of its length when one is given, written as `name` and read with each
    of `formats`."""
    if cut is not None:
        data = data[: int(len(data) * cut)]
    path = factory.mktemp("written") / name
    path.write_bytes(data)
    for fmt in formats:
        events = read_all(path, fmt)
        yield ReadBack(
            events,
            [e for e in events if isinstance(e, Message)],
            [e for e in events if isinstance(e, Notice)],
            " ".join(e.describe() for e in events if isinstance(e, Notice | Skip)),
        )


def message_number(message: Message) -> int:
    """The position a reader that numbers a file's messages (`…:n7`) gave the message."""
    return int(message.id.rsplit(":n", 1)[1])


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


_qce_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
_qce_damage = st.one_of(
    st.none(),  # the line is left whole
    st.tuples(st.just("cut"), st.floats(0.0, 1.0)),  # cut off before its end
    st.tuples(st.just("bytes"), st.binary(min_size=1, max_size=40).map(lambda b: b.replace(b"\n", b"?"))),
    st.tuples(st.just("value"), st.sampled_from([b"[1, 2]", b'"x"', b"null", b"17", b"true"])),
    st.tuples(st.just("time"), _qce_text),  # the timestamp field is not a time
)


def _qce_line(number: int, name: str, text: str, damage) -> bytes:
    import json

    time = damage[1] if damage and damage[0] == "time" else "2024-11-02T01:15:03.000Z"
    line = json.dumps(
        {
            "messageId": f"7419{number:015d}",
            "messageSeq": str(number),
            "timestamp": time,
            "sender": {"uid": f"u_{number:08d}", "uin": str(52000 + number), "name": name},
            "messageType": 2,
            "content": {"text": text, "resources": []},
            "rawMessage": {"msgSeq": str(number)},
        },
        ensure_ascii=False,
    ).encode("utf-8")
    if damage is None or damage[0] == "time":
        return line
    if damage[0] == "cut":
        return line[: max(1, min(len(line) - 1, int(len(line) * damage[1])))]
    return damage[1]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    chat=st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=20),
    chunks=st.lists(
        st.lists(st.tuples(_qce_text, _qce_text, _qce_damage), min_size=1, max_size=5), min_size=1, max_size=3
    ),
)
def test_qce_chunked_jsonl_with_random_messages_and_damaged_lines(tmp_path_factory, chat, chunks) -> None:
    """A chunked export's intact lines are all read with the manifest's chat; a damaged line is a Skip
    or a note naming its line (or, still a JSON object, a message on it): never lost, never a traceback."""
    import json

    folder = tmp_path_factory.mktemp("qce") / "群_chunked_jsonl"
    (folder / "chunks").mkdir(parents=True)
    listed, expected, damaged, number = [], {}, {}, 0
    for index, lines in enumerate(chunks, start=1):
        name = f"c{index:06d}.jsonl"
        body = []
        for line_no, (sender, text, damage) in enumerate(lines, start=1):
            number += 1
            body.append(_qce_line(number, sender, text, damage))
            if damage is None or damage[0] == "time":
                expected[(name, line_no)] = text
            # a byte order mark at the head of a chunk is one, not a damaged line (nothing is left of it)
            content = body[-1].removeprefix(b"\xef\xbb\xbf") if line_no == 1 else body[-1]
            if damage is not None and content.strip():
                damaged[(name, line_no)] = damage[0]
        (folder / "chunks" / name).write_bytes(b"\n".join(body) + b"\n")
        listed.append(
            {"index": index, "fileName": name, "relativePath": f"chunks/{name}", "count": len(body)}
        )
    manifest = {"metadata": {"name": "QQChatExporter V5"}, "chatInfo": {"name": chat, "type": "group"}}
    manifest["chunked"] = {"format": "jsonl", "chunks": listed}
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")

    for fmt in ("auto", "qq-json"):
        events = read_all(folder, fmt)
        messages = {(Path(m.source.file).name, m.source.line): m for m in events if isinstance(m, Message)}
        for place, text in expected.items():
            assert place in messages, (fmt, place)
            assert messages[place].text == text and messages[place].channel == chat
        named = {(Path(e.file).name, e.line) for e in events if isinstance(e, Skip | Notice)}
        for place, how in damaged.items():
            assert place in named or place in messages, (fmt, place, how)
        notes = " ".join(e.describe() for e in events if isinstance(e, Notice | Skip))
        secrets = [text for text in expected.values() if len(text.strip()) > 3 and not text.isascii()]
        assert not any(text in notes for text in secrets)


_QCE_TXT_HEAD = (
    "[QQChatExporter V5 / https://github.com/shuakami/qq-chat-exporter]\n\n"
    "===============================================\n           QQ聊天记录导出文件\n"
    "===============================================\n\n聊天名称: {}\n聊天类型: 群聊\n消息总数: {}\n\n"
)
_QCE_TXT_FOOT = (
    "\n===============================================\n              导出完成\n" + "=" * 47 + "\n"
)
_qce_line_text = st.text(st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp")), max_size=30)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    messages=st.lists(
        st.tuples(
            st.text(
                st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp", "Zs")), min_size=1, max_size=12
            ),
            st.lists(_qce_line_text, min_size=1, max_size=3),
            st.one_of(st.none(), _qce_line_text),  # a 时间 field that is not a time
            st.booleans(),  # the 内容 line is lost
        ),
        min_size=1,
        max_size=8,
    ),
    cut=st.one_of(st.none(), st.floats(0.0, 1.0)),
)
def test_qce_txt_with_random_messages_and_damaged_fields(tmp_path_factory, messages, cut) -> None:
    """QCE's TXT export with random names, texts and times: every block is a message on its name line;
    a time that is not one and a missing 内容 line are notes naming that line; cut short anywhere, it is
    never a traceback; no text in a note."""
    lines = _QCE_TXT_HEAD.format("江西宝宝送养交流群", len(messages)).split("\n")[:-1]
    expected: dict[int, tuple[str, bool, bool]] = {}
    for name, text, bad_time, lost in messages:
        lines += ["", ""]
        expected[len(lines) + 1] = ("\n".join(text), bad_time is not None, lost)
        lines += [f"{name}:", f"时间: {bad_time if bad_time is not None else '2024-11-02 09:15:03'}"]
        if not lost:
            lines += [f"内容: {text[0]}", *text[1:]]
    data = ("\n".join(lines) + "\n" + _QCE_TXT_FOOT).encode("utf-8")
    path = tmp_path_factory.mktemp("qcetxt") / "江西宝宝送养交流群.txt"
    data = data if cut is None else data[: int(len(data) * cut)]
    path.write_bytes(data)
    events = read_all(path, "qq-json")
    said = " ".join(e.describe() for e in events if isinstance(e, Notice | Skip))
    if cut is not None and f"消息总数: {len(messages)}\n".encode() in data:
        read = sum(isinstance(e, Message) for e in events)
        assert read == len(messages) or f"{len(messages):,} messages; {read:,} were read (cut short?)" in said
    if cut is not None and any(isinstance(e, Message) for e in events) and "导出完成".encode() not in data:
        assert "the last message may be cut short" in said
    if cut is None:
        assert [e for e in read_all(path, "auto") if not isinstance(e, ReaderChosen)] == events
        got = {m.source.line: m for m in events if isinstance(m, Message)}
        assert sorted(got) == sorted(expected)
        notes = {(e.line, e.text.split(";")[0]) for e in events if isinstance(e, Notice)}
        for line, (_text, bad_time, lost) in expected.items():
            assert got[line].channel == "江西宝宝送养交流群"
            if lost:
                assert (line, "field 内容 missing") in notes and got[line].text == ""
            if bad_time and got[line].sent_at is None:
                assert any(at == line and note.startswith("field 时间") for at, note in notes)
        secrets = [text for text, _, _ in expected.values() if len(text.strip()) > 3 and not text.isascii()]
        assert not any(text in said for text in secrets)


_wx_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
_wx_damage = st.one_of(
    st.none(),  # the message is whole
    st.tuples(st.just("time"), _wx_text),  # CreateTime is not a time
    st.tuples(st.just("type"), st.sampled_from([7, [1], None, True])),  # type_name is not a string
    st.tuples(st.just("src"), st.just({"recordinfo": {"datalist": []}})),  # src is not a path
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    messages=st.lists(
        st.tuples(st.sampled_from(["wxid_a1", "wxid_b2", "wxid_me"]), _wx_text, _wx_damage),
        min_size=1,
        max_size=10,
    ),
    cut=st.one_of(st.none(), st.floats(0.0, 1.0)),
)
def test_pywxdump_data_js_with_random_messages_and_damaged_fields(tmp_path_factory, messages, cut) -> None:
    """PyWxDump's HTML export (`data.js`, written as its exporter writes it) with random texts and damaged
    fields: every message is read with its text and its author's name; a damaged field is a note naming
    the message; cut short anywhere, never a traceback and never a message out of order; no text in a note."""
    import json

    users = {
        "wxid_a1": {"wxid": "wxid_a1", "nickname": "甲", "remark": ""},
        "wxid_me": {"nickname": "我的号"},
    }
    names = {"wxid_a1": "甲", "wxid_b2": "wxid_b2", "wxid_me": "我的号"}
    msgs = []
    for index, (talker, text, damage) in enumerate(messages, 1):
        row = {"id": index, "MsgSvrID": str(index), "type_name": "文本", "is_sender": talker == "wxid_me",
               "talker": talker, "room_name": "123@chatroom", "msg": text, "src": "", "extra": {},
               "CreateTime": "2024-05-02 10:01:02"}  # fmt: skip
        if damage is not None:
            row[{"time": "CreateTime", "type": "type_name", "src": "src"}[damage[0]]] = damage[1]
        msgs.append(row)
    data = (
        "localStorage.setItem('isUseLocalData', 't')  //  't' : 'f' \n"
        f"const local_msg_count = {len(msgs)}\n"
        "const local_mywxid = 'wxid_me' \n"
        f"const local_user_list = {json.dumps(users, ensure_ascii=False)} \n"
        f"const local_msg_list = {json.dumps(msgs, ensure_ascii=False)} \n"
    ).encode()
    for read in written_and_read(tmp_path_factory, "data.js", data, cut):
        got, notes, said = read.messages, read.notes, read.said
        assert [message_number(m) for m in got] == list(range(1, len(got) + 1))
        for message, (talker, text, damage) in zip(got, messages, strict=False):
            assert message.text == text
            assert message.author is not None and message.author.name == names[talker]
            assert message.channel == "123@chatroom"
            if damage is not None and damage[0] != "time":
                assert any(n.text.startswith(message.id.rsplit(":", 1)[1] + ": field") for n in notes)
            if damage is not None and damage[0] == "time" and message.sent_at is None:
                assert any(
                    n.text.startswith(message.id.rsplit(":", 1)[1] + ": field CreateTime") for n in notes
                )
        if cut is None:
            assert len(got) == len(messages)
        secrets = [text for _, text, _ in messages if len(text.strip()) > 3 and not text.isascii()]
        assert not any(text in said for text in secrets)


_wx2_damage = st.one_of(
    _wx_damage,
    st.tuples(st.just("content"), st.sampled_from(["纯文本", None, 5, ["x"]])),  # content is not {src, msg}
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    messages=st.lists(
        st.tuples(st.sampled_from(["wxid_a1", "wxid_b2", "我"]), _wx_text, _wx2_damage),
        min_size=1,
        max_size=10,
    ),
    cut=st.one_of(st.none(), st.floats(0.0, 1.0)),
)
def test_pywxdump_msg_user_json_with_random_messages_and_damaged_fields(
    tmp_path_factory, messages, cut
) -> None:
    """PyWxDump 2.4–3.0's HTML export (`data/msg_user.json`, written as its exporter writes it) with random
    texts and damaged fields: every message is read with its text and, the users being whole, its author's
    name; a damaged field is a note naming the message; cut short anywhere (the users are written after the
    messages), never a traceback and never a message out of order; no text in a note."""
    import json

    users = {
        "wxid_a1": {"username": "wxid_a1", "nickname": "甲", "remark": ""},
        "wxid_me": {"username": "wxid_me", "nickname": "我的号", "remark": ""},
    }
    names = {"wxid_a1": "甲", "wxid_b2": "wxid_b2", "我": "我的号"}
    msgs = []
    for index, (talker, text, damage) in enumerate(messages, 1):
        row = {"MsgSvrID": str(index), "type_name": "文本", "is_sender": int(talker == "我"),
               "talker": talker, "room_name": "123@chatroom", "content": {"src": "", "msg": text},
               "CreateTime": "2024-03-10 20:01:02", "id": index}  # fmt: skip
        if damage is not None and damage[0] == "src":
            row["content"]["src"] = damage[1]
        elif damage is not None:
            row[{"time": "CreateTime", "type": "type_name", "content": "content"}[damage[0]]] = damage[1]
        msgs.append(row)
    whole = {"msg_list": msgs, "user_list": users, "my_wxid": "wxid_me",
             "myuserdata": {**users["wxid_me"], "chat_count": len(msgs)}}  # fmt: skip
    data = json.dumps(whole, ensure_ascii=False).encode()
    for read in written_and_read(tmp_path_factory, "msg_user.json", data, cut):
        got, notes, said, events = read.messages, read.notes, read.said, read.events
        assert [message_number(m) for m in got] == list(range(1, len(got) + 1))
        for message, (talker, text, damage) in zip(got, messages, strict=False):
            mark = message.id.rsplit(":", 1)[1] + ": field"
            if damage is None or damage[0] != "content":
                assert message.text == text
            if cut is None:
                assert message.author is not None and message.author.name == names[talker]
            assert message.channel == "123@chatroom"
            if damage is not None and damage[0] != "time":
                assert any(n.text.startswith(mark) for n in notes)
            if damage is not None and damage[0] == "time" and message.sent_at is None:
                assert any(n.text.startswith(mark + " CreateTime") for n in notes)
        if cut is None:
            assert len(got) == len(messages)
        elif len(got) < len(messages):
            assert any(isinstance(e, Skip) for e in events)  # the break is said, not passed over
        secrets = [text for _, text, _ in messages if len(text.strip()) > 3 and not text.isascii()]
        assert not any(text in said for text in secrets)


# C0 controls past 2 % of a file make it binary, refused whole with a message (`textfile.looks_binary`,
# tested with the readers): texts written raw into a page leave out those controls (NUL among them)
_BINARY_CONTROLS = "".join(chr(c) for c in range(32) if c not in (9, 10, 12, 13, 27))
_page_text = st.text(
    st.characters(exclude_categories=("Cs",), exclude_characters=_BINARY_CONTROLS), max_size=40
)
_page_damage = st.one_of(
    st.none(),  # the row is whole
    st.just("time"),  # the label's time is not a time
    st.just("type"),  # a type name PyWxDump 2.2 does not write
    st.just("label"),  # the row has lost its label: not a message
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    messages=st.lists(st.tuples(st.booleans(), _page_text, _page_damage), min_size=1, max_size=10),
    cut=st.one_of(st.none(), st.floats(0.0, 1.0)),
)
def test_pywxdump_22_pages_with_random_messages_and_damaged_rows(tmp_path_factory, messages, cut) -> None:
    """PyWxDump 2.2's rendered page (Jinja-escaped, one table row a message) with random texts and damaged
    rows: every row with its label is read with its text, a row without one is skipped with its line, a
    damaged field is a note on the row's line; cut short anywhere, never a traceback, rows in order, and
    no text in a note."""
    escapes = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&#34;"), ("'", "&#39;"))
    rows = []
    for index, (sent, text, damage) in enumerate(messages, 1):
        for plain, written in escapes:
            text = text.replace(plain, written)
        side = '<label style="color:#A13A50">[发]' if sent else '<label style="color:#f54f71">[收]'
        if damage == "label":
            side = "<span>[收]"
        type_name = "某种类型" if damage == "type" else "文本"
        when = "上午" if damage == "time" else "2023-11-20 09:00:05"
        label = f"{side}[{type_name}] {when}</label><br>"
        rows.append(f'<tr id="{index}">\n<div>\n{label}\n<p>{text}</p>\n</div>\n</tr>\n')
    page = (
        "<!DOCTYPE html>\n<html>\n<head>\n<title>chat</title>\n"
        '<link rel="stylesheet" href="https://maxcdn.bootstrapcdn.com/bootstrap/4.0.0/css/bootstrap.min.css">\n'
        "</head>\n<body>\n<table>\n<tbody>\n" + "".join(rows) + "</tbody>\n</table>\n</body>\n</html>\n"
    ).encode()
    labelled = [(sent, text, damage) for sent, text, damage in messages if damage != "label"]
    for read in written_and_read(tmp_path_factory, "某人_0.html", page, cut):
        got, notes, said, events = read.messages, read.notes, read.said, read.events
        lines = [m.source.line for m in got]
        assert lines == sorted(lines)
        for message, (sent, text, damage) in zip(got, labelled, strict=False):
            assert message.text == text
            assert message.channel == "某人"
            assert (message.author is not None) == sent
            if damage in ("time", "type"):
                assert any(n.line == message.source.line and n.text.startswith("field") for n in notes)
        if cut is None and labelled:  # a page none of whose rows has its label is not recognised
            assert len(got) == len(labelled)
            skipped = [e for e in events if isinstance(e, Skip)]
            assert len(skipped) == len(messages) - len(labelled)
        secrets = [text for _, text, _ in messages if len(text.strip()) > 3 and not text.isascii()]
        assert not any(text in said for text in secrets)


def _memotrace_escape(text: str) -> str:
    """As MemoTrace v2.0.5's exporter escapes a string for its page: HTML first, then JavaScript."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    escapes = (("\\", "\\\\"), ("'", "\\'"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t"))
    for raw, escaped in escapes:
        text = text.replace(raw, escaped)
    return text


_memo_damage = st.one_of(
    st.none(),  # the message is whole
    st.just("timestamp:'yesterday'"),  # a time that is a string, not an epoch
    st.just("timestamp:"),  # a time with no value
    st.just("type:'1'"),  # a type that is a string
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    messages=st.lists(
        st.tuples(st.sampled_from(["小雨妈妈", "阿明", "Tom & <Jerry>"]), _page_text, _memo_damage),
        min_size=1,
        max_size=10,
    ),
    cut=st.one_of(st.none(), st.floats(0.0, 1.0)),
)
def test_memotrace_page_with_random_messages_and_damaged_fields(tmp_path_factory, messages, cut) -> None:
    """MemoTrace's HTML page, written as its v2.0.5 exporter writes it, with random texts and damaged fields:
    every whole message is read with its text and author; a damaged one is noted or skipped with a note;
    cut short anywhere, never a traceback and never a message out of order; no text in a note."""
    records = []
    for index, (name, text, damage) in enumerate(messages):
        fields = {"type": "type:1", "timestamp": f"timestamp:{1714615262 + index}"}
        if damage is not None:
            fields[damage.split(":", 1)[0]] = damage
        records.append(
            f"{{ {fields['type']},text: '{_memotrace_escape(text)}',is_send:0,avatar_path:'',"
            f"{fields['timestamp']},is_chatroom:0,displayname:'{_memotrace_escape(name)}'}},"
        )
    page = (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="UTF-8">\n'
        "<title>宝妈群</title>\n</head>\n"
        '<body>\n<div class="content" id="chat-container"></div>\n<script>\nconst chatMessages = [\n'
        + "".join(records)
        + "\n];\n</script>\n</body>\n</html>\n"
    ).encode()
    for read in written_and_read(tmp_path_factory, "宝妈群.html", page, cut):
        got, said = read.messages, read.said
        numbers = [message_number(m) for m in got]
        assert numbers == sorted(set(numbers))
        by_number = {message_number(m): m for m in got}
        for number, (name, text, damage) in enumerate(messages, 1):
            message = by_number.get(number)
            if message is None:
                assert cut is not None or damage is not None, f"message #{number} lost in silence"
                continue
            assert message.text == text
            assert message.author is not None and message.author.name == name
            assert message.channel == "宝妈群"
            if (damage is not None and message.sent_at is None) or damage == "type:'1'":
                assert f"n{number}: field" in said or f"#{number}" in said
        if cut is None:
            assert len(got) + said.count("message #") >= len(messages)
        secrets = [text for _, text, _ in messages if len(text.strip()) > 3 and not text.isascii()]
        assert not any(text in said for text in secrets)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    messages=st.lists(
        st.tuples(st.booleans(), _page_text, st.booleans(), st.sampled_from(["1", "3", "'1'"])),
        min_size=1,
        max_size=10,
    ),
    cut=st.one_of(st.none(), st.floats(0.0, 1.0)),
)
def test_early_memotrace_page_with_random_messages_and_dividers(tmp_path_factory, messages, cut) -> None:
    """MemoTrace's page before January 2024 (no times, no names; a time divider before some messages),
    with random texts: every message is read with its text, 我 or the contact as its author and the time
    of the divider before it, if any; cut short anywhere, never a traceback; no text in a note."""
    records = []
    for index, (own, text, divided, kind) in enumerate(messages):
        if divided:
            records.append(f"{{ type:0, text: '2023-12-01 10:{index:02d}:00',is_send:0,avatar_path:''}},")
        records.append(
            f"{{ type:{kind}, text: '{_memotrace_escape(text)}',is_send:{int(own)},avatar_path:'x.png'}},"
        )
    page = (
        '<html><head><title>Chat Records</title></head><body><div id="chat-container"></div>\n<script>\n'
        "const chatMessages = [\n" + "".join(records) + "\n];\n</script></body></html>\n"
    ).encode()
    for read in written_and_read(tmp_path_factory, "小雨妈妈.html", page, cut):
        got, said = read.messages, read.said
        in_order = iter(got)
        for own, text, divided, kind in messages:
            message = next(in_order, None)
            if message is None:
                assert cut is not None, "a message lost in silence"
                break
            if kind == "1":
                assert message.text == text
            assert message.author is not None and message.author.name == ("我" if own else "小雨妈妈")
            assert (message.sent_at is not None) == divided or cut is not None
        secrets = [text for _, text, _, _ in messages if len(text.strip()) > 3 and not text.isascii()]
        assert not any(text in said for text in secrets)


_echo_damage = st.one_of(
    st.none(),  # the message is whole
    st.tuples(st.just("createTime"), st.one_of(_wx_text, st.sampled_from([True, [1], {"s": 1}]))),
    st.tuples(st.just("type"), st.sampled_from([7, ["x"], None, True, "新类型"])),  # not a type name
    st.tuples(st.just("content"), st.sampled_from([5, ["x"], {"a": 1}, True])),  # content is not a string
    st.tuples(st.just("sender"), st.sampled_from([42, ["x"]])),  # senderUsername / senderID of nobody
    st.tuples(st.just("item"), st.sampled_from(["x", 5, [], None])),  # the item is not an object
)
_ECHO_SENDERS = {"wxid_a1": "甲", "wxid_b2": "乙 & <丙>", "wxid_me": "我的号"}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    layout=st.sampled_from(["echotrace", "weflow", "weflow-arkme"]),
    messages=st.lists(st.tuples(st.sampled_from(list(_ECHO_SENDERS)), _wx_text, _echo_damage), max_size=10),
    cut=st.one_of(st.none(), st.floats(0.0, 1.0)),
)
def test_echotrace_and_weflow_json_with_random_messages_and_damaged_fields(
    tmp_path_factory, layout, messages, cut
) -> None:
    """EchoTrace's JSON, WeFlow's and WeFlow ArkMe's, written as their exporters write them (indented, the
    session, ArkMe's senders, then the messages), with random texts and damaged fields: every message
    object is read with its text, author and chat, its id the position (EchoTrace) or WeFlow's
    platformMessageId; a damaged field is a note naming the item, an item that is not an object a skip
    naming it; cut short anywhere, never a traceback, never a message out of order; no text in a note."""
    import json

    ids = {wxid: number for number, wxid in enumerate(_ECHO_SENDERS, 1)}
    items: list[object] = []
    expected = []  # (position, id, sender, text, damage) of each message object
    for index, (wxid, text, damage) in enumerate(messages, 1):
        when = 1717300000 + 60 * index
        item: dict[str, object] = {"localId": 100 + index, "createTime": when,
                                   "formattedTime": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(when)),
                                   "type": "文本消息", "localType": 1, "content": text,
                                   "isSend": int(wxid == "wxid_me")}  # fmt: skip
        if layout == "weflow-arkme":
            item["senderID"] = ids[wxid]
        else:
            item["senderUsername"], item["senderDisplayName"] = wxid, _ECHO_SENDERS[wxid]
        item["source"] = ""
        platform_id = str(6100000000000000000 + index)
        if layout != "echotrace":
            item["platformMessageId"] = platform_id
        if damage is not None and damage[0] == "item":
            items.append(damage[1])
            continue
        if damage is not None:
            key = damage[0]
            if key == "sender":
                key = "senderID" if layout == "weflow-arkme" else "senderUsername"
            item[key] = damage[1]
        items.append(item)
        expected.append((index, f"n{index}" if layout == "echotrace" else platform_id, wxid, text, damage))
    session = {"wxid": "123@chatroom", "nickname": "互助群", "remark": "", "displayName": "互助群",
               "type": "群聊", "lastTimestamp": 1717300000, "messageCount": len(items)}  # fmt: skip
    whole: dict[str, object] = {"session": session}
    if layout != "echotrace":
        header = {"version": "1.0.3", "exportedAt": 1772000000, "generator": "WeFlow"}
        whole = {
            "weflow": {**header, "format": "arkme-json"} if layout == "weflow-arkme" else header,
            **whole,
        }
    if layout == "weflow-arkme":
        whole["senders"] = [{"senderID": n, "wxid": w, "displayName": _ECHO_SENDERS[w], "nickname": "x"}
                            for w, n in ids.items()]  # fmt: skip
    whole["messages"] = items
    whole["exportTime"] = "2024-06-03T09:00:00.000"
    data = json.dumps(whole, ensure_ascii=False, indent=2).encode()
    for read in written_and_read(tmp_path_factory, "互助群_聊天记录_1717401600000.json", data, cut):
        got, notes, said, events = read.messages, read.notes, read.said, read.events
        for message, (index, ident, wxid, text, damage) in zip(got, expected, strict=False):
            assert message.id.rsplit(":", 1)[1] == ident  # in order, none lost before it
            assert message.channel == "互助群"
            mark = f"n{index}: field"
            if damage is None or damage[0] != "content":
                assert message.text == text
            else:
                assert any(n.text.startswith(mark + " content") for n in notes)
            if damage is None or damage[0] != "sender":
                assert message.author is not None and message.author.name == _ECHO_SENDERS[wxid]
                assert message.author.handle == f"wxid:{wxid}"
            else:
                assert any(n.text.startswith(mark + " sender") for n in notes)
            if damage is not None and damage[0] == "type":
                assert any(n.text.startswith(mark + " type") for n in notes)
            if damage is not None and damage[0] == "createTime" and message.sent_at is None:
                assert any(n.text.startswith(mark + " createTime") for n in notes)
        skips = [e for e in events if isinstance(e, Skip)]
        if cut is None:
            assert len(got) == len(expected)
            # each item that is not an object, and, where nothing could be read, the file's one fatal note
            unreadable = 1 if items and not expected else 0
            assert len(skips) == len(items) - len(expected) + unreadable
            assert [s.fatal for s in skips].count(True) == unreadable
            assert not any("messageCount" in n.text for n in notes)
        elif len(got) < len(expected):
            assert skips  # the break is said, not passed over
        secrets = [text for _, text, _ in messages if len(text.strip()) > 3 and not text.isascii()]
        assert not any(text in said for text in secrets)
