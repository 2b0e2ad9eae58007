"""Writes the synthetic export fixtures under tests/data/ and the demo samples under examples/.

Every person, number and group here is invented. The texts imitate the vocabulary of the posts described
in the seed articles (送养, 营养费, 男宝/女宝) next to ordinary chat, so that later stages have something
realistic to work on. Run `python tests/data/build_fixtures.py` after changing it; the files it writes
are committed, and the tests read them as any other export.
"""

from __future__ import annotations

import base64
import csv
import gzip
import hashlib
import io
import json
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXAMPLES = HERE.parent.parent / "examples"
SEP = "=" * 64

# A tiny real JPEG (1x1, white), embedded in the MHT fixture.
JPEG_1PX = base64.b64decode(
    "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAx"
    "NDQ0Hyc5PTgyPC4zNDL/wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAACf/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAI"
    "AQEAAD8AKp//2Q=="
)


def write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


# ----------------------------------------------------------------------------------------------- QQ txt
QQ_GROUP = [
    "消息记录（此消息记录为文本格式，不支持重新导入）",
    "",
    SEP,
    "消息分组:我的群聊",
    SEP,
    "消息对象:湖南宝贝之家",
    SEP,
    "",
    "2015-03-11 9:05:07 湖南送男宝(10001)",
    "本人湖南的，男宝刚满两个月，身体健康，营养费3万，有意私聊",
    "",
    "2015-03-11 09:06:30 【管理员】阿华(10002)",
    "[图片]",
    "",
    "2015-03-11 09:07:02 访客<guest.one@example.com>",
    "收到[表情]",
    "",
    "2015-03-11 09:08:00 系统消息(10000)",
    "新成员小红加入本群。",
    "",
    "2015-03-11 09:09:10 (10003)",
    "有",
    "",
    "2015-03-11 09:10:00 想要个女宝(10004)",
    "求女宝，江浙沪优先，价格好说",
    "最好是刚出生的",
    "2015-03-11 09:10:59 这一行是消息内容不是新消息(10009)",
    "",
    "2015-03-11 09:12:00 (A)(B(10005)",
    "名字里有括号",
    "",
    "2015-03-11 09:13:00 湖南送男宝(10001)",
    "湖南送男宝撤回了一条消息",
    "",
    "2015-03-11 09:14:00 湖南送男宝(10001)",
    "第一段",
    "",
    "第二段，中间有空行",
    "",
    SEP,
    "消息分组:我的好友",
    SEP,
    "消息对象:小李",
    SEP,
    "",
    "2015-03-12 21:00:00 小李",
    "2006-01-02 15:04:05",
    "上面这行只是时间，不是消息头",
    "",
]


def qq_txt_crlf() -> bytes:
    """CRLF records, bare LF inside messages (as real exports), UTF-8 with BOM."""
    out = []
    lines = QQ_GROUP
    i = 0
    while i < len(lines):
        line = lines[i]
        # the two content lines of the 09:10:00 message and the spoof line are joined by bare LF
        if line == "求女宝，江浙沪优先，价格好说":
            out.append(line + "\n" + lines[i + 1] + "\n" + lines[i + 2] + "\r\n")
            i += 3
            continue
        if line in ("第一段", "第二段，中间有空行") or (line == "" and i > 0 and lines[i - 1] == "第一段"):
            out.append(line + "\n")
            i += 1
            continue
        out.append(line + "\r\n")
        i += 1
    return b"\xef\xbb\xbf" + "".join(out).encode("utf-8")


QQ_GB = """消息记录（此消息记录为文本格式，不支持重新导入）

================================================================
消息分组:我的QQ群
================================================================
消息对象:河南抱养交流
================================================================

2019-09-23 8:43:38 PM 豫东宝妈(20001)
女孩八个月，老家周口，感谢费面议

2019-09-23 12:05:00 AM 豫东宝妈(20001)
凌晨还在线吗

2019-09-24 9:15:00 AM 想抱养的人(20002)
我要
"""


def qq_txt_phone_login() -> bytes:
    """Senders who log in with a phone number (`name<18800000000>`), and a message whose lines were
    broken with a bare CR (records end in CRLF)."""
    lines = [
        "消息记录（此消息记录为文本格式，不支持重新导入）",
        "",
        SEP,
        "消息分组:我的好友",
        SEP,
        "消息对象:阿芳",
        SEP,
        "",
        "2016-08-20 21:03:11 阿芳<18800000000>",
        "孩子六个月了\r男孩\r营养费面议",
        "",
        "2016-08-20 21:05:40 我<13912345678>",
        "在哪里交接？",
        "",
        "2016-08-20 21:06:02 老周<1234567>",
        "号码不对的不是手机号",
        "",
    ]
    return ("\r\n".join(lines)).encode("utf-8-sig")


def qq_txt_gb18030_ampm() -> bytes:
    """Windows 'ANSI' export: GB18030, LF only, English-locale AM/PM clock."""
    return QQ_GB.encode("gb18030")


def qq_txt_utf16() -> bytes:
    """'Unicode' export of Notepad: UTF-16LE with BOM, CRLF."""
    return b"\xff\xfe" + QQ_GB.replace("\n", "\r\n").encode("utf-16-le")


# ---------------------------------------------------------------------------------------------- QQ mht
def qq_mht() -> bytes:
    html = """<html xmlns="http://www.w3.org/1999/xhtml"><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8" /><title>QQ Message</title></head><body><table width=100% cellspacing=0>
<tr><td><div style=padding-left:10px;><b>消息分组:我的群聊</b></div></td></tr>
<tr><td><div style=padding-left:10px;><b>消息对象:宝宝送养群</b></div></td></tr>
<tr><td><div style=padding-left:10px;>&nbsp;</div></td></tr>
<tr><td style=border-bottom-width:1px;border-bottom-color:#8EC3EB;border-bottom-style:solid;color:#3568BB;font-weight:bold;height:24px;line-height:24px;padding-left:10px;margin-bottom:5px;>日期: 2016-05-02</td></tr>
<tr><td><div style=color:#42B475;padding-left:10px;><div style=float:left;margin-right:6px;>广东宝妈</div>9:05:07</div><div style=padding-left:20px;><font style="font-size:10pt;font-family:'宋体','MS Sans Serif',sans-serif;" color='000000'>孕七个月，预产期七月，男孩，生了就送，营养费五万</font></div></td></tr>
<tr><td><div style=color:#006EFE;padding-left:10px;><div style=float:left;margin-right:6px;>有缘人</div>9:06:30</div><div style=padding-left:20px;><font style="font-size:10pt;" color='000000'>看看宝宝照片</font><IMG src="{0A1B2C3D-1111-2222-3333-444455556666}.dat"></div></td></tr>
<tr><td><div style=color:#42B475;padding-left:10px;><div style=float:left;margin-right:6px;>广东宝妈</div>9:07:00</div><div style=padding-left:20px;><font style="font-size:10pt;" color='000000'>第一行<br>第二行</font></div></td></tr>
<tr><td style=border-bottom-width:1px;color:#3568BB;padding-left:10px;>日期: 2016-05-03</td></tr>
<tr><td><div style=color:#42B475;padding-left:10px;><div style=float:left;margin-right:6px;>系统消息</div>10:00:00</div><div style=padding-left:20px;><font color='000000'>有缘人 已退出该群</font></div></td></tr>
</table></body></html>"""
    image = base64.encodebytes(JPEG_1PX).decode("ascii")
    mime = (
        "From: <Save by Tencent MsgMgr>\r\n"
        "Subject: Tencent IM Message\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type:multipart/related;\r\n"
        '\tcharset="utf-8"\r\n'
        '\ttype="text/html";\r\n'
        '\tboundary="----=_NextPart_TEST01"\r\n'
        "\r\n"
        "------=_NextPart_TEST01\r\n"
        "Content-Type: text/html\r\n"
        "Content-Transfer-Encoding:7bit\r\n"
        "\r\n"
        f"{html}\r\n"
        "\r\n"
        "------=_NextPart_TEST01\r\n"
        "Content-Type:image/jpeg\r\n"
        "Content-Transfer-Encoding:base64\r\n"
        "Content-Location:{0A1B2C3D-1111-2222-3333-444455556666}.dat\r\n"
        "\r\n"
        f"{image}\r\n"
        "------=_NextPart_TEST01--\r\n"
    )
    return mime.encode("utf-8")


# --------------------------------------------------------------------------------------------- QQ json
def qce_v4() -> bytes:
    doc = {
        "metadata": {"name": "QQChatExporter V4", "copyright": "example", "version": "4.2.0"},
        "chatInfo": {"name": "四川宝宝互助群", "type": "group", "selfUid": "u_self", "selfUin": "10009"},
        "statistics": {"totalMessages": 3},
        "messages": [
            {
                "id": "7301000000000000001",
                "seq": "1201",
                "timestamp": 1614819907000,
                "time": "2021-03-04 09:05:07",
                "sender": {
                    "uid": "u_x1",
                    "uin": "30001",
                    "name": "成都宝妈",
                    "nickname": "成都宝妈",
                    "groupCard": "群名片宝妈",
                },
                "type": "text",
                "content": {"text": "刚生的女宝找好人家，营养费2万8", "elements": [], "resources": []},
                "recalled": False,
                "system": False,
            },
            {
                "id": "7301000000000000002",
                "timestamp": 1614819990000,
                "time": "2021-03-04 09:06:30",
                "sender": {"uid": "u_x2", "uin": "0", "name": "匿名买家"},
                "type": "image",
                "content": {
                    "text": "",
                    "elements": [],
                    "resources": [{"type": "image", "fileName": "a1.jpg"}],
                    "reply": {"referencedMessageId": "7301000000000000001"},
                },
                "recalled": False,
                "system": False,
            },
            {
                "id": "7301000000000000003",
                "timestamp": 1614820000000,
                "sender": {"uid": "u_x1", "uin": "30001"},
                "type": "text",
                "content": {"text": ""},
                "recalled": True,
                "system": False,
            },
        ],
        "avatars": {"30001": "data:image/png;base64," + "A" * 2000},
    }
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


