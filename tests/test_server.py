"""`phaselint server`: the language server, driven over stdio with real JSON-RPC.

Each test starts `python -m phaselint server` in a real git repository, writes Content-Length
framed messages to it and reads what it answers, as an editor would.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pytest

from conftest import ROOT, Repo

PHASE = "docs/development/V1.2.0_PHASE_1.md"
CALENDAR_TITLE = "# V1.2.0 - Phase 1: Week 1"
TIMEOUT = 30


class Client:
    """A language client on the other end of a `phaselint server` process."""

    def __init__(self, folder: Path) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        env.pop("GITHUB_ACTIONS", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "phaselint", "server"],
            cwd=folder,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self.folder = folder
        self.messages: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.next_id = 0
        assert self.process.stdout is not None
        threading.Thread(target=self._read, args=(self.process.stdout,), daemon=True).start()

    def _read(self, stream: IO[bytes]) -> None:
        while True:
            length = None
            while True:
                header = stream.readline()
                if not header:
                    self.messages.put(None)
                    return
                if header in (b"\r\n", b"\n"):
                    break
                name, _, value = header.decode("ascii").partition(":")
                if name.strip().casefold() == "content-length":
                    length = int(value)
            assert length is not None, "a message without Content-Length"
            self.messages.put(json.loads(stream.read(length)))

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self.send({"method": method, "params": params})

    def request(self, method: str, params: dict[str, Any] | None) -> Any:
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        answer = self.wait(lambda m: m.get("id") == self.next_id and "method" not in m)
        assert "error" not in answer, answer
        return answer.get("result")

    def wait(self, wanted: Any) -> dict[str, Any]:
        """The next message `wanted` accepts; the others in between are dropped."""
        while True:
            try:
                message = self.messages.get(timeout=TIMEOUT)
            except queue.Empty:
                raise AssertionError("the server said nothing in time") from None
            if message is None:
                raise AssertionError(f"the server ended: {self.stderr()}")
            if wanted(message):
                return message

    def diagnostics(self, uri: str) -> list[dict[str, Any]]:
        """The next diagnostics published for `uri`."""
        message = self.wait(
            lambda m: (
                m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
            )
        )
        found: list[dict[str, Any]] = message["params"]["diagnostics"]
        return found

    def stderr(self) -> str:
        assert self.process.stderr is not None
        self.process.kill()
        return self.process.stderr.read().decode("utf-8", "replace")

    def start(self, encodings: list[str] | None = None) -> dict[str, Any]:
        capabilities: dict[str, Any] = {}
        if encodings:
            capabilities["general"] = {"positionEncodings": encodings}
        result: dict[str, Any] = self.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": self.folder.as_uri(),
                "capabilities": capabilities,
            },
        )
        self.notify("initialized", {})
        return result

    def open(self, uri: str, text: str, version: int = 1) -> None:
        self.notify(
            "textDocument/didOpen",
            {
                "textDocument": {
                    "uri": uri,
                    "languageId": "markdown",
                    "version": version,
                    "text": text,
                }
            },
        )

    def change(self, uri: str, text: str, version: int) -> None:
        self.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"text": text}],
            },
        )

    def stop(self) -> int:
        self.request("shutdown", None)
        self.notify("exit", {})
        return self.process.wait(timeout=TIMEOUT)


@pytest.fixture
def client(repo: Repo, phase_doc: str) -> Iterator[Client]:
    pytest.importorskip("pygls")
    repo.write(PHASE, phase_doc)
    repo.commit()
    started = Client(repo.path)
    yield started
    if started.process.poll() is None:
        started.process.kill()
        started.process.wait()


def _uri(repo: Repo, path: str) -> str:
    return (repo.path / path).as_uri()


def _calendar(phase_doc: str, title: str = CALENDAR_TITLE) -> str:
    return phase_doc.lstrip("\n").replace("# V1.2.0 - Phase 1: Foundation", title, 1)


def test_diagnostics_on_open_cleared_on_change_and_shutdown(
    client: Client, repo: Repo, phase_doc: str
) -> None:
    result = client.start()
    assert result["serverInfo"]["name"] == "phaselint"
    uri = _uri(repo, PHASE)
    client.open(uri, _calendar(phase_doc))
    found = client.diagnostics(uri)
    calendar = [d for d in found if d["code"] == "CAL001"]
    assert len(calendar) == 1, found
    # `Week 1` is code points 21-26 of the title: 0-based, end exclusive.
    assert calendar[0]["range"] == {
        "start": {"line": 0, "character": 20},
        "end": {"line": 0, "character": 26},
    }
    assert calendar[0]["severity"] == 1
    assert calendar[0]["source"] == "phaselint"

    client.change(uri, phase_doc.lstrip("\n"), 2)
    assert client.diagnostics(uri) == []
    assert client.stop() == 0
    assert (repo.path / PHASE).read_text(encoding="utf-8") == phase_doc.lstrip("\n")


def test_positions_count_utf16_code_units(client: Client, repo: Repo, phase_doc: str) -> None:
    client.start()
    uri = _uri(repo, PHASE)
    # ` 🚀` is two code points and three UTF-16 code units: `Week 1` starts at unit 23
    # (code point 23 for phaselint, 1-based, is 0-based code point 22).
    client.open(uri, _calendar(phase_doc, "# V1.2.0 - Phase 1 🚀: Week 1"))
    calendar = [d for d in client.diagnostics(uri) if d["code"] == "CAL001"]
    assert calendar, "no CAL001"
    assert calendar[0]["range"]["start"] == {"line": 0, "character": 23}
    assert calendar[0]["range"]["end"] == {"line": 0, "character": 29}
    client.stop()


def test_positions_in_the_encoding_agreed(client: Client, repo: Repo, phase_doc: str) -> None:
    result = client.start(encodings=["utf-32"])
    assert result["capabilities"]["positionEncoding"] == "utf-32"
    uri = _uri(repo, PHASE)
    client.open(uri, _calendar(phase_doc, "# V1.2.0 - Phase 1 🚀: Week 1"))
    calendar = [d for d in client.diagnostics(uri) if d["code"] == "CAL001"]
    assert calendar[0]["range"]["start"] == {"line": 0, "character": 22}
    assert calendar[0]["range"]["end"] == {"line": 0, "character": 28}
    client.stop()


SPEC_FOLDER = "specs/001-login"


def _spec(repo: Repo) -> None:
    repo.write(
        f"{SPEC_FOLDER}/spec.md",
        """
        # Feature Specification: Login

        ## User Scenarios & Testing

        ### User Story 1 - Log in (Priority: P1)

        **Independent Test**: Log in and land on the dashboard.

        ## Requirements

        - **FR-001**: System MUST authenticate users.

        ## Success Criteria

        - **SC-001**: Login takes under a second.
        """,
    )
    repo.write(f"{SPEC_FOLDER}/.status", "draft\n")
    repo.commit()


def test_fix_as_code_action_and_explain_on_hover(client: Client, repo: Repo) -> None:
    _spec(repo)
    client.start()
    uri = _uri(repo, f"{SPEC_FOLDER}/.status")
    client.open(uri, "Draft \n")
    status = [d for d in client.diagnostics(uri) if d["code"] == "SP003"]
    assert len(status) == 1, status
    span = status[0]["range"]
    assert span == {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 6}}

    actions = client.request(
        "textDocument/codeAction",
        {
            "textDocument": {"uri": uri},
            "range": {"start": {"line": 0, "character": 2}, "end": {"line": 0, "character": 2}},
            "context": {"diagnostics": status},
        },
    )
    assert len(actions) == 1, actions
    action = actions[0]
    assert action["kind"] == "quickfix"
    assert action["diagnostics"][0]["code"] == "SP003"
    assert action["edit"]["changes"] == {
        uri: [
            {
                "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 6}},
                "newText": "draft",
            }
        ]
    }

    hover = client.request(
        "textDocument/hover",
        {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 3}},
    )
    assert hover["contents"]["kind"] == "markdown"
    page = hover["contents"]["value"]
    assert page.startswith("SP003 (invalid-status-file)")
    assert "## How to fix" in page
    nothing = client.request(
        "textDocument/hover",
        {"textDocument": {"uri": uri}, "position": {"line": 5, "character": 0}},
    )
    assert nothing is None

    # The fix applied in the editor: the diagnostic goes, and the file on disk never changed.
    client.change(uri, "draft\n", 2)
    assert [d for d in client.diagnostics(uri) if d["code"] == "SP003"] == []
    assert (repo.path / SPEC_FOLDER / ".status").read_text(encoding="utf-8") == "draft\n"
    client.stop()


def test_cross_file_diagnostics_from_the_buffers(client: Client, repo: Repo) -> None:
    """A buffer's unsaved content reaches the diagnostics of another file."""
    _spec(repo)
    repo.write(f"{SPEC_FOLDER}/tasks.md", "# Tasks: Login\n\n- [ ] T001 Build the login form\n")
    repo.commit()
    client.start()
    status_uri = _uri(repo, f"{SPEC_FOLDER}/.status")
    tasks_uri = _uri(repo, f"{SPEC_FOLDER}/tasks.md")
    client.open(status_uri, "testing\n")
    assert "SP011" in {d["code"] for d in client.diagnostics(status_uri)}
    # Checking the task off in the (unsaved) tasks.md clears SP011 on .status.
    client.open(tasks_uri, "# Tasks: Login\n\n- [x] T001 Build the login form\n")
    published: dict[str, list[dict[str, Any]]] = {}
    while status_uri not in published:
        message = client.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics")
        published[message["params"]["uri"]] = message["params"]["diagnostics"]
    assert "SP011" not in {d["code"] for d in published[status_uri]}
    client.stop()


