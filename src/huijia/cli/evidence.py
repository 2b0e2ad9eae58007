"""Evidence: `refer` writes a signed referral bundle for the police, `verify` checks one (or a takedown
notice), `key` shows the installation's signing key, and `audit` checks and anchors the audit log."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from huijia.cli.options import (
    db_option,
    engine_or_exit,
    environment,
    fail,
    installation_key,
    operator,
    warn_if_shared,
)

if TYPE_CHECKING:
    from huijia.report.signing import SigningKey

EXIT_ALTERED = 1
EXIT_UNKNOWN_SIGNER = 3


def trusted_keys(extra: str | None = None) -> dict[str, str]:
    """Fingerprint → name of every key trusted here: the installation's own (if it has one), those in
    $HUIJIA_TRUSTED_KEYS and those in `extra`."""
    from huijia.report.signing import SigningError, read_trusted_keys

    settings = environment()
    trusted: dict[str, str] = {}
    try:
        for path in (settings.trusted_keys, extra):
            if path:
                trusted.update(read_trusted_keys(Path(path)))
    except SigningError as exc:
        fail(exc)
    own = own_key()
    if own is not None:
        trusted[own.fingerprint] = "this installation"
    return trusted


def own_key() -> SigningKey | None:
    """The installation's key as it is, None when there is none here; never a new one (a damaged key
    file: exit)."""
    from huijia.report.signing import SigningError, load_key

    path = Path(environment().signing_key)
    try:
        key = load_key(path)
    except SigningError as exc:
        fail(exc)
    if key is not None:
        warn_if_shared(path)
    return key


def existing_key() -> SigningKey:
    """The installation's key, which must be there (or exit)."""
    key = own_key()
    if key is None:
        path = Path(environment().signing_key).resolve()
        fail(f"no signing key at {path}: set HUIJIA_SIGNING_KEY to the installation's key file")
    return key


def checkpoint_folder() -> Path:
    """HUIJIA_CHECKPOINTS; one line and exit where it names something that is not a folder (read as a
    folder of none, it made every check say only "no trusted checkpoint")."""
    folder = Path(environment().checkpoints)
    if folder.exists() and not folder.is_dir():
        fail(f"HUIJIA_CHECKPOINTS names {folder}, which is not a folder")
    return folder