def qce_v5() -> bytes:
    doc = {
        "metadata": {"name": "QQChatExporter V5", "version": "5.0.1"},
        "chatInfo": {"name": "私聊 小王", "type": "private"},
        "messages": [
            {
                "messageId": "m-1",
                "timestamp": "2023-07-01T12:00:00.000Z",
                "messageType": 2,
                "isSystemMessage": False,
                "isRecalled": False,
                "rawMessage": {
                    "senderUin": "40001",
                    "senderUid": "u_y1",
                    "sendNickName": "小王",
                    "sendMemberName": "",
                },
                "content": {
                    "text": "双胞胎，龙凤胎，一起送",
                    "elements": [{"type": "text", "data": {"text": "双胞胎，龙凤胎，一起送"}}],
                },
            },
            {
                "messageId": "m-2",
                "timestamp": 1688212900000,
                "messageType": 5,
                "isSystemMessage": True,
                "rawMessage": {"senderUid": "u_sys"},
                "content": {"text": "你撤回了一条消息"},
            },
        ],
    }
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def qce_current() -> bytes:
    """QCE's JSON as of 2025: `seq` and no `id`, `type_N` types, replies as a `reply` element, media only
    as elements."""

    def msg(seq: int, ts: int, uin: str, card: str, mtype: str, elements: list, text: str = "") -> dict:
        return {
            "seq": str(seq),
            "timestamp": ts,
            "time": "",
            "sender": {"uid": f"u_{uin}", "uin": uin, "name": card, "groupCard": card},
            "type": mtype,
            "content": {"text": text, "html": "", "elements": elements, "resources": [], "mentions": []},
            "recalled": False,
            "system": False,
        }

    messages = [
        msg(
            8801,
            1728013327000,
            "2850001",
            "福建送养",
            "type_1",
            [{"type": "text", "data": {"text": "女宝两个月，健康，只求好人家"}}],
            "女宝两个月，健康，只求好人家",
        ),
        msg(
            8802,
            1728013340000,
            "2850001",
            "福建送养",
            "type_1",
            [
                {
                    "type": "image",
                    "data": {
                        "filename": "B1C2D3E4F5.jpg",
                        "size": 48211,
                        "url": "https://multimedia.nt.qq.com.cn/download?appid=1407&fileid=EhQx",
                    },
                }
            ],
        ),
        msg(
            8803,
            1728013400000,
            "2850002",
            "想要宝宝",
            "type_3",
            [{"type": "file", "data": {"filename": "出生证明.pdf", "size": 220311}}],
        ),
        msg(
            8804,
            1728013460000,
            "2850002",
            "想要宝宝",
            "type_6",
            [{"type": "type_4", "data": {"filename": "7f0e.amr", "duration": 9}}],
        ),
        msg(
            8805,
            1728013500000,
            "2850001",
            "福建送养",
            "type_1",
            [
                {"type": "reply", "data": {"referencedMessageId": "8803", "senderName": "想要宝宝"}},
                {"type": "text", "data": {"text": "收到，私聊"}},
            ],
            "收到，私聊",
        ),
        msg(
            8806,
            1728013560000,
            "10000",
            "",
            "type_5",
            [{"type": "type_8", "data": {"text": "想要宝宝 拍了拍 福建送养"}}],
        ),
        msg(
            8807,
            1728013600000,
            "2850002",
            "想要宝宝",
            "type_1",
            [{"type": "type_99", "data": {}}, {"type": "text", "data": {"text": "?"}}],
            "?",
        ),
    ]
    doc = {
        "metadata": {
            "name": "QQChatExporter V5 / https://github.com/shuakami/qq-chat-exporter",
            "version": "5.2.0",
        },
        "chatInfo": {"name": "福建宝宝互助群", "type": "group", "selfUid": "u_self", "selfUin": "2850009"},
        "statistics": {"totalMessages": len(messages)},
        "messages": messages,
    }
    return json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8")


# ---------------------------------------------------------------------------------------------- WeChat
def _qce_parsed(
    seq: int, iso: str, uin: str, uid: str, name: str, mtype: int, text: str, **more: object
) -> dict:
    """One message as QCE's chunked JSONL writes it: its parsed message (`JSON.stringify` of a
    ParsedMessage: `messageId`, `messageSeq`, the time as an ISO string, NT `messageType`)."""
    content = {
        "text": text,
        "html": "",
        "raw": "",
        "mentions": [],
        "resources": more.pop("resources", []),
        "emojis": [],
        "special": [],
    }
    if "reply" in more:
        content["reply"] = more.pop("reply")
    return {
        "messageId": f"7419{seq:015d}",
        "messageSeq": str(seq),
        "timestamp": iso,
        "sender": {"uid": uid, "uin": uin, "name": name},
        "receiver": {"uid": "u_group_4455", "type": "group"},
        "messageType": mtype,
        "isSystemMessage": more.pop("system", False),
        "isRecalled": more.pop("recalled", False),
        "isTempMessage": False,
        "content": content,
        "stats": {"elementCount": 1, "resourceCount": len(content["resources"]), "processingTime": 0},
        "rawMessage": {"msgSeq": str(seq), "senderUin": uin, "senderUid": uid, "sendMemberName": name},
    }


def qce_chunked() -> dict[str, bytes]:
    """QCE's chunked JSONL export (V5, `exportMode: chunked-jsonl`): manifest.json, chunks/c000001.jsonl …
    (one parsed message per line), avatars.json. The manifest lists three messages in the second chunk,
    which holds two: a chunk cut short."""
    first = [
        _qce_parsed(
            3101,
            "2024-11-02T01:15:03.000Z",
            "52001",
            "u_Qm3rT0a",
            "江西送养-芳",
            2,
            "女宝刚满月，身体健康，家里实在养不起，诚心找好人家，营养费私聊",
        ),
        _qce_parsed(
            3102,
            "2024-11-02T01:16:40.000Z",
            "52002",
            "u_Lk8pW2b",
            "求子心切",
            2,
            "",
            resources=[
                {
                    "type": "image",
                    "fileName": "5A1B2C3D.jpg",
                    "fileSize": 81234,
                    "originalUrl": "",
                    "localPath": "images/5A1B2C3D.jpg",
                    "md5": "",
                }
            ],
        ),
    ]
    second = [
        _qce_parsed(
            3103,
            "2024-11-02T01:17:05.000Z",
            "52002",
            "u_Lk8pW2b",
            "求子心切",
            2,
            "想要，加我qq详谈",
            reply={"messageId": "7419000000000003101", "senderName": "江西送养-芳", "content": "女宝刚满月…"},
        ),
        _qce_parsed(
            3104, "2024-11-02T01:20:00.000Z", "0", "u_sys", "", 5, "群主已将本群设为全员禁言", system=True
        ),
    ]

    def lines(items: list[dict]) -> bytes:
        return b"".join(json.dumps(m, ensure_ascii=False).encode("utf-8") + b"\n" for m in items)

    chunks = [
        {
            "index": 1,
            "fileName": "c000001.jsonl",
            "relativePath": "chunks/c000001.jsonl",
            "start": "2024-11-02T01:15:03.000Z",
            "end": "2024-11-02T01:16:40.000Z",
            "count": 2,
        },
        {
            "index": 2,
            "fileName": "c000002.jsonl",
            "relativePath": "chunks/c000002.jsonl",
            "start": "2024-11-02T01:17:05.000Z",
            "end": "2024-11-02T01:21:00.000Z",
            "count": 3,
        },
    ]
    manifest = {
        "metadata": {"name": "QQChatExporter V5", "copyright": "…", "version": "5.2.0"},
        "chatInfo": {"name": "江西宝宝送养交流群", "type": "group", "participantCount": 214},
        "statistics": {
            "totalMessages": 5,
            "timeRange": {
                "start": "2024-11-02T01:15:03.000Z",
                "end": "2024-11-02T01:21:00.000Z",
                "durationDays": 1,
            },
            "messageTypes": {},
            "senders": [],
            "resources": {"total": 1, "byType": {"image": 1}, "totalSize": 81234},
        },
        "chunked": {
            "format": "jsonl",
            "chunksDir": "chunks",
            "chunkFileExt": ".jsonl",
            "maxMessagesPerChunk": 2,
            "maxBytesPerChunk": 52428800,
            "chunks": chunks,
        },
        "avatars": {"file": "avatars.json", "count": 1},
    }
    return {
        "manifest.json": json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8"),
        "chunks/c000001.jsonl": lines(first),
        "chunks/c000002.jsonl": lines(second),
        "avatars.json": json.dumps({"52001": "data:image/png;base64,iVBORw0KGgo="}, indent=2).encode(),
    }


QCE_RULE = "=" * 47
QCE_TXT = [
    "[QQChatExporter V5 / https://github.com/shuakami/qq-chat-exporter]",
    "[本软件是免费的开源项目~ 如果您是买来的，请立即退款！如果有帮助到您，欢迎给我点个Star~]",
    "",
    QCE_RULE,
    "           QQ聊天记录导出文件",
    QCE_RULE,
    "",
    "聊天名称: 江西宝宝送养交流群",
    "聊天类型: 群聊",
    "参与人数: 214",
    "导出时间: 2024-11-03 20:00:00",
    "消息总数: 5",
    "时间范围: 2024-11-02 09:15:03 - 2024-11-02 09:21:00",
    "",
    "",
    "江西送养-芳:",
    "时间: 2024-11-02 09:15:03",
    "内容: 女宝刚满月，身体健康，家里实在养不起",
    "诚心找好人家，营养费私聊",
    "",
    "",
    "求子心切:",
    "时间: 2024-11-02 09:16:40",
    "内容: [image消息]",
    "资源: 1 个文件",
    "  - image: 5A1B2C3D.jpg",
    "",
    "",
    "求子心切:",
    "时间: 2024-11-02 09:17:05",
    "内容: 想要，加我qq详谈",
    "提及: 江西送养-芳",
    "回复: 江西送养-芳 - 女宝刚满月，身体健康，家里实在养不起",
    "",
    "",
    "u_Xr5tQe8pLm2W9aZ0bC1dEf:",
    "时间: 2024-11-02 09:20:00",
    "内容: [系统消息]",
    "",
    "",
    "阿强:",
    "时间: 2024-02-30 09:21:00",
    "内容: 时间: 群里有人在吗",
    "",
    QCE_RULE,
    "              导出完成",
    QCE_RULE,
    "总计导出 5 条消息",
    "导出时间: 2024-11-03 20:00:00",
]


def memotrace_v2() -> bytes:
    rows = [
        "localId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime,Remark,NickName,Sender",
        "101,7,1,0,0,1614819907,,早上好,2021-03-04 09:05:07,小明,小明,wxid_example1",
        '102,7,1,0,0,1614819990,,"有个男宝要送人，\n出生证明齐全，可以上户口，感谢费6万",2021-03-04 09:06:30,阿华,阿华中介,wxid_broker01',
        "103,7,3,0,1,1614820000,,,2021-03-04 09:06:40,我,我的昵称,wxid_self",
        '104,7,10000,0,0,1614820100,,"""阿华中介"" 撤回了一条消息",2021-03-04 09:08:20,,,',
        "105,7,49,6,0,1614820200,,合同.pdf,2021-03-04 09:10:00,小明,小明,wxid_example1",
    ]
    return ("\r\n".join(rows) + "\r\n").encode("utf-8-sig")


def memotrace_v4() -> bytes:
    rows = [
        "消息ID,类型,发送人,时间,内容,备注,昵称,更多信息",
        "7301234567890123456,文本,小明,2022-01-05 10:00:00,在吗,小明,小明,more",
        "7301234567890123457,图片,阿华,2022-01-05 10:01:00,【图片】,阿华,阿华,more",
        '7301234567890123458,引用消息,小明,2022-01-05 10:02:00,"多少钱\n引用：阿华: 【图片】",小明,小明,more',
        '7301234567890123459,系统消息,,2022-01-05 10:03:00,"阿华" 撤回了一条消息,,,more',
    ]
    return ("\r\n".join(rows) + "\r\n").encode("utf-8-sig")


