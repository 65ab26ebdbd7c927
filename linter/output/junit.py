"""JUnit XML, shaped for GitLab CI (``artifacts:reports:junit``) and other JUnit viewers.

One ``<testsuite>`` per file; inside it one failing ``<testcase>`` per finding, named
``CODE path:line`` with ``classname`` = the file's path, so GitLab's test report groups findings by
file and shows the message, help and place in the failure text.  A file without findings gets one
passing test case, so clean files are visible too.  Errors and warnings are ``<failure>`` elements
(``type`` says which); an info is a passing test case with the text in ``<system-out>`` (a hint must not
turn a CI test report red).  An internal error on a file is an ``<error>``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from xxgk_lint.output import Context, counts, internal, other_places, relpath, statistics


def _failure_text(d, ctx: Context) -> str:
    en = ctx.lang == "en"
    rel = relpath(d.path, ctx.root)
    loc = d.location
    lines = [
        f"{rel}:{loc.line}:{loc.column}: {d.code} {d.text(ctx.lang)}" if loc else f"{rel}: {d.code} {d.text(ctx.lang)}"
    ]
    place = " · ".join(x for x in (getattr(d, "context", ""), loc.describe(ctx.lang) if loc else "") if x)
    if place:
        lines.append(("where: " if en else "位置：") + place)
    h = d.help_text(ctx.lang)
    if h:
        lines.append(("help: " if en else "建议：") + h)
    for other in other_places(d, ctx.lang, ctx.root):  # the other file of a cross-report finding
        lines.append(("see: " if en else "参见：") + other)
    if d.fix is not None:
        if en:
            lines.append("fix: " + ("--fix" if d.fix.safe else "--fix --unsafe-fixes"))
        else:
            lines.append(
                "修复：" + ("可用 --fix 自动修复" if d.fix.safe else "可用 --fix --unsafe-fixes 修复（请核对）")
            )
    return "\n".join(lines)


def tree(results, ctx: Context) -> ET.Element:
    total_failures = total_errors = 0
    total_tests = 0
    root = ET.Element("testsuites", name="xxgk-lint")
    for r in results:
        rel = relpath(r.path, ctx.root)
        suite = ET.SubElement(root, "testsuite", name=rel)
        tests = failures = errors = 0
        for rule, message in internal.of(r):  # a rule or the engine failed here: an <error>, not a finding
            name = f"{rule} {rel}" if rule else rel
            case = ET.SubElement(suite, "testcase", name=f"internal error: {name}", classname=rel, file=rel)
            error = ET.SubElement(case, "error", message=internal.line(rel, rule, message, ctx.lang), type="internal")
            error.text = message
            tests += 1
            errors += 1
        if not r.diagnostics and not errors:
            ET.SubElement(suite, "testcase", name=rel, classname=rel, file=rel)
            tests = 1
        for d in r.diagnostics:
            line = d.location.line if d.location is not None else 1
            case = ET.SubElement(
                suite, "testcase", name=f"{d.code} {rel}:{line}", classname=rel, file=rel, line=str(line)
            )
            tests += 1
            if d.severity.label == "info":  # a hint, not a failure (as Spectral and vacuum map them): shown, passing
                ET.SubElement(case, "system-out").text = _failure_text(d, ctx)
                continue
            failure = ET.SubElement(
                case,
                "failure",
                message=f"{d.code} [{d.severity.label_in(ctx.lang)}] {d.text(ctx.lang)}",
                type=d.severity.label,
            )
            failure.text = _failure_text(d, ctx)
            failures += 1
        suite.set("tests", str(tests))
        suite.set("failures", str(failures))
        suite.set("errors", str(errors))
        suite.set("skipped", "0")
        total_tests += tests
        total_failures += failures
        total_errors += errors
    root.set("tests", str(total_tests))
    root.set("failures", str(total_failures))
    root.set("errors", str(total_errors))
    return root


def render(results, ctx: Context) -> str:
    root = tree(results, ctx)
    ET.indent(root)
    # ElementTree escapes &, <, > and quotes; characters XML 1.0 forbids cannot come from decoded text
    # readers except control characters, which we drop so the report always parses.
    body = ET.tostring(root, encoding="unicode")
    body = "".join(ch for ch in body if ch in "\t\n\r" or ord(ch) >= 0x20)
    c = counts(results)
    comment = f"<!-- xxgk-lint: {c['error']} errors, {c['warning']} warnings, {c['info']} infos -->"
    if ctx.statistics:  # --statistics: a comment, so the report stays valid JUnit
        stats = statistics(results, ctx).replace("--", "- -")
        if stats:
            comment += "\n<!-- statistics\n" + stats + "\n-->"
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + comment + "\n" + body
