"""``xxgk-lint serve``: the local web page (starlette's TestClient; no network, no browser)."""

from __future__ import annotations

import io
import json
import re

import lxml.html
import pytest

pytest.importorskip("starlette")
pytest.importorskip("multipart")
pytest.importorskip("httpx")

import warnings  # noqa: E402

with warnings.catch_warnings():  # newer starlette prefers httpx2 for its TestClient; httpx still works
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient  # noqa: E402

from xxgk_lint.serve import Server, content_disposition, create_app, safe_name  # noqa: E402

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def faulty_docx(blanks: int = 8) -> bytes:
    from xxgk_lint.synth import SyntheticReport

    from conftest import rendered

    rep = SyntheticReport(edition="2021", year=2023, seed=3)
    for row in rep.template.table("t3").row_ids[:blanks]:
        rep.set("t3", row, "research", "")
    rep.relabel("行政规范性文件", "行政规范姓文件")
    return rendered(rep, "docx")  # once per session for each number of blanks


@pytest.fixture
def server(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    s = Server(cwd=str(tmp_path))
    yield s
    s.close()


@pytest.fixture
def client(server):
    with TestClient(create_app(server, allowed_hosts=("testserver", "127.0.0.1")), base_url="http://testserver") as c:
        yield c


def upload(client, name: str, data: bytes, follow=True):
    return client.post(
        "/check", files={"file": (name, io.BytesIO(data), "application/octet-stream")}, follow_redirects=follow
    )


def test_home_page_has_the_upload_form(client):
    r = client.get("/")
    assert r.status_code == 200
    tree = lxml.html.fromstring(r.text)
    form = tree.xpath("//form[@id='upload']")[0]
    assert form.get("action") == "/check" and form.get("enctype") == "multipart/form-data"
    assert tree.xpath("//input[@type='file'][@name='file']")
    assert "form-action 'self'" in tree.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]


def test_upload_shows_the_annotated_report_and_fixes_to_choose(client):
    r = upload(client, "草稿.docx", faulty_docx(), follow=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/report/")
    page = client.get(r.headers["location"])
    tree = lxml.html.fromstring(page.text)
    assert tree.xpath("//h2")[0].text_content() == "草稿.docx"
    boxes = tree.xpath("//input[@name='fix']")
    assert len(boxes) == 2  # the label typo and the grouped blank cells
    safe = [b for b in boxes if b.get("checked") is not None]
    assert len(safe) == 1  # safe fixes ticked, the unsafe one (writing 0) left to the clerk
    assert tree.xpath("//td[contains(@class,'hl-cell')]")
    assert tree.xpath("//a[contains(@href,'/findings/')][contains(@href,'.json')]")


def _token(client, data: bytes, name="r.docx") -> tuple[str, lxml.html.HtmlElement]:
    r = upload(client, name, data)
    token = re.search(r"/report/([\w-]+)", str(r.url)).group(1)
    return token, lxml.html.fromstring(r.text)


def test_applying_the_chosen_fixes_downloads_a_fixed_docx(client, server):
    import docx

    token, tree = _token(client, faulty_docx())
    values = tree.xpath("//input[@name='fix']/@value")
    r = client.post(f"/fix/{token}", data={"fix": values})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == DOCX
    assert "r-fixed.docx" in r.headers["content-disposition"]
    assert r.headers["x-fixes-applied"] == "9"
    fixed = docx.Document(io.BytesIO(r.content))  # python-docx opens it
    assert any("行政规范性文件" in c.text for t in fixed.tables for row in t.rows for c in row.cells)
    from xxgk_lint.runner import Linter, Settings

    again = Linter(Settings()).lint_file("r.docx", data=r.content)
    assert not [d for d in again.diagnostics if d.code in ("T204", "T206")]


def test_only_the_ticked_fixes_are_applied(client):
    token, tree = _token(client, faulty_docx())
    safe = tree.xpath("//input[@name='fix'][@checked]/@value")
    r = client.post(f"/fix/{token}", data={"fix": safe})
    assert r.status_code == 200 and r.headers["x-fixes-applied"] == "1"
    from xxgk_lint.runner import Linter, Settings

    codes = [d.code for d in Linter(Settings()).lint_file("r.docx", data=r.content).diagnostics]
    assert "T206" not in codes and codes.count("T204") == 8
    # nothing ticked: a clear page, not a file
    r = client.post(f"/fix/{token}", data={})
    assert r.status_code == 400 and "没有选择" in r.text


def test_findings_download_as_json_and_html(client):
    token, _ = _token(client, faulty_docx())
    r = client.get(f"/findings/{token}.json")
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    data = json.loads(r.text)
    rows = data["diagnostics"] if isinstance(data, dict) else data
    assert [d["code"] for d in rows].count("T204") == 8  # JSON keeps one result per cell
    r = client.get(f"/findings/{token}.html")
    tree = lxml.html.fromstring(r.text)
    assert not tree.xpath("//form[@id='upload']") and tree.xpath("//mark")
    assert client.get("/findings/nope.json").status_code == 404


def test_unreadable_file_gets_e001_and_the_server_goes_on(client):
    _, tree = _token(client, b"PK\x03\x04 not really a zip", "broken.docx")
    assert tree.xpath("//li[contains(@class,'finding')]/@data-rule") == ["E001"]
    _, tree = _token(client, b"hello", "notes.xlsx")
    assert tree.xpath("//li[contains(@class,'finding')]/@data-rule") == ["E001"]
    assert client.get("/").status_code == 200
    token, _ = _token(client, faulty_docx())
    assert client.get(f"/report/{token}").status_code == 200


def test_size_limit_gives_e001(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "xxgk-lint.toml").write_text("[limits]\nmax-file-size = 1000\n", encoding="utf-8")
    s = Server(cwd=str(tmp_path))
    try:
        with TestClient(create_app(s, allowed_hosts=("testserver",))) as c:
            r = upload(c, "big.docx", faulty_docx())
            tree = lxml.html.fromstring(r.text)
            assert tree.xpath("//li[contains(@class,'finding')]/@data-rule") == ["E001"]
            assert "1000" in tree.xpath("//li[contains(@class,'finding')]")[0].text_content()
    finally:
        s.close()


def test_config_discovery_from_the_servers_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "xxgk-lint.toml").write_text('ignore = ["T204"]\n', encoding="utf-8")
    s = Server(cwd=str(tmp_path))
    try:
        with TestClient(create_app(s, allowed_hosts=("testserver",))) as c:
            _, tree = _token(c, faulty_docx())
            assert tree.xpath("//li[contains(@class,'finding')]/@data-rule") == ["T206"]
            assert "xxgk-lint.toml" in tree.xpath("//form[@id='upload']//code")[0].text_content()
    finally:
        s.close()
    other = tmp_path / "other.toml"
    other.write_text('ignore = ["T206"]\n', encoding="utf-8")
    s = Server(cwd=str(tmp_path), config=str(other))
    try:
        with TestClient(create_app(s, allowed_hosts=("testserver",))) as c:
            _, tree = _token(c, faulty_docx())
            assert set(tree.xpath("//li[contains(@class,'finding')]/@data-rule")) == {"T204"}
    finally:
        s.close()


