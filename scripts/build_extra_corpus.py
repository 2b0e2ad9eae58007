#!/usr/bin/env python3
"""Rebuild huijia's extra real-text corpora from git mirrors of public repositories.

Each corpus becomes one JSONL file, ``NAME.jsonl``, in the same line format as
``shared/data/real-text``::

    {"id": "NAME:N", "text": ..., "kind": ..., "lang": "zh|en",
     "source_repo": "owner/name", "source_path": "path/in/repo", "commit": "40-hex"}

plus ``"label"`` where the source itself labels the item (a toxicity flag, a charge name).

The texts are read with ``git cat-file`` from mirrors at pinned commits; nothing is downloaded.
A mirror of ``owner/name`` lives at ``MIRROR_ROOT/owner+name/repo`` (bare or with a work tree);
``MIRROR_ROOT`` defaults to ``/work/.mirror`` and can be set with the environment variable of that
name or ``--mirror-root``. Missing mirrors are named on stderr (``github:owner/name``) and their
corpora are skipped.

Edits to the source text: whitespace trimmed at both ends; where a record is a field of a larger
text (a law article, a section of a web page, the fact part of a prompt) only that span is cut out.
Items outside the per-corpus length bounds or with undecodable bytes are dropped; exact duplicates
(key: the text with all whitespace removed) keep their first occurrence; where more items remain
than the cap, the items whose ``sha256(name + "\\0" + text)`` sort first are kept, in source order.

Usage::

    build_extra_corpus.py [--mirror-root DIR] [--out DIR] [--check] [--list] [NAME ...]

``--check`` rebuilds in memory and compares byte for byte with the files in ``--out``.
Python 3.11, standard library only; ``git`` must be on PATH.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import itertools
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

DEFAULT_MIRROR_ROOT = Path("/work/.mirror")
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "data" / "fetched"
csv.field_size_limit(1 << 30)


@dataclass(frozen=True)
class Pin:
    """A repository at one commit."""

    repo: str
    commit: str


# Every source, pinned to a full commit.
JCMACK_NCMEC = Pin("jcmack/missingpersons", "43e9bb911261a825dbdeca0bfac842fb04f3c672")
JCMACK_HEAD = Pin("jcmack/missingpersons", "fc698c4082188ef8db2d58a940e87b69f770ffbd")
LAWYER_LLAMA = Pin("AndrewZhe/lawyer-llama", "abaa09586081b82ceb7b0a9f41d05a68897b24ee")
LAWBENCH = Pin("open-compass/LawBench", "e30981bb3ff54c41571f222e0b23e92d27375388")
LAWREFBOOK = Pin("LawRefBook/Laws", "2f4c5c23716267af9dbebbbbd6cbbf732b101981")
TOXICN = Pin("DUT-lujunyu/ToxiCN", "16a315104af85a2a751705e4a41c8dc515e4c578")
COLD = Pin("thu-coai/COLDataset", "a0c55a945497ab58e94aef491180e1cf88ffb864")
KDCONV = Pin("thu-coai/KdConv", "653db76432de09a004ba708a68f8bbd5500e6bec")
PP_PAGES = Pin("AIB612/RAG-Chilren", "89acd29add9b13626826f8aa84faf6ca4edd53ef")
CITIZENS_INFO = Pin("JohnDennehy101/citizenInformationChat", "915e0ef3965c2dd2e67f76a2a01796a5df3e4ecd")


class MirrorError(RuntimeError):
    """A mirror is missing, or lacks a commit or a path."""


class Mirrors:
    """Reads blobs from ``root/owner+name/repo`` git mirrors."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def git_dir(self, pin: Pin) -> Path:
        return self.root / pin.repo.replace("/", "+") / "repo"

    def _git(self, pin: Pin, args: list[str], stdin: bytes | None = None) -> bytes:
        cmd = ["git", "-c", "safe.directory=*", "-C", str(self.git_dir(pin)), *args]
        proc = subprocess.run(cmd, input=stdin, capture_output=True, check=False)
        if proc.returncode:
            err = proc.stderr.decode("utf-8", "replace").strip()
            raise MirrorError(f"git {' '.join(args)} in {pin.repo}: {err}")
        return proc.stdout

    def available(self, pin: Pin) -> bool:
        if not self.git_dir(pin).is_dir():
            return False
        try:
            self._git(pin, ["cat-file", "-e", f"{pin.commit}^{{commit}}"])
        except MirrorError:
            return False
        return True

    def ls(self, pin: Pin, prefix: str) -> list[str]:
        """Blob paths under the folder ``prefix`` at the pinned commit, sorted."""
        out = self._git(pin, ["ls-tree", "-r", "-z", "--full-tree", pin.commit, "--", prefix])
        paths = []
        for entry in out.split(b"\0"):
            if entry:
                meta, path = entry.split(b"\t", 1)
                if meta.split()[1] == b"blob":
                    paths.append(path.decode("utf-8"))
        return sorted(paths)

    def read(self, pin: Pin, path: str) -> bytes:
        return self.read_many(pin, [path])[path]

    def read_many(self, pin: Pin, paths: list[str]) -> dict[str, bytes]:
        """``{path: bytes}`` for many blobs with one ``git cat-file --batch``."""
        request = "".join(f"{pin.commit}:{p}\n" for p in paths).encode("utf-8")
        data = self._git(pin, ["cat-file", "--batch"], request)
        blobs, pos = {}, 0
        for path in paths:
            eol = data.index(b"\n", pos)
            head = data[pos:eol].split()
            if len(head) < 3 or head[1] != b"blob":
                raise MirrorError(f"{pin.repo}@{pin.commit[:12]}: {path} is not in the mirror")
            size = int(head[2])
            blobs[path] = data[eol + 1 : eol + 1 + size]
            pos = eol + 1 + size + 1
        return blobs