def pywxdump() -> bytes:
    rows = [
        "id,MsgSvrID,type_name,is_sender,talker,room_name,msg,src,CreateTime",
        "1,7301234567890123456,文本,0,wxid_example1,12345678@chatroom,求购男孩，18万以内,,2021-03-04 09:05:07",
        "2,7301234567890123457,图片,0,wxid_example2,12345678@chatroom,图片,FileStorage/MsgAttach/abc/x.dat,2021-03-04 09:06:30",
        "3,7301234567890123458,文本,1,我,12345678@chatroom,私聊,,2021-03-04 09:07:00",
    ]
    return ("\n".join(rows) + "\n").encode("utf-8")


def pywxdump_resaved() -> bytes:
    """PyWxDump's CSV after a spreadsheet re-saved it (GBK, times without zero padding or seconds);
    the last row's time was mangled by hand."""
    rows = [
        "id,MsgSvrID,type_name,is_sender,talker,room_name,msg,src,CreateTime",
        "1,7421234567890123401,文本,0,wxid_seller9,20998877@chatroom,刚满月男宝，身体健康，营养费五万,,2024/10/4 9:05",
        "2,7421234567890123402,图片,0,wxid_seller9,20998877@chatroom,图片,FileStorage/MsgAttach/9f/Image/2024-10/a1.dat,2024/10/4 9:06",
        "3,7421234567890123403,文本,0,wxid_buyer3,20998877@chatroom,在哪个城市？,,2024/10/4 11:42",
        "4,7421234567890123404,文本,1,我,20998877@chatroom,先看看照片,,2024/10/12 21:07",
        "5,7421234567890123405,文本,0,wxid_buyer3,20998877@chatroom,可以视频吗,,2024/10/32 8:00",
    ]
    return ("\r\n".join(rows) + "\r\n").encode("gb18030")


def pywxdump_content_json() -> bytes:
    """The older PyWxDump CSV: one `content` column holding json.dumps({"src": …, "msg": …})."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(
        ["id", "MsgSvrID", "type_name", "is_sender", "talker", "room_name", "content", "CreateTime"]
    )
    rows = [
        ("文本", "wxid_mama77", {"src": "", "msg": "女儿三个月，想找个好人家"}, "2024-04-20 10:01:02"),
        (
            "图片",
            "wxid_mama77",
            {"src": "FileStorage/MsgAttach/5c1e/Image/2024-04/7f3a.dat", "msg": "图片"},
            "2024-04-20 10:01:40",
        ),
        (
            "语音",
            "wxid_agent02",
            {"src": "audio/wxid_agent02/2024-04-20_10-03-11.wav", "msg": "语音"},
            "2024-04-20 10:03:11",
        ),
        ("文本", "wxid_agent02", {"src": "", "msg": "可以，私聊"}, "2024-04-20 10:04:00"),
        ("文本", "wxid_agent02", "{这不是JSON", "2024-04-20 10:05:00"),
    ]
    for index, (type_name, talker, content, when) in enumerate(rows, 1):
        cell = json.dumps(content, ensure_ascii=False) if isinstance(content, dict) else content
        writer.writerow([index, 7351234567890123400 + index, type_name, 0, talker, "", cell, when])
    return out.getvalue().encode("utf-8")


def pywxdump_data_js() -> bytes:
    """PyWxDump 3.1.x's HTML export: the `data.js` its viewer loads, one declaration a line, written as
    its exporter writes them (json.dumps with ensure_ascii=False). A private chat with wxid_mama88."""
    users = {
        "wxid_mama88": {"wxid": "wxid_mama88", "nickname": "小雨妈妈", "remark": "小雨", "account": "",
                        "describe": "", "headImgUrl": "", "ExtraBuf": {}, "LabelIDList": []},
        "wxid_me01": {"wxid": "wxid_me01", "nickname": "阿明", "remark": "", "account": "", "describe": "",
                      "headImgUrl": "", "ExtraBuf": {}, "LabelIDList": []},
    }  # fmt: skip
    rows = [
        ("文本", 0, "wxid_mama88", "女儿四个月，想给她找个好人家", "", "2024-05-02 10:01:02"),
        ("图片", 0, "wxid_mama88", "图片", "FileStorage\\MsgAttach\\ab12\\Image\\2024-05\\c3d4.dat",
         "2024-05-02 10:01:40"),
        ("语音", 1, "wxid_me01", "语音时长：3.20秒", "wxid_mama88\\2024-05-02_10-03-11_1_6655.wav",
         "2024-05-02 10:03:11"),
        ("文本", 1, "wxid_me01", "可以，营养费怎么算？", "", "2024-05-02 10:04:00"),
        ("消息撤回5", 0, "wxid_mama88", '"小雨" 撤回了一条消息', "", "2024-05-02 10:05:00"),
        ("合并转发的聊天记录", 0, "wxid_mama88", "聊天记录\n宝宝的照片和出生证明",
         {"recordinfo": {"datalist": {"dataitem": [{"datadesc": "出生证明"}]}}}, "2024-05-02 10:06:00"),
        ("文本", 0, "wxid_mama88", "下午可以视频看看孩子", "", "2024-02-30 09:00:00"),
    ]  # fmt: skip
    msgs = [
        {"id": index, "MsgSvrID": str(6655443322110000 + index), "type_name": type_name, "is_sender": sender,
         "talker": talker, "room_name": "wxid_mama88", "msg": msg, "src": src, "extra": {}, "CreateTime": when}
        for index, (type_name, sender, talker, msg, src, when) in enumerate(rows, 1)
    ]  # fmt: skip
    data_js = (
        "localStorage.setItem('isUseLocalData', 't')  //  't' : 'f' \n"
        f"const local_msg_count = {len(msgs)}\n"
        "const local_mywxid = 'wxid_me01' \n"
        f"const local_user_list = {json.dumps(users, ensure_ascii=False, indent=None)} \n"
        f"const local_msg_list = {json.dumps(msgs, ensure_ascii=False, indent=None)} \n"
    )
    return data_js.encode("utf-8")


def pywxdump_msg_user() -> bytes:
    """PyWxDump 2.4–3.0's HTML export: the `data/msg_user.json` its viewer loads, written as its exporter
    writes it (json.dump, ensure_ascii=False: the message list first, then the users, own wxid and own
    user). A group chat; `我` is the talker of one's own messages, `未知` of a notice with no sender."""
    users = {
        "wxid_seller5": {"username": "wxid_seller5", "nickname": "阿强", "remark": "卖家阿强", "account": "",
                         "describe": "", "headImgUrl": ""},
        "wxid_me02": {"username": "wxid_me02", "nickname": "小李", "remark": "", "account": "", "describe": "",
                      "headImgUrl": ""},
        "20881234@chatroom": {"username": "20881234@chatroom", "nickname": "宝宝之家交流群", "remark": "",
                              "account": "", "describe": "", "headImgUrl": ""},
    }  # fmt: skip
    rows = [
        ("文本", 0, "wxid_seller5", "", "新生男宝，手续齐全，要的私聊", "2024-03-10 20:01:02"),
        ("图片", 0, "wxid_seller5", "img\\FileStorage\\MsgAttach\\9a8b\\Image\\2024-03\\e5f6.dat_0f1e2d3c.jpg",
         "图片", "2024-03-10 20:01:40"),
        ("语音", 1, "我", "audio\\20881234@chatroom\\2024-03-10_20-03-11_1_7788.wav",
         "语音时长：2.50秒\n翻译结果：多少钱", "2024-03-10 20:03:11"),
        ("带有引用的文本消息", 1, "我", "", "在哪个城市？\n\n[引用](2024-03-10 20:01:02)卖家阿强:新生男宝",
         "2024-03-10 20:04:00"),
        ("转账消息", 0, "wxid_seller5", "", "转账：定金500元", "2024-03-10 20:06:30"),
        ("动画表情", 0, "wxid_buyer7", "http://emoji.example/wx_emoji/3c4d/0", "表情", "2024-03-10 20:07:00"),
        ("系统通知", 0, "未知", "", '"阿强" 撤回了一条消息', "2024-03-10 20:08:00"),
        ("合并转发的聊天记录", 0, "wxid_buyer7", {"recordinfo": {"datalist": {"dataitem": []}}},
         "群聊的聊天记录\n孩子照片", "2024-03-10 20:09:00"),
    ]  # fmt: skip
    msgs = [
        {"MsgSvrID": str(5566778899000 + index), "type_name": type_name, "is_sender": sender, "talker": talker,
         "room_name": "20881234@chatroom", "content": {"src": src, "msg": msg}, "CreateTime": when, "id": index}
        for index, (type_name, sender, talker, src, msg, when) in enumerate(rows, 1)
    ]  # fmt: skip
    me = {**users["wxid_me02"], "chat_count": len(msgs)}
    data = {"msg_list": msgs, "user_list": users, "my_wxid": "wxid_me02", "myuserdata": me}
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def _jinja_escaped(text: str) -> str:
    """As Flask's Jinja autoescape writes a value into a page."""
    for plain, written in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&#34;"), ("'", "&#39;")):
        text = text.replace(plain, written)
    return text


def pywxdump_page() -> bytes:
    """PyWxDump 2.2's HTML export: one rendered page `{name}_{n}.html` of a private chat with 芳芳, each
    message a table row with a [发]/[收] label, the type name and the local time, then its body (voices
    and images embedded as data: URLs). The last message's date is impossible; one type name is 未知."""
    rows = [
        (0, "文本", "2023-11-20 09:00:05", "p", "宝宝下个月生，男孩女孩都行"),
        (1, "文本", "2023-11-20 09:01:10", "p", 'A&B <先说好> "价钱" 别在这里说'),
        (0, "图片", "2023-11-20 09:02:00", "img", ("data:image/jpeg;base64,/9j/4AAQSkZJRg==", "图片")),
        (0, "语音", "2023-11-20 09:03:30", "audio", "data:audio/wav;base64,UklGRiQAAABXQVZF"),
        (0, "动画表情", "2023-11-20 09:04:00", "img", ("http://emoji.example/wx_emoji/77aa/0", "表情")),
        (0, "系统通知", "2023-11-20 09:05:00", "p", '"芳芳" 撤回了一条消息'),
        (0, "未知", "2023-11-20 09:06:00", "p", ""),
        (0, "文本", "2023-11-31 10:00:00", "p", "第一行\n第二行"),
    ]
    out = [
        '<!DOCTYPE html>\n<html lang="zh">\n<head>\n    <meta charset="UTF-8">\n    <title>chat</title>\n'
        '    <link rel="stylesheet" href="https://maxcdn.bootstrapcdn.com/bootstrap/4.0.0/css/bootstrap.min.css">'
        '\n</head>\n<body>\n<div>\n            <table class="table">\n                <tbody>\n'
    ]
    for index, (sent, type_name, when, body, value) in enumerate(rows, 1):
        colour, side, background = ("A13A50", "发", "f3e9c1") if sent else ("f54f71", "收", "d3eed3")
        if body == "audio":
            shown = f'<audio controls>\n    <source src="{value}" type="audio/wav">\n</audio>'
        elif body == "img":
            shown = f'<img src="{_jinja_escaped(value[0])}" alt="{_jinja_escaped(value[1])}" style=""/>'
        else:
            shown = f"<p>{_jinja_escaped(value)}</p>"
        out.append(
            f'                <tr id="{4455660000 + index}">\n                    \n'
            f'                    <div style="background-color: #{background};">\n\n'
            f'                        <label style="color:#{colour}">[{side}][{type_name}] {when}</label><br>\n\n'
            f"                        \n                        {shown}\n                        \n\n"
            "                    </div>\n                    \n\n                </tr>\n"
        )
    out.append("                </tbody>\n            </table>\n</div>\n</body>\n</html>")
    return "".join(out).encode("utf-8")


