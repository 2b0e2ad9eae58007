"""Routes of the review UI. Every page checks the permission table (`permissions.PAGES`), every form
its CSRF token, and every case view and write goes into the audit log. No message text or personal
data is logged."""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Annotated, Any, Generic, TypeVar

import sqlalchemy as sa
from fastapi import FastAPI, File, Form, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.middleware.sessions import SessionMiddleware
from starlette.staticfiles import StaticFiles
from starlette.status import (
    HTTP_303_SEE_OTHER,
    HTTP_403_FORBIDDEN,
    HTTP_404_NOT_FOUND,
    HTTP_429_TOO_MANY_REQUESTS,
)

from huijia.engines.pipeline import build_pipeline
from huijia.model import LABELS
from huijia.report.referral import ReferralError, make_bundle
from huijia.store import audit, connect
from huijia.store.decisions import ACTIONS, DecisionError, decide
from huijia.store.media import photo
from huijia.store.queries import (
    QUEUE_LIMIT,
    FilterOptions,
    QueueFilter,
    all_users,
    case,
    filter_options,
    highlight,
    queue,
)
from huijia.store.stats import bars, dashboard, price_order
from huijia.store.users import (
    ACCOUNT_ROLES,
    User,
    UserError,
    add_user,
    authenticate,
    set_password,
    user_by_id,
)
from huijia.web.i18n import LANGUAGES, PLAYBOOKS, reason_text, translator
from huijia.web.jobs import JobBoard, safe_name
from huijia.web.permissions import allowed
from huijia.web.photos import audited_photo
from huijia.web.registry_pages import Site, add_registry_routes
from huijia.web.security import SESSION_SECONDS, LoginThrottle, csrf_ok, new_session, session_user_id

logger = logging.getLogger("huijia.web")
T = TypeVar("T")
MAX_REFERRAL_CASES = 500
MAX_NAME, MAX_PASSWORD, MAX_REASON = 64, 1024, 4000  # form fields longer than these are refused
TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"


@dataclass(frozen=True, slots=True)
class WebSettings:
    db_url: str | None
    secret: str
    secure_cookies: bool = True  # Secure cookies: off only for plain-HTTP local tests
    upload_dir: Path = Path("huijia-uploads")  # uploaded exports are kept: they are the evidence
    max_upload_bytes: int = 2 * 1024**3


class Forbidden(Exception):
    pass