@dataclass(frozen=True)
class Item:
    """One text as found in a source, before filtering."""

    text: str
    kind: str
    lang: str
    pin: Pin
    path: str
    label: str | None = None


Builder = Callable[[Mirrors], Iterator[Item]]


@dataclass(frozen=True)
class Corpus:
    """How to build one output file."""

    builder: Builder
    pins: tuple[Pin, ...]
    min_chars: int
    max_chars: int
    cap: int


# ----------------------------------------------------------------------------- helpers
def utf8(data: bytes) -> str:
    return data.decode("utf-8-sig", "surrogateescape")


def csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(utf8(data), newline="")))


# a line opening an article (第…条 / 第…条之…) or a heading: the bounds of an article
CN_NUMBER = "[一二三四五六七八九十百千零〇两]+"
ARTICLE_OR_HEADING = re.compile(rf"(?m)^(?:(第{CN_NUMBER}条(?:之{CN_NUMBER})?)[ \u3000]|#)")


def law_articles(markdown: str) -> Iterator[str]:
    """Articles (条) of a LawRefBook markdown law: from ``第…条`` to the next article or heading."""
    body = markdown.split("<!-- INFO END -->", 1)[-1]
    marks = list(ARTICLE_OR_HEADING.finditer(body))
    ends = [m.start() for m in marks[1:]] + [len(body)]
    for mark, end in zip(marks, ends, strict=True):
        if mark.group(1):
            yield body[mark.start() : end]


SECTION_HEADING = re.compile(r"(?m)^#{2,3} ")


def page_sections(markdown: str, stop: re.Pattern[str]) -> Iterator[str]:
    """Sections of a scraped page: from the first ``##`` heading to ``stop``, cut at ``##``/``###``."""
    first = SECTION_HEADING.search(markdown)
    if not first:
        return
    end = stop.search(markdown, first.start())
    text = markdown[first.start() : end.start() if end else len(markdown)]
    starts = [m.start() for m in SECTION_HEADING.finditer(text)] + [len(text)]
    for a, b in itertools.pairwise(starts):
        yield text[a:b]


# ----------------------------------------------------------------------------- corpora
def b_ncmec_namus(m: Mirrors) -> Iterator[Item]:
    """NCMEC (missingkids.com) and NamUs case circumstances, as scraped in 2014."""
    path = "ncmc.json"
    for rec in json.loads(utf8(m.read(JCMACK_NCMEC, path))):
        yield Item(rec.get("circumstance") or "", "missing", "en", JCMACK_NCMEC, path)
    path = "data/merged_ca.json"
    for rec in json.loads(utf8(m.read(JCMACK_HEAD, path))).values():
        yield Item(rec.get("circumstance") or "", "missing", "en", JCMACK_HEAD, path)


