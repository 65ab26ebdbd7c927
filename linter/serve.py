"""``xxgk-lint serve``: a local web page to check a draft without a terminal.

Drop or choose a .docx / .pdf / .html / .txt / .md; the page shows it annotated (the same page as
``--format html``), lets the clerk tick which fixes to apply and gives the fixed file back (a .docx keeps
its Word formatting: the fix engine of ``--fix``, :func:`xxgk_lint.fix.fix_file`, rewrites only the
affected runs), or the findings as HTML or JSON.

* Starlette + uvicorn, python-multipart for the upload (the optional extra ``xxgk-lint[serve]``);
  imported only when the command runs.  The command line (``xxgk-lint serve`` in :mod:`xxgk_lint.cli`)
  calls :func:`run`; this module knows nothing of click.
* Binds 127.0.0.1 only, checks the ``Host`` header (no DNS rebinding) and, on POST, the ``Origin``.
* Settings come from the same configuration discovery as ``check``, from the server's working
  directory (as if the uploaded file lay there), or from ``--config``.
* Uploads are kept in memory and, for fixing, in one temporary directory removed on exit; at most
  ``KEEP`` uploads are kept (the oldest go first).  The size limit is the configured ``max-file-size``;
  an unreadable or too large file gets E001 as in ``check``; a failure on one file is shown on the page
  and never stops the server.
"""

from __future__ import annotations

import os
import secrets
import shutil
import sys
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

if TYPE_CHECKING:
    from xxgk_lint.result import FileResult
    from xxgk_lint.runner import Linter

KEEP = 20  # uploads kept for fixing and downloading
FORM_OVERHEAD = 64 * 1024  # multipart headers around the file


@dataclass
class Upload:
    token: str
    name: str  # the file's own name (no directories)
    data: bytes
    result: FileResult
    linter: Linter
    lang: str


def safe_name(name: str | None) -> str:
    """The base name of an uploaded file, without directories or control characters."""
    name = (name or "").replace("\\", "/").split("/")[-1]
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '<>:"|?*').strip().strip(".")
    return name[:200] or "report.txt"


def content_disposition(filename: str) -> str:
    ascii_name = "".join(ch if ch.isascii() and ch.isalnum() or ch in "._-" else "_" for ch in filename) or "download"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def fixed_name(name: str) -> str:
    stem, ext = os.path.splitext(name)
    return f"{stem}-fixed{ext}"


class ServeError(Exception):
    """A problem that stops the server before it starts (bilingual message, exit code 2)."""


