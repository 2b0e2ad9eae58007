"""`serve`: the review web UI."""

from __future__ import annotations

import click

from huijia.cli.options import db_option, engine_or_exit, environment, from_environment, shown_default


@click.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=from_environment("port"), show_default=shown_default("port", 8000), type=int)
@click.option(
    "--insecure-cookies", is_flag=True, help="Send the session cookie over plain HTTP (local trials only)."
)
def serve_command(db_url: str | None, host: str, port: int, insecure_cookies: bool) -> None:
    """Run the review web UI. The session key comes from HUIJIA_SECRET (otherwise a new one per start)."""
    import secrets

    import uvicorn

    from huijia.web import WebSettings, create_app

    secret = environment().secret
    if not secret:
        secret = secrets.token_urlsafe(32)
        click.echo("note: HUIJIA_SECRET is not set; sessions end when the server stops", err=True)
    engine_or_exit(db_url)
    app = create_app(WebSettings(db_url, secret, secure_cookies=not insecure_cookies))
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