class Cached(Generic[T]):
    """A value recomputed at most every `seconds`. Pages run in a thread pool: while one thread
    recomputes a stale value, the others go on with the old one instead of waiting."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._value: T | None = None
        self._at = 0.0
        self._lock = threading.Lock()

    def get(self, compute: Callable[[], T]) -> T:
        value = self._value
        if value is not None and time.monotonic() - self._at <= self.seconds:
            return value
        if value is not None and not self._lock.acquire(blocking=False):
            return value  # another thread is refreshing it
        if value is None:
            self._lock.acquire()
        try:
            if self._value is None or time.monotonic() - self._at > self.seconds:
                self._value = compute()
                self._at = time.monotonic()
            return self._value
        finally:
            self._lock.release()


def create_app(settings: WebSettings) -> FastAPI:
    engine = connect(settings.db_url)
    templates = Jinja2Templates(directory=str(TEMPLATES))
    throttle = LoginThrottle()
    pipeline = build_pipeline()  # the analyser of uploads, the face backend of the registry
    board = JobBoard(engine, pipeline.scanner)
    options_cache: Cached[FilterOptions] = Cached(seconds=60)  # the filters' choices, not the queue itself
    app = FastAPI(title="huijia", docs_url=None, redoc_url=None, openapi_url=None)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret,
        session_cookie="huijia_session",
        max_age=SESSION_SECONDS,
        same_site="strict",
        https_only=settings.secure_cookies,
    )

    def current_user(request: Request) -> User | None:
        uid = session_user_id(request.session)
        if uid is None:
            return None
        user = user_by_id(engine, uid)
        if user is None or not user.active:
            request.session.clear()
            return None
        return user

    def page(request: Request, name: str, user: User | None, **context: Any) -> HTMLResponse:
        language = request.cookies.get("lang", "zh")
        return templates.TemplateResponse(
            request,
            name,
            {
                "t": translator(language),
                "say_reason": partial(reason_text, language if language in LANGUAGES else "zh"),
                "lang": language if language in LANGUAGES else "zh",
                "user": user,
                "csrf": request.session.get("csrf", ""),
                **context,
            },
        )

    def gate(request: Request, page_name: str) -> User | Response:
        """The user allowed on this page, or the response that refuses them."""
        user = current_user(request)
        if user is None:
            return RedirectResponse(f"/login?next={request.url.path}", status_code=HTTP_303_SEE_OTHER)
        if not allowed(page_name, user.role):
            response = page(request, "forbidden.html", user)
            response.status_code = HTTP_403_FORBIDDEN
            return response
        return user

    def gate_form(request: Request, page_name: str, csrf: str) -> User | Response:
        """`gate` for a form post, which must also carry the session's CSRF token."""
        user = gate(request, page_name)
        if isinstance(user, User) and not csrf_ok(request.session, csrf):
            return Response("bad or missing CSRF token", status_code=HTTP_403_FORBIDDEN)
        return user

    @app.exception_handler(RequestValidationError)
    def bad_form(request: Request, exc: RequestValidationError) -> Response:
        """A form or query with a field missing, too long or of the wrong type: say which (never what
        was typed: it may be a password or a case note)."""
        fields = sorted({str(error["loc"][-1]) for error in exc.errors() if error.get("loc")})
        return error_page(request, 400, "bad_form", ", ".join(fields))

    @app.exception_handler(sa.exc.DBAPIError)
    def database_down(request: Request, exc: sa.exc.DBAPIError) -> Response:
        """Unreachable, locked or failing: each write runs in one transaction, so nothing was kept."""
        logger.error("database error on %s: %s", request.url.path, type(exc.orig).__name__)
        return error_page(request, 503, "db_unavailable", "")

    def error_page(request: Request, status: int, message: str, detail: str) -> Response:
        response = page(request, "error.html", None, message=message, detail=detail)
        response.status_code = status
        return response

    add_registry_routes(app, Site(engine, page, gate, gate_form, error_page, lambda: pipeline.faces))

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/lang/{language}")
    def set_language(language: str, request: Request) -> Response:
        response = RedirectResponse(request.headers.get("referer") or "/", status_code=HTTP_303_SEE_OTHER)
        if language in LANGUAGES:
            response.set_cookie("lang", language, max_age=365 * 86400, samesite="strict", httponly=True)
        return response

    @app.get("/login", response_class=HTMLResponse)
    def login_form(request: Request, next: str = "/") -> HTMLResponse:
        return page(request, "login.html", None, next=_local(next), error=None)

    @app.post("/login")
    def login(
        request: Request,
        username: str = Form(..., max_length=MAX_NAME),
        password: str = Form(..., max_length=MAX_PASSWORD),
        next: str = Form("/", max_length=2048),
    ) -> Response:
        address = request.client.host if request.client else "?"
        keys = (f"user:{username.lower()}", f"addr:{address}")
        if throttle.locked(*keys):
            response = page(request, "login.html", None, next=_local(next), error="too_many")
            response.status_code = HTTP_429_TOO_MANY_REQUESTS
            return response
        user = authenticate(engine, username, password)
        with engine.begin() as conn:
            audit.append(conn, username if user else None, "login.ok" if user else "login.fail", username)
        if user is None:
            throttle.failed(*keys)
            response = page(request, "login.html", None, next=_local(next), error="bad_login")
            response.status_code = 401
            return response
        throttle.succeeded(*keys)
        new_session(request.session, user.id)
        return RedirectResponse(_local(next), status_code=HTTP_303_SEE_OTHER)

    @app.post("/logout")
    def logout(request: Request, csrf: str = Form("")) -> Response:
        user = current_user(request)
        if user is not None and csrf_ok(request.session, csrf):
            with engine.begin() as conn:
                audit.append(conn, user.username, "logout", user.username)
            request.session.clear()
        return RedirectResponse("/login", status_code=HTTP_303_SEE_OTHER)

    @app.get("/")
    def home(request: Request) -> Response:
        user = current_user(request)
        target = "/registry" if user is not None and user.role == "registrar" else "/queue"
        return RedirectResponse(target, status_code=HTTP_303_SEE_OTHER)

    @app.get("/queue", response_class=HTMLResponse)
    def queue_page(
        request: Request,
        label: str = "",
        chat: str = "",
        decided: str = "",
        price: str = "",
        since: str = "",
        until: str = "",
        province: str = "",
        error: str = "",
        page_number: Annotated[int, Query(alias="page", ge=1, le=10_000)] = 1,
    ) -> Response:
        user = gate(request, "queue")
        if not isinstance(user, User):
            return user
        where = QueueFilter(
            label=label if label in LABELS else None,
            chat=chat or None,
            decided={"yes": True, "no": False}.get(decided),
            has_price={"yes": True, "no": False}.get(price),
            since=since if _is_date(since) else None,
            until=until if _is_date(until) else None,
            province=province or None,
        )
        skip = (page_number - 1) * QUEUE_LIMIT
        rows = queue(engine, where, QUEUE_LIMIT + 1, skip)  # one more: is there a next page?
        more, rows = len(rows) > QUEUE_LIMIT, rows[:QUEUE_LIMIT]
        options = options_cache.get(lambda: filter_options(engine))
        return page(
            request, "queue.html", user, rows=rows, labels=LABELS, chats=options.chats, where=where,
            provinces=options.provinces, error=error if error in ("no_cases", "referral_failed") else "",
            selected={"label": label, "chat": chat, "decided": decided, "price": price, "since": since,
                      "until": until, "province": province},
            page_number=page_number, more=more,
        )  # fmt: skip

    @app.get("/case/{key}", response_class=HTMLResponse)
    def case_page(key: str, request: Request, error: str = "") -> Response:
        user = gate(request, "case")
        if not isinstance(user, User):
            return user
        found = case(engine, key)
        if found is None:
            return Response("not found", status_code=HTTP_404_NOT_FOUND)
        with engine.begin() as conn:
            audit.append(conn, user.username, "case.view", key)
        finding = found["finding"] or {}
        language = request.cookies.get("lang", "zh")
        playbook = PLAYBOOKS.get(finding.get("role") or "", {}).get(
            language if language in LANGUAGES else "zh"
        )
        return page(
            request, "case.html", user, case=found, finding=finding,
            pieces=highlight(found["message"]["text"], finding.get("evidence") or []),
            actions=ACTIONS, labels=LABELS, playbook=playbook, error=error,
        )  # fmt: skip

    @app.get("/photo/{sha256}")
    def photo_file(sha256: str, request: Request) -> Response:
        """A stored photo's clean copy. Children's photos: only for roles that review, every view audited,
        never cached by the browser or a proxy."""
        user = gate(request, "photo")
        if not isinstance(user, User):
            return user
        return audited_photo(engine, user.username, sha256, photo, "photo.view", "messages")

    @app.post("/case/{key}/decide")
    def decide_case(
        key: str,
        request: Request,
        action: str = Form(..., max_length=16),
        reason: str = Form("", max_length=MAX_REASON),
        label: str = Form("", max_length=24),
        csrf: str = Form("", max_length=256),
    ) -> Response:
        user = gate_form(request, "decide", csrf)
        if not isinstance(user, User):
            return user
        try:
            decide(engine, user, key, action, reason, label or None)
        except DecisionError:
            return RedirectResponse(f"/case/{key}?error=reason_needed", status_code=HTTP_303_SEE_OTHER)
        return RedirectResponse(f"/case/{key}", status_code=HTTP_303_SEE_OTHER)

    @app.post("/referral")
    def referral_export(
        request: Request, key: Annotated[list[str] | None, Form()] = None, csrf: Annotated[str, Form()] = ""
    ) -> Response:
        """A police referral ZIP for the cases ticked in the queue, or the one case a case page names."""
        user = gate_form(request, "referral", csrf)
        if not isinstance(user, User):
            return user
        chosen = [k for k in key or [] if len(k) == 32 and k.isalnum()][:MAX_REFERRAL_CASES]
        if not chosen:
            return RedirectResponse("/queue?error=no_cases", status_code=HTTP_303_SEE_OTHER)
        try:
            data, manifest = make_bundle(engine, chosen, user.username)
        except ReferralError:
            return RedirectResponse("/queue?error=referral_failed", status_code=HTTP_303_SEE_OTHER)
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        return Response(
            data,
            media_type="application/zip",
            headers={
                "Content-Disposition": f'attachment; filename="huijia-referral-{stamp}.zip"',
                "Cache-Control": "no-store",
                "X-Manifest-SHA256": manifest["manifest_sha256"],
            },
        )

    @app.get("/upload", response_class=HTMLResponse)
    def upload_page(request: Request, error: str = "") -> Response:
        user = gate(request, "upload")
        if not isinstance(user, User):
            return user
        jobs = board.for_user(user.username, everyone=user.role == "admin")
        running = any(job.status == "running" for job in jobs)
        return page(request, "upload.html", user, jobs=jobs, running=running, error=error)

    @app.post("/upload")
    async def upload(
        request: Request, export: Annotated[UploadFile, File()], csrf: Annotated[str, Form()] = ""
    ) -> Response:
        user = gate_form(request, "upload", csrf)
        if not isinstance(user, User):
            return user
        settings.upload_dir.mkdir(parents=True, exist_ok=True)
        original = export.filename or "export"
        target = settings.upload_dir / f"{uuid.uuid4().hex[:12]}-{safe_name(original)}"
        size = 0
        with target.open("wb") as fh:
            while block := await export.read(1 << 20):
                size += len(block)
                if size > settings.max_upload_bytes:
                    fh.close()
                    target.unlink(missing_ok=True)
                    return RedirectResponse("/upload?error=too_large", status_code=HTTP_303_SEE_OTHER)
                fh.write(block)
        with engine.begin() as conn:
            audit.append(conn, user.username, "upload", target.name, {"bytes": size})
        board.start(target, original, user.username)
        return RedirectResponse("/upload", status_code=HTTP_303_SEE_OTHER)

    @app.get("/dashboard", response_class=HTMLResponse)
    def dashboard_page(request: Request) -> Response:
        user = gate(request, "dashboard")
        if not isinstance(user, User):
            return user
        board = dashboard(engine)
        charts = [
            ("sex_offered", bars(board.sex_offered, ["female", "male", "unknown"])),
            ("prices", bars(board.prices, price_order())),
            ("provinces", bars(board.provinces)),
            ("months", bars(board.months, sorted(board.months))),
            ("per_chat", bars(board.chats)),
        ]
        return page(request, "dashboard.html", user, board=board, charts=charts)

    @app.get("/admin/users", response_class=HTMLResponse)
    def users_page(request: Request, error: str = "") -> Response:
        user = gate(request, "users")
        if not isinstance(user, User):
            return user
        return page(request, "users.html", user, users=all_users(engine), roles=ACCOUNT_ROLES, error=error)

    @app.post("/admin/users")
    def users_add(
        request: Request,
        username: str = Form(..., max_length=MAX_NAME),
        role: str = Form(..., max_length=16),
        password: str = Form(..., max_length=MAX_PASSWORD),
        csrf: str = Form("", max_length=256),
    ) -> Response:
        user = gate_form(request, "users.add", csrf)
        if not isinstance(user, User):
            return user
        try:
            add_user(engine, username, role, password, by=user.username)
        except UserError as exc:
            return RedirectResponse(f"/admin/users?error={exc}", status_code=HTTP_303_SEE_OTHER)
        return RedirectResponse("/admin/users", status_code=HTTP_303_SEE_OTHER)

    @app.post("/admin/users/{username}/password")
    def users_reset_password(
        username: str,
        request: Request,
        password: str = Form(..., max_length=MAX_PASSWORD),
        csrf: str = Form("", max_length=256),
    ) -> Response:
        user = gate_form(request, "users.password", csrf)
        if not isinstance(user, User):
            return user
        try:
            set_password(engine, username, password, by=user.username)
        except UserError as exc:
            return RedirectResponse(f"/admin/users?error={exc}", status_code=HTTP_303_SEE_OTHER)
        return RedirectResponse("/admin/users", status_code=HTTP_303_SEE_OTHER)

    return app


def _is_date(text: str) -> bool:
    return len(text) == 10 and text[4] == "-" and text[7] == "-" and text.replace("-", "").isdigit()


def _local(target: str) -> str:
    """Only paths on this site: an open redirect would help phishing."""
    return target if target.startswith("/") and not target.startswith("//") else "/"
