"""CSV and JSONL input, and the round trip of `huijia read`'s own output."""

from __future__ import annotations

import orjson

from huijia.model import Author

from .conftest import data, read


def test_jsonl_fields_aliases_and_times() -> None:
    result = read(data("generic/posts.jsonl"))
    p1, p2, p3, bad_bytes = result.messages
    assert p1.id == "p1"  # a given id is kept unchanged
    assert p1.author == Author("hopeful_dad", None)
    assert p1.sent_at == "2019-06-01T08:00:00+00:00" and p1.source.tz_assumed is None
    assert p2.id == f"jsonl:{p2.source.sha256[:8]}:2"
    assert p2.author == Author("匿名", "forum:example:77")
    assert p2.channel == "某论坛"  # from `chat`
    assert p2.sent_at == "2019-06-02T10:00:00+08:00" and p2.source.tz_assumed == "Asia/Shanghai"
    assert p3.sent_at == "2019-06-02T08:00:00+08:00"  # epoch seconds
    assert "\ufffd" in bad_bytes.text


def test_jsonl_bad_records_are_reported_by_line_and_the_rest_kept() -> None:
    result = read(data("generic/posts.jsonl"))
    assert [(s.line, s.reason) for s in result.skips] == [
        (3, "not valid JSON (unexpected end of data)"),
        (4, "no text field"),
        (5, "not a JSON object"),
    ]
    assert [(n.line, n.text) for n in result.notices] == [(7, "undecodable bytes replaced (read as utf-8)")]


def test_csv_in_gb18030_with_quoted_newlines_and_a_bad_row() -> None:
    result = read(data("generic/posts.csv"))
    assert [m.id for m in result.messages] == ["c1", "c2", "c4"]
    assert result.messages[0].text == "男孩，两岁，寻找爱心家庭"
    assert result.messages[1].text == "multi-line\nmessage, with comma"
    assert result.messages[1].sent_at == "2018-03-02T08:00:00+08:00"
    assert [(s.line, s.reason) for s in result.skips] == [(5, "row has 6 fields, header has 5")]


def test_read_output_reads_back_unchanged(tmp_path) -> None:
    from click.testing import CliRunner

    from huijia.cli import main

    runner = CliRunner()
    first = tmp_path / "first.jsonl"
    second = tmp_path / "second.jsonl"
    inputs = [
        str(data(p))
        for p in ("qq-txt/group-crlf-utf8bom.txt", "telegram/result.json", "warc/forum-crawl.warc.gz")
    ]
    assert runner.invoke(main, ["read", *inputs, "-o", str(first)]).exit_code == 0
    assert runner.invoke(main, ["read", str(first), "-o", str(second)]).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    assert len(first.read_bytes().splitlines()) == 10 + 6 + 5
    # orjson writes the dataclasses themselves: the same objects, keys in the same order, as to_dict()
    written = [orjson.loads(line) for line in first.read_bytes().splitlines()]
    expected = [message.to_dict() for message in read(*inputs).messages]
    assert [list(row.items()) for row in written] == [list(row.items()) for row in expected]
    assert any(row["attachments"] for row in written) and any(row["reply_to"] for row in written)


def test_huge_message_and_control_characters_survive(tmp_path) -> None:
    path = tmp_path / "big.jsonl"
    text = "营养费" * 400_000 + "\x01\x02"
    path.write_bytes(orjson.dumps({"text": text}) + b"\n")
    result = read(path)
    assert result.messages[0].text == text


SECRET = "出售男婴联系我"  # a message's text: it must never appear in a note or a skip


def test_jsonl_a_record_with_a_broken_field_is_kept_and_the_field_named(tmp_path) -> None:
    rows = [
        {"text": SECRET, "sent_at": "2019-13-45 99:00"},  # time
        {"text": SECRET, "time": SECRET},  # the text shifted into the time field
        {"text": SECRET, "kind": "selling"},  # kind
        {"text": SECRET, "attachments": "photo.jpg"},  # attachments: not a list
        {"text": SECRET, "attachments": [{"kind": "image", "name": "a.jpg"}, {"name": "b.jpg"}, 7]},
        {"text": SECRET, "sent_at": True},
    ]
    export = tmp_path / "posts.jsonl"
    export.write_bytes(b"\n".join(orjson.dumps(row) for row in rows) + b"\n")
    result = read(export)
    assert [m.text for m in result.messages] == [SECRET] * 6  # every record kept
    assert [m.sent_at for m in result.messages] == [None] * 6
    assert result.messages[2].kind == "text"
    assert result.messages[4].attachments[0].name == "a.jpg"
    assert [n.describe() for n in result.notices] == [
        f"{export}:1: note: field sent_at is an impossible date or time; message kept without a time",
        f"{export}:2: note: field time is not a date and time; message kept without a time",
        f"{export}:3: note: field kind is not a message kind huijia knows; read as text",
        f"{export}:4: note: field attachments is not a JSON list of {{kind, name}}; attachments left out",
        f"{export}:5: note: field attachments: 2 of 3 have no kind; those left out",
        f"{export}:6: note: field sent_at is not a time; message kept without a time",
    ]
    assert result.skips == []
    assert not any(SECRET in n.describe() for n in result.notices)


