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
