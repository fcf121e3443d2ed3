"""JUnit XML for CI test reports: one `<testsuite>` per file with diagnostics, one `<testcase>`
per diagnostic, failing with `<failure message="the message" type="CODE">`.

A clean run is one passing testcase, so the CI's test tab shows that phaselint ran; an internal
error is a testcase with an `<error>`. Text is made printable with `one_line` (XML 1.0 cannot
hold most control characters even escaped) and escaped by the XML writer.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from phaselint.diagnostics import Diagnostic
from phaselint.engine import Report
from phaselint.reporters import Settings, one_line
from phaselint.textutil import plural

#: The two code points besides the controls that XML 1.0 forbids.
_NOT_XML = re.compile("[\ufffe\uffff]")


def _text(text: str) -> str:
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", one_line(text))


def render(report: Report, settings: Settings) -> str:
    root = ET.Element("testsuites", name="phaselint")
    if not report.diagnostics:
        suite = ET.SubElement(root, "testsuite", name="phaselint", tests="1", failures="0")
        ET.SubElement(
            suite,
            "testcase",
            classname="phaselint",
            name=f"no problems in {plural(report.files_checked, 'file')}",
        )
    by_path: dict[str, list[Diagnostic]] = {}
    for d in report.diagnostics:
        by_path.setdefault(d.path, []).append(d)
    for path, diagnostics in by_path.items():
        name = _text(settings.prefix + path)
        count = str(len(diagnostics))
        suite = ET.SubElement(root, "testsuite", name=name, tests=count, failures=count, errors="0")
        for d in diagnostics:
            case = ET.SubElement(
                suite,
                "testcase",
                classname=name,
                name=f"{d.code} at {d.line}:{d.column}",
                file=name,
                line=str(d.line),
            )
            failure = ET.SubElement(case, "failure", message=_text(d.message), type=d.code)
            failure.text = (
                f"{name}:{d.line}:{d.column}: {d.code} [{d.severity}] {_text(d.message)}\n"
                f"Run `phaselint explain {d.code}` for why and how to fix."
            )
    if report.internal_errors:
        suite = ET.SubElement(
            root,
            "testsuite",
            name="phaselint internal errors",
            tests=str(len(report.internal_errors)),
            failures="0",
            errors=str(len(report.internal_errors)),
        )
        for index, error in enumerate(report.internal_errors, 1):
            case = ET.SubElement(
                suite, "testcase", classname="phaselint", name=f"internal error {index}"
            )
            ET.SubElement(case, "error", message=_text(error), type="internal-error")
    tests = sum(int(suite.get("tests", "0")) for suite in root)
    root.set("tests", str(tests))
    root.set("failures", str(len(report.diagnostics)))
    root.set("errors", str(len(report.internal_errors)))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
