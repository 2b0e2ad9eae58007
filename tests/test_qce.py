"""QQChatExporter's layouts besides the single JSON file: the chunked JSONL export (manifest.json +
chunks/*.jsonl) and the TXT export with its banner (issue 16)."""

from __future__ import annotations

import shutil
from pathlib import Path

from huijia.model import Attachment, Author

from .conftest import data, read

CHUNKED = data("qq-json/江西宝宝送养交流群_chunked_jsonl")


def test_chunked_jsonl_folder_is_read_chunk_by_chunk_with_the_chat_from_the_manifest() -> None:
    result = read(CHUNKED)
    assert not result.skips
    assert [c.text.split(" (")[0] for c in result.chosen if "chunks" in c.file] == ["read as qq-json"] * 2
    assert [m.id.rsplit(":", 1)[1] for m in result.messages] == [f"7419{n:015d}" for n in range(3101, 3105)]
    assert {m.channel for m in result.messages} == {"江西宝宝送养交流群"}
    first, image, answer, system = result.messages
    assert first.author == Author("江西送养-芳", "qq:52001")
    assert first.sent_at == "2024-11-02T01:15:03+00:00" and first.source.tz_assumed is None
    assert (first.source.line, first.source.offset) == (1, 0) and image.source.line == 2
    assert first.source.file.endswith("chunks/c000001.jsonl")
    assert answer.source.file.endswith("chunks/c000002.jsonl") and answer.source.line == 1
    assert image.kind == "image" and image.attachments == (Attachment("image", "5A1B2C3D.jpg"),)
    assert system.kind == "system" and system.author.handle == "qq:u_sys"


def test_chunked_jsonl_notes_a_chunk_cut_short_and_a_reply_into_another_chunk() -> None:
    result = read(CHUNKED)
    notes = {(Path(n.file).name, n.line, n.text) for n in result.notices}
    assert (
        "c000002.jsonl",
        None,
        "the manifest gives this chunk 3 messages; it holds 2 lines (cut short?)",
    ) in notes
    assert (
        "c000002.jsonl",
        1,
        "message: replies to message 7419000000000003101, which is not in this chunk; reply_to left empty",
    ) in notes
    assert result.messages[2].reply_to is None
    assert not any("女宝" in n.text or "qq详谈" in n.text for n in result.notices)


def test_a_manifest_names_the_chunks_that_are_missing(tmp_path: Path) -> None:
    folder = tmp_path / "export_chunked_jsonl"
    shutil.copytree(CHUNKED, folder)
    (folder / "chunks" / "c000002.jsonl").unlink()
    result = read(folder / "manifest.json")
    assert not result.messages
    assert [n.text for n in result.notices][-1] == (
        "chunk chunks/c000002.jsonl named in the manifest is missing: its 3 messages are not read"
    )


def test_a_chunk_without_its_manifest_and_with_a_broken_line_keeps_the_others(tmp_path: Path) -> None:
    chunk = tmp_path / "chunks" / "c000001.jsonl"
    chunk.parent.mkdir()
    lines = (CHUNKED / "chunks" / "c000001.jsonl").read_bytes().splitlines(keepends=True)
    chunk.write_bytes(lines[0] + b'{"messageId": "74190000000000\n' + lines[1])
    result = read(chunk)
    assert [m.source.line for m in result.messages] == [1, 3]
    assert [(s.line, s.reason.split(" (")[0]) for s in result.skips] == [(2, "not valid JSON")]
    assert [n.text for n in result.notices] == ["no manifest.json above this chunk; chat name unknown"]
    assert {m.channel for m in result.messages} == {None}


def test_qce_txt_banner_layout_is_read_as_qq_json_with_resources_and_placeholders() -> None:
    result = read(data("qq-json/qce-v5.txt"))
    assert not result.skips
    assert [c.text.split(" (")[0] for c in result.chosen] == ["read as qq-json"]
    assert [m.source.line for m in result.messages] == [16, 22, 29, 36, 41]
    assert {m.channel for m in result.messages} == {"江西宝宝送养交流群"}
    offer, image, answer, system, late = result.messages
    assert offer.text == "女宝刚满月，身体健康，家里实在养不起\n诚心找好人家，营养费私聊"
    assert offer.author == Author("江西送养-芳", None)
    assert offer.sent_at == "2024-11-02T09:15:03+08:00" and offer.source.tz_assumed == "Asia/Shanghai"
    assert (image.kind, image.text, image.attachments) == (
        "image",
        "",
        (Attachment("image", "5A1B2C3D.jpg"),),
    )
    assert answer.text == "想要，加我qq详谈"  # the 提及 and 回复 lines are not its text
    assert (system.kind, system.text, system.author.handle) == ("system", "", "qq:u_Xr5tQe8pLm2W9aZ0bC1dEf")
    assert late.text == "时间: 群里有人在吗" and late.sent_at is None


def test_qce_txt_impossible_time_is_a_note_naming_the_line_and_field() -> None:
    result = read(data("qq-json/qce-v5.txt"))
    assert [n.describe().split("qce-v5.txt:")[1] for n in result.notices] == [
        "41: note: field 时间 is an impossible date or time; message kept without a time"
    ]


def test_a_chunk_whose_first_line_is_damaged_is_still_read_line_by_line(tmp_path: Path) -> None:
    """Found by the fuzz test: a chunk whose first line was cut short (or held bytes that do not decode)
    was not sniffed as a chunk and was lost whole; its name and the manifest above it make it one."""
    folder = tmp_path / "export_chunked_jsonl"
    shutil.copytree(CHUNKED, folder)
    chunk = folder / "chunks" / "c000001.jsonl"
    first, second = chunk.read_bytes().splitlines(keepends=True)
    chunk.write_bytes(first[:40] + b"\x00\n" + second)
    result = read(folder)
    assert [(Path(s.file).name, s.line, s.reason.split(" (")[0]) for s in result.skips] == [
        ("c000001.jsonl", 1, "not valid JSON")
    ]
    assert [(Path(m.source.file).name, m.source.line) for m in result.messages][:1] == [("c000001.jsonl", 2)]


def test_qce_txt_cut_short_is_noted_against_its_header_count(tmp_path: Path) -> None:
    whole = data("qq-json/qce-v5.txt").read_bytes()
    cut = tmp_path / "qce-v5.txt"
    cut.write_bytes(whole[: whole.index("求子心切:\n时间: 2024-11-02 09:17:05".encode())])
    result = read(cut)
    assert len(result.messages) == 2
    assert [n.text for n in result.notices] == [
        "the file ends before QCE's closing 导出完成 lines: the last message may be cut short",
        "the header (消息总数) gives 5 messages; 2 were read (cut short?)",
    ]


def test_qce_txt_time_line_run_into_the_next_name_is_a_note_not_a_traceback(tmp_path: Path) -> None:
    """Found by the fuzz test: bytes lost between `时间: ` and the next block's `阿强:` left a `时间: 阿强:`
    line, taken for a name, and the message before it without a time line (an IndexError)."""
    whole = data("qq-json/qce-v5.txt").read_text(encoding="utf-8")
    start = whole.index("时间: 2024-11-02 09:20:00")
    damaged = whole[: start + len("时间: ")] + whole[whole.index("阿强:\n") :]
    (tmp_path / "qce-v5.txt").write_text(damaged, encoding="utf-8")
    result = read(tmp_path / "qce-v5.txt")
    assert not result.skips
    assert [m.source.line for m in result.messages] == [16, 22, 29, 36]
    assert ("field 时间 is not a full date and time; message kept without a time", 36) in {
        (n.text, n.line) for n in result.notices
    }
