"""Evidence: `refer` writes a referral bundle for the police, `verify` checks one."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from huijia.cli.options import db_option, engine_or_exit, fail, operator


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
    """Export a police referral bundle (ZIP: referral.pdf, referral.json, manifest.json of SHA-256 hashes)."""
    from huijia.report.referral import ReferralError, write_bundle
    from huijia.store.select import keys_by_label, referred_keys

    engine = engine_or_exit(db_url)
    chosen = list(keys)
    if labels:
        chosen += keys_by_label(engine, labels, min_risk)
    if referred:
        chosen += referred_keys(engine)
    try:
        manifest = write_bundle(
            engine, chosen, operator(), Path(output), pdf=pdf, font=Path(font) if font else None
        )
    except ReferralError as exc:
        fail(exc)
    click.echo(
        f"referral with {len(manifest['messages'])} case(s) written to {output}; "
        f"manifest SHA-256 {manifest['manifest_sha256']}",
        err=True,
    )


@click.command("verify")
@click.argument("bundle", type=click.Path(exists=True, dir_okay=False))
@click.argument("originals", nargs=-1, type=click.Path(exists=True, dir_okay=False))
def verify_command(bundle: str, originals: tuple[str, ...]) -> None:
    """Check a referral bundle (and, if given, the original export files); exit 1 if anything was altered."""
    from huijia.report.referral import ReferralError, verify_bundle

    try:
        result = verify_bundle(Path(bundle), [Path(o) for o in originals])
    except ReferralError as exc:
        fail(exc)
    for problem in result.problems:
        click.echo(f"ALTERED: {problem}", err=True)
    if not result.intact:
        sys.exit(1)
    extra = f" and {result.sources_checked} original file(s)" if result.sources_checked else ""
    click.echo(f"verified: {result.cases} case(s){extra}, nothing altered", err=True)
