#!/usr/bin/env python3
"""Rebuild the held-out Weibo helpdesk dialogues: every Chinese utterance of the NTCIR-14 STC-3 dialogue
corpus (customers and companies' helpdesk accounts talking on Weibo), for
`benchmarks/analyse_weibo_comments.py --file data/heldout/stc3_dialogues.jsonl`.

Issue 12's "≤ 2 flags per 10,000 chat messages" counts Weibo dialogues; the Weibo comments the project
holds out are comments under posts, not people talking to each other. These are real multi-turn
exchanges (complaints, orders, refunds, a baby's milk powder and a child's school bus among them). Every
utterance is in the `check` half: its flags are only ever counted, never read, and nothing is trained on
it (`huijia.training.realtext` does not read `data/heldout/`).

The texts are `data/train_data_cn.json` inside `data.zip` and `data/test_data_cn.json` of SB233/stc3-dataset
(a copy of sakai-lab/stc3-dataset) at the pinned commit, read with `git cat-file` from a mirror; nothing is
downloaded. A mirror of owner/name lives at MIRROR_ROOT/owner+name/repo (MIRROR_ROOT: the environment
variable, else /work/.mirror). Edits: whitespace trimmed at both ends; utterances under 4 characters dropped;
exact duplicates (key: the text with all whitespace removed) keep their first occurrence, train before test.
Licence: the annotations are CC BY 4.0 and the code MIT (the repository's README); the dialogue text states
none, so it is never committed.

Usage: build_stc3_dialogues.py [--out data/heldout/stc3_dialogues.jsonl]
Python 3.11, standard library only; `git` must be on PATH.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

REPO = "SB233/stc3-dataset"
COMMIT = "90da527709dab26a4912a70746c09da06518d46b"
ZIPPED = ("data.zip", "data/train_data_cn.json")  # (the archive in the tree, the file inside it)
PLAIN = "data/test_data_cn.json"
ROOT = Path(__file__).resolve().parents[1]
SPACE = re.compile(r"\s+")


class BuildError(Exception):
    """A mirror, commit or file that the build needs and cannot read."""


def git_show(mirror: Path, path: str) -> bytes:
    try:
        done = subprocess.run(
            ["git", "--git-dir", str(mirror), "cat-file", "blob", f"{COMMIT}:{path}"], capture_output=True
        )
    except OSError as exc:
        raise BuildError(f"cannot run git: {exc}") from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()
        raise BuildError(f"{REPO} @ {COMMIT[:8]}: {path} cannot be read from the mirror ({message})")
    return done.stdout


def dialogues(mirror: Path) -> list[tuple[str, list[dict[str, object]]]]:
    """The train and the test dialogues, each with the path it came from."""
    archive, inner = ZIPPED
    try:
        with zipfile.ZipFile(io.BytesIO(git_show(mirror, archive))) as zipped:
            train = zipped.read(inner)
    except (zipfile.BadZipFile, KeyError) as exc:
        raise BuildError(f"{REPO} @ {COMMIT[:8]}: {archive} holds no readable {inner} ({exc})") from exc
    out = []
    for path, blob in ((f"{archive}:{inner}", train), (PLAIN, git_show(mirror, PLAIN))):
        try:
            data = json.loads(blob.decode("utf-8"))
        except ValueError as exc:
            raise BuildError(f"{path}: not JSON ({exc})") from exc
        if not isinstance(data, list):
            raise BuildError(f"{path}: not a list of dialogues")
        out.append((path, data))
    return out


def utterances(dialogue: object) -> list[str]:
    """The utterances of one dialogue, in order; none where it is not shaped as STC-3 writes them."""
    if not isinstance(dialogue, dict) or not isinstance(dialogue.get("turns"), list):
        return []
    said = []
    for turn in dialogue["turns"]:
        if isinstance(turn, dict) and isinstance(turn.get("utterances"), list):
            said += [u for u in turn["utterances"] if isinstance(u, str)]
    return said


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "heldout" / "stc3_dialogues.jsonl")
    args = parser.parse_args()
    root = Path(os.environ.get("MIRROR_ROOT", "/work/.mirror")) / REPO.replace("/", "+") / "repo"
    mirror = root / ".git" if (root / ".git").is_dir() else root
    if not root.is_dir():
        print(f"mirror missing: github:{REPO} (expected at {root})", file=sys.stderr)
        return 1
    try:
        sources = dialogues(mirror)
    except BuildError as exc:
        print(exc, file=sys.stderr)
        return 1
    seen: set[str] = set()
    count = skipped = 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as out:
        for path, items in sources:
            for number, dialogue in enumerate(items):
                said = utterances(dialogue)
                if not said:
                    skipped += 1
                    print(f"{path}: dialogue {number} has no utterances; skipped", file=sys.stderr)
                for text in (u.strip() for u in said):
                    key = SPACE.sub("", text)
                    if len(text) < 4 or key in seen:
                        continue
                    seen.add(key)
                    record = {"id": f"stc3_dialogues:{count}", "text": text, "half": "check",
                              "source_repo": REPO, "source_path": path, "commit": COMMIT}  # fmt: skip
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
                    count += 1
    print(f"{count} utterances written to {args.out} ({skipped} dialogues without any skipped)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
