"""Forum crawls: saved Discuz!/Tieba pages and WARC archives."""

from __future__ import annotations

from huijia.ingest.forum import parse_thread
from huijia.model import Author

from .conftest import data, read


def test_discuz_page_floors_authors_times_and_stripped_quotes() -> None:
    result = read(data("html/discuz-thread.html"))
    first, second, third = result.messages
    assert first.channel == "求领养一个男孩"
    assert first.author == Author("盼子心切", "forum:discuz:501")
    assert first.sent_at == "2014-03-04T09:05:00+08:00"
    assert (
        first.text == "结婚八年没有孩子，想领养一个男孩，\n可以给营养费，QQ 123456789"
    )  # 编辑 notice dropped
    assert first.attachments[0].name == "data/attachment/forum/201403/04/baby.jpg"  # zoomfile, not src
    assert first.source.encoding == "gb18030"
    assert second.author == Author("热心网友", "forum:discuz:502")  # space-uid-502.html
    assert second.sent_at == "2014-03-05T10:00:01+08:00"  # from the span's title
    assert second.text == "请通过民政部门正规渠道收养"  # quoted block dropped
    assert third.author == Author("匿名", None)


def test_tieba_page_uses_data_field_and_tail_info() -> None:
    first, second = read(data("html/tieba-thread.html")).messages
    assert first.author == Author("想当妈妈", "forum:tieba.baidu.com:9001")
    assert first.text == "想找个女孩，一岁以内，江苏的优先\n联系微信 abc_12345"
    assert first.sent_at == "2017-08-09T21:30:00+08:00"
    assert first.channel == "想找个女孩领养"
    assert second.text == "买卖儿童是犯罪"


def test_captcha_page_is_named_not_parsed() -> None:
    result = read(data("html/captcha.html"), fmt="html")
    assert result.messages == []
    assert result.skips[0].reason == "a captcha page (百度安全验证), not the thread"


def test_other_pages_are_read_whole_as_one_post() -> None:
    thread = parse_thread("<html><head><title>T</title></head><body><p>one</p><p>two</p></body></html>")
    assert thread.kind == "page"
    assert [p.text for p in thread.posts] == ["one\ntwo"]


def test_warc_crawl_reads_thread_pages_and_reports_the_rest() -> None:
    result = read(data("warc/forum-crawl.warc.gz"))
    assert len(result.messages) == 5
    assert result.skips == []
    sites = {m.author.handle.split(":")[1] for m in result.messages if m.author and m.author.handle}
    assert sites == {"bbs.example.cn", "tieba.baidu.com"}
    for message in result.messages:
        record, floor = message.id.rsplit(":", 1)[1].split("-")
        assert int(record) == message.source.offset
        assert int(floor) >= 1
    notes = " | ".join(n.text for n in result.notices)
    assert "captcha" in notes and "HTTP 404" in notes and "revisit" in notes


def test_warc_record_offsets_point_at_gzip_members() -> None:
    import gzip

    raw = data("warc/forum-crawl.warc.gz").read_bytes()
    for message in read(data("warc/forum-crawl.warc.gz")).messages:
        with gzip.GzipFile(fileobj=__import__("io").BytesIO(raw[message.source.offset :])) as member:
            assert member.read(8) == b"WARC/1.0"


def test_third_party_warcs_read_or_fail_cleanly(shared_exports) -> None:
    folder = shared_exports / "warcio"
    good = read(folder / "example.warc.gz")
    assert [m.channel for m in good.messages] == ["Example Domain"]
    assert any("revisit" in n.text for n in good.notices)
    chunked = read(folder / "example-iana.org-chunked.warc")
    assert len(chunked.messages) == 1 and "IANA" in chunked.messages[0].text
    truncated = read(folder / "example-trunc.warc")
    assert len(truncated.messages) == 1
    broken = read(folder / "example-bad-non-chunked.warc.gz")
    assert broken.messages == []
    assert "archive broken here" in broken.skips[0].reason


def test_a_page_saved_from_head_on_is_recognised_without_format() -> None:
    # issue 16, finding 3: no <html> tag, refused as "not a recognised export format"
    result = read(data("html/discuz-from-head.html"))
    assert result.skips == []
    first, second = result.messages
    assert first.source.format == "html"
    assert first.author == Author("江西小李", "forum:discuz:8812")
    assert first.text == "男孩八个月，出生证齐全，可上户口，有意者加微信详谈"
    assert first.sent_at == "2019-11-02T20:14:00+08:00"
    assert second.sent_at == "2019-11-03T07:02:00+08:00"


def test_tieba_ad_slot_is_passed_over_with_a_note() -> None:
    # issue 16, finding 4: the ad slot became an empty message with no author and no time
    result = read(data("html/tieba-2024.html"))
    assert [m.author.name for m in result.messages] == ["赣州宝妈", "赣州宝妈"]
    assert all(m.sent_at is not None for m in result.messages)
    assert [(n.line, n.text) for n in result.notices] == [
        (9, "an ad slot (a floor with no data and no content) passed over")
    ]


def test_tieba_image_only_floor_is_an_image_without_the_viewer_hint() -> None:
    image_floor = read(data("html/tieba-2024.html")).messages[1]
    assert image_floor.kind == "image"
    assert image_floor.text == ""
    assert image_floor.attachments[0].name.endswith("/a1b2c3d4.jpg")
    assert image_floor.sent_at == "2024-05-18T22:43:00+08:00"
    assert image_floor.source.line == 14


def test_warc_whose_last_record_is_cut_off_says_so() -> None:
    # issue 16, finding 10: read as a whole page with no "truncated" note, though the docs promise one
    result = read(data("warc/cut-short.warc"))
    assert len(result.messages) == 3  # two floors of the whole page, one of the cut one
    assert (
        "record at byte 2790: truncated: the file ends 714 bytes before the record does;"
        " its first part was read"
    ) in [n.text for n in result.notices]