def test_missing_extra_is_one_line(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    # As if pygls were not installed, whether this process imported it already or not.
    for name in [name for name in sys.modules if name.partition(".")[0] == "pygls"]:
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.setitem(sys.modules, "pygls", None)
    monkeypatch.delitem(sys.modules, "phaselint.server", raising=False)
    result = repo.run("server")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "phaselint: error: phaselint server needs the `server` extra: "
        "pip install 'phaselint[server]'"
    ]


def test_the_hook_does_not_import_pygls() -> None:
    code = "import sys, phaselint.cli; print('pygls' in sys.modules)"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


def test_lines_convert_code_points_to_code_units() -> None:
    pytest.importorskip("pygls")
    from phaselint.server import Lines

    lines = Lines("\ufeffé🚀x\r\nab")

    def at(line: int, column: int, encoding: str = "utf-16") -> tuple[int, int]:
        position = lines.position(line, column, encoding)
        return position.line, position.character

    # The byte-order mark phaselint does not see is one unit the editor counts.
    assert at(1, 1) == (0, 1)
    assert at(1, 2) == (0, 2)
    assert at(1, 3) == (0, 4)  # 🚀 is two UTF-16 code units
    assert at(1, 4) == (0, 5)
    assert at(1, 4, "utf-8") == (0, 10)
    assert at(1, 4, "utf-32") == (0, 4)
    assert at(2, 9) == (1, 2)  # past the end of its line
    assert at(7, 1) == (1, 2)  # past the end of the document
    assert lines.newline == "\r\n"