class Server:
    """The state behind the page: the configuration (a check :class:`~xxgk_lint.session.Session`, so
    discovery and validation are those of ``check``), the linters and the uploads."""

    def __init__(
        self,
        config: str | None = None,
        isolated: bool = False,
        lang: str | None = None,
        cwd: str | None = None,
        workdir: str | None = None,
        warn: Callable[[str], None] | None = None,
    ):
        from xxgk_lint.config import CliOptions, Resolver
        from xxgk_lint.session import Session

        self.cwd = os.path.abspath(cwd or os.getcwd())
        self.resolver = Resolver(CliOptions(lang=lang), config=config, isolated=isolated, cwd=self.cwd)
        self.session = Session(self.resolver, warn=warn)
        self.config = config
        self.lang_option = lang
        self.uploads: OrderedDict[str, Upload] = OrderedDict()
        self._own_workdir = workdir is None
        self._workdir = workdir
        self.lock = threading.Lock()

    @property
    def workdir(self) -> str:
        """The temporary directory for fixing (made on first use, removed by :meth:`close` and at exit)."""
        if self._workdir is None:
            import atexit

            self._workdir = tempfile.mkdtemp(prefix="xxgk-lint-serve-")
            atexit.register(self.close)
        return self._workdir

    # -- settings ---------------------------------------------------------------------------
    def settings(self, name: str):
        """The settings for an uploaded file, as if it lay in the server's working directory."""
        return self.session.settings(os.path.join(self.cwd, name))

    def config_shown(self) -> str | None:
        try:
            return self.settings("report.docx").config_path
        except Exception:
            return self.config

    def lang(self, settings=None) -> str:
        if self.lang_option:
            return self.lang_option
        try:
            return (settings or self.settings("report.docx")).lang or "zh"
        except Exception:
            return "zh"

    def ctx(self, lang: str, files: int = 1):
        from xxgk_lint import output

        return output.Context(lang=lang, rules=self.session.all_rules(), files=files)

    # -- checking ---------------------------------------------------------------------------
    def check(self, name: str, data: bytes | None, too_large: int | None = None) -> Upload:
        """Lint an uploaded file (``data``; ``None`` with ``too_large``: the upload was refused)."""
        from xxgk_lint.pool import lint_one

        name = safe_name(name)
        settings = self.settings(name)
        linter = self.session.pool.get(settings)
        if data is None:
            result = _too_large(linter, name, too_large or 0, settings.limits.max_file_size)
        else:
            result = lint_one(linter, name, data)
        up = Upload(secrets.token_urlsafe(12), name, data or b"", result, linter, self.lang(settings))
        with self.lock:
            self.uploads[up.token] = up
            while len(self.uploads) > KEEP:
                old, _ = self.uploads.popitem(last=False)
                if self._workdir is not None:
                    shutil.rmtree(os.path.join(self._workdir, old), ignore_errors=True)
        return up

    def get(self, token: str) -> Upload | None:
        with self.lock:
            return self.uploads.get(token)

    def page(self, uploads: list[Upload], upload_form: bool = True) -> str:
        from xxgk_lint.output.html import ServeInfo, page

        lang = uploads[0].lang if uploads else self.lang()
        ctx = self.ctx(lang, files=len(uploads))
        return page(
            [u.result for u in uploads],
            ctx,
            ServeInfo(tokens=[u.token for u in uploads], config=self.config_shown(), upload=upload_form),
        )

    def findings(self, up: Upload, fmt: str) -> str:
        from xxgk_lint import output

        if fmt == "html":
            return self.page([up], upload_form=False)
        return output.render(fmt, [up.result], self.ctx(up.lang))

    def fix(self, up: Upload, chosen: set[str]) -> tuple[bytes | None, str | None, int]:
        """Apply the chosen fixes (fingerprints) to a copy of the upload: (new bytes, error, fixes applied)."""
        from xxgk_lint.fix import fix_file

        if up.result.document is None:
            return None, _one(up.lang, "此文件无法读取，不能修复", "this file cannot be read, so it cannot be fixed"), 0
        folder = os.path.join(self.workdir, up.token)
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, up.name)
        with open(path, "wb") as fh:  # always from the uploaded bytes: fixing twice starts again
            fh.write(up.data)

        def only_chosen(res):
            res.diagnostics = [d for d in res.diagnostics if d.fingerprint in chosen]
            return res

        first = only_chosen(replace(up.result, path=path, diagnostics=list(up.result.diagnostics)))
        if not any(d.fix is not None for d in first.diagnostics):
            return None, _one(up.lang, "没有选择任何可以自动修复的问题", "no fixable finding was chosen"), 0
        outcome = fix_file(
            first,
            unsafe=True,
            write=True,
            lang=up.lang,
            relint=lambda data: only_chosen(up.linter.lint_file(up.name, data=data)),
        )
        if outcome.error:
            return None, outcome.error, 0
        with open(path, "rb") as src:
            return src.read(), None, outcome.applied

    def close(self) -> None:
        if self._own_workdir and self._workdir is not None:
            shutil.rmtree(self._workdir, ignore_errors=True)


def _one(lang: str, zh: str, en: str) -> str:
    return en if lang == "en" else zh


def _too_large(linter, name: str, size: int, limit: int):
    """The E001 of ``check`` for an upload over ``max-file-size`` (never read into memory)."""
    from xxgk_lint.readers import ReaderError

    err = ReaderError(
        "too-large",
        f"上传的文件约 {size} 字节，超过上限 {limit} 字节（配置项 max-file-size）",
        f"the upload is about {size} bytes, over the limit of {limit} bytes (setting max-file-size)",
    )
    return linter.unreadable(name, err)


