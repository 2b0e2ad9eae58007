"""Forum crawls: saved Discuz!/Tieba pages and WARC archives."""

from __future__ import annotations

import io

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


SECRET = "男孩八个月出生证齐全"  # a post's text: never in a note


def _discuz_post(pid: str, author: str, when: str | None, text: str) -> str:
    by = f'<a href="space-uid-{pid}.html" class="xw1">{author}</a>' if author else ""
    time = f'<em id="authorposton{pid}">{when}</em>' if when is not None else ""
    return (
        f'<table id="pid{pid}" class="plhin"><tr><td class="pls"><div class="pi"><div class="authi">{by}'
        f'</div></div></td><td class="plc"><div class="pi"><strong><a id="postnum{pid}"><em>{pid[-1]}</em>#'
        f'</a></strong><div class="authi">{time}</div></div><div class="pct"><table><tr>'
        f'<td class="t_f" id="postmessage_{pid}">{text}</td></tr></table></div></td></tr></table>\n'
    )


def test_discuz_posts_with_a_broken_field_are_kept_and_the_field_named(tmp_path) -> None:
    page = tmp_path / "thread.html"
    page.write_text(
        '<html><head><meta charset="utf-8"><title>宝宝之家 - Powered by Discuz!</title></head><body>\n'
        '<div id="postlist">\n'
        + _discuz_post("5001", "江西小李", "发表于 2019-11-2 20:14", "开头")
        + _discuz_post("5002", "过路人", None, SECRET)  # no time on the page
        + _discuz_post("5003", "过路人", f"发表于 {SECRET}", SECRET)  # a time that is not one
        + _discuz_post("5004", "", "发表于 2019-11-3 7:02", SECRET)  # no author at all
        + _discuz_post("5005", "过路人", "发表于 2019-02-30 7:02", SECRET)  # an impossible date
        + '<table id="pidx" class="plhin"><tr><td>?</td></tr></table>\n'
        + "</div></body></html>\n",
        encoding="utf-8",
    )
    result = read(page)
    assert [m.source.line for m in result.messages] == [3, 4, 5, 6, 7]
    assert [m.sent_at is None for m in result.messages] == [False, True, True, False, True]
    assert [n.describe() for n in result.notices] == [
        f"{page}:4: note: post 5002: no post time on the page; kept without a time",
        f"{page}:5: note: post 5003: the post time is not a date and time; kept without a time",
        f"{page}:6: note: post 5004: no author on the page; kept without one",
        f"{page}:8: note: a post table whose id is not pid + a number; passed over",
        f"{page}:7: note: floor 5: impossible post time; kept without one",
    ]
    assert not any(SECRET in n.describe() for n in result.notices)


def test_tieba_floor_without_a_time_is_kept_and_noted(tmp_path) -> None:
    page = tmp_path / "tieba.html"
    page.write_text(
        '<html><head><meta charset="utf-8"><title>领养吧</title></head><body><div id="j_p_postlist">\n'
        '<div class="l_post" data-field=\'{"author":{"user_id":9001,"user_name":"想当妈妈"},'
        '"content":{"post_id":1,"post_no":1}}\'>\n'
        f'<div class="d_post_content j_d_post_content">{SECRET}</div></div>\n'
        "</div></body></html>\n",
        encoding="utf-8",
    )
    result = read(page)
    assert [m.text for m in result.messages] == [SECRET]
    assert [n.describe() for n in result.notices] == [
        f"{page}:3: note: floor 1: no readable post time on the page; kept without a time"
    ]