def test_foreign_hosts_and_cross_site_posts_are_refused(client):
    assert client.get("/", headers={"host": "evil.example"}).status_code == 400
    r = client.post(
        "/check", files={"file": ("a.txt", io.BytesIO(b"x"), "text/plain")}, headers={"origin": "http://evil.example"}
    )
    assert r.status_code == 403


def test_uploaded_names_are_cleaned_and_escaped(client):
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("C:\\Users\\a\\报告.docx") == "报告.docx"
    assert safe_name("") == "report.txt"
    assert content_disposition("报告-fixed.docx").endswith("filename*=UTF-8''%E6%8A%A5%E5%91%8A-fixed.docx")
    _, tree = _token(client, b"x", "<img src=x onerror=alert(1)>.txt")
    page = lxml.html.tostring(tree, encoding="unicode")
    assert "<img" not in page


def test_the_temporary_directory_is_removed(tmp_path, monkeypatch):
    import os

    monkeypatch.chdir(tmp_path)
    s = Server(cwd=str(tmp_path))
    with TestClient(create_app(s, allowed_hosts=("testserver",))) as c:
        token, tree = _token(c, faulty_docx())
        c.post(f"/fix/{token}", data={"fix": tree.xpath("//input[@name='fix']/@value")})
    assert os.path.isdir(s.workdir) and os.listdir(s.workdir)
    s.close()
    assert not os.path.exists(s.workdir)


def test_english_page(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    s = Server(cwd=str(tmp_path), lang="en")
    try:
        with TestClient(create_app(s, allowed_hosts=("testserver",))) as c:
            _, tree = _token(c, faulty_docx())
            assert tree.get("lang") == "en" and "Apply the ticked fixes" in tree.text_content()
    finally:
        s.close()


def test_serve_command_says_why_it_cannot_start(run_cli, tmp_path, monkeypatch):
    import socket

    monkeypatch.chdir(tmp_path)
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    try:
        r = run_cli("serve", "--port", str(taken.getsockname()[1]), "--no-browser", "--isolated")
    finally:
        taken.close()
    assert r.exit_code == 2 and "cannot listen on port" in r.output
    r = run_cli("serve", "--no-browser", "--config", str(tmp_path / "nope.toml"))
    assert r.exit_code == 2 and "nope.toml" in r.output
    (tmp_path / "xxgk-lint.toml").write_text('select = ["NOPE9"]\n', encoding="utf-8")
    r = run_cli("serve", "--no-browser", "--port", "0")
    assert r.exit_code == 2 and "NOPE9" in r.output


def test_serve_needs_its_extra(monkeypatch):
    import builtins

    from xxgk_lint import serve

    real = builtins.__import__

    def no_uvicorn(name, *a, **kw):
        if name == "uvicorn":
            raise ImportError("no uvicorn", name="uvicorn")
        return real(name, *a, **kw)

    monkeypatch.setattr(builtins, "__import__", no_uvicorn)
    with pytest.raises(serve.ServeError, match=r"pip install '\.\[serve\]'"):
        serve.run(port=0, open_browser=False)
