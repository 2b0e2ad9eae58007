"""The `huijia` command: one module per group of commands, each command a thin wrapper over the library.

- `read`: `read`, `analyse`, `summary`, `formats` — exports to JSON lines
- `link`: actors, template clusters, reused photos and group risk as JSON lines
- `takedown`: a signed takedown notice for one chat, linked as `link` does
- `store`: `scan`, `reanalyse`, `relink`, `user`, `source` — the case store
- `evidence`: `refer`, `verify`, `key`, `audit` — signed referrals (verify: takedown notices
  too), the signing key, the audit log
- `serve`: the review web UI
- `training`: `train`, `eval` — the label model
- `faces`, `registry` (with `alerts`): the missing-children registry
- `options`: the options several commands share, declared once; `output`: problems, progress

stdout carries data only (JSONL); every message for people — problems, notes, progress, summaries — goes
to stderr. Problems never surface as tracebacks: a file that cannot be read is one line on stderr, and the
exit status says whether anything at all could be read (0) or not (2).
"""

from __future__ import annotations

import click

from huijia import __version__
from huijia.cli import evidence, faces, link, read, registry, serve, store, takedown, training


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="huijia")
def main() -> None:
    """huijia (回家): find child-trafficking posts in chat exports and forum crawls."""


for command in (
    read.read_command,
    read.analyse_command,
    read.summary_command,
    link.link_command,
    takedown.takedown_command,
    store.scan_command,
    store.reanalyse_command,
    store.relink_command,
    store.user_group,
    evidence.audit_group,
    evidence.key_group,
    evidence.refer_command,
    evidence.verify_command,
    serve.serve_command,
    store.source_group,
    training.train_command,
    training.eval_command,
    read.formats_command,
    faces.faces_group,
    registry.registry_group,
    registry.alerts_group,
):
    main.add_command(command)
