"""Choosing readers, reading folders, and containing bad input."""

from __future__ import annotations

import zipfile

import pytest

from huijia.ingest import UnknownFormatError, choose_reader, read_inputs
from huijia.ingest.base import registered_readers
from huijia.model import Notice

from .conftest import DATA, data, read


@pytest.mark.parametrize(
    ("path", "fmt"),
    [
        ("qq-txt/group-crlf-utf8bom.txt", "qq-txt"),
        ("qq-txt/gb18030-ampm.txt", "qq-txt"),
        ("qq-txt/utf16le.txt", "qq-txt"),
        ("qq-mht/group.mht", "qq-mht"),
        ("qq-json/qce-v4.json", "qq-json"),
        ("qq-json/qce-v5.json", "qq-json"),
        ("wechat/memotrace-v2_utf8.csv", "wechat"),
        ("wechat/memotrace-v4.csv", "wechat"),
        ("wechat/pywxdump.csv", "wechat"),
        ("wechat/memotrace.json", "wechat"),
        ("wechat/memotrace-html/小雨妈妈(wxid_mama66)/小雨妈妈.html", "wechat"),
        ("wechat/pywxdump-html-2x/20881234@chatroom/data/msg_user.json", "wechat"),
        ("wechat/pywxdump-2.2/芳芳_0.html", "wechat"),
        ("wechat/echotrace/宝宝之家互助群_聊天记录_1717401600000.json", "wechat"),
        ("wechat/weflow/卖家小凯.json", "wechat"),
        ("wechat/weflow-arkme/江浙沪宝宝交流群.json", "wechat"),
        ("telegram/result.json", "telegram"),
        ("telegram/account/result.json", "telegram"),
        ("telegram-html/ChatExport_2024-05-03/messages2.html", "telegram"),
        ("whatsapp/android-en-gb.txt", "whatsapp"),
        ("whatsapp/ios-zh.txt", "whatsapp"),
        ("whatsapp/android-en-us-12h.txt", "whatsapp"),
        ("html/discuz-thread.html", "html"),
        ("html/tieba-thread.html", "html"),
        ("warc/forum-crawl.warc.gz", "warc"),
        ("generic/posts.jsonl", "jsonl"),
        ("generic/posts.csv", "csv"),
    ],
)
def test_sniffing_picks_the_right_reader(path: str, fmt: str) -> None:
    file = data(path)
    reader = choose_reader(file.read_bytes()[:65536], file)
    assert reader is not None and reader.name == fmt


def test_every_reader_names_examples_that_read_cleanly() -> None:
    for name, cls in registered_readers().items():
        assert cls.examples, name
        for example in cls.examples:
            result = read(DATA / example, fmt=name)
            assert result.messages, example
            assert not any(s.fatal for s in result.skips), example


def test_a_folder_reads_every_recognised_file_in_order() -> None:
    result = read(DATA / "wechat")
    assert {m.source.format for m in result.messages} == {"wechat"}
    # with: MemoTrace's HTML page, its TXT export, PyWxDump's HTML export (data.js), its 2.4–3.0 HTML
    # export (data/msg_user.json) and its 2.2 rendered page; EchoTrace's JSON, WeFlow's and WeFlow ArkMe's
    assert len(result.messages) == 5 + 2 + 4 + 3 + 5 + 5 + 9 + 7 + 7 + 8 + 8 + 9 + 7 + 6


def test_unknown_format_name_is_refused_before_reading() -> None:
    with pytest.raises(UnknownFormatError):
        list(read_inputs([data("generic/posts.csv")], "docx"))


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"\x00\x01\x02\x03" * 300, "not a recognised export format (name one with --format)"),
        (b"just a note, nothing else\n", "not a recognised export format (name one with --format)"),
    ],
)
def test_unreadable_files_are_one_clean_fatal_skip(tmp_path, content: bytes, reason: str) -> None:
    path = tmp_path / "input.txt"
    path.write_bytes(content)
    result = read(path)
    assert result.messages == []
    assert [(s.reason, s.fatal) for s in result.skips] == [(reason, True)]


def test_a_file_of_another_format_forced_through_a_reader_fails_cleanly() -> None:
    result = read(data("telegram/result.json"), fmt="qq-txt")
    assert result.messages == []
    assert all(not s.reason.startswith("internal error") for s in result.skips)