def test_a_declared_charset_that_cannot_be_used_is_noted(tmp_path) -> None:
    body = (
        '<table id="pid1" class="plhin"><tr><td class="pls"><div class="authi"><a href="space-uid-1.html" '
        'class="xw1">李</a></div></td><td><em id="authorposton1">2019-11-2 20:14</em>'
        f'<td id="postmessage_1">{SECRET}</td></td></tr></table>'
    )
    unknown = tmp_path / "unknown.html"  # a charset no codec has
    unknown.write_bytes(
        f'<html><head><meta charset="x-klingon"><title>Discuz!</title></head><body><div id="postlist">{body}'
        "</div></body></html>".encode()
    )
    wrong = tmp_path / "wrong.html"  # declares UTF-8, saved as GBK
    wrong.write_bytes(
        f'<html><head><meta charset="utf-8"><title>Discuz!</title></head><body><div id="postlist">{body}'
        "</div></body></html>".encode("gb18030")
    )
    first, second = read(unknown), read(wrong)
    assert [m.text for m in first.messages] == [SECRET]
    assert [m.text for m in second.messages] == [SECRET]
    assert [n.describe() for n in first.notices] == [
        f"{unknown}: note: declared charset 'x-klingon' is not known; read as utf-8"
    ]
    assert [n.describe() for n in second.notices] == [
        f"{wrong}: note: the page is not valid utf-8 as it declares; read as gb18030"
    ]


def _arc(page: bytes) -> tuple[bytes, list[bytes]]:
    """An ARC v1 file (the Internet Archive's format before WARC) holding one page, and its records."""
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: %d\r\n\r\n%s" % (
        len(page),
        page,
    )
    version = b"1 0 huijia\nURL IP-address Archive-date Content-type Archive-length\n"
    filedesc = b"filedesc://crawl.arc 0.0.0.0 20240101000000 text/plain %d\n%s\n" % (len(version), version)
    record = b"http://bbs.example.cn/thread-1.html 1.2.3.4 20240101000000 text/html %d\n%s\n" % (
        len(http),
        http,
    )
    return filedesc + record, [filedesc, record]


ARC_PAGE = (
    "<html><head><title>宝宝送养交流</title></head><body><p>本人有个男宝送养，营养费面谈</p></body></html>"
)


def test_arc_files_plain_or_gzipped_are_read_as_web_archives(tmp_path) -> None:
    import gzip

    plain, records = _arc(ARC_PAGE.encode("utf-8"))
    (tmp_path / "crawl.arc").write_bytes(plain)
    (tmp_path / "crawl.arc.gz").write_bytes(b"".join(gzip.compress(r) for r in records))
    for name in ("crawl.arc", "crawl.arc.gz"):
        result = read(tmp_path / name)
        assert [c.text for c in result.chosen] == ["read as warc (Web archive)"], name
        (message,) = result.messages
        assert "本人有个男宝送养" in message.text


def test_forum_pages_saved_as_one_file_read_as_the_page_itself() -> None:
    # the fixtures' pages as Chrome's "Save as: Webpage, Single File" writes them (build_fixtures.mhtml):
    # the HTML quoted-printable (Tieba, UTF-8) or base64 (Discuz!, GBK), then an image part
    for name in ("tieba-thread", "discuz-thread"):
        direct, single = read(data(f"html/{name}.html")), read(data(f"html/{name}.mhtml"))
        assert [c.text for c in single.chosen] == [
            "read as html (Saved forum thread page), layout: saved as one file (MHTML)"
        ]
        assert single.skips == []
        assert [(m.author, m.sent_at, m.text) for m in single.messages] == [
            (m.author, m.sent_at, m.text) for m in direct.messages
        ]
        assert len(single.messages) >= 2


def test_warc_pages_stored_brotli_encoded_are_read(tmp_path) -> None:
    # browser-based crawls store what Chrome asked for: `Content-Encoding: br`; warcio's own brotli wrapper
    # broke the whole archive at the first such page with current brotli
    import brotli
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    page = (
        "<html><head><meta charset='utf-8'><title>宝宝送养交流</title></head>"
        "<body><p>本人有个男宝送养</p></body></html>"
    )
    body = brotli.compress(page.encode("utf-8"))
    path = tmp_path / "crawl.warc.gz"
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        headers = StatusAndHeaders(
            "200 OK",
            [
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Encoding", "br"),
                ("Content-Length", str(len(body))),
            ],
            protocol="HTTP/1.1",
        )
        for n in (1, 2):
            record = writer.create_warc_record(
                f"https://bbs.example.cn/thread-{n}.html",
                "response",
                payload=io.BytesIO(body),
                http_headers=headers,
            )
            writer.write_record(record)
    result = read(path)
    assert result.skips == []
    assert [m.text.strip().endswith("本人有个男宝送养") for m in result.messages] == [True, True]