def _js_quoted(text: str) -> str:
    """A string as MemoTrace v2's HTML exporter quotes it: HTML `& < >` escaped, then the JavaScript
    escapes, in single quotes."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for plain, written in (("\\", "\\\\"), ("'", "\\'"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r")):
        escaped = escaped.replace(plain, written)
    return f"'{escaped}'"


def memotrace_html() -> bytes:
    """MemoTrace v2.0.5's HTML export of a private chat with 小雨妈妈 (own name 阿明): the page carries the
    messages as `const chatMessages = [ {…},{…}, ];`, object literals with bare keys, one after the other
    on one line (a few record kinds end theirs with a newline). The page around them is a stand-in of our
    own with the marks the reader looks for, not MemoTrace's template. The last record's time is broken."""

    def rec(type_: int, text: str, is_send: int, ts: str, name: str, **extra: str | int) -> str:
        fields = [
            f"type:{type_}",
            f"text: {_js_quoted(text)}",
            f"is_send:{is_send}",
            "avatar_path:''",
            f"timestamp:{ts}",
            "is_chatroom:0",
            f"displayname:{_js_quoted(name)}",
        ]
        fields += [f"{k}:{v if isinstance(v, int) else _js_quoted(v)}" for k, v in extra.items()]
        return "{ " + ",".join(fields) + "},"

    her, me = "小雨妈妈", "阿明"
    records = [
        rec(1, "女儿四个月，想给她找个好人家 <急>", 0, "1714615262", her),
        rec(3, "./image/2024-05/c3d4.jpg", 0, "1714615300", her),
        rec(34, "./voice/6655.mp3", 1, "1714615391", me, voice_to_text="营养费怎么算？"),
        rec(43, "./video/a1b2.mp4", 0, "1714615420", her),
        rec(49, "./file/出生证明.pdf", 0, "1714615500", her, sub_type=6, file_name="出生证明.pdf",
            file_size="20480", app_name=""),
        rec(0, '"小雨妈妈" 撤回了一条消息', 0, "1714615560", ""),
        rec(1, "她说'下午'可以\n视频看看孩子 & 证明", 0, "1714615620", her),
        rec(49, "发起转账", 1, "1714615700", me, sub_type=2000, paysubtype=1, pay_memo="",
            feedesc="￥2000.00") + "\n",
        rec(1, "好的，等你消息", 0, "None", her),
    ]  # fmt: skip
    page = (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="UTF-8">\n'
        f"<title>{her}</title>\n</head>\n<body>\n"
        f'<div class="page"><p id="title">{her}</p>\n'
        '<div class="content" id="chat-container"></div></div>\n'
        "<script>\nconst chatMessages = [\n" + "".join(records) + "\n];\n\n</script>\n<script>\n"
        "// stand-in viewer: one line a message\n"
        "for (const m of chatMessages) { document.getElementById('chat-container').append(m.text); }\n"
        "</script>\n</body>\n</html>\n"
    )
    return page.encode("utf-8")


def memotrace_json() -> bytes:
    items = [
        {
            "type": "1",
            "is_send": 0,
            "timestamp": 1614819907,
            "server_id": "1",
            "display_name": "小明",
            "avatar_src": "avatar/a.png",
            "text": "孩子三个月了，女孩",
        },
        {
            "type": str((5 << 32) | 49),
            "is_send": 1,
            "timestamp": 1614819990,
            "server_id": "2",
            "display_name": "我",
            "text": "https://example.com/post/1",
        },
    ]
    return json.dumps(items, ensure_ascii=False).encode("utf-8")


def _echotrace_message(
    local_id: int, when: int, type_name: str, local_type: int, content: str, sender: tuple[str, str, int]
) -> dict:
    """One message as EchoTrace 3.0's `_buildJsonMessageItem` writes it (`formattedTime` the exporting
    machine's local time, here UTC+8)."""
    wxid, name, is_send = sender
    local = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(when + 8 * 3600))
    return {"localId": local_id, "createTime": when, "formattedTime": local, "type": type_name,
            "localType": local_type, "content": content, "isSend": is_send, "senderUsername": wxid,
            "senderDisplayName": name, "source": "", "senderAvatarKey": wxid}  # fmt: skip


def echotrace_json() -> bytes:
    """EchoTrace 3.0.0's JSON (`exportToJson` in lib/services/chat_export_service.dart, commit e9e0d6c):
    `JsonEncoder.withIndent('  ')` of session, messages, avatars, groupMembers, exportTime, mediaBase. A
    group chat exported with its images and stickers (`content` and `mediaPath` then name the copy); the
    group's notice is sent by the group's id and `群成员`; one message has a type name no version wrote."""
    mama = ("wxid_hnmama01", "湖南宝妈", 0)
    buyer = ("wxid_buyer09", "江浙求领养", 0)
    me = ("wxid_me_ahua", "阿华", 1)
    group = ("34567890123@chatroom", "群成员", 0)
    base = 1717300000  # 2024-06-02 11:46:40 +08:00
    rows = [
        (1201, base, "文本消息", 1, "女宝刚满月，家里实在养不起，想给她找个好人家", mama),
        (1202, base + 40, "图片消息", 3, "media/images/5f2a9c0d.jpg", mama),
        (1203, base + 95, "语音消息", 34, "[语音 6秒]", buyer),
        (1204, base + 130, "引用消息", 244813135921, "营养费多少？可以先视频看看孩子吗", buyer),
        (1205, base + 150, "动画表情", 47, "media/emojis/a1b2c3d4.gif", mama),
        (1206, base + 200, "系统消息", 10000, '"湖南宝妈" 撤回了一条消息', group),
        (87, base + 260, "文件消息", 25769803825, "[文件] 出生证明.pdf", mama),
        (1207, base + 300, "转账卡片", 8589934592049, "[转账]", me),
        (1208, base + 320, "群待办消息", 1, "周末带孩子过来当面谈", mama),
    ]
    messages = [_echotrace_message(*row) for row in rows]
    messages[4]["emojiMd5"] = "a1b2c3d4e5f60718293a4b5c6d7e8f90"
    for message in messages:
        if message["content"].startswith("media/"):
            message["mediaPath"] = message["content"]
    data = {
        "session": {"wxid": "34567890123@chatroom", "nickname": "宝宝之家互助群", "remark": "",
                    "displayName": "宝宝之家互助群", "type": "群聊", "lastTimestamp": base + 320,
                    "messageCount": len(messages)},
        "messages": messages,
        "avatars": {"wxid_hnmama01": {"displayName": "湖南宝妈", "base64": ""}},
        "groupMembers": [{"username": "wxid_hnmama01", "remark": None, "originalName": "湖南宝妈"},
                         {"username": "wxid_buyer09", "remark": None, "originalName": "江浙求领养"}],
        "exportTime": "2024-06-03T09:00:00.000",
        "mediaBase": "media",
    }  # fmt: skip
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


WEFLOW_HEADER = {"version": "1.0.3", "exportedAt": 1772000000, "generator": "WeFlow"}


def weflow_json() -> bytes:
    """WeFlow 5.0's JSON (`JsonFormatter.ts`, commit 4daeb59; the same keys since 2.1.0): its `weflow`
    header, the session, then messages whose `localId` is the position and `platformMessageId` the server's
    id, which `replyToMessageId` names. A private chat with its video exported (`content` the copy's
    path, Windows style) and a voice read as text; one message's `createTime` is not an epoch."""
    seller, me = ("wxid_kai2024", "卖家小凯"), ("wxid_me_lin", "林姐")
    base = 1741500000  # 2025-03-09 13:20:00 +08:00
    rows = [
        (seller, "文本消息", 1, "男宝，四个月，手续都能办", "6120000000000000001", None),
        (me, "文本消息", 1, "孩子现在在哪里？", "6120000000000000002", None),
        (seller, "视频消息", 43, "media\\videos\\4e5f6a7b.mp4", "6120000000000000003", None),
        (seller, "语音消息", 34, "在湖南，价格当面说", "6120000000000000004", None),
        (me, "引用消息", 244813135921, "能便宜点吗\n[引用 卖家小凯：男宝，四个月，手续都能办]",
         "6120000000000000005", "6120000000000000001"),
        (seller, "转账消息", 49, "[转账] 收款 ￥500.00", "6120000000000000006", None),
        (seller, "系统消息", 10000, "卖家小凯 撤回了一条消息", None, None),
    ]  # fmt: skip
    messages = []
    for index, ((wxid, name), type_name, local_type, content, platform_id, reply) in enumerate(rows, 1):
        when = base + 60 * index
        message = {"localId": index, "createTime": when,
                   "formattedTime": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(when + 8 * 3600)),
                   "type": type_name, "localType": local_type, "content": content, "isSend": int(wxid == me[0]),
                   "senderUsername": wxid, "senderDisplayName": name, "source": "", "senderAvatarKey": wxid}  # fmt: skip
        if platform_id:
            message["platformMessageId"] = platform_id
        if reply:
            message["replyToMessageId"] = reply
            message["quotedSender"], message["quotedContent"] = "卖家小凯", "男宝，四个月，手续都能办"
        messages.append(message)
    messages[3]["createTime"] = "下午三点"
    messages[3]["formattedTime"] = "2025-02-30 15:00:00"
    data = {
        "weflow": WEFLOW_HEADER,
        "session": {"wxid": "wxid_kai2024", "nickname": "小凯", "remark": "卖家小凯", "displayName": "卖家小凯",
                    "type": "私聊", "lastTimestamp": base + 420, "messageCount": len(messages)},
        "messages": messages,
    }  # fmt: skip
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