def b_legal_questions(m: Mirrors) -> Iterator[Item]:
    """Users' questions to a legal consultation service (the model answers are not used)."""
    for path in ("data/zixun_gpt4.json", "data/legal_counsel_with_article_v2.json"):
        for rec in json.loads(utf8(m.read(LAWYER_LLAMA, path))):
            yield Item(rec["query"], "other", "zh", LAWYER_LLAMA, path)
    path = "data/legal_advice.json"
    for turns in json.loads(utf8(m.read(LAWYER_LLAMA, path))):
        yield Item(turns[0]["instruction"], "other", "zh", LAWYER_LLAMA, path)


LAWBENCH_FACT = re.compile(r"事实:(?P<fact>.*?)(?:(?:\r?\n)?罪名:(?P<charge>[^\r\n]*?)。法条:.*)?", re.S)


def b_court_facts(m: Mirrors) -> Iterator[Item]:
    """Criminal case facts (CAIL, China Judgments Online) from LawBench tasks 3-3, 3-4, 3-5.

    Only the fact span after ``事实:`` is kept; the label is the charge(s) the task gives for it.
    """
    for task in ("3-3", "3-4", "3-5"):
        path = f"data/zero_shot/{task}.json"
        for rec in json.loads(utf8(m.read(LAWBENCH, path))):
            match = LAWBENCH_FACT.fullmatch(rec["question"])
            if not match:
                continue
            charge = match["charge"]
            if charge is None and rec["answer"].startswith("罪名:"):
                charge = rec["answer"].removeprefix("罪名:")
            yield Item(match["fact"], "court", "zh", LAWBENCH, path, charge or None)


def b_legal_news(m: Mirrors) -> Iterator[Item]:
    """Chinese legal news articles (LawBench task 2-7, news summarisation input)."""
    path = "data/zero_shot/2-7.json"
    for rec in json.loads(utf8(m.read(LAWBENCH, path))):
        yield Item(rec["question"], "news", "zh", LAWBENCH, path)


ADOPTION_LAWS = (
    "行政法规/中国公民收养子女登记办法(2023-07-20).md",
    "行政法规/外国人在中华人民共和国收养子女登记办法(1999-05-25).md",
    "行政法规/城市生活无着的流浪乞讨人员救助管理办法(2003-06-20).md",
    "社会法/未成年人保护法(2024-04-26).md",
    "民法典/婚姻家庭编.md",
)
TRAFFICKING_LAWS = (
    "司法解释/最高人民法院关于审理拐卖妇女儿童犯罪案件具体应用法律若干问题的解释(2016-12-21).md",
    "司法解释/最高人民法院关于审理拐卖妇女案件适用法律有关问题的解释(2000-01-03).md",
    "刑法/刑法.md",
)
CHILD_CRIME = re.compile("拐卖|拐骗|收买被拐|儿童|婴幼儿|不满十四周岁")


def b_adoption_law(m: Mirrors) -> Iterator[Item]:
    """Articles of Chinese adoption-registration, child-protection and relief laws (民法典: 收养 only)."""
    blobs = m.read_many(LAWREFBOOK, list(ADOPTION_LAWS))
    for path in ADOPTION_LAWS:
        for article in law_articles(utf8(blobs[path])):
            if path.startswith("民法典/") and "收养" not in article:
                continue
            yield Item(article, "adoption", "zh", LAWREFBOOK, path)


def b_trafficking_law(m: Mirrors) -> Iterator[Item]:
    """Criminal-law articles and judicial interpretations on trafficking and abducting children."""
    blobs = m.read_many(LAWREFBOOK, list(TRAFFICKING_LAWS))
    for path in TRAFFICKING_LAWS:
        for article in law_articles(utf8(blobs[path])):
            if path.startswith("刑法/") and not CHILD_CRIME.search(article):
                continue
            yield Item(article, "court", "zh", LAWREFBOOK, path)


def b_toxicn(m: Mirrors) -> Iterator[Item]:
    """Zhihu and Tieba comments on gender, race, region and LGBT topics, with ToxiCN's toxic flag."""
    path = "ToxiCN_1.0.csv"
    for row in csv_rows(m.read(TOXICN, path)):
        label = "toxic" if row["toxic"] == "1" else "not_toxic"
        yield Item(row["content"], "chat", "zh", TOXICN, path, label)