def test_binary_file_named_as_qq_txt_is_refused_as_binary(tmp_path) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(bytes(range(256)) * 10)
    result = read(path, fmt="qq-txt")
    assert [s.reason for s in result.skips] == ["binary data, not a text export"]


def test_missing_input_is_reported_and_others_still_read(tmp_path) -> None:
    result = read(tmp_path / "nope.txt", data("qq-txt/gb18030-ampm.txt"))
    assert [s.reason for s in result.skips] == ["no such file or folder"]
    assert len(result.messages) == 3


def test_unrecognised_non_media_file_in_a_folder_is_noted(tmp_path) -> None:
    (tmp_path / "notes.txt").write_text("some notes\n")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (tmp_path / "chat.txt").write_bytes(data("qq-txt/gb18030-ampm.txt").read_bytes())
    with zipfile.ZipFile(tmp_path / "older export.zip", "w") as archive:  # an export inside: said, not read
        archive.writestr("posts.jsonl", data("generic/posts.jsonl").read_bytes())
    result = read(tmp_path)
    assert len(result.messages) == 3
    assert [(n.file.rsplit("/", 1)[1], n.text) for n in result.notices] == [
        ("notes.txt", "not a recognised export; passed over"),
        ("older export.zip", "an archive; passed over (unpack it to read the exports in it)"),
    ]


def test_sniffing_order_is_fixed_and_a_choice_between_readers_is_said(monkeypatch) -> None:
    # issue 16, build 4: which reader sniffing chose must be visible when more than one would take a file;
    # and the order must not depend on which reader module was imported first (a QQ .mht was read as
    # qq-txt when qq_txt was imported before the others)
    from huijia.ingest import base
    from huijia.ingest.base import Reader

    class EverythingReader(Reader):
        name = "everything"
        description = "a third-party reader that takes any file"

        def sniff(self, head, path) -> bool:
            return True

        def read(self, src, options):
            return iter(())

    registry = {"everything": EverythingReader, **base._REGISTRY}  # registered before the built-ins
    monkeypatch.setattr(base, "_REGISTRY", registry)
    assert list(base.registered_readers())[-1] == "everything"
    result = read(data("qq-mht/group.mht"))
    assert {m.source.format for m in result.messages} == {"qq-mht"}
    assert [n.text for n in result.chosen] == [
        "read as qq-mht (QQ message-manager MHT export); "
        "everything would also take it (name one with --format)"
    ]


def test_each_file_read_without_a_format_names_the_reader_chosen_in_one_note(tmp_path) -> None:
    (tmp_path / "group.txt").write_bytes(data("qq-txt/gb18030-ampm.txt").read_bytes())
    (tmp_path / "result.json").write_bytes(data("telegram/result.json").read_bytes())
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff")  # media beside an export: not read, no note
    result = read(tmp_path)
    assert [(n.file.rsplit("/", 1)[1], n.describe().split(": ", 1)[1]) for n in result.chosen] == [
        ("group.txt", "note: read as qq-txt (QQ / TIM message-manager text export)"),
        ("result.json", "note: read as telegram (Telegram Desktop export), layout: Telegram Desktop JSON"),
    ]
    assert all(isinstance(n, Notice) for n in result.chosen)  # a note like any other for callers
    assert read(tmp_path / "group.txt", fmt="qq-txt").chosen == []  # a format named: nothing to say


def _reader_class(dotted: str) -> type:
    """The reader class a test patches, from its dotted path."""
    import importlib

    module_name, class_name = dotted.rsplit(".", 1)
    return getattr(importlib.import_module(module_name), class_name)