def weflow_arkme_json() -> bytes:
    """WeFlow 5.0's ArkMe JSON (`format: 'arkme-json'`, since 2.1.0): the header with the format, the
    session, `senders` (numbered from 1), then messages naming their sender by `senderID`; group members
    after them. A group chat; one message names a senderID the list does not have."""
    senders = [
        {"senderID": 1, "wxid": "wxid_zhe_ma", "displayName": "浙江宝妈", "nickname": "小芳"},
        {"senderID": 2, "wxid": "wxid_jiang99", "displayName": "江苏王哥", "nickname": "王哥",
         "groupNickname": "江苏王哥"},
        {"senderID": 3, "wxid": "unknown", "displayName": "unknown", "nickname": "unknown"},
    ]  # fmt: skip
    base = 1743400000  # 2025-03-31 13:46:40 +08:00
    rows = [
        (1, "文本消息", 1, "有没有想要女宝的，刚出生，健康"),
        (2, "图片消息", 3, "media/images/9c8b7a6d.jpg"),
        (2, "文本消息", 1, "多少营养费"),
        (3, "系统消息", 10000, '"浙江宝妈"邀请"江苏王哥"加入了群聊'),
        (7, "文本消息", 1, "私聊细说"),
        (1, "其他消息", 10002, "浙江宝妈 撤回了一条消息"),
    ]
    messages = []
    for index, (sender, type_name, local_type, content) in enumerate(rows, 1):
        when = base + 30 * index
        messages.append({"localId": index, "createTime": when,
                         "formattedTime": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(when + 8 * 3600)),
                         "type": type_name, "localType": local_type, "content": content,
                         "isSend": 0, "senderID": sender, "source": "",
                         "platformMessageId": str(7230000000000000000 + index)})  # fmt: skip
    data = {
        "weflow": {**WEFLOW_HEADER, "format": "arkme-json"},
        "session": {"wxid": "45678901234@chatroom", "nickname": "江浙沪宝宝交流群", "remark": "",
                    "displayName": "江浙沪宝宝交流群", "type": "群聊", "lastTimestamp": base + 180,
                    "messageCount": len(messages)},
        "senders": senders,
        "messages": messages,
        "groupMembers": [{"wxid": "wxid_zhe_ma", "displayName": "浙江宝妈", "nickname": "小芳", "remark": "",
                          "alias": "", "isFriend": False, "messageCount": 2}],
    }  # fmt: skip
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


# -------------------------------------------------------------------------------------------- Telegram
def telegram_single() -> bytes:
    doc = {
        "name": "Baby adoption (private)",
        "type": "private_supergroup",
        "id": 1234567890,
        "messages": [
            {
                "id": 4100,
                "type": "service",
                "date": "2021-03-04T09:00:00",
                "date_unixtime": "1614819600",
                "actor": "Alex Doe",
                "actor_id": "user111",
                "action": "invite_members",
                "members": ["Sam Roe"],
                "text": "",
                "text_entities": [],
            },
            {
                "id": 4101,
                "type": "message",
                "date": "2021-03-04T09:05:07",
                "date_unixtime": "1614819907",
                "from": "Alex Doe",
                "from_id": "user111",
                "text": [
                    "Baby boy available, fee is ",
                    {"type": "bold", "text": "$16,000"},
                    ", call ",
                    {"type": "phone", "text": "+10000000000"},
                ],
                "text_entities": [
                    {"type": "plain", "text": "Baby boy available, fee is "},
                    {"type": "bold", "text": "$16,000"},
                    {"type": "plain", "text": ", call "},
                    {"type": "phone", "text": "+10000000000"},
                ],
            },
            {
                "id": 4102,
                "type": "message",
                "date": "2021-03-04T09:06:00",
                "date_unixtime": "1614819960",
                "from": None,
                "from_id": "user222",
                "reply_to_message_id": 4101,
                "photo": "(File not included. Change data exporting settings to download.)",
                "width": 800,
                "height": 600,
                "text": "",
                "text_entities": [],
            },
            {
                "id": 4103,
                "type": "message",
                "date": "2021-03-04T09:07:00",
                "from": "Old Client",
                "from_id": 333,
                "text": "control\u0007char",
            },
            {
                "id": 4104,
                "type": "message",
                "date": "2021-03-04T09:08:00",
                "date_unixtime": "1614820080",
                "from": "Sam Roe",
                "from_id": "user444",
                "media_type": "voice_message",
                "file": "voice_messages/audio_1@04-03-2021_09-08-00.ogg",
                "text": "",
            },
            {"id": 4105, "type": "unsupported"},
        ],
    }
    text = json.dumps(doc, ensure_ascii=False, indent=1)
    # the real exporter writes control characters as \xNN (not valid JSON)
    return text.replace("\\u0007", "\\x07").encode("utf-8")