def b_cold(m: Mirrors) -> Iterator[Item]:
    """Zhihu and Weibo comments of the COLD offensive-language benchmark, with its label."""
    for split in ("train", "dev", "test"):
        path = f"COLDataset/{split}.csv"
        for row in csv_rows(m.read(COLD, path)):
            label = "offensive" if row["label"] == "1" else "safe"
            yield Item(row["TEXT"], "chat", "zh", COLD, path, label)


def b_kdconv(m: Mirrors) -> Iterator[Item]:
    """Crowd-sourced chit-chat about films, music and travel (dev and test; train is not mirrored)."""
    for domain in ("film", "music", "travel"):
        for split in ("dev", "test"):
            path = f"data/{domain}/{split}.json"
            for dialogue in json.loads(utf8(m.read(KDCONV, path))):
                for turn in dialogue["messages"]:
                    yield Item(turn["message"], "chat", "zh", KDCONV, path)


PP_STOP = re.compile(r"(?m)^(?:\[Previous|\[Next|### Got Questions|## \*\*What are My Pregnancy Options)")
PP_PAGE = re.compile(r"attached_assets/.*(?:adopt|parental-rights|alternative-care|pregnancy-options).*\.md")
PP_WIDGET = re.compile(r"#{2,3} (?:Thinking about your pregnancy options|Just a couple more questions)")


def adoption_page_sections(
    m: Mirrors, repo: Pin, folder: str, page: re.Pattern[str], stop: re.Pattern[str]
) -> Iterator[tuple[str, str]]:
    """(path, section) of every markdown page under `folder` whose path matches `page`, cut at `stop`."""
    paths = [p for p in m.ls(repo, folder) if page.fullmatch(p)]
    blobs = m.read_many(repo, paths)
    for path in paths:
        for section in page_sections(utf8(blobs[path]), stop):
            yield path, section


def b_pp_adoption(m: Mirrors) -> Iterator[Item]:
    """Planned Parenthood's 'considering adoption' pages as scraped to markdown, one item per section."""
    for path, section in adoption_page_sections(m, PP_PAGES, "attached_assets/", PP_PAGE, PP_STOP):
        if not PP_WIDGET.match(section):  # site widgets (clinic finder, abortion-options form)
            yield Item(section, "adoption", "en", PP_PAGES, path)


CI_STOP = re.compile(r"(?m)^#{2,3} +(?:Related documents|Contact Us|Most Read)")
CI_PAGE = re.compile(r"src/data/markdown/en_[a-z_]*(?:adoption_and_fostering|adoptive)[a-z_]*\.md")


def b_citizens_adoption(m: Mirrors) -> Iterator[Item]:
    """Citizens Information (Ireland) pages on adoption, fostering, surrogacy and tracing, per section."""
    for path, section in adoption_page_sections(m, CITIZENS_INFO, "src/data/markdown/", CI_PAGE, CI_STOP):
        yield Item(section, "adoption", "en", CITIZENS_INFO, path)


CORPORA: dict[str, Corpus] = {
    "ncmec_namus_missing": Corpus(b_ncmec_namus, (JCMACK_NCMEC, JCMACK_HEAD), 30, 3000, 4000),
    "zh_legal_questions": Corpus(b_legal_questions, (LAWYER_LLAMA,), 6, 1000, 4000),
    "zh_court_facts": Corpus(b_court_facts, (LAWBENCH,), 30, 4000, 2000),
    "zh_legal_news": Corpus(b_legal_news, (LAWBENCH,), 30, 4000, 2000),
    "zh_adoption_welfare_law": Corpus(b_adoption_law, (LAWREFBOOK,), 10, 3000, 2000),
    "zh_trafficking_law": Corpus(b_trafficking_law, (LAWREFBOOK,), 10, 3000, 2000),
    "toxicn_zhihu_tieba": Corpus(b_toxicn, (TOXICN,), 4, 1000, 4000),
    "cold_zhihu_weibo": Corpus(b_cold, (COLD,), 4, 1000, 4000),
    "kdconv_chat": Corpus(b_kdconv, (KDCONV,), 4, 300, 4000),
    "pp_adoption_pages": Corpus(b_pp_adoption, (PP_PAGES,), 80, 4000, 2000),
    "citizensinfo_adoption_pages": Corpus(b_citizens_adoption, (CITIZENS_INFO,), 80, 4000, 2000),
}

