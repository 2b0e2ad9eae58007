"""`huijia takedown`: read, analyse and link exports like `huijia link`, then write a signed takedown notice
for one chat (docs/evidence.md). Stateless: nothing is stored and no audit entry is written; the review
desk will make the same notice from the store (`huijia.report.takedown.build_notice`)."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import TYPE_CHECKING

import click

from huijia.cli.link import read_and_link
from huijia.cli.options import (
    fail,
    format_option,
    installation_key,
    operator,
    progress_option,
    reading_options,
    second_reading_option,
    tz_option,
)
from huijia.cli.output import closing_line

if TYPE_CHECKING:
    from huijia.model import Message


@click.command("takedown")
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@format_option
@tz_option
@click.option("--channel", required=True, help="The chat to report, named as `huijia link` names it.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True))
@click.option("--force", is_flag=True, help="Write a notice for a chat whose recommendation is `none` too.")
@click.option("--pdf/--no-pdf", default=True, show_default=True, help="Include the printable takedown.pdf.")
@click.option(
    "--font", type=click.Path(exists=True, dir_okay=False), help="A font file that renders Chinese."
)
@progress_option
@second_reading_option
def takedown_command(
    inputs: tuple[str, ...],
    fmt: str,
    tz: str,
    channel: str,
    output: str,
    force: bool,
    pdf: bool,
    font: str | None,
    progress: bool | None,
    second_reading: bool,
) -> None:
    """Write a signed takedown notice for one chat (ZIP: takedown.pdf, takedown.json, a manifest of SHA-256
    hashes and the installation's signature over it), verified by `huijia verify`."""
    from huijia.report.signing import shown_fingerprint
    from huijia.report.takedown import TakedownError, build_notice, make_notice

    def in_chat(message: Message) -> bool:
        return message.channel == channel

    linker, links = read_and_link(inputs, fmt, tz, progress, second_reading, in_chat)
    click.echo(closing_line(links.stats) + ", " + links.summary(), err=True)
    if not links.stats.messages:
        fail("nothing could be read from the inputs: no notice written")
    group = next((g for g in links.groups if g.channel == channel), None)
    if group is None:
        names = [g.channel for g in links.groups]
        close = difflib.get_close_matches(channel, names, n=5, cutoff=0.3)
        close += [n for n in names if (channel in n or n in channel) and n not in close][: 5 - len(close)]
        hint = (
            f"close names: {', '.join(close)}" if close else f"chats read: {', '.join(names[:10]) or 'none'}"
        )
        fail(f"no chat named {channel!r} in the inputs; {hint}")
    if group.recommendation == "none" and not force:
        fail(
            f"the chat {channel!r} is not recommended for takedown (risk {group.risk:.2f}, recommendation "
            "none): a notice asks a platform to act; give --force to write one anyway"
        )
    if group.recommendation != "takedown":
        click.echo(f"note: the chat's recommendation is {group.recommendation}, not takedown", err=True)
    messages = dict(linker.kept)
    wanted = {m for reason in group.reasons for m in reason.evidence} - set(messages)
    if wanted:  # a reason citing another chat (a `recreated` chat's predecessor): read those again
        messages.update(_reread(inputs, fmt, tz, wanted))
    signer = installation_key()
    try:
        notice = build_notice(group, messages, exported_by=operator(), source_sizes=linker.sizes)
        data, manifest = make_notice(notice, signer, pdf=pdf, font=Path(font) if font else None)
    except TakedownError as exc:
        fail(exc)
    try:
        Path(output).write_bytes(data)
    except OSError as exc:
        fail(f"{output}: cannot write the notice ({exc.strerror or exc})")
    click.echo(
        f"takedown notice for {channel} ({group.recommendation}, risk {group.risk:.2f}) with "
        f"{len(manifest['messages'])} evidence message(s) written to {output}\n"
        f"manifest SHA-256 {manifest['manifest_sha256']}\n"
        f"signed by {shown_fingerprint(signer.fingerprint)}",
        err=True,
    )


def _reread(inputs: tuple[str, ...], fmt: str, tz: str, wanted: set[str]) -> dict[str, Message]:
    """The messages of `wanted` read again from the inputs (problems were reported on the first read)."""
    from huijia.ingest import read_inputs
    from huijia.model import Message

    found: dict[str, Message] = {}
    for event in read_inputs(inputs, fmt, reading_options(tz)):
        if isinstance(event, Message) and event.id in wanted:
            found[event.id] = event
    return found