def test_csv_a_row_with_a_broken_field_is_kept_and_the_field_named(tmp_path) -> None:
    export = tmp_path / "posts.csv"
    export.write_text(
        "id,time,kind,attachments,text\n"
        f"r1,2018-02-30 10:00,text,,{SECRET}\n"
        f"r2,2018-03-01 10:00,广告,,{SECRET}\n"
        f'r3,2018-03-01 10:00,image,"[{{""kind"": ""image"", ""name"": ""p.jpg""}}]",{SECRET}\n'
        f"r4,2018-03-01 10:00,image,p.jpg,{SECRET}\n",
        encoding="utf-8",
    )
    result = read(export)
    assert [m.id for m in result.messages] == ["r1", "r2", "r3", "r4"]
    assert result.messages[2].attachments[0].name == "p.jpg"  # a JSON list in a CSV cell
    assert [n.describe() for n in result.notices] == [
        f"{export}:2: note: field time is an impossible date or time; message kept without a time",
        f"{export}:3: note: field kind is not a message kind huijia knows; read as text",
        f"{export}:5: note: field attachments is not a JSON list of {{kind, name}}; attachments left out",
    ]
    assert not any(SECRET in n.describe() for n in result.notices)


def test_jsonl_messages_come_in_batches_with_each_problem_in_its_place(tmp_path) -> None:
    """Messages go out a batch at a time; a skipped line and a note still come between the messages
    before and after them, and `huijia analyse` writes the findings in file order."""
    from click.testing import CliRunner

    from huijia.cli import main
    from huijia.ingest import read_input_batches
    from huijia.ingest.base import ReadOptions
    from huijia.ingest.generic import READ_BATCH
    from huijia.model import Message, MessageBatch, Notice, Skip

    count = READ_BATCH * 2 + 50
    lines = [orjson.dumps({"id": f"m{i}", "author": f"u{i % 7}", "text": f"第{i}条"}) for i in range(count)]
    lines[300] = b'{"id": "broken", "text": '
    lines[450] = orjson.dumps({"id": "m450", "text": "x", "kind": "selling"})
    export = tmp_path / "chat.jsonl"
    export.write_bytes(b"\n".join(lines) + b"\n")

    events = list(read_input_batches([export], "jsonl", ReadOptions()))
    assert any(isinstance(e, MessageBatch) and len(e) == READ_BATCH for e in events)
    order: list[str] = []
    for event in events:
        if isinstance(event, MessageBatch):
            order += [m.id for m in event]
        elif isinstance(event, Message):
            order.append(event.id)
        elif isinstance(event, Skip):
            order.append(f"skip {event.line}")
        elif isinstance(event, Notice):
            order.append(f"note {event.line}")
    expected = [f"m{i}" for i in range(count)]
    expected[300] = "skip 301"
    expected.insert(451, "note 451")
    assert order == expected

    out = tmp_path / "findings.jsonl"
    done = CliRunner().invoke(main, ["analyse", str(export), "-o", str(out), "--no-second-reading"])
    assert done.exit_code == 0, done.output
    assert [orjson.loads(line)["id"] for line in out.read_bytes().splitlines()] == [
        f"m{i}" for i in range(count) if i != 300
    ]


def _jsonl(*records: dict[str, str], gbk: frozenset[int] = frozenset()) -> bytes:
    return b"".join(
        orjson.dumps(r).decode().encode("gbk" if n in gbk else "utf-8") + b"\n" for n, r in enumerate(records)
    )


def test_a_gbk_line_in_a_utf8_export_is_read_in_its_own_encoding_and_named(tmp_path) -> None:
    """Another tool appended a line in GBK to a UTF-8 export: the file is still UTF-8 (not garbled whole
    as GB18030 or a Cyrillic code page, nor refused), and that line is read as GB18030 with a note."""
    posts = [
        {"id": "a", "text": "群里今天有人发广告吗"},
        {"id": "b", "text": "出生20天男宝，营养费3万，有意私聊"},
        {"id": "c", "text": "晚安，明天见"},
    ]
    for gbk_line in (1, 2):
        path = tmp_path / f"mixed{gbk_line}.jsonl"
        path.write_bytes(_jsonl(*posts, gbk=frozenset({gbk_line})))
        result = read(path)
        assert [m.text for m in result.messages] == [p["text"] for p in posts]
        assert [m.source.encoding for m in result.messages].count("gb18030") == 1
        assert [(n.line, n.text) for n in result.notices] == [
            (gbk_line + 1, "read as gb18030, not as utf-8 as the rest")
        ]