@pytest.mark.parametrize(
    ("reader_path", "name"),
    [
        ("huijia.ingest.wechat.WeChatReader", "wechat/memotrace.json"),
        ("huijia.ingest.telegram.TelegramReader", "telegram/result.json"),
        ("huijia.ingest.qq_json.QQJsonReader", "qq-json/qce-v5.json"),
    ],
)
def test_an_error_making_one_record_is_that_records_note_not_invalid_json(
    monkeypatch, reader_path, name
) -> None:
    """A value a reader did not foresee used to stop the file with "invalid JSON"; now that record alone
    is left out, with a note naming it and the error, and the records after it are read."""
    reader = _reader_class(reader_path)
    whole = read(data(name))
    original = reader._message
    calls = {"n": 0}

    def failing_first(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise ValueError("an unforeseen value")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(reader, "_message", failing_first)
    result = read(data(name))
    notes = [skip.reason for skip in result.skips]
    assert any("could not be read (ValueError: an unforeseen value)" in note for note in notes), notes
    assert not any("invalid JSON" in note for note in notes)
    assert 0 < len(result.messages) < len(whole.messages)
    assert [m.id for m in result.messages] == [m.id for m in whole.messages][-len(result.messages) :]


@pytest.mark.parametrize(
    ("reader_path", "name"),
    [
        ("huijia.ingest.telegram.TelegramReader", "telegram/result.json"),
        ("huijia.ingest.qq_json.QQJsonReader", "qq-json/qce-v5.json"),
    ],
)
def test_a_record_that_fails_half_made_gives_none_of_its_events(monkeypatch, reader_path, name) -> None:
    reader = _reader_class(reader_path)
    whole = read(data(name))
    original = reader._message
    calls = {"n": 0}

    def yields_then_fails(self, *args, **kwargs):
        calls["n"] += 1
        first = calls["n"] == 1
        for event in original(self, *args, **kwargs):
            yield event
            if first:
                raise TypeError("half made")

    monkeypatch.setattr(reader, "_message", yields_then_fails)
    result = read(data(name))
    assert whole.messages[0].id not in [m.id for m in result.messages]
    assert len(result.messages) == len(whole.messages) - 1
    assert any("could not be read (TypeError: half made)" in s.reason for s in result.skips)


@pytest.mark.parametrize(
    ("reader_path", "name"),
    [
        ("huijia.ingest.wechat.WeChatReader", "wechat/memotrace.json"),
        ("huijia.ingest.telegram.TelegramReader", "telegram/result.json"),
        ("huijia.ingest.qq_json.QQJsonReader", "qq-json/qce-v5.json"),
    ],
)
def test_a_file_none_of_whose_records_can_be_read_is_unreadable(monkeypatch, reader_path, name) -> None:
    reader = _reader_class(reader_path)

    def always_fails(self, *args, **kwargs):
        raise KeyError("type")

    monkeypatch.setattr(reader, "_message", always_fails)
    result = read(data(name))
    assert result.messages == []
    assert [s.fatal for s in result.skips].count(True) == 1
    assert "none of its" in next(s for s in result.skips if s.fatal).reason


@pytest.mark.parametrize(
    ("name", "layout"),
    [
        ("wechat/memotrace.json", "MemoTrace JSON"),
        ("wechat/memotrace-v4.csv", "MemoTrace CSV (v4)"),
        ("wechat/pywxdump.csv", "PyWxDump CSV"),
        ("wechat/pywxdump-html/wxid_mama88/data.js", "PyWxDump 3.1 HTML export (data.js)"),
        (
            "wechat/pywxdump-html-2x/20881234@chatroom/data/msg_user.json",
            "PyWxDump 2.4–3.0 HTML export (data/msg_user.json)",
        ),
        ("wechat/pywxdump-2.2/芳芳_0.html", "PyWxDump 2.2 rendered page"),
        (
            "wechat/memotrace-html/小雨妈妈(wxid_mama66)/小雨妈妈.html",
            "MemoTrace HTML page (v2.0.5 template)",
        ),
        ("wechat/weflow/卖家小凯.json", "WeFlow JSON"),
        ("wechat/weflow-arkme/江浙沪宝宝交流群.json", "WeFlow ArkMe JSON"),
        ("qq-json/qce-v5.json", "QQChatExporter JSON"),
        ("qq-json/qce-v5.txt", "QQChatExporter TXT"),
        ("telegram-html/ChatExport_2024-05-03/messages.html", "Telegram Desktop HTML (messages.html)"),
        ("whatsapp/WhatsApp Chat - Hogar Bebé.zip", "zip (the chat and its media)"),
        ("whatsapp/ios-zh.txt", "iOS"),
        ("whatsapp/android-ja.txt", "Android"),
    ],
)
def test_the_note_of_the_reader_chosen_names_the_layout(name: str, layout: str) -> None:
    (note,) = read(data(name)).chosen
    assert note.text.split(", layout: ")[1].split(";")[0] == layout
