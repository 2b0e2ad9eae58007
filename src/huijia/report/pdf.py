"""The printable page of a referral (fpdf2), in Chinese and English, with a font that renders Chinese.

The font is Debian's WenQuanYi Micro Hei (`fonts-wqy-microhei`, installed by `make`) or Noto Sans CJK;
`font` names another TrueType/OpenType file. Scripts and emoji it lacks fall back to DejaVu Sans (Arabic,
Cyrillic, Hebrew, Greek; `fonts-dejavu-core`) and Symbola (emoji and symbols; `fonts-symbola`), both
installed by `make`. A character that no font has is printed as a visible `[U+1F9D2]`, never dropped,
and bidirectional controls are shown as markers (`huijia.text.bidi`) so that a right-to-left override in
a name cannot reverse a handle on paper. Nothing of the text is logged. Arabic and Hebrew are printed
letter by letter in stored order, without joining (no text shaping).

The PDF is a reading copy: the evidence of record is `referral.json`, whose SHA-256 the PDF prints and the
signed manifest checks; the PDF names the fingerprint of the key that signed the bundle.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.enums import WrapMode, XPos, YPos

from huijia.report.signing import shown_fingerprint
from huijia.text.bidi import neutralise_bidi

FONT_CANDIDATES = (
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"),
)


FALLBACK_FONTS = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf"),
    Path("/usr/share/fonts/truetype/ancient-scripts/Symbola.ttf"),
)


class FontMissing(RuntimeError):
    """No font that renders Chinese could be found."""


def find_cjk_font(font: Path | None = None) -> Path:
    if font is not None:
        if not font.is_file():
            raise FontMissing(f"font file {font} does not exist")
        return font
    for candidate in FONT_CANDIDATES:
        if candidate.is_file():
            return candidate
    raise FontMissing(
        "no font that renders Chinese is installed: install Debian's fonts-wqy-microhei "
        "(make test and make demo do), or name one with --font"
    )


@lru_cache(maxsize=8)
def _coverage(path: Path) -> frozenset[int]:
    """The code points a font file has glyphs for (the first font of a collection)."""
    font = TTFont(str(path), fontNumber=0, lazy=True)
    try:
        return frozenset(font.getBestCmap() or {})
    finally:
        font.close()


def printable(text: str, covered: frozenset[int]) -> str:
    """`text` as it can be printed: bidi controls and characters no font has made visible markers."""
    shown = neutralise_bidi(text)
    return "".join(ch if ord(ch) in covered or ch in "\n\t" else f"[U+{ord(ch):04X}]" for ch in shown)


def _no_case_text(record: logging.LogRecord) -> bool:
    """fpdf2 logs the characters a font lacks, one by one (an author's name, letter by letter): text of a
    case must never reach a log, so fpdf2's warnings about text are dropped (a filter, not a level: it
    holds for every thread at once)."""
    return record.levelno >= logging.ERROR


for _name in ("fpdf", "fpdf.fpdf", "fpdf.output", "fpdf.fonts"):
    logging.getLogger(_name).addFilter(_no_case_text)


Line = Callable[..., None]  # line(text, size=10, gap=1.5): one wrapped paragraph


def _document(title: str, font: Path | None) -> tuple[FPDF, Line]:
    """An A4 document with the Chinese font and its fallbacks, and the function that writes a paragraph
    (bidi controls and characters no font has shown as markers)."""
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    main = find_cjk_font(font)
    pdf.add_font("cjk", fname=str(main))
    covered = set(_coverage(main))
    fallbacks = []
    for number, path in enumerate(p for p in FALLBACK_FONTS if p.is_file()):
        pdf.add_font(f"fallback{number}", fname=str(path))
        fallbacks.append(f"fallback{number}")
        covered |= _coverage(path)
    pdf.set_fallback_fonts(fallbacks)
    coverage = frozenset(covered)
    pdf.set_title(title)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def line(text: str, size: float = 10, gap: float = 1.5) -> None:
        pdf.set_font("cjk", size=size)
        pdf.multi_cell(
            width,
            size * 0.5,
            printable(text, coverage),
            wrapmode=WrapMode.CHAR,
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        pdf.ln(gap)

    return pdf, line


def _heading(line: Line, title: str, document: dict[str, Any], hashed: str, signer: str | None) -> None:
    """A package's title, who exported it when, with which software, its document's hash and the key."""
    line(title, 18, 3)
    line(f"导出时间 Exported: {document['exported_at']}   导出人 By: {document['exported_by']}", 9)
    line(f"{document['software']} · {hashed}", 8)
    if signer:
        line(f"签名密钥 Signed by key: {shown_fingerprint(signer)}", 8)


def referral_pdf(
    referral: dict[str, Any], json_sha256: str, font: Path | None = None, *, signer: str | None = None
) -> bytes:
    pdf, line = _document("huijia referral", font)
    _heading(line, "线索移交 / Referral", referral, f"referral.json SHA-256: {json_sha256}", signer)
    line(
        "本文件为阅读副本，证据以 referral.json 为准；系统仅作标记，结论由人作出。"
        " This is a reading copy; the evidence of record is referral.json. Software flags; people decide.",
        8,
        4,
    )
    for number, case in enumerate(referral["cases"], 1):
        message, finding = case["message"], case.get("finding") or {}
        label = finding.get("label", "none")
        risk = finding.get("risk")
        line(f"案件 Case {number}: {label}" + (f" (risk {risk:.2f})" if risk is not None else ""), 13, 2)
        author = message["author"]
        line(f"时间 Time: {message.get('sent_at') or '—'}   群 Chat: {message.get('chat') or '—'}", 9)
        line(f"发布者 Author: {author.get('name') or '—'}   账号 Handle: {author.get('handle') or '—'}", 9)
        line(f"原文 Text:\n{message['text']}", 11, 2)
        facts = []
        if finding.get("price"):
            price = finding["price"]
            top = f"–{price['amount_max']}" if price.get("amount_max") else ""
            facts.append(
                f"价格 price {price['amount']}{top} {price['currency']} ({price.get('term') or '—'})"
            )
        child = finding.get("child") or {}
        if child:
            shown = ", ".join(f"{k} {v}" for k, v in child.items() if v is not None)
            if shown:
                facts.append(f"儿童 child: {shown}")
        for place in finding.get("places") or []:
            facts.append(
                f"地点 place: {place['text']} ({place.get('province') or place.get('country') or ''})"
            )
        for contact in finding.get("contacts") or []:
            facts.append(f"联系方式 contact: {contact['kind']} {contact['value']}")
        if finding.get("indicators"):
            facts.append("指标 indicators: " + ", ".join(finding["indicators"]))
        if finding.get("model"):
            facts.append(f"模型 model: {finding['model']}")
        if facts:
            line("\n".join(facts), 9)
        for decision in case.get("decisions", []):
            line(
                f"审核 Decision: {decision['action']} → {decision['label']} by {decision['by']} "
                f"at {decision['at']}: {decision['reason']}",
                9,
            )
        for photo in case.get("photos", []):  # kept out of print: children's photos travel as files
            original = photo["original_sha256"]
            line(f"照片 Photo, a file in this bundle: {photo['file']} (original SHA-256 {original})", 8)
        for seen in case.get("seen_in", []):
            line(
                f"来源 Seen in: {seen['file_name']} (SHA-256 {seen['source_sha256']}) "
                f"line {seen.get('line')}, byte {seen.get('byte_offset')}",
                8,
            )
        pdf.ln(3)
    line("来源文件 Source files", 13, 2)
    for source in referral["sources"]:
        line(
            f"{source['file_name']} · {source['format']} · {source['size_bytes']:,} bytes · "
            f"SHA-256 {source['sha256']} · ingested {source['ingested_at']} by {source['ingested_by']}",
            8,
        )
    return bytes(pdf.output())


RECOMMENDATION_ZH = {"takedown": "下架", "watch": "观察", "none": "无"}


def takedown_pdf(
    notice: dict[str, Any], json_sha256: str, font: Path | None = None, *, signer: str | None = None
) -> bytes:
    """The reading copy of a takedown notice (`huijia.report.takedown`): the chat, why, and every cited
    message with where it was read; no photos."""
    pdf, line = _document("huijia takedown notice", font)
    group = notice["group"]
    _heading(line, "下架通知 / Takedown notice", notice, f"takedown.json SHA-256: {json_sha256}", signer)
    line(
        "本文件为阅读副本，证据以 takedown.json 为准；软件只作标记和排序，是否处理由贵平台审核人员决定。"
        " This is a reading copy; the evidence of record is takedown.json. Software flags and ranks; your "
        "reviewers decide.",
        8,
        4,
    )
    line(f"群 Chat: {group['chat']}", 14, 2)
    for platform in group["platforms"]:
        chat_id = platform.get("chat_id") or f"不在导出文件中 {platform.get('chat_id_note') or ''}"
        line(f"平台 Platform: {platform['platform']}   群号 Chat id: {chat_id}", 9)
    recommendation = group["recommendation"]
    line(
        f"消息 Messages: {group['messages']:,}   发布者 Senders: {group['authors']:,}   "
        f"标记 Flagged: {group['flagged']:,}   风险 Risk: {group['risk']:.2f}   "
        f"建议 Recommendation: {RECOMMENDATION_ZH.get(recommendation, recommendation)} {recommendation} "
        f"(下架 takedown ≥ {group['thresholds']['takedown']}, 观察 watch ≥ {group['thresholds']['watch']})",
        9,
        3,
    )
    line("理由 Reasons", 13, 2)
    for reason in notice["reasons"]:
        line(f"{reason['code']} (+{reason['points']})", 10, 0.5)
        line(f"{reason['zh']}\n{reason['en']}", 9, 0.5)
        line("证据 Evidence: " + ", ".join(reason["evidence"]), 8, 2)
    line("证据消息 Evidence messages", 13, 2)
    for item in notice["evidence"]:
        message = item["message"]
        author = message["author"]
        line(f"{message['key']} · {', '.join(item['reasons'])}", 10, 0.5)
        line(
            f"时间 Time: {message.get('sent_at') or '—'}   群 Chat: {message.get('chat') or '—'}   "
            f"类型 Kind: {message['kind']}",
            9,
            0.5,
        )
        line(
            f"发布者 Author: {author.get('name') or '—'}   账号 Handle: {author.get('handle') or '—'}", 9, 0.5
        )
        line(f"原文 Text:\n{message['text']}", 11, 0.5)
        line(f"原文 SHA-256: {message['text_sha256']}", 8, 0.5)
        for attachment in message.get("attachments", []):
            line(
                f"附件 Attachment (not included): {attachment['kind']} SHA-256 {attachment['sha256'] or '—'}",
                8,
            )
        for seen in item["seen_in"]:
            line(
                f"来源 Seen in: {seen['file_name']} (SHA-256 {seen['source_sha256']}) "
                f"line {seen.get('line')}, byte {seen.get('byte_offset')}",
                8,
                3,
            )
    line("来源文件 Source files", 13, 2)
    for source in notice["sources"]:
        size = f"{source['size_bytes']:,} bytes · " if source.get("size_bytes") is not None else ""
        line(f"{source['file_name']} · {source['format']} · {size}SHA-256 {source['sha256']}", 8)
    line(
        "核验 How to verify: huijia verify NOTICE.zip [--trust KEYS] [ORIGINAL EXPORTS…] — exit 0: intact, "
        "from a trusted key; 3: intact, from a key not trusted there (compare the fingerprint above with the "
        "sender's by another channel); 1: altered.",
        8,
    )
    return bytes(pdf.output())