def _saved(
    parts: list[tuple[str, bytes]], address: str = "https://bbs.example.cn/thread-9-1-1.html"
) -> bytes:
    """A page saved as one file, its parts (content type, body as written) in the order given."""
    boundary = b"----MultipartBoundary--partsInOrder----"
    out = [b"From: <Saved by Blink>", b"Snapshot-Content-Location: " + address.encode(), b"MIME-Version: 1.0"]
    out += [b'Content-Type: multipart/related; type="text/html"; boundary="' + boundary + b'"', b""]
    for content_type, body in parts:
        encoding = b"quoted-printable" if content_type == "text/html" else b"base64"
        out += [b"--" + boundary, b"Content-Type: " + content_type.encode()]
        out += [b"Content-Transfer-Encoding: " + encoding, b"", body]
    return b"\r\n".join([*out, b"--" + boundary + b"--", b""])


def test_saved_pages_with_tencent_words_images_first_or_cut_short(tmp_path) -> None:
    import base64
    import quopri

    page = data("html/tieba-thread.html").read_bytes()
    direct = [(m.author, m.text) for m in read(data("html/tieba-thread.html")).messages]
    captcha = page.replace(
        b"</head>", b'<script src="https://ssl.captcha.qq.com/TCaptcha.js"></script></head>', 1
    )
    image = base64.encodebytes(b"\x89PNG" + bytes(300_000))  # a 400 KB image part before the page
    cases = {
        "captcha.mhtml": _saved([("text/html", quopri.encodestring(captcha))]),
        "images-first.mhtml": _saved([("image/png", image), ("text/html", quopri.encodestring(page))]),
    }
    for name, saved in cases.items():
        (tmp_path / name).write_bytes(saved)
        result = read(tmp_path / name)
        assert [c.text.split(",")[0] for c in result.chosen] == ["read as html (Saved forum thread page)"], (
            name
        )
        assert [(m.author, m.text) for m in result.messages] == direct, name
    cut = _saved([("text/html", quopri.encodestring(page))])
    (tmp_path / "cut.mhtml").write_bytes(cut[: len(cut) * 2 // 3])
    result = read(tmp_path / "cut.mhtml")
    assert any("ends inside the saved page" in n.text for n in result.notices)
    assert 0 < len(result.messages) <= len(direct)


def _encoded_warc(path, bodies: list[tuple[str, bytes]]) -> None:
    """A WARC of HTML responses, each (Content-Encoding, body as sent)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for n, (coding, body) in enumerate(bodies, 1):
            headers = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))]
            headers += [("Content-Encoding", coding)] if coding else []
            http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
            url = f"https://bbs.example.cn/thread-{n}.html"
            writer.write_record(
                writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)
            )


def test_warc_brotli_cut_short_bombs_and_codings_not_decoded_are_said(tmp_path, monkeypatch) -> None:
    import brotli

    from huijia.ingest import html_page, warc

    page = ("<html><body><p>" + "本人有个男宝送养，营养费面谈。" * 400 + "</p></body></html>").encode("utf-8")
    whole = brotli.compress(page)
    monkeypatch.setattr(warc, "MAX_PAGE_BYTES", 50_000)  # a bomb, scaled down: 2 MB of spaces in 1 KB
    monkeypatch.setattr(html_page, "MAX_PAGE_BYTES", 50_000)
    bomb = brotli.compress(b"<html><body><p>" + b" " * 2_000_000)
    path = tmp_path / "crawl.warc.gz"
    _encoded_warc(path, [("br", whole[: len(whole) // 2]), ("br", bomb), ("gzip, br", whole), ("br", whole)])
    result = read(path)
    said = " ".join(n.text for n in result.notices) + " ".join(s.reason for s in result.skips)
    assert "thread-1.html: its brotli-compressed body ends early" in said
    assert "thread-3.html: its body is encoded as 'gzip, br', which is not decoded" in said
    assert "thread-2.html: its brotli" not in said  # cut at the limit on purpose, not broken
    assert result.messages[-1].text.count("本人有个男宝送养") == 400  # the whole page after them