UNDECODABLE = re.compile("[\udc80-\udcff]")
WHITESPACE = re.compile(r"\s+")


def sample_key(name: str, text: str) -> str:
    return hashlib.sha256(f"{name}\0{text}".encode()).hexdigest()


def select(name: str, corpus: Corpus, items: Iterable[Item]) -> tuple[list[tuple[str, Item]], int]:
    """Trim, bound, de-duplicate and cap; returns the kept ``(text, item)`` pairs and how many passed."""
    seen: set[str] = set()
    kept: list[tuple[str, Item]] = []
    for item in items:
        text = item.text.strip()
        if not corpus.min_chars <= len(text) <= corpus.max_chars or UNDECODABLE.search(text):
            continue
        key = WHITESPACE.sub("", text)
        if key in seen:
            continue
        seen.add(key)
        kept.append((text, item))
    available = len(kept)
    if available > corpus.cap:
        order = sorted(range(available), key=lambda i: sample_key(name, kept[i][0]))
        chosen = set(order[: corpus.cap])
        kept = [pair for i, pair in enumerate(kept) if i in chosen]
    return kept, available


def render(name: str, pairs: list[tuple[str, Item]]) -> bytes:
    out = io.StringIO()
    for n, (text, item) in enumerate(pairs):
        record: dict[str, str] = {
            "id": f"{name}:{n}",
            "text": text,
            "kind": item.kind,
            "lang": item.lang,
            "source_repo": item.pin.repo,
            "source_path": item.path,
            "commit": item.pin.commit,
        }
        if item.label is not None:
            record["label"] = item.label
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return out.getvalue().encode("utf-8")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("names", nargs="*", metavar="NAME", help="corpora to build (default: all)")
    parser.add_argument(
        "--mirror-root",
        type=Path,
        default=Path(os.environ.get("MIRROR_ROOT") or DEFAULT_MIRROR_ROOT),
        help="folder holding owner+name/repo git mirrors (default: $MIRROR_ROOT or /work/.mirror)",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: data/fetched)")
    parser.add_argument("--check", action="store_true", help="compare with the files in --out, write nothing")
    parser.add_argument("--list", action="store_true", help="list the corpora and their sources, then exit")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if args.list:
        for name, corpus in CORPORA.items():
            print(name, " ".join(f"{p.repo}@{p.commit}" for p in corpus.pins))
        return 0
    unknown = [n for n in args.names if n not in CORPORA]
    if unknown:
        print("unknown corpus: " + ", ".join(unknown), file=sys.stderr)
        return 2
    names = args.names or list(CORPORA)
    mirrors = Mirrors(args.mirror_root)
    pins = {p for n in names for p in CORPORA[n].pins}
    missing = sorted({p.repo for p in pins if not mirrors.available(p)})
    if missing:
        print(
            f"mirrors missing under {args.mirror_root} (or lacking the pinned commit): "
            + ", ".join("github:" + r for r in missing),
            file=sys.stderr,
        )
    if not args.check:
        args.out.mkdir(parents=True, exist_ok=True)
    failures = 0
    for name in names:
        corpus = CORPORA[name]
        if any(p.repo in missing for p in corpus.pins):
            print(f"{name:30} SKIPPED: mirror missing", file=sys.stderr)
            failures += 1
            continue
        try:
            pairs, available = select(name, corpus, corpus.builder(mirrors))
        except MirrorError as err:
            print(f"{name:30} SKIPPED: {err}", file=sys.stderr)
            failures += 1
            continue
        data = render(name, pairs)
        path = args.out / f"{name}.jsonl"
        if args.check:
            same = path.is_file() and path.read_bytes() == data
            print(f"{name:30} {len(pairs):6d} of {available:6d}  {'identical' if same else 'DIFFERS'}")
            failures += not same
        else:
            path.write_bytes(data)
            print(f"{name:30} {len(pairs):6d} of {available:6d}  {len(data) / 1e6:6.2f} MB")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
