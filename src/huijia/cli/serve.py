"""`serve`: the review web UI."""

from __future__ import annotations

from pathlib import Path

import click

from huijia.cli.options import (
    db_option,
    engine_or_exit,
    environment,
    from_environment,
    reading_options,
    shown_default,
)

MIN_SECRET = 16


@click.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option(
    "--port",
    default=from_environment("port"),
    show_default=shown_default("port", 8000),
    type=click.IntRange(1, 65535),
)
@click.option(
    "--insecure-cookies", is_flag=True, help="Send the session cookie over plain HTTP (local trials only)."
)
def serve_command(db_url: str | None, host: str, port: int, insecure_cookies: bool) -> None:
    """Run the review web UI. The session key comes from HUIJIA_SECRET (otherwise a new one per start)."""
    import secrets

    import uvicorn

    from huijia.web import WebSettings, create_app
    from huijia.web.proxies import ProxySettingError, trusted_networks

    settings = environment()
    secret = settings.secret
    proxies = tuple(settings.trusted_proxies.split(","))
    try:
        trusted_networks(proxies)
    except ProxySettingError as exc:
        raise click.UsageError(str(exc)) from None
    if secret and len(secret) < MIN_SECRET:  # it signs the sessions: a short one can be guessed
        raise click.UsageError(
            f"HUIJIA_SECRET has {len(secret)} characters; use {MIN_SECRET} or more random ones"
        )
    if not secret:
        secret = secrets.token_urlsafe(32)
        click.echo("note: HUIJIA_SECRET is not set; sessions end when the server stops", err=True)
    reading_options(settings.tz)  # an unknown HUIJIA_TZ is said now, not at the first upload
    if settings.max_upload_bytes < 1:
        raise click.UsageError(f"HUIJIA_MAX_UPLOAD_BYTES must be positive, not {settings.max_upload_bytes}")
    engine_or_exit(db_url)
    web = WebSettings(
        db_url,
        secret,
        secure_cookies=not insecure_cookies,
        max_upload_bytes=settings.max_upload_bytes,
        trusted_proxies=proxies,
        signing_key=Path(settings.signing_key),
        checkpoints=Path(settings.checkpoints),
        tz=settings.tz,
    )
    # proxy_headers off: uvicorn would believe X-Forwarded-For from 127.0.0.1; huijia.web.proxies
    # believes it only from the proxies named in HUIJIA_TRUSTED_PROXIES
    uvicorn.run(create_app(web), host=host, port=port, log_level="warning", access_log=False,
                proxy_headers=False)  # fmt: skip
