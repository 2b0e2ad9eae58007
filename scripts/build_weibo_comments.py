#!/usr/bin/env python3
"""Rebuild the held-out Weibo comments: every repost comment of thunlp/Chinese_Rumor_Dataset (CED) that is
not in shared/data/real-text's 8,000-comment sample, for `benchmarks/analyse_weibo_comments.py`.

Real Chinese social-media comments are what issue 12's "≤ 2 flags per 10,000 chat messages" is about, and
the shared sample holds 8,000 of the 545,781 in the repository. The rest (537,781 once the sample and
exact duplicates are dropped) are split in two halves by a hash of the text: `find`, read to find the
kinds of false flag, and `check`, of which only the count of flags is ever looked at. Neither half is
trained on (`huijia.training.realtext` does not read `data/heldout/`).

Texts are read with `git cat-file` from a mirror of the repository at the pinned commit; nothing is
downloaded. A mirror of owner/name lives at MIRROR_ROOT/owner+name/repo (MIRROR_ROOT: the environment
variable, else /work/.mirror). Edits: whitespace trimmed at both ends; texts under 4 characters dropped;
exact duplicates (key: the text with all whitespace removed) keep their first occurrence, in the
repository's path order.

Usage: build_weibo_comments.py [--out data/heldout/weibo_comments.jsonl]
Python 3.11, standard library only; `git` must be on PATH.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

REPO = "thunlp/Chinese_Rumor_Dataset"
COMMIT = "c1178d8cfd4c245c296889a51fc252b17c9037c5"
FOLDERS = ("CED_Dataset/non-rumor-repost/", "CED_Dataset/rumor-repost/")
ROOT = Path(__file__).resolve().parents[1]
SHARED_SAMPLE = ROOT.parent / "shared" / "data" / "real-text" / "weibo_rumor_comments.jsonl"
SPACE = re.compile(r"\s+")


class BuildError(Exception):
    """A mirror, commit or file that the build needs and cannot read."""


def git(mirror: Path, args: list[str], stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(mirror), *args], input=stdin, capture_output=True)
    except OSError as exc:
        raise BuildError(f"cannot run git: {exc}") from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()
        raise BuildError(f"git {args[0]} in {mirror} failed: {message}")
    return done.stdout


def blobs(mirror: Path) -> dict[str, bytes]:
    """Each comment file of the pinned commit, by path, read in one `git cat-file --batch`."""
    listing = git(mirror, ["ls-tree", "-r", "-z", "--name-only", COMMIT]).decode("utf-8")
    paths = [
        p
        for p in listing.split("\0")
        if p.startswith(FOLDERS) and p.endswith(".json") and not Path(p).name.startswith("._")
    ]
    request = "".join(f"{COMMIT}:{p}\n" for p in paths).encode("utf-8")
    data, out, at = git(mirror, ["cat-file", "--batch"], request), {}, 0
    for path in paths:
        header_end = data.index(b"\n", at)
        header = data[at:header_end].split()
        if len(header) != 3:  # "<object> missing"
            raise BuildError(f"{REPO} @ {COMMIT[:8]}: {path} cannot be read from the mirror")
        size = int(header[2])
        out[path] = data[header_end + 1 : header_end + 1 + size]
        at = header_end + 1 + size + 1
    return out


def left_out() -> set[str] | None:
    """The keys of the shared sample's comments (they are trained on); None, said on stderr, where it
    cannot be read: without it the trained-on comments would be counted as held out."""
    if not SHARED_SAMPLE.is_file():
        print(f"shared sample missing: {SHARED_SAMPLE} (its comments must be left out)", file=sys.stderr)
        return None
    seen: set[str] = set()
    for number, line in enumerate(SHARED_SAMPLE.read_text(encoding="utf-8").splitlines(), 1):
        try:
            seen.add(SPACE.sub("", json.loads(line)["text"]))
        except (ValueError, KeyError, TypeError) as exc:
            print(f"{SHARED_SAMPLE}:{number}: not a text record ({exc})", file=sys.stderr)
            return None
    return seen


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "heldout" / "weibo_comments.jsonl")
    args = parser.parse_args()
    mirror = Path(os.environ.get("MIRROR_ROOT", "/work/.mirror")) / REPO.replace("/", "+") / "repo"
    if not mirror.is_dir():
        print(f"mirror missing: github:{REPO} (expected at {mirror})", file=sys.stderr)
        return 1
    seen = left_out()
    if seen is None:
        return 1
    try:
        files = blobs(mirror)
    except BuildError as exc:
        print(exc, file=sys.stderr)
        return 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with args.out.open("w", encoding="utf-8") as out:
        for path, blob in files.items():
            try:
                comments = json.loads(blob.decode("utf-8"))
            except ValueError as exc:
                print(f"{path}: not JSON ({exc}); skipped", file=sys.stderr)
                continue
            for comment in comments:
                text = (comment.get("text") or "").strip()
                key = SPACE.sub("", text)
                if len(text) < 4 or key in seen:
                    continue
                seen.add(key)
                half = "find" if hashlib.sha256(text.encode("utf-8")).hexdigest()[0] < "8" else "check"
                record = {"id": f"weibo_comments:{count}", "text": text, "half": half, "source_repo": REPO,
                          "source_path": path, "commit": COMMIT}  # fmt: skip
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                count += 1
    print(f"{count} comments written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
