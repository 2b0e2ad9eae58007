"""The missing-children registry from the command line: `registry` (import, export, search, reembed,
link) and `alerts` (subscribe, run)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from huijia.cli.options import (
    EXIT_OK,
    db_option,
    engine_or_exit,
    environment,
    fail,
    from_environment,
    open_output,
    operator,
    shown_default,
)


@click.group("registry")
def registry_group() -> None:
    """Missing-child reports and sightings: import and export (CSV, JSON, JSONL)."""


@registry_group.command("import")
@click.argument("path", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--kind", required=True, type=click.Choice(["report", "sighting"]))
@db_option
def registry_import_command(path: Path, kind: str, db_url: str | None) -> None:
    """Import records from a CSV (header row of field names), JSON (a list) or JSONL file.

    A row with a bad field is named on stderr (file, line, field, why; never the value) and left out;
    the other rows are imported. Rows whose id is already stored are left as they are. The `photos`
    field names photo files beside the import file: `a.jpg@3; father:dad.jpg` (relation, age)."""
    from huijia.engines.pipeline import build_pipeline
    from huijia.media.faces import FaceModelError
    from huijia.model import ReportRecord, SightingRecord
    from huijia.registry.intake import import_records
    from huijia.registry.records import PARSERS, FieldError

    parse = PARSERS[kind]
    good: list[tuple[int, ReportRecord | SightingRecord]] = []
    bad = 0
    for where, raw in read_registry_rows(path, kind):
        if isinstance(raw, str):
            bad += 1
            click.echo(f"{path}:{where}: {raw}", err=True)
            continue
        try:
            good.append((where, parse(raw)))
        except FieldError as exc:
            bad += 1
            click.echo(f"{path}:{where}: {exc.field}: {exc.reason}", err=True)
    if not good:
        fail(f"{path}: no {kind} could be read ({bad} rows refused)")
    try:
        faces = build_pipeline().faces
        result = import_records(
            engine_or_exit(db_url), kind, good, operator(), folder=path.parent, faces=faces
        )
    except FaceModelError as exc:
        fail(exc)
    for where, problem in result.problems:
        click.echo(f"{path}:{where}: {problem}", err=True)
    refused = bad + len(result.problems)
    click.echo(
        f"{kind}s: {result.added} added, {result.already} already stored, {refused} refused; "
        f"{result.photos} photos, {result.faces} faces",
        err=True,
    )
    sys.exit(EXIT_OK)


def read_registry_rows(path: Path, kind: str) -> Iterator[tuple[int, dict[str, Any] | str]]:
    from huijia.registry.records import KNOWN_FIELDS, read_rows

    try:
        yield from read_rows(path, KNOWN_FIELDS[kind])
    except OSError as exc:
        fail(f"{path}: {exc.strerror}")


@registry_group.command("export")
@click.option("--kind", required=True, type=click.Choice(["report", "sighting"]))
@click.option("--format", "fmt", default="json", show_default=True, type=click.Choice(["json", "csv"]))
@click.option("--with-contact", is_flag=True, help="Include the family's contact (audited).")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write here.")
@db_option
def registry_export_command(
    kind: str, fmt: str, with_contact: bool, output: Path | None, db_url: str | None
) -> None:
    """Export every record of a kind in the import format, without its photos (they stay in the store);
    audited. In CSV, bidirectional controls in text are shown as markers ([U+202E]) and a cell that a
    spreadsheet would run as a formula (=…, +…, -…, @…) starts with an apostrophe, which import takes off
    again; JSON keeps every character."""
    import csv
    import io

    import orjson

    from huijia.registry.intake import export_fields, export_records
    from huijia.text.bidi import neutralise_bidi
    from huijia.text.csvrows import neutralise_formula

    sink = open_output(output)  # before the export is made and audited: one that cannot be written is none
    rows = export_records(engine_or_exit(db_url), kind, operator(), with_contact)
    if fmt == "json":
        data = orjson.dumps(rows, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
    else:
        text = io.StringIO()
        writer = csv.DictWriter(text, fieldnames=export_fields(kind, with_contact), lineterminator="\n")
        writer.writeheader()
        # a spreadsheet shows what CSV holds: bidi controls become visible markers there (the JSON export
        # keeps every character as stored)
        writer.writerows(
            {k: neutralise_formula(neutralise_bidi(v)) if isinstance(v, str) else v for k, v in row.items()}
            for row in rows
        )
        data = text.getvalue().encode("utf-8")
    try:
        sink.write(data)
    except OSError as exc:
        fail(f"cannot write {output or 'the output'}: {exc.strerror or exc}")
    finally:
        if output:
            sink.close()
    click.echo(f"{len(rows)} {kind}s exported", err=True)


@registry_group.command("search")
@click.argument("record_id")
@click.option("--report", "for_report", is_flag=True, help="RECORD_ID is a report: rank the sightings.")
@click.option("--top", default=30, show_default=True, type=click.IntRange(1, 500))
@db_option
def registry_search_command(record_id: str, for_report: bool, top: int, db_url: str | None) -> None:
    """Rank the reports for one sighting (or, with --report, the sightings for one report): one JSON
    line per candidate, most likely first, with the face similarity and the reasons (age, sex, distance
    and time). A shortlist for people and DNA, never an identification. Audited."""
    import orjson

    from huijia.engines.pipeline import build_pipeline
    from huijia.registry.intake import RegistryError
    from huijia.registry.search import candidates_for, candidates_for_report

    search = candidates_for_report if for_report else candidates_for
    try:
        found = search(engine_or_exit(db_url), record_id, operator(), top, faces=build_pipeline().faces)
    except RegistryError as exc:
        fail(exc)
    for candidate in found:
        sys.stdout.buffer.write(orjson.dumps({
            "report": candidate.report_id, "sighting": candidate.sighting_id,
            "similarity": round(candidate.similarity, 4), "score": round(candidate.score, 4),
            "plausible": candidate.plausible, "reasons": list(candidate.reasons),
        }, option=orjson.OPT_APPEND_NEWLINE))  # fmt: skip
    click.echo(f"{len(found)} candidates for {'report' if for_report else 'sighting'} {record_id}", err=True)


@registry_group.command("reembed")
@db_option
def registry_reembed_command(db_url: str | None) -> None:
    """Find faces again, with the current face backend, in the registry photos that have none stored
    for it (after an upgrade changed the backend: search only compares vectors of one backend)."""
    from huijia.engines.pipeline import build_pipeline
    from huijia.media.faces import FaceModelError
    from huijia.registry.intake import reembed

    try:
        photos, faces = reembed(engine_or_exit(db_url), operator(), faces=build_pipeline().faces)
    except FaceModelError as exc:
        fail(exc)
    click.echo(f"{photos} registry photos examined, {faces} faces stored", err=True)


@registry_group.command("link")
@db_option
def registry_link_command(db_url: str | None) -> None:
    """Take the scan's findings into the registry: each new missing-child notice becomes a draft report
    for a registrar to verify; the photos of each new flagged sale, purchase or broker post become a
    sighting (in moderation) whose faces are searched against the reports. Audited."""
    from huijia.engines.pipeline import build_pipeline
    from huijia.media.faces import FaceModelError
    from huijia.registry.links import link_queue

    try:
        result = link_queue(engine_or_exit(db_url), operator(), faces=build_pipeline().faces)
    except FaceModelError as exc:
        fail(exc)
    click.echo(
        f"{result.drafts} draft reports from missing-child notices; {result.sightings} sightings from "
        f"flagged posts' photos ({result.faces} faces), {result.sightings_with_candidates} with a "
        "candidate worth a look",
        err=True,
    )


@click.group("alerts")
def alerts_group() -> None:
    """Alerts for verified fresh missing-child cases: subscribers and the outbox."""


@alerts_group.command("subscribe")
@click.argument("name")
@click.option("--email", help="Send alerts to this e-mail address.")
@click.option("--webhook", help="POST alerts as JSON to this URL (signed; the secret is printed once).")
@click.option("--lat", type=float, required=True, help="Where the subscriber is (degrees).")
@click.option("--lon", type=float, required=True)
@db_option
def alerts_subscribe_command(
    name: str, email: str | None, webhook: str | None, lat: float, lon: float, db_url: str | None
) -> None:
    """Add a subscriber (a volunteer, a station, a partner app) at a place. Audited."""
    from huijia.registry.outbox import AlertError, add_subscriber

    if (email is None) == (webhook is None):
        fail("give one of --email and --webhook")
    channel, address = ("email", email) if email is not None else ("webhook", webhook)
    try:
        subscriber_id, secret = add_subscriber(
            engine_or_exit(db_url), name, channel, address or "", lat, lon, operator(),
            allow_internal=environment().internal_webhooks,
        )  # fmt: skip
    except AlertError as exc:
        fail(exc)
    click.echo(subscriber_id)
    if secret:
        click.echo(f"webhook secret (shown once; it signs X-Huijia-Signature): {secret}", err=True)


@alerts_group.command("run")
@click.option(
    "--smtp-host",
    default=from_environment("smtp_host"),
    show_default=shown_default("smtp_host", "none"),
    help="SMTP server for e-mail alerts.",
)
@click.option(
    "--smtp-port",
    default=from_environment("smtp_port"),
    show_default=shown_default("smtp_port", 25),
    type=int,
)
@click.option(
    "--smtp-from",
    default=from_environment("smtp_from"),
    show_default=shown_default("smtp_from", "huijia@localhost"),
)
@click.option(
    "--smtp-starttls/--no-smtp-starttls",
    default=from_environment("smtp_starttls"),
    show_default=shown_default("smtp_starttls", "no"),
)
@click.option(
    "--smtp-user", default=from_environment("smtp_user"), show_default=shown_default("smtp_user", "none")
)
@click.option(
    "--smtp-password",
    default=from_environment("smtp_password"),
    help="Better given in HUIJIA_SMTP_PASSWORD (a command line is visible to other users).",
)
@click.option("--every", type=click.IntRange(min=5), help="Run again every this many seconds (until Ctrl-C).")
@db_option
def alerts_run_command(
    smtp_host: str | None, smtp_port: int, smtp_from: str, smtp_starttls: bool, smtp_user: str | None,
    smtp_password: str | None, every: int | None, db_url: str | None,
) -> None:  # fmt: skip
    """Queue the alerts now due (the rings grow with the hours since the loss: 100 km in the first hour,
    200 km by 2 h, 300 km by 3 h, 500 km after) and send what is due, retrying failures later."""
    import time

    from huijia.registry.notify import SmtpSettings, sender
    from huijia.registry.outbox import deliver_due, outbox_counts, queue_alerts

    engine = engine_or_exit(db_url)
    smtp = None
    if smtp_host:
        smtp = SmtpSettings(smtp_host, smtp_port, smtp_from, smtp_starttls, smtp_user, smtp_password)
    send = sender(smtp, allow_internal=environment().internal_webhooks)
    while True:
        queued = queue_alerts(engine)
        result = deliver_due(engine, send)
        for key, problem, given_up in result.problems:  # the key and the reason, never the recipient
            click.echo(f"alert {key}: {problem}; {'given up' if given_up else 'will retry'}", err=True)
        counts = outbox_counts(engine)
        click.echo(
            f"alerts: {queued} queued, {result.sent} sent, {result.retrying} to retry, {result.failed} given "
            f"up; outbox: {counts.get('pending', 0)} pending, {counts.get('sent', 0)} sent, "
            f"{counts.get('failed', 0)} failed",
            err=True,
        )
        if every is None:
            break
        time.sleep(every)
