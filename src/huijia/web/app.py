"""The review desk's web app: `create_app(settings)` builds the desk (store, templates, pipeline, jobs) —
the composition root of the web UI — and mounts the routers (`huijia.web.routes`, and the registry's
pages). Every page checks the permission table (`permissions.PAGES`) through `huijia.web.deps`, every
form its CSRF token, and every case view and write goes into the audit log. No message text or personal
data is logged."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import sqlalchemy as sa
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.templating import Jinja2Templates
from starlette.middleware.sessions import SessionMiddleware
from starlette.staticfiles import StaticFiles

from huijia.engines.pipeline import build_pipeline
from huijia.report.installation import key_for_store
from huijia.store import connect
from huijia.store.queries import FilterOptions
from huijia.store.sessions import SESSION_SECONDS
from huijia.web import display
from huijia.web.checkpoints import CheckpointClock
from huijia.web.deps import (
    STATIC,
    TEMPLATES,
    Cached,
    Desk,
    Refused,
    WebSettings,
    error_page,
)
from huijia.web.headers import SecurityHeadersMiddleware
from huijia.web.jobs import JobBoard
from huijia.web.limits import BodyLimitMiddleware
from huijia.web.proxies import trusted_networks
from huijia.web.routes import account, admin, auth, links, public, registry, review
from huijia.web.routes.public import (
    PUBLIC_PER_ADDRESS_PER_HOUR,
    PUBLIC_PER_BLOCK_PER_HOUR,
    PUBLIC_PER_HOUR,
)
from huijia.web.security import (
    LOGIN_PER_ACCOUNT,
    LOGIN_PER_ADDRESS,
    LOGIN_WINDOW,
    Throttle,
)

__all__ = ["STATIC", "WebSettings", "create_app"]

logger = logging.getLogger("huijia.web")


def create_app(settings: WebSettings) -> FastAPI:
    engine = connect(settings.db_url)
    # the installation's key: made on first use; it seals every audit entry the desk writes
    key, _ = key_for_store(engine, settings.signing_key)  # InstallationKeyError: `huijia serve` says why
    pipeline = build_pipeline()  # the analyser of uploads, the face backend of the registry
    desk = Desk(
        settings, engine, display.setup(Jinja2Templates(directory=str(TEMPLATES))), pipeline,
        JobBoard(engine, pipeline.scanner, tz=settings.tz), Cached[FilterOptions](seconds=60),
        trusted_networks(settings.trusted_proxies),
        Throttle(engine, LOGIN_PER_ACCOUNT, LOGIN_WINDOW), Throttle(engine, LOGIN_PER_ADDRESS, LOGIN_WINDOW),
        Throttle(engine, PUBLIC_PER_ADDRESS_PER_HOUR, 3600),
        Throttle(engine, PUBLIC_PER_BLOCK_PER_HOUR, 3600), Throttle(engine, PUBLIC_PER_HOUR, 3600),
        key,
    )  # fmt: skip
    clock = CheckpointClock(engine, key, settings.checkpoints, settings.checkpoint_seconds)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        clock.start()  # the audit log's head, signed at start and at least hourly
        yield
        clock.stop()

    app = FastAPI(title="huijia", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.state.desk = desk
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    # the last added runs first: headers on everything, then the session, then the body limits (which
    # read the session to see who is uploading before a byte of the body is read)
    app.add_middleware(BodyLimitMiddleware, engine=engine, max_upload_bytes=settings.max_upload_bytes)
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret,
        session_cookie="huijia_session",
        max_age=SESSION_SECONDS,
        same_site="strict",
        https_only=settings.secure_cookies,
    )
    app.add_middleware(SecurityHeadersMiddleware)

    @app.exception_handler(Refused)
    def refused(request: Request, exc: Refused) -> Response:
        """Not signed in, not allowed, or a form without its token (huijia.web.deps)."""
        return exc.response

    @app.exception_handler(RequestValidationError)
    def bad_form(request: Request, exc: RequestValidationError) -> Response:
        """A form or query with a field missing, too long or of the wrong type: say which (never what
        was typed: it may be a password or a case note)."""
        fields = sorted({str(error["loc"][-1]) for error in exc.errors() if error.get("loc")})
        message = "bad_query" if request.method == "GET" else "bad_form"  # a GET saves nothing anyway
        return error_page(request, 400, message, ", ".join(fields))

    @app.exception_handler(sa.exc.DBAPIError)
    def database_down(request: Request, exc: sa.exc.DBAPIError) -> Response:
        """Unreachable, locked or failing: each write runs in one transaction, so nothing was kept."""
        logger.error("database error on %s: %s", request.url.path, type(exc.orig).__name__)
        return error_page(request, 503, "db_unavailable", "")

    for part in (auth, account, review, links, admin, registry, public):
        app.include_router(part.router)
    return app