@click.command("refer")
@click.argument("keys", nargs=-1)
@db_option
@click.option("--label", "labels", multiple=True, help="Choose cases by label (repeatable) …")
@click.option("--min-risk", default=0.5, show_default=True, help="… at or above this risk.")
@click.option("--referred", is_flag=True, help="Choose the cases whose latest decision is `refer`.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True))
@click.option("--pdf/--no-pdf", default=True, show_default=True, help="Include the printable referral.pdf.")
@click.option(
    "--font", type=click.Path(exists=True, dir_okay=False), help="A font file that renders Chinese."
)
def refer_command(
    keys: tuple[str, ...],
    db_url: str | None,
    labels: tuple[str, ...],
    min_risk: float,
    referred: bool,
    output: str,
    pdf: bool,
    font: str | None,
) -> None:
    """Export a police referral bundle (ZIP: referral.pdf, referral.json, the audit log's checkpoint, a
    manifest of SHA-256 hashes and the installation's signature over it)."""
    from huijia.report.checkpoint import CheckpointError
    from huijia.report.referral import ReferralError, write_bundle
    from huijia.report.signing import shown_fingerprint
    from huijia.store.select import keys_by_label, referred_keys

    engine = engine_or_exit(db_url)
    signer = installation_key()
    chosen = list(keys)
    if labels:
        chosen += keys_by_label(engine, labels, min_risk)
    if referred:
        chosen += referred_keys(engine)
    try:
        manifest = write_bundle(
            engine,
            chosen,
            operator(),
            Path(output),
            signer,
            checkpoint_folder(),
            pdf=pdf,
            font=Path(font) if font else None,
        )
    except (ReferralError, CheckpointError) as exc:
        fail(exc)
    except OSError as exc:
        fail(f"{output}: cannot write the referral ({exc.strerror or exc})")
    click.echo(
        f"referral with {len(manifest['messages'])} case(s) written to {output}\n"
        f"manifest SHA-256 {manifest['manifest_sha256']}\n"
        f"signed by {shown_fingerprint(signer.fingerprint)}",
        err=True,
    )


@click.command("verify")
@click.argument("bundle", type=click.Path(exists=True, dir_okay=False))
@click.argument("originals", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--trust",
    type=click.Path(exists=True, dir_okay=False),
    help="A file of trusted signing keys ('ed25519 <key> [name]' or 'sha256:<fingerprint> [name]' lines).",
)
@click.option(
    "--partial", is_flag=True, help="Originals given are only some of the sources: re-read what they hold."
)
def verify_command(bundle: str, originals: tuple[str, ...], trust: str | None, partial: bool) -> None:
    """Check a referral bundle or a takedown notice: its signature, every hash, and (given the original
    exports) every cited record re-read at its line and offset. Exit 0: intact, from a trusted signer; 3:
    intact, from a signer not trusted here (compare the fingerprint out of band); 1: altered, unsigned or
    malformed."""
    from huijia.report.package import PackageError
    from huijia.report.signing import shown_fingerprint
    from huijia.report.verify import verify_any

    try:
        result = verify_any(Path(bundle), [Path(o) for o in originals], trusted_keys(trust), partial)
    except PackageError as exc:
        click.echo(f"ALTERED: {exc}", err=True)
        sys.exit(EXIT_ALTERED)
    about = f" for {result.subject}" if result.subject else ""
    click.echo(f"{result.kind}{about}", err=True)
    click.echo(f"manifest SHA-256 {result.manifest_sha256}", err=True)
    if result.signer:
        click.echo(f"signed by        {shown_fingerprint(result.signer)}", err=True)
    elif result.claimed_signer:
        click.echo(
            f"claims signer    {shown_fingerprint(result.claimed_signer)} (its signature does not hold)",
            err=True,
        )
    if result.checkpoint:
        c = result.checkpoint
        click.echo(f"audit checkpoint {c['entries']:,} entries, head {c['head']} at {c['at']}", err=True)
    for problem in result.problems:
        click.echo(f"ALTERED: {problem}", err=True)
    if not result.intact:
        sys.exit(EXIT_ALTERED)
    extra = f" and {result.sources_checked} original file(s)" if result.sources_checked else ""
    reread = f", {result.records_checked} record(s) re-read" if result.records_checked else ""
    items = "case(s)" if result.kind == "referral" else "evidence message(s)"
    click.echo(f"verified: {result.cases} {items}{extra}{reread}, nothing altered", err=True)
    if not result.trusted:
        click.echo(
            f"UNKNOWN SIGNER: the key that signed this {result.kind} is not trusted here; compare its "
            "fingerprint with the sender's by another channel, or add it with --trust",
            err=True,
        )
        sys.exit(EXIT_UNKNOWN_SIGNER)
    click.echo(f"signer trusted: {result.trusted_as or 'listed in the trusted keys'}", err=True)


@click.group("key")
def key_group() -> None:
    """The installation's signing key."""


@key_group.command("show")
@click.option("--name", default="", help="A name to put on the trusted-keys line.")
def key_show_command(name: str) -> None:
    """Print the key's fingerprint (stderr) and its line for a receiver's trusted-keys file (stdout)."""
    from huijia.report.signing import shown_fingerprint

    key = installation_key()
    click.echo(f"signing key {key.path}\nfingerprint {shown_fingerprint(key.fingerprint)}", err=True)
    click.echo(key.trusted_line(name))


@click.group("audit")
def audit_group() -> None:
    """The hash-chained audit log and its signed checkpoints."""


@audit_group.command("checkpoint")
@db_option
def audit_checkpoint_command(db_url: str | None) -> None:
    """Sign the chain's head (entry count and last hash) into $HUIJIA_CHECKPOINTS; print it to keep a
    copy elsewhere too."""
    from huijia.report.checkpoint import CheckpointError, audit_table_exists, verify_audit, write_checkpoint

    engine = engine_or_exit(db_url, seal=False)
    if not audit_table_exists(engine):
        fail("this store has no audit_log table: it was removed or the store is damaged")
    key = existing_key()
    # entries from before seals are what a first checkpoint anchors
    checked = verify_audit(
        engine, checkpoint_folder(), set(trusted_keys()), key.audit_key, allow_unsealed=True
    )
    if not checked.intact:  # a checkpoint of a broken log would vouch for the damage
        fail("the audit log does not verify (see `huijia audit verify`); no checkpoint written")
    try:
        checkpoint = write_checkpoint(engine, key, checkpoint_folder(), operator())
    except CheckpointError as exc:
        fail(exc)
    click.echo(f"audit checkpoint: {checkpoint.entries:,} entries, head {checkpoint.head}", err=True)


@audit_group.command("verify")
@db_option
@click.option("--trust", type=click.Path(exists=True, dir_okay=False), help="More trusted signing keys.")
@click.option(
    "--allow-unsealed",
    is_flag=True,
    help="Accept entries without a seal that no checkpoint vouches for (once, after upgrading a store).",
)
def audit_verify_command(db_url: str | None, trust: str | None, allow_unsealed: bool) -> None:
    """Check that no audit entry was changed, removed or inserted, and that the log still reaches every
    signed checkpoint; exit 1 if not."""
    from huijia.report.checkpoint import audit_table_exists, verify_audit

    engine = engine_or_exit(db_url, seal=False)  # a log whose seals do not hold must still be read
    if not audit_table_exists(engine):
        click.echo("audit log BROKEN: this store has no audit_log table", err=True)
        sys.exit(EXIT_ALTERED)
    key = own_key()
    if key is None:
        click.echo("warning: no installation key here: seals are not checked", err=True)
    seal_key = key.audit_key if key else None
    result = verify_audit(engine, checkpoint_folder(), set(trusted_keys(trust)), seal_key, allow_unsealed)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    if result.first_broken is not None:
        click.echo(
            f"audit log BROKEN at entry {result.first_broken} (of {result.entries:,} read): {result.why}",
            err=True,
        )
    for problem in result.problems:
        click.echo(f"audit log BROKEN: {problem}", err=True)
    if not result.intact:
        sys.exit(EXIT_ALTERED)
    newest = result.newest
    anchored = (
        f"; {result.checkpoints} checkpoint(s) hold, the newest ({newest.at}) at {newest.entries:,} entries"
        if newest
        else ""
    )
    sealed = f", {result.sealed:,} sealed" if result.sealed else ""
    click.echo(f"audit log intact: {result.entries:,} entries{sealed}{anchored}", err=True)
