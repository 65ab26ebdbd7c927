"""Readers: one module per input format, each turning a file into a :class:`xxgk_lint.document.Document`.

``read_path(path, limits)`` picks the reader by file extension (the format descriptors of
:mod:`xxgk_lint.formats`) and raises :class:`ReaderError` (:mod:`xxgk_lint.errors`; turned into an E001
diagnostic by the input rules) when the file cannot be read.  Readers import their
heavy libraries lazily, inside ``read()``, so start-up stays fast.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass
from importlib import import_module

from xxgk_lint.document import Document
from xxgk_lint.errors import ReaderError
from xxgk_lint.formats import for_path, supported

__all__ = ["Limits", "ReaderError", "break_joiner", "is_cjk", "read_bytes", "read_path", "supported"]


_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")


def is_cjk(ch: str) -> bool:
    """A CJK character (ideograph, CJK punctuation or full-width form); False for ""."""
    return bool(ch) and bool(_CJK.match(ch))


def break_joiner(before: str, after: str) -> str:
    """What a line break inside a cell or paragraph becomes when its lines are joined: nothing beside a
    CJK character (Chinese puts no space between words), a space between two Latin words or numbers."""
    return "" if is_cjk(before[-1:]) or is_cjk(after[:1]) else " "


@dataclass(frozen=True)
class Limits:
    """Guards against hostile or accidental huge inputs (all configurable)."""

    max_file_size: int = 50 * 1024 * 1024  # bytes read from disk
    max_docx_uncompressed: int = 200 * 1024 * 1024  # total uncompressed size of a .docx package
    max_pdf_pages: int = 200
    max_html_depth: int = 200  # element nesting depth kept by the HTML reader
    max_findings_per_rule: int = 100  # findings one rule lists in one file; the rest are summed up in one
    # work bounds of the readers (issue 16), far above any real report; each exceeded one is an E001
    max_table_cells: int = 200_000  # grid cells of one table (HTML, .docx), spans counted as written
    max_table_columns: int = 1_000  # columns of one table row (HTML, .docx)
    max_html_elements: int = 2_000_000  # tags of an HTML file, counted before parsing
    max_html_attributes: int = 1_000  # attributes of one HTML element, counted before parsing
    max_html_text_nodes: int = 2_000_000  # text nodes of an HTML page
    max_xml_elements: int = 2_000_000  # elements of one XML part of a .docx, counted before parsing
    max_xml_attributes: int = 1_000  # attributes of one XML element of a .docx, counted before parsing
    max_pdf_page_objects: int = 50_000  # drawing objects (paths, text, images) of one PDF page
    time_budget: float = 60  # seconds one file may take (0: no budget); over it the file is not checked


def _kind(mode: int) -> tuple[str, str]:
    """What a non-regular file is, in Chinese and English."""
    if stat.S_ISDIR(mode):
        return "目录", "a directory"
    if stat.S_ISFIFO(mode):
        return "命名管道（FIFO）", "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件", "a device file"
    if stat.S_ISSOCK(mode):
        return "套接字", "a socket"
    return "特殊文件", "a special file"


def _io_error(exc: OSError) -> ReaderError:
    return ReaderError("io", f"无法读取文件：{exc.strerror or exc}", f"cannot read the file: {exc.strerror or exc}")


def _too_large(size: int | str, limits: Limits) -> ReaderError:
    return ReaderError(
        "too-large",
        f"文件大小 {size} 字节，超过上限 {limits.max_file_size} 字节（配置项 limits.max-file-size）",
        f"the file is {size} bytes, over the limit of {limits.max_file_size} bytes (setting limits.max-file-size)",
    )


def read_bytes(path: str, limits: Limits) -> bytes:
    """The bytes of a regular file (symlinks followed), at most ``limits.max_file_size``.

    Only regular files are read: a FIFO would block the run, a device (``/dev/zero``) never ends.  The
    file is opened without blocking, checked with ``fstat`` on the open descriptor (no race with a swap
    after a ``stat``) and read up to the limit plus one byte, so a file that grows, or that reports a
    wrong size, can never be read past the limit.
    """
    try:
        st = os.stat(path)
    except OSError as exc:
        raise _io_error(exc) from None
    if not stat.S_ISREG(st.st_mode):
        zh, en = _kind(st.st_mode)
        raise ReaderError("not-regular", f"不是普通文件（{zh}），未读取", f"not a regular file ({en}), not read")
    if st.st_size > limits.max_file_size:
        raise _too_large(st.st_size, limits)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise _io_error(exc) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):  # swapped for a pipe or a device after the stat above
            zh, en = _kind(st.st_mode)
            raise ReaderError("not-regular", f"不是普通文件（{zh}），未读取", f"not a regular file ({en}), not read")
        with os.fdopen(fd, "rb", closefd=True) as fh:
            fd = -1
            data = fh.read(limits.max_file_size + 1)
    except OSError as exc:
        raise _io_error(exc) from None
    finally:
        if fd >= 0:
            os.close(fd)
    if len(data) > limits.max_file_size:
        raise _too_large(f"{len(data) - 1}+", limits)
    return data


def read_path(path: str, limits: Limits | None = None, data: bytes | None = None) -> Document:
    """Read ``path`` (or the given ``data`` as if it were that file) into a Document."""
    limits = limits or Limits()
    fmt = for_path(path)
    if fmt is None:
        ext = os.path.splitext(path)[1].lower()
        raise ReaderError(
            "unsupported",
            f"不支持的文件类型 {ext or '（无扩展名）'}",
            f"unsupported file type {ext or '(no extension)'}",
        )
    if data is None:
        data = read_bytes(path, limits)
    elif len(data) > limits.max_file_size:
        raise ReaderError(
            "too-large",
            f"输入 {len(data)} 字节，超过上限 {limits.max_file_size} 字节（配置项 limits.max-file-size）",
            f"the input is {len(data)} bytes, over the limit of {limits.max_file_size} bytes (setting limits.max-file-size)",
        )
    module = import_module(f"{__name__}.{fmt.reader}")
    try:
        doc = module.read(path, data, limits)
    except ReaderError:
        raise
    except Exception as exc:  # a reader bug or a library failure on a broken file: never a traceback
        raise ReaderError(
            "corrupt",
            f"文件已损坏或无法解析（{type(exc).__name__}: {exc}）",
            f"the file is corrupt or cannot be parsed ({type(exc).__name__}: {exc})",
        ) from exc
    doc.source_bytes_hash = hashlib.sha256(data).hexdigest()
    return doc