# -- the web application ---------------------------------------------------------------------------
def create_app(server: Server, allowed_hosts: tuple[str, ...] = ("127.0.0.1", "localhost")):
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.trustedhost import TrustedHostMiddleware
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, RedirectResponse, Response
    from starlette.routing import Route

    def error_page(status: int, zh: str, en: str, lang: str | None = None) -> HTMLResponse:
        from xxgk_lint.output.html import esc

        lang = lang or server.lang()
        text = en if lang == "en" else zh
        back = "Back" if lang == "en" else "返回"
        body = (
            f'<!DOCTYPE html><html lang="{"en" if lang == "en" else "zh-CN"}"><head><meta charset="utf-8">'
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
            f"<title>xxgk-lint</title><style>body{{font:1rem/1.6 sans-serif;margin:2rem}}</style></head>"
            f'<body><h1>xxgk-lint</h1><p role="alert">{esc(text)}</p><p><a href="/">{back}</a></p></body></html>'
        )
        return HTMLResponse(body, status_code=status)

    def same_origin(request: Request) -> bool:
        origin = request.headers.get("origin")
        if not origin or origin == "null":
            return origin is None or request.headers.get("sec-fetch-site") in (None, "same-origin", "none")
        return urlsplit(origin).netloc == request.headers.get("host", "")

    async def home(request: Request):
        return HTMLResponse(server.page([]))

    async def check(request: Request):
        if not same_origin(request):
            return error_page(403, "请求来自其他网站，已拒绝", "cross-site request refused")
        try:
            limit = server.settings("report.docx").limits.max_file_size
        except Exception as exc:
            return error_page(500, f"配置错误：{exc}", f"configuration error: {exc}")
        length = request.headers.get("content-length")
        name = "upload"
        try:
            if length is not None and length.isdigit() and int(length) > limit + FORM_OVERHEAD:
                name = safe_name(request.query_params.get("name") or "upload.docx")
                up = server.check(name, None, too_large=int(length))
                return RedirectResponse(f"/report/{up.token}", status_code=303)
            async with request.form(max_files=1, max_fields=10) as form:
                upload = form.get("file")
                if upload is None or isinstance(upload, str) or not getattr(upload, "filename", None):
                    return error_page(400, "没有收到文件，请选择一个报告文件", "no file received: choose a report file")
                name = safe_name(upload.filename)
                data = await upload.read(limit + 1)
            if len(data) > limit:
                up = server.check(name, None, too_large=len(data))
            else:
                up = server.check(name, data)
        except Exception as exc:  # one bad upload never stops the server
            if os.environ.get("XXGK_LINT_DEBUG"):
                raise
            return error_page(
                500,
                f"检查 {name} 时出错：{type(exc).__name__}: {exc}",
                f"checking {name} failed: {type(exc).__name__}: {exc}",
            )
        return RedirectResponse(f"/report/{up.token}", status_code=303)

    async def report(request: Request):
        up = server.get(request.path_params["token"])
        if up is None:
            return error_page(
                404, "找不到这次检查（服务已重启或记录已过期），请重新上传", "this check is gone: upload the file again"
            )
        try:
            return HTMLResponse(server.page([up]))
        except Exception as exc:
            if os.environ.get("XXGK_LINT_DEBUG"):
                raise
            return error_page(500, f"显示结果时出错：{type(exc).__name__}: {exc}", f"showing the result failed: {exc}")

    async def findings(request: Request):
        up = server.get(request.path_params["token"])
        fmt = request.path_params["fmt"]
        if up is None or fmt not in ("html", "json"):
            return error_page(404, "找不到这次检查，请重新上传", "this check is gone: upload the file again")
        text = server.findings(up, fmt)
        stem = os.path.splitext(up.name)[0]
        media = "text/html; charset=utf-8" if fmt == "html" else "application/json"
        return Response(
            text, media_type=media, headers={"Content-Disposition": content_disposition(f"{stem}.findings.{fmt}")}
        )

    async def fix(request: Request):
        if not same_origin(request):
            return error_page(403, "请求来自其他网站，已拒绝", "cross-site request refused")
        up = server.get(request.path_params["token"])
        if up is None:
            return error_page(404, "找不到这次检查，请重新上传", "this check is gone: upload the file again")
        async with request.form(max_files=0, max_fields=5000) as form:
            chosen = {fp for v in form.getlist("fix") if isinstance(v, str) for fp in v.split()}
        try:
            data, error, applied = server.fix(up, chosen)
        except Exception as exc:
            if os.environ.get("XXGK_LINT_DEBUG"):
                raise
            return error_page(500, f"修复时出错：{type(exc).__name__}: {exc}", f"fixing failed: {exc}", up.lang)
        if error:
            return error_page(400, error, error, up.lang)
        media = {
            "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "md": "text/markdown; charset=utf-8",
        }.get(getattr(up.result.document, "format", ""), "text/plain")
        return Response(
            data,
            media_type=media,
            headers={"Content-Disposition": content_disposition(fixed_name(up.name)), "X-Fixes-Applied": str(applied)},
        )

    routes = [
        Route("/", home),
        Route("/check", check, methods=["POST"]),
        Route("/report/{token}", report),
        Route("/findings/{token}.{fmt}", findings),
        Route("/fix/{token}", fix, methods=["POST"]),
    ]
    return Starlette(routes=routes, middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))])