def telegram_2020_poll() -> bytes:
    """A 2020-era single-chat export (no date_unixtime, bare integer from_id) with a poll, and a
    later one whose dates end in Z."""
    doc = {
        "name": "宝宝之家 互助",
        "type": "public_supergroup",
        "id": 9876543,
        "messages": [
            {
                "id": 501,
                "type": "message",
                "date": "2020-06-14T20:11:52",
                "from": "Lily Chen",
                "from_id": 77001,
                "poll": {
                    "question": "这个月谁能去广州接孩子？",
                    "closed": False,
                    "total_voters": 3,
                    "answers": [
                        {"text": "我可以", "voters": 2, "chosen": False},
                        {"text": "下个月", "voters": 1, "chosen": True},
                    ],
                },
                "text": "",
            },
            {
                "id": 502,
                "type": "message",
                "date": "2020-06-14T12:15:00Z",
                "from": "Ken",
                "from_id": 77002,
                "text": "我去",
            },
            {
                "id": 503,
                "type": "message",
                "date": "2020-06-14 25:61",
                "from": "Ken",
                "from_id": 77002,
                "text": "?",
            },
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


def telegram_account() -> bytes:
    doc = {
        "about": "Here is the data you requested.",
        "personal_information": {"user_id": 1, "first_name": "Me"},
        "chats": {
            "about": "chats",
            "list": [
                {
                    "name": "宝宝群",
                    "type": "private_group",
                    "id": 11,
                    "messages": [
                        {
                            "id": 1,
                            "type": "message",
                            "date": "2020-01-01T10:00:00",
                            "date_unixtime": "1577844000",
                            "from": "张三",
                            "from_id": "user9",
                            "text": "有女宝吗",
                        }
                    ],
                },
                {
                    "type": "saved_messages",
                    "id": 12,
                    "messages": [
                        {
                            "id": 1,
                            "type": "message",
                            "date": "2020-01-02T10:00:00",
                            "date_unixtime": "1577930400",
                            "from": "Me",
                            "from_id": "user1",
                            "text": "note to self",
                        }
                    ],
                },
            ],
        },
        "left_chats": {
            "about": "left",
            "list": [
                {
                    "name": "Left group",
                    "type": "public_supergroup",
                    "id": 13,
                    "messages": [
                        {
                            "id": 7,
                            "type": "message",
                            "date": "2019-05-05T05:05:05",
                            "from": "X",
                            "from_id": "channel5",
                            "text": "bye",
                        }
                    ],
                },
            ],
        },
    }
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


# -------------------------------------------------------------------------------------------- WhatsApp
WA_ANDROID_GB = """31/12/2020, 21:15 - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.
31/12/2020, 21:15 - Alice: Happy new year
31/12/2020, 21:16 - Bob: <Media omitted>
31/12/2020, 21:17 - Alice: IMG-20201231-WA0001.jpg (file attached)
31/12/2020, 21:18 - Bob: This message was deleted
31/12/2020, 21:19 - Bob: line one
line two of the same message
01/01/2021, 09:00 - +44 7700 900123: Selling baby girl, 3 months, £3,400, DM me
01/01/2021, 09:01 - Alice changed the subject from "Family" to "Family 2021"
"""

WA_IOS_ZH = (
    "\u200e[2020/12/31 下午9:15:03] 群主: \u200e消息和通话已进行端到端加密。\n"
    "[2020/12/31 下午9:16:10] 小红: 新年快乐\n"
    "[2020/12/31 上午12:05:00] 小红: 凌晨\n"
    "[2021/1/2 上午9:00:00] \u202a+86 138 0013 8000\u202c: 男宝三个月，营养费八九万\n"
    "\u200e[2021/1/2 上午9:01:00] 小红: \u200e<attached: 00000042-PHOTO-2021-01-02-09-01-00.jpg>\n"
)

WA_US_12H = (
    "12/31/20, 9:15\u202fPM - Alice: Happy new year\n"
    "12/31/20, 9:16\u202fPM - Bob: Same to you\n"
    "1/1/21, 12:01\u202fAM - Alice: midnight\n"
)

# iOS, Spanish: system events under the group's name, placeholders after U+200E, a sender not in the
# contacts (`~` + U+202F), phone numbers spelled with no-break spaces and U+2011 hyphens.
LRM, NNBSP, NBSP, NBH = "\u200e", "\u202f", "\u00a0", "\u2011"
WA_IOS_ES = "".join(
    line + "\r\n"
    for line in (
        f"[3/10/24, 20:14:05] Bebés Valencia: {LRM}Los mensajes y las llamadas están cifrados de extremo a"
        " extremo. Nadie fuera de este chat, ni siquiera WhatsApp, puede leerlos ni escucharlos.",
        f"[3/10/24, 20:14:05] Bebés Valencia: {LRM}Marta creó el grupo \u201cBebés Valencia\u201d",
        "[3/10/24, 20:15:12] Marta: Hola, tengo una niña de tres meses y no puedo cuidarla",
        f"{LRM}[3/10/24, 20:16:40] ~{NNBSP}Lucía: {LRM}imagen omitida",
        f"[3/10/24, 20:17:02] {LRM}+34{NBSP}612{NBSP}34{NBSP}56{NBSP}78: ¿Cuánto pedís?",
        f"{LRM}[3/10/24, 20:17:30] Marta: {LRM}sticker omitido",
        f"{LRM}[3/10/24, 20:18:01] Marta: {LRM}Video omitido",
        f"{LRM}[3/10/24, 20:18:45] {LRM}+1 415{NBH}555{NBH}0134: {LRM}audio omitido",
        f"{LRM}[3/10/24, 20:19:10] Marta: {LRM}Se eliminó este mensaje.",
        f"{LRM}[4/10/24, 9:02:33] Bebés Valencia: {LRM}+34{NBSP}612{NBSP}34{NBSP}56{NBSP}78 cambió su número"
        " de teléfono a uno nuevo. Toca para enviar un mensaje o agregar el nuevo número.",
        f"[4/10/24, 9:03:00] ~{NNBSP}Lucía: {LRM}Te escribo por privado",
    )
)

# Android, English, 2024: the encryption notice written under the group's name.
WA_ANDROID_EN_GROUP = (
    "4/10/24, 8:01 PM - Baby Home UK: Messages and calls are end-to-end encrypted. No one outside of this"
    " chat, not even WhatsApp, can read or listen to them. Tap to learn more.\n"
    "4/10/24, 8:02 PM - Tom: anyone looking for a newborn?\n"
)

# iOS "Export chat" with media: a zip of _chat.txt and the files it names as <attached: …>.
WA_IOS_ZIP_CHAT = "".join(
    line + "\r\n"
    for line in (
        f"[12/05/2024, 21:30:11] Hogar Bebé: {LRM}Los mensajes y las llamadas están cifrados de extremo a"
        " extremo. Nadie fuera de este chat, ni siquiera WhatsApp, puede leerlos ni escucharlos.",
        "[12/05/2024, 21:31:02] Rosa: Os mando la foto del niño, tiene 4 meses",
        f"[12/05/2024, 21:31:20] Rosa: {LRM}<adjunto: 00000003-PHOTO-2024-05-12-21-31-20.jpg>",
        f"[12/05/2024, 21:33:47] ~{NNBSP}Andrés: {LRM}<adjunto: 00000004-AUDIO-2024-05-12-21-33-47.opus>",
        f"[12/05/2024, 21:35:05] Rosa: {LRM}<adjunto: 00000005-PHOTO-2024-05-12-21-35-05.jpg>",
    )
)


def whatsapp_ios_zip() -> bytes:
    out = io.BytesIO()
    members = [
        ("_chat.txt", WA_IOS_ZIP_CHAT.encode("utf-8")),
        ("00000003-PHOTO-2024-05-12-21-31-20.jpg", JPEG_1PX),
        ("00000004-AUDIO-2024-05-12-21-33-47.opus", b"OggS\x00\x02" + bytes(58)),
        ("00000009-PHOTO-2024-05-12-22-00-00.jpg", JPEG_1PX + b"\x00"),  # named by no message
    ]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, payload in members:
            zf.writestr(zipfile.ZipInfo(name, date_time=(2024, 5, 12, 22, 1, 0)), payload)
    return out.getvalue()


WA_AMBIGUOUS = "01/02/21, 10:00 - A: first\n02/02/21, 10:00 - B: second\n03/02/21, 10:00 - A: third\n"

# iOS, Portuguese (Brazil), 2024: the 2021+ wording of the encryption notice (`ligações`), a document as
# `name • N páginas ‎documento omitido`, a contact card, an admin's deletion, the edited marker.
WA_IOS_PT = "".join(
    line + "\r\n"
    for line in (
        f"[12/03/2024 09:00:01] Mães de Recife: {LRM}As mensagens e ligações são protegidas com a"
        " criptografia de ponta a ponta. Saiba mais.",
        "[12/03/2024 09:01:10] Joana: Tenho um menino de dois meses, alguém interessado?",
        f"[12/03/2024 09:02:00] ~{NNBSP}Carla: {LRM}figurinha omitida",
        f"[12/03/2024 09:03:30] Joana: certidao.pdf • {LRM}2 páginas {LRM}documento omitido",
        f"[12/03/2024 09:04:00] Joana: {LRM}Cartão do contato omitido",
        f"[12/03/2024 09:05:12] ~{NNBSP}Carla: {LRM}Mensagem apagada por um admin (Joana)",
        f"[12/03/2024 09:06:40] Joana: Só pagamento em dinheiro {LRM}<Mensagem editada>",
    )
)

# Android, German, 2025: the encryption notice as a system line, a document after `<Medien
# ausgeschlossen>` with its name on the next line, a photo, the edited marker, a phone-number change.
WA_ANDROID_DE = (
    "02.04.25, 15:12 - Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt. Nur Personen in diesem"
    " Chat können sie lesen.\n"
    "02.04.25, 15:13 - Sabine: <Medien ausgeschlossen>\n"
    "Geburtsurkunde.pdf\n"
    f"02.04.25, 15:14 - Sabine: {LRM}IMG-20250402-WA0003.jpg (Datei angehängt)\n"
    "02.04.25, 15:15 - Tom: Wie alt ist das Kind? <Diese Nachricht wurde bearbeitet.>\n"
    "02.04.25, 15:16 - Tom: Du hast diese Nachricht gelöscht.\n"
    f"02.04.25, 15:17 - {LRM}Tom hat eine neue Telefonnummer. Tippe, um ihm zu schreiben.\n"
)

# Android, Arabic, 2023: Arabic-Indic digits, the Arabic comma after the date, `ص`/`م` for AM/PM.
WA_ANDROID_AR = (
    "٩/٤/٢٠٢٣، ١٠:٠٨ م - الرسائل والمكالمات مشفرة تمامًا بين الطرفين. انقر لمعرفة المزيد.\n"
    "٩/٤/٢٠٢٣، ١٠:١٠ م - أم خالد: عندي طفل عمره شهرين\n"
    "١٣/٤/٢٠٢٣، ٩:٠٥ ص - +966 50 123 4567: كم المبلغ؟\n"
)

# iOS, Turkish, 2025: a photo as `<name eklendi>`, a GIF, a deletion, the edited marker.
WA_IOS_TR = "".join(
    line + "\r\n"
    for line in (
        f"[3.01.2025, 09:02:11] Ayşe: {LRM}<00000007-PHOTO-2025-01-03-09-02-11.jpg eklendi>",
        f"[3.01.2025, 09:03:00] Ayşe: {LRM}GIF dahil edilmedi",
        f"[3.01.2025, 09:04:00] Mehmet: {LRM}Bu mesaj silindi.",
        f"[3.01.2025, 09:05:00] Mehmet: fiyat nedir? {LRM}<Bu mesaj düzenlendi>",
    )
)


# --------------------------------------------------------------------------------------------- Generic
def generic_jsonl() -> bytes:
    rows = [
        {
            "id": "p1",
            "text": "Looking to adopt a baby boy, can pay well",
            "author": "hopeful_dad",
            "sent_at": "2019-06-01T08:00:00+00:00",
            "channel": "adoption-forum",
        },
        {
            "text": "出售女婴 电话138****5678",
            "author": {"name": "匿名", "handle": "forum:example:77"},
            "time": "2019-06-02 10:00:00",
            "chat": "某论坛",
        },
        {"id": "p3", "text": "epoch seconds", "sent_at": 1559433600},
    ]
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    lines.insert(2, '{"text": "broken json line"')
    lines.insert(3, '{"no_text_here": true}')
    lines.insert(4, "[1, 2, 3]")
    return ("\n".join(lines) + "\n").encode("utf-8") + b'{"text": "bad bytes \xff\xfe here"}\n'


def generic_csv() -> bytes:
    rows = [
        "id,author,time,channel,text",
        'c1,王女士,2018-03-01 12:00:00,某QQ群,"男孩，两岁，寻找爱心家庭"',
        'c2,Li,2018-03-02T08:00:00+08:00,forum,"multi-line\nmessage, with comma"',
        "c3,too,many,fields,here,extra",
        "c4,nobody,,,",
    ]
    return ("\r\n".join(rows) + "\r\n").encode("gb18030")


# ---------------------------------------------------------------------------------------- Forum pages
DISCUZ = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk" /><title>求领养一个男孩 - 领养天地 - 某某论坛 - Powered by Discuz!</title></head>
<body><div id="pt">某某论坛 &rsaquo; 领养天地</div>
<span id="thread_subject">求领养一个男孩</span>
<div id="postlist">
<div id="post_88"><table id="pid88" class="plhin"><tr>
 <td class="pls"><div class="pi"><div class="authi"><a href="home.php?mod=space&amp;uid=501" class="xw1">盼子心切</a></div></div></td>
 <td class="plc"><div class="pi"><strong><a id="postnum88"><em>1</em>#</a></strong>
  <div class="pti"><div class="authi"><em id="authorposton88">发表于 2014-3-4 09:05</em></div></div></div>
  <div class="pct"><table><tr><td class="t_f" id="postmessage_88"><i class="pstatus"> 本帖最后由 盼子心切 于 2014-3-4 09:10 编辑 </i><br />结婚八年没有孩子，想领养一个男孩，<br />可以给营养费，QQ 123456789</td></tr></table>
  <img zoomfile="data/attachment/forum/201403/04/baby.jpg" src="static/image/common/none.gif" /></div>
 </td></tr></table></div>
<div id="post_89"><table id="pid89" class="plhin"><tr>
 <td class="pls"><div class="pi"><div class="authi"><a href="space-uid-502.html" class="xw1">热心网友</a></div></div></td>
 <td class="plc"><div class="pi"><strong><a id="postnum89"><em>2</em>#</a></strong>
  <div class="pti"><div class="authi"><em id="authorposton89">发表于 <span title="2014-3-5 10:00:01">2014-3-5</span></em></div></div></div>
  <div class="pct"><table><tr><td class="t_f" id="postmessage_89"><div class="quote"><blockquote>结婚八年没有孩子</blockquote></div>请通过民政部门正规渠道收养</td></tr></table></div>
 </td></tr></table></div>
<div id="post_90"><table id="pid90" class="plhin"><tr>
 <td class="pls"><div class="pi">匿名</div></td>
 <td class="plc"><div class="pi"><strong><a id="postnum90"><em>3</em>#</a></strong>
  <div class="pti"><div class="authi"><em id="authorposton90">发表于 2014-3-6 23:59</em></div></div></div>
  <div class="pct"><table><tr><td class="t_f" id="postmessage_90">我这有个刚满月的，私聊</td></tr></table></div>
 </td></tr></table></div>
</div></body></html>
"""

TIEBA = """<!DOCTYPE html><html><head><meta charset="UTF-8"><title>想找个女孩领养_领养吧_百度贴吧</title></head>
<body><h3 class="core_title_txt" title="想找个女孩领养">想找个女孩领养</h3>
<div id="j_p_postlist" class="p_postlist">
<div class="l_post j_l_post l_post_bright" data-field='{&quot;author&quot;:{&quot;user_id&quot;:9001,&quot;user_name&quot;:&quot;tieba_user1&quot;},&quot;content&quot;:{&quot;post_id&quot;:123450001,&quot;post_no&quot;:1,&quot;thread_id&quot;:777}}'>
 <div class="d_author"><ul class="p_author"><li class="d_name"><a class="p_author_name j_user_card" href="/home/main?un=x">想当妈妈</a></li></ul></div>
 <div class="d_post_content_main"><div class="p_content"><div id="post_content_123450001" class="d_post_content j_d_post_content">想找个女孩，一岁以内，江苏的优先<img class="BDE_Smiley" src="smiley.png"><br>联系微信 abc_12345</div></div>
 <div class="core_reply j_lzl_wrapper"><div class="post-tail-wrap"><span class="tail-info">来自Android客户端</span><span class="tail-info">1楼</span><span class="tail-info">2017-08-09 21:30</span></div></div></div>
</div>
<div class="l_post j_l_post" data-field='{&quot;author&quot;:{&quot;user_id&quot;:9002,&quot;user_name&quot;:&quot;helper&quot;},&quot;content&quot;:{&quot;post_id&quot;:123450002,&quot;post_no&quot;:2}}'>
 <div class="d_author"><ul class="p_author"><li class="d_name"><a class="p_author_name">路人甲</a></li></ul></div>
 <div class="d_post_content_main"><div class="p_content"><div id="post_content_123450002" class="d_post_content j_d_post_content">买卖儿童是犯罪</div></div>
 <div class="core_reply"><div class="post-tail-wrap"><span class="tail-info">2楼</span><span class="tail-info">2017-08-10 08:00</span></div></div></div>
</div>
</div></body></html>
"""

# A Discuz! page as crawlers often save it: from <head> on, with no doctype and no <html> tag.
DISCUZ_PARTIAL = """<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>出生证齐全 - 宝宝之家 - 某论坛 - Powered by Discuz!</title></head>
<body><span id="thread_subject">出生证齐全</span><div id="postlist">
<div id="post_4101"><table id="pid4101" class="plhin"><tr>
 <td class="pls"><div class="pi"><div class="authi"><a href="space-uid-8812.html" class="xw1">江西小李</a></div></div></td>
 <td class="plc"><div class="pi"><strong><a id="postnum4101"><em>1</em>#</a></strong>
  <div class="pti"><div class="authi"><em id="authorposton4101">发表于 2019-11-2 20:14</em></div></div></div>
  <div class="pct"><table><tr><td class="t_f" id="postmessage_4101">男孩八个月，出生证齐全，可上户口，有意者加微信详谈</td></tr></table></div>
 </td></tr></table></div>
<div id="post_4102"><table id="pid4102" class="plhin"><tr>
 <td class="pls"><div class="pi"><div class="authi"><a href="space-uid-9020.html" class="xw1">过路人</a></div></div></td>
 <td class="plc"><div class="pi"><strong><a id="postnum4102"><em>2</em>#</a></strong>
  <div class="pti"><div class="authi"><em id="authorposton4102">发表于 2019-11-3 7:02</em></div></div></div>
  <div class="pct"><table><tr><td class="t_f" id="postmessage_4102">已举报</td></tr></table></div>
 </td></tr></table></div>
</div></body>
"""

# A Tieba thread as saved today: an ad slot between floors (an l_post with an empty data-field and no
# content) and a floor that is only an image, under the viewer's "click to expand" hint.
TIEBA_2024 = """<!DOCTYPE html><html><head><meta charset="UTF-8"><title>有没有人想要宝宝_送养吧_百度贴吧</title></head>
<body><h3 class="core_title_txt pull-left text-overflow" title="有没有人想要宝宝">有没有人想要宝宝</h3>
<div class="p_postlist" id="j_p_postlist">
<div class="l_post l_post_bright j_l_post clearfix" data-field='{&quot;author&quot;:{&quot;user_id&quot;:60601,&quot;user_name&quot;:&quot;ganzhou_mama&quot;},&quot;content&quot;:{&quot;post_id&quot;:148800001,&quot;post_no&quot;:1,&quot;thread_id&quot;:9123456}}'>
 <div class="d_author"><ul class="p_author"><li class="d_name"><a class="p_author_name j_user_card" href="/home/main?id=tb.1.x">赣州宝妈</a></li></ul></div>
 <div class="d_post_content_main d_post_content_firstfloor"><div class="p_content"><div id="post_content_148800001" class="d_post_content j_d_post_content" style="display:;">女宝五个月，家里困难养不起，想给她找个好人家</div></div>
 <div class="core_reply j_lzl_wrapper"><div class="core_reply_tail"><div class="post-tail-wrap"><span class="tail-info">1楼</span><span class="tail-info">2024-05-18 22:41</span><span class="tail-info">IP属地:江西</span></div></div></div></div>
</div>
<div class="l_post l_post_bright j_l_post clearfix" data-field="">
 <div class="d_post_content_main"><div class="save_face_bg"></div></div>
</div>
<div class="l_post l_post_bright j_l_post clearfix" data-field='{&quot;author&quot;:{&quot;user_id&quot;:60601,&quot;user_name&quot;:&quot;ganzhou_mama&quot;},&quot;content&quot;:{&quot;post_id&quot;:148800002,&quot;post_no&quot;:2,&quot;thread_id&quot;:9123456}}'>
 <div class="d_author"><ul class="p_author"><li class="d_name"><a class="p_author_name j_user_card" href="/home/main?id=tb.1.x">赣州宝妈</a></li></ul></div>
 <div class="d_post_content_main"><div class="p_content"><div id="post_content_148800002" class="d_post_content j_d_post_content" style="display:;"><div class="replace_div" style="width: 560px;"><img class="BDE_Image" src="https://tiebapic.baidu.com/forum/w%3D580/sign=0f1e/a1b2c3d4.jpg" size="88213" width="560" height="746"><div class="replace_tip" style="width: 558px;">点击展开，查看完整图片</div></div></div></div>
 <div class="core_reply j_lzl_wrapper"><div class="core_reply_tail"><div class="post-tail-wrap"><span class="tail-info">2楼</span><span class="tail-info">2024-05-18 22:43</span></div></div></div></div>
</div>
</div></body></html>
"""

CAPTCHA = "<html><head><title>百度安全验证</title></head><body>请完成下方验证后继续操作 tieba</body></html>"


def warc_record(rec_type: str, uri: str, payload: bytes, date: str, extra: str = "") -> bytes:
    header = (
        f"WARC/1.0\r\nWARC-Type: {rec_type}\r\nWARC-Record-ID: <urn:uuid:{hashlib.sha256((uri + date).encode()).hexdigest()[:32]}>\r\n"
        f"WARC-Date: {date}\r\nWARC-Target-URI: {uri}\r\n{extra}"
        f"Content-Type: application/http; msgtype={'response' if rec_type != 'request' else 'request'}\r\n"
        f"Content-Length: {len(payload)}\r\n\r\n"
    ).encode()
    return header + payload + b"\r\n\r\n"


def http_response(body: bytes, content_type: str, status: str = "200 OK") -> bytes:
    return (
        f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode() + body


def cut_warc() -> bytes:
    """An uncompressed WARC whose last record the crawl lost the end of (the disk filled up): the file
    stops in the middle of a Tieba page."""
    first = warc_record(
        "response",
        "https://tieba.baidu.com/p/9123456",
        http_response(TIEBA_2024.encode("utf-8"), "text/html; charset=UTF-8"),
        "2024-05-19T02:00:00Z",
    )
    second = warc_record(
        "response",
        "https://tieba.baidu.com/p/9123456?pn=2",
        http_response(TIEBA.encode("utf-8"), "text/html; charset=UTF-8"),
        "2024-05-19T02:00:03Z",
    )
    return first + second[: len(second) * 2 // 3]


def forum_warc() -> bytes:
    """A gzip-per-record WARC: two thread pages, a captcha page, an image, a 404, a revisit."""
    records = [
        warc_record("warcinfo", "", b"software: test-crawler\r\n", "2019-01-01T00:00:00Z"),
        warc_record(
            "response",
            "http://bbs.example.cn/thread-88-1-1.html",
            http_response(DISCUZ.encode("gbk"), "text/html; charset=gbk"),
            "2019-01-01T00:00:01Z",
        ),
        warc_record(
            "request",
            "http://bbs.example.cn/thread-88-1-1.html",
            b"GET / HTTP/1.1\r\n\r\n",
            "2019-01-01T00:00:01Z",
        ),
        warc_record(
            "response",
            "https://tieba.baidu.com/p/777",
            http_response(TIEBA.encode("utf-8"), "text/html; charset=utf-8"),
            "2019-01-01T00:00:02Z",
        ),
        warc_record(
            "response",
            "https://tieba.baidu.com/p/778",
            http_response(CAPTCHA.encode("utf-8"), "text/html"),
            "2019-01-01T00:00:03Z",
        ),
        warc_record(
            "response",
            "http://bbs.example.cn/data/attachment/forum/201403/04/baby.jpg",
            http_response(JPEG_1PX, "image/jpeg"),
            "2019-01-01T00:00:04Z",
        ),
        warc_record(
            "response",
            "http://bbs.example.cn/missing",
            http_response(b"not found", "text/html", "404 Not Found"),
            "2019-01-01T00:00:05Z",
        ),
        warc_record(
            "revisit",
            "http://bbs.example.cn/thread-88-1-1.html",
            b"",
            "2019-01-02T00:00:00Z",
            "WARC-Profile: http://netpreserve.org/warc/1.0/revisit/identical-payload-digest\r\n",
        ),
    ]
    out = io.BytesIO()
    for record in records:
        out.write(gzip.compress(record, mtime=0))
    return out.getvalue()


TELEGRAM_DEMO_PHOTO = "photos/photo_1@04-03-2021_09-05-40.jpg"


def telegram_demo() -> bytes:
    """The single-chat export with the offer's photo sent right after it, as sellers do."""
    photo_message = {
        "id": 4106,
        "type": "message",
        "date": "2021-03-04T09:05:40",
        "date_unixtime": "1614819940",
        "from": "Alex Doe",
        "from_id": "user111",
        "photo": TELEGRAM_DEMO_PHOTO,
        "width": 480,
        "height": 360,
        "text": "",
        "text_entities": [],
    }
    block = json.dumps(photo_message, ensure_ascii=False, indent=1).replace("\n", "\n  ")
    anchor = b'  {\n   "id": 4102,'
    raw = telegram_single()
    assert anchor in raw
    return raw.replace(anchor, ("  " + block + ",\n").encode("utf-8") + anchor, 1)


def demo_photo() -> bytes:
    """A drawn stand-in for a sale post's photo (no real child), with EXIF the store must strip."""
    from PIL import ExifTags, Image, ImageDraw

    image = Image.new("RGB", (480, 360), (236, 222, 240))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((60, 180, 420, 320), 40, fill=(180, 205, 235))
    draw.ellipse((190, 90, 290, 190), fill=(250, 220, 200))
    draw.rounded_rectangle((330, 120, 370, 230), 12, fill=(255, 255, 255), outline=(150, 150, 160), width=3)
    draw.rectangle((338, 100, 362, 122), fill=(240, 180, 190))
    draw.text((20, 20), "huijia demo: a drawing, not a real photo", fill=(90, 80, 100))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "DemoPhone"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (28.0, 12.0, 0.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (112.0, 58.0, 0.0),
    }
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85, exif=exif)
    return out.getvalue()


# --- Telegram Desktop HTML export (tdesktop export_output_html.cpp, 4.x: date titles with UTC offsets) ---
TG_HTML_HEAD = """<!DOCTYPE html>
<html>

 <head>

  <meta charset="utf-8"/>
<title>Exported Data</title>

  <meta content="width=device-width, initial-scale=1.0" name="viewport"/>

  <link href="css/style.css" rel="stylesheet"/>

  <script src="js/script.js" type="text/javascript">

  </script>

 </head>

 <body onload="CheckLocation();">

  <div class="page_wrap">

   <div class="page_header">

    <div class="content">

     <div class="text bold">
{title}
     </div>

    </div>

   </div>

   <div class="page_body chat_page">

    <div class="history">
{messages}
    </div>

   </div>

  </div>

 </body>

</html>
"""


def _tg_default(
    msg_id: int, when: str, text: str, *, name: str | None = None, media: str = "", reply: str = ""
) -> str:
    joined = "" if name is not None else " joined"
    userpic = (
        '\n     <div class="pull_left userpic_wrap">\n      <div class="userpic userpic2" style="width: 42px;'
        ' height: 42px">\n       <div class="initials" style="line-height: 42px">\n'
        + (name or "")[:1]
        + "\n       </div>\n      </div>\n     </div>\n"
        if name is not None
        else ""
    )
    from_name = f'\n      <div class="from_name">\n{name} \n      </div>\n' if name is not None else ""
    text_div = f'\n      <div class="text">\n{text}\n      </div>\n' if text else ""
    return (
        f'\n     <div class="message default clearfix{joined}" id="message{msg_id}">\n{userpic}'
        f'\n      <div class="body">\n\n      <div class="pull_right date details" title="{when}">\n'
        f"{when[11:16]}\n      </div>\n{from_name}{reply}{media}{text_div}\n      </div>\n\n     </div>\n"
    )


def _tg_service(msg_id: int, text: str) -> str:
    return (
        f'\n     <div class="message service" id="message{msg_id}">\n\n      <div class="body details">\n'
        f"{text}\n      </div>\n\n     </div>\n"
    )


def telegram_html_pages() -> tuple[bytes, bytes]:
    """Two pages of one group chat: the second begins with a message joined to the first page's last."""
    title = "宝贝之家 交流群"
    photo = (
        '\n      <div class="media_wrap clearfix">\n\n       <a class="photo_wrap clearfix pull_left"'
        ' href="photos/photo_1@03-05-2024_21-14-09.jpg">\n\n        <img class="photo"'
        ' src="photos/photo_1@03-05-2024_21-14-09_thumb.jpg" style="width: 260px; height: 195px"/>\n\n'
        "       </a>\n\n      </div>\n"
    )
    voice = (
        '\n      <div class="media_wrap clearfix">\n\n       <div class="media clearfix pull_left'
        ' media_voice_message">\n\n        <div class="fill pull_left">\n\n        </div>\n\n'
        '        <div class="body">\n\n         <div class="title bold">\nVoice message\n         </div>\n\n'
        '         <div class="status details">\nNot included, change data exporting settings to download.\n'
        "         </div>\n\n        </div>\n\n       </div>\n\n      </div>\n"
    )
    reply = (
        '\n      <div class="reply_to details">\nIn reply to <a href="#go_to_message4101"'
        ' onclick="return GoToMessage(4101)">this message</a>\n      </div>\n'
    )
    first = "".join(
        [
            _tg_service(-1, "3 May 2024"),
            _tg_service(4100, "阿华 created group «宝贝之家 交流群»"),
            _tg_default(
                4101, "03.05.2024 21:12:40 UTC+08:00", "男宝三个月，身体健康，<br>营养费私聊", name="阿华"
            ),
            _tg_default(4102, "03.05.2024 21:14:09 UTC+08:00", "", media=photo),  # joined: 阿华
            _tg_default(4103, "03.05.2024 21:30:00 UTC+08:00", "多少钱？", name="想当妈妈", reply=reply),
        ]
    )
    second = "".join(
        [
            _tg_default(4104, "03.05.2024 21:31:12 UTC+08:00", "在哪个城市"),  # joined: 想当妈妈
            _tg_default(4105, "03.05.2024 21:40:00 UTC+08:00", "", name="阿华", media=voice),
            _tg_service(4106, "想当妈妈 left the group"),
        ]
    )
    return (
        TG_HTML_HEAD.format(title=title, messages=first).encode("utf-8"),
        TG_HTML_HEAD.format(title=title, messages=second).encode("utf-8"),
    )


def mhtml(page: bytes, address: str, transfer: str = "quoted-printable") -> bytes:
    """A page as Chrome's "Save as: Webpage, Single File" writes it (.mhtml): MIME multipart/related, the
    HTML part quoted-printable (or base64), then the page's images as parts of their own."""
    import quopri

    body = quopri.encodestring(page) if transfer == "quoted-printable" else base64.encodebytes(page)
    boundary = b"----MultipartBoundary--huijiaTestBoundary----"
    return b"\r\n".join(
        [
            b"From: <Saved by Blink>",
            b"Snapshot-Content-Location: " + address.encode(),
            b"Subject: =?utf-8?Q?thread?=",
            b"Date: Tue, 4 Jun 2024 10:00:00 +0800",
            b"MIME-Version: 1.0",
            b'Content-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="' + boundary + b'"',
            b"",
            b"",
            b"--" + boundary,
            b"Content-Type: text/html",
            b"Content-ID: <frame-1@mhtml.blink>",
            b"Content-Transfer-Encoding: " + transfer.encode(),
            b"Content-Location: " + address.encode(),
            b"",
            body,
            b"--" + boundary,
            b"Content-Type: image/png",
            b"Content-Transfer-Encoding: base64",
            b"Content-Location: https://example.invalid/a.png",
            b"",
            base64.encodebytes(b"\x89PNG\r\n\x1a\n0000"),
            b"--" + boundary + b"--",
            b"",
        ]
    )


def main() -> None:
    data = HERE
    write(data / "qq-txt/group-crlf-utf8bom.txt", qq_txt_crlf())
    write(data / "qq-txt/gb18030-ampm.txt", qq_txt_gb18030_ampm())
    write(data / "qq-txt/utf16le.txt", qq_txt_utf16())
    write(data / "qq-txt/phone-login-bare-cr.txt", qq_txt_phone_login())
    write(data / "qq-mht/group.mht", qq_mht())
    write(data / "qq-json/qce-v4.json", qce_v4())
    write(data / "qq-json/qce-v5.json", qce_v5())
    write(data / "qq-json/qce-2025.json", qce_current())
    write(data / "qq-json/qce-v5.txt", "\n".join(QCE_TXT).encode("utf-8"))
    for name, content in qce_chunked().items():
        write(data / "qq-json/江西宝宝送养交流群_chunked_jsonl" / name, content)
    write(data / "wechat/memotrace-v2_utf8.csv", memotrace_v2())
    write(data / "wechat/memotrace-v4.csv", memotrace_v4())
    write(data / "wechat/pywxdump.csv", pywxdump())
    write(data / "wechat/memotrace.json", memotrace_json())
    write(data / "wechat/memotrace-html/小雨妈妈(wxid_mama66)/小雨妈妈.html", memotrace_html())
    write(data / "wechat/pywxdump-resaved.csv", pywxdump_resaved())
    write(data / "wechat/wxid_mama77_0_6.csv", pywxdump_content_json())
    write(data / "wechat/pywxdump-html/wxid_mama88/data.js", pywxdump_data_js())
    write(data / "wechat/pywxdump-html-2x/20881234@chatroom/data/msg_user.json", pywxdump_msg_user())
    write(data / "wechat/pywxdump-2.2/芳芳_0.html", pywxdump_page())
    write(data / "wechat/echotrace/宝宝之家互助群_聊天记录_1717401600000.json", echotrace_json())
    write(data / "wechat/weflow/卖家小凯.json", weflow_json())
    write(data / "wechat/weflow-arkme/江浙沪宝宝交流群.json", weflow_arkme_json())
    write(data / "telegram/result.json", telegram_single())
    write(data / "telegram/2020-poll/result.json", telegram_2020_poll())
    write(data / "telegram/account/result.json", telegram_account())
    write(data / "telegram/account/photos/photo_1@01-01-2020_10-00-00.jpg", JPEG_1PX)
    tg_first, tg_second = telegram_html_pages()
    write(data / "telegram-html/ChatExport_2024-05-03/messages.html", tg_first)
    write(data / "telegram-html/ChatExport_2024-05-03/messages2.html", tg_second)
    write(data / "telegram-html/ChatExport_2024-05-03/photos/photo_1@03-05-2024_21-14-09.jpg", JPEG_1PX)
    write(data / "whatsapp/android-en-gb.txt", WA_ANDROID_GB.encode("utf-8"))
    write(data / "whatsapp/ios-zh.txt", WA_IOS_ZH.encode("utf-8"))
    write(data / "whatsapp/android-en-us-12h.txt", WA_US_12H.encode("utf-8"))
    write(data / "whatsapp/ambiguous-dates.txt", WA_AMBIGUOUS.encode("utf-8"))
    write(data / "whatsapp/ios-es/_chat.txt", WA_IOS_ES.encode("utf-8"))
    write(data / "whatsapp/WhatsApp Chat - Hogar Bebé.zip", whatsapp_ios_zip())
    write(data / "whatsapp/WhatsApp Chat with Baby Home UK.txt", WA_ANDROID_EN_GROUP.encode("utf-8"))
    write(data / "whatsapp/ios-pt/_chat.txt", WA_IOS_PT.encode("utf-8"))
    write(data / "whatsapp/WhatsApp Chat mit Sabine.txt", WA_ANDROID_DE.encode("utf-8"))
    write(data / "whatsapp/android-ar.txt", WA_ANDROID_AR.encode("utf-8"))
    write(data / "whatsapp/ios-tr/_chat.txt", WA_IOS_TR.encode("utf-8"))
    write(data / "generic/posts.jsonl", generic_jsonl())
    write(data / "generic/posts.csv", generic_csv())
    write(data / "html/discuz-thread.html", DISCUZ.encode("gbk"))
    write(data / "html/tieba-thread.html", TIEBA.encode("utf-8"))
    write(
        data / "html/tieba-thread.mhtml", mhtml(TIEBA.encode("utf-8"), "https://tieba.baidu.com/p/8000000001")
    )
    discuz_page = "https://bbs.example.cn/thread-1-1-1.html"
    write(data / "html/discuz-thread.mhtml", mhtml(DISCUZ.encode("gbk"), discuz_page, "base64"))
    write(data / "html/captcha.html", CAPTCHA.encode("utf-8"))
    write(data / "html/discuz-from-head.html", DISCUZ_PARTIAL.encode("utf-8"))
    write(data / "html/tieba-2024.html", TIEBA_2024.encode("utf-8"))
    write(data / "warc/forum-crawl.warc.gz", forum_warc())
    write(data / "warc/cut-short.warc", cut_warc())

    # the demo's samples: one realistic export per family of formats
    write(EXAMPLES / "qq/湖南宝贝之家.txt", qq_txt_crlf())
    write(EXAMPLES / "qq/河南抱养交流.txt", qq_txt_gb18030_ampm())
    write(EXAMPLES / "qq/宝宝送养群.mht", qq_mht())
    write(EXAMPLES / "wechat/阿华(wxid_broker01)/阿华_utf8.csv", memotrace_v2())
    write(EXAMPLES / "telegram/result.json", telegram_demo())
    write(EXAMPLES / "telegram" / TELEGRAM_DEMO_PHOTO, demo_photo())
    write(EXAMPLES / "whatsapp/WhatsApp Chat with Family.txt", WA_ANDROID_GB.encode("utf-8"))
    write(EXAMPLES / "forums/crawl.warc.gz", forum_warc())


if __name__ == "__main__":
    main()