def test_a_gbk_csv_that_opens_with_a_megabyte_of_ascii_is_read_as_gbk(tmp_path) -> None:
    from huijia.ingest.textfile import DETECT_BYTES

    rows = ["id,text"] + [f"{n},message number {n} in plain ASCII" for n in range(DETECT_BYTES // 30)]
    rows.append("last,出生20天男宝，营养费3万")
    path = tmp_path / "late.csv"
    path.write_bytes("\n".join(rows).encode("gbk") + b"\n")
    result = read(path)
    assert result.messages[-1].text == "出生20天男宝，营养费3万"
    assert result.messages[-1].source.encoding == "gb18030" and not result.notices


def test_a_quote_never_closed_keeps_the_rest_of_the_file_and_says_where_it_opened(tmp_path) -> None:
    path = tmp_path / "open.csv"
    path.write_text('id,text\n1,"出生20天男宝，营养费3万\n2,hello\n3,world\n', encoding="utf-8")
    result = read(path)
    (only,) = result.messages
    assert only.text == "出生20天男宝，营养费3万\n2,hello\n3,world\n"
    assert [(n.line, n.text.split(":")[0]) for n in result.notices] == [
        (2, "a quoted field of the row on line 2 is never closed")
    ]
    closed = tmp_path / "closed.csv"
    closed.write_text('id,text\n1,"two\nlines"\n2,hello\n', encoding="utf-8")
    assert read(closed).notices == []


def test_a_utf16_csv_with_a_byte_order_mark_keeps_its_first_column(tmp_path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes("text,id\r\n出生20天男宝，营养费3万,a1\r\n".encode("utf-16"))  # BOM, as Excel writes
    (message,) = read(path).messages
    assert message.text == "出生20天男宝，营养费3万" and message.id == "a1"


def test_a_column_named_twice_is_named_and_the_first_is_read(tmp_path) -> None:
    path = tmp_path / "twice.csv"
    path.write_text("id,Text,text\n1,出生20天男宝，营养费3万,translation\n", encoding="utf-8")
    result = read(path)
    assert [m.text for m in result.messages] == ["出生20天男宝，营养费3万"]
    assert [(n.line, n.text) for n in result.notices] == [
        (1, "header names `text` more than once: the first is read")
    ]


def test_a_number_as_text_is_kept_and_a_float_is_named(tmp_path) -> None:
    path = tmp_path / "numbers.jsonl"
    path.write_text('{"id": "a", "text": 13800138000}\n{"id": "b", "text": 1.50}\n', encoding="utf-8")
    result = read(path)
    assert [m.text for m in result.messages] == ["13800138000", "1.5"]
    assert [(n.line, n.text) for n in result.notices] == [
        (2, "field text is a number, not a string; read as 1.5")
    ]


def test_a_broken_first_line_is_that_lines_problem_not_the_whole_files(tmp_path) -> None:
    for first in ('{"id": "cut", "te', '{"id": "x", "text": null}'):
        path = tmp_path / "export.jsonl"
        rows = [first, '{"id": "a", "text": "出生20天男宝"}', '{"id": "b", "text": "晚安"}']
        path.write_text("\n".join(rows) + "\n", encoding="utf-8")
        result = read(path)
        assert [m.id for m in result.messages] == ["a", "b"]
        assert [s.line for s in result.skips] == [1] and not result.skips[0].fatal


def test_a_csv_read_by_name_without_a_text_column_is_one_error_naming_its_columns(tmp_path) -> None:
    path = tmp_path / "posts.csv"
    path.write_text("id,body\n1,出生20天男宝\n2,晚安\n", encoding="utf-8")
    result = read(path, fmt="csv")
    assert [(s.line, s.reason, s.fatal) for s in result.skips] == [
        (1, "the header has no `text` column (it has: id, body)", True)
    ]


def test_a_utf8_line_that_lost_a_byte_keeps_its_other_characters_not_read_as_gbk(tmp_path) -> None:
    offer = "出售男宝两个月营养费三万私聊vx".encode()
    damaged = offer[:1] + offer[2:]  # the first character's second byte lost
    path = tmp_path / "posts.jsonl"
    second = '{"id": "b", "text": "晚安"}\n'.encode()
    path.write_bytes(b'{"id": "a", "text": "' + damaged + b'"}\n' + second)
    result = read(path)
    assert result.messages[0].text == "\ufffd售男宝两个月营养费三万私聊vx"
    assert [(n.line, n.text) for n in result.notices] == [(1, "undecodable bytes replaced (read as utf-8)")]


def test_gbk_whose_few_characters_happen_to_be_utf8_is_still_gbk_and_a_last_line_may_be_the_odd_one() -> None:
    from huijia.ingest.textfile import detect_encoding

    rows = ["id,sex"] + [f"{n},女" for n in range(6)] + [f"{n},男" for n in range(3)]  # GBK 女 is UTF-8 Ů
    assert detect_encoding("\n".join(rows).encode("gbk") + b"\n") == "gb18030"
    utf8 = [f'{{"text": "普通消息 {n}"}}'.encode() for n in range(3)]
    last_in_gbk = '{"text": "出生20天男宝，营养费3万"}'.encode("gbk")  # and no newline after it
    assert detect_encoding(b"\n".join([*utf8, last_in_gbk])) == "utf-8"