# -- the command -------------------------------------------------------------------------------------
def missing_stack() -> str | None:
    """The name of a missing web-stack package, or ``None`` when all are installed."""
    try:
        import multipart  # noqa: F401  (python-multipart)
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as exc:
        return exc.name or "starlette"
    return None


def run(
    port: int = 8765,
    open_browser: bool = True,
    config: str | None = None,
    isolated: bool = False,
    lang: str | None = None,
    echo: Callable[..., None] = print,
) -> int:
    """Serve until Ctrl+C or SIGTERM; the exit code.  ``echo(text, err=False)`` prints for the user."""
    import signal
    import socket

    missing = missing_stack()
    if missing:
        raise ServeError(
            f"xxgk-lint serve 需要可选依赖（缺少 {missing}）：在本工具仓库目录中 pip install '.[serve]' / "
            f"xxgk-lint serve needs the optional 'serve' dependencies ({missing} is missing): pip install '.[serve]'"
        )
    import uvicorn

    from xxgk_lint.config import ConfigError
    from xxgk_lint.session import RunError

    try:
        server = Server(config=config, isolated=isolated, lang=lang, warn=lambda msg: echo(msg, err=True))
        server.settings("report.docx")  # a broken configuration is said now, not on the first upload
    except (ConfigError, RunError) as exc:
        raise ServeError(str(exc)) from None
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))
        sock.listen(64)
    except OSError as exc:
        sock.close()
        server.close()
        raise ServeError(f"无法监听端口 {port} / cannot listen on port {port}: {exc.strerror or exc}") from None
    address = f"http://127.0.0.1:{sock.getsockname()[1]}/"
    echo(f"xxgk-lint serve: {address}  （按 Ctrl+C 停止 / press Ctrl+C to stop）")
    sys.stdout.flush()
    uconfig = uvicorn.Config(create_app(server), log_level="warning", access_log=False, lifespan="off")

    def _stop(signum, frame):  # uvicorn re-raises SIGTERM after its shutdown: end here, cleaning up
        raise SystemExit(0)

    try:
        signal.signal(signal.SIGTERM, _stop)
    except ValueError:  # not the main thread
        pass
    try:
        if open_browser:
            import webbrowser

            threading.Timer(0.5, lambda: webbrowser.open(address)).start()
        uvicorn.Server(uconfig).run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
        server.close()
    return 0
