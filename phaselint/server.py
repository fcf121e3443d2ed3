"""`phaselint server`: a language server (LSP over stdio) for editors.

It lints the project a document belongs to whenever a document is opened, changed, saved or
closed, with the editor's buffers read in place of the files on disk (an overlay on the working
tree, `phaselint.snapshot.OverlaySnapshot`): cross-file rules see what is typed, before it is
saved. Diagnostics are published for every file the lint reports on, and an empty list for a
file that became clean. The safe fixes are offered as quick fixes, and hovering a diagnostic
shows its rule's `phaselint explain` page.

pygls is an optional dependency (`phaselint[server]`): only this module imports it, and only the
`server` command imports this module, so the hook stays light.

Positions: phaselint counts 1-based lines and 1-based columns in code points; LSP counts 0-based
lines and columns in code units of the encoding agreed at initialization (UTF-16 unless the
client offers another).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import NamedTuple

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from phaselint import __version__
from phaselint.diagnostics import Diagnostic, Edit, Severity

SOURCE = "phaselint"
# The line breaks LSP counts (and `phaselint.snapshot.decode` normalizes to `\n`).
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_BOM = "\ufeff"

# -- positions: phaselint's (1-based, code points) to LSP's (0-based, code units) --------------


def code_units(text: str, encoding: str) -> int:
    """How long `text` is in the code units of a position encoding."""
    if encoding == types.PositionEncodingKind.Utf32:
        return len(text)
    if encoding == types.PositionEncodingKind.Utf8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


class Lines:
    """The lines of a document as the editor holds it, for converting positions."""

    def __init__(self, text: str) -> None:
        self.lines = _LINE_BREAK.split(text)
        # phaselint reads a file without its byte-order mark; the editor may show it.
        self.bom = 1 if text.startswith(_BOM) else 0
        self.newline = "\r\n" if "\r\n" in text else "\n"

    def position(self, line: int, column: int, encoding: str) -> types.Position:
        """phaselint's (line, column) as an LSP position; a column past the end of its line
        stops there, a line past the end is the end of the document (as `--fix` reads them)."""
        if line - 1 >= len(self.lines):
            last = len(self.lines) - 1
            return types.Position(last, code_units(self.lines[last], encoding))
        text = self.lines[max(line, 1) - 1]
        shift = self.bom if line == 1 else 0
        return types.Position(max(line, 1) - 1, code_units(text[: column - 1 + shift], encoding))

    def range(
        self, line: int, column: int, end_line: int, end_column: int, encoding: str
    ) -> types.Range:
        return types.Range(
            self.position(line, column, encoding), self.position(end_line, end_column, encoding)
        )


def _contains(span: types.Range, position: types.Position) -> bool:
    start, end = span.start, span.end
    return (
        (start.line, start.character)
        <= (position.line, position.character)
        <= (
            end.line,
            end.character,
        )
    )


def _overlaps(span: types.Range, other: types.Range) -> bool:
    return (
        _contains(span, other.start) or _contains(span, other.end) or _contains(other, span.start)
    )


# -- the server ---------------------------------------------------------------------------------


class Published(NamedTuple):
    """A diagnostic as the editor was given it, beside phaselint's own (for fixes and hover)."""

    shown: types.Diagnostic
    diagnostic: Diagnostic
    lines: Lines


class PhaselintServer(LanguageServer):
    """The language server: what it last published, by document URI and by project root."""

    def __init__(self) -> None:
        super().__init__(SOURCE, __version__)
        self.published: dict[str, list[Published]] = {}
        self.by_root: dict[Path, set[str]] = {}
        self.said: set[str] = set()
        self.shut_down = False

    @property
    def encoding(self) -> str:
        return str(self.workspace.position_encoding or types.PositionEncodingKind.Utf16)

    def tell(self, message: str, kind: types.MessageType = types.MessageType.Error) -> None:
        """Show a message once (a broken configuration would otherwise say so on every key)."""
        if message not in self.said:
            self.said.add(message)
            self.window_show_message(types.ShowMessageParams(kind, f"phaselint: {message}"))

    def log(self, message: str) -> None:
        self.window_log_message(
            types.LogMessageParams(types.MessageType.Warning, f"phaselint: {message}")
        )

    # -- which project a document belongs to -------------------------------------------------

    def root_of(self, path: Path) -> tuple[Path, Path | None]:
        """The project root of a file, as `phaselint check` would find it run from the file's
        folder; outside git and without a configuration, the workspace folder holding it."""
        from phaselint.checking import find_root
        from phaselint.config import holds_config

        folder = Path(os.path.realpath(path.parent))
        root, top = find_root(folder)
        if top is None and not holds_config(root):
            for candidate in self._workspace_folders():
                if folder == candidate or candidate in folder.parents:
                    return candidate, None
        return root, top

    def _workspace_folders(self) -> list[Path]:
        found = []
        for folder in self.workspace.folders.values():
            path = to_fs_path(folder.uri)
            if path is not None:
                found.append(Path(os.path.realpath(path)))
        if self.workspace.root_path:
            found.append(Path(os.path.realpath(self.workspace.root_path)))
        return sorted(found, key=lambda p: len(p.parts), reverse=True)  # the innermost first

    def _open_documents(self, root: Path) -> dict[str, tuple[str, str]]:
        """The open documents below `root`: repository path → (URI, the buffer's text)."""
        found: dict[str, tuple[str, str]] = {}
        for uri, document in self.workspace.text_documents.items():
            path = to_fs_path(uri)
            if path is None:
                continue
            real = Path(os.path.realpath(Path(path).parent)) / Path(path).name
            if root in real.parents:
                found[real.relative_to(root).as_posix()] = (uri, document.source)
        return found

    # -- linting -----------------------------------------------------------------------------

    def lint_document(self, uri: str) -> None:
        """Lint the project `uri` belongs to, with every open buffer of it, and publish."""
        from phaselint.checking import UsageProblem, lint_overlay, load_checked_config, select_rules

        path = to_fs_path(uri)
        if path is None:
            return  # not a file (an untitled buffer, a diff view): nothing to lint it against
        root, top = self.root_of(Path(path))
        opened = self._open_documents(root)
        contents = {
            name: text.encode("utf-8", "surrogatepass") for name, (_, text) in opened.items()
        }
        try:
            config = load_checked_config(root, None)
            rules = select_rules(config, (), (), ())
            project, report = lint_overlay(
                root, top, config, rules, contents, "the editor", whole=True
            )
        except UsageProblem as problem:
            self.tell(str(problem))
            return
        except Exception as error:  # a defect must not take the editor's server down
            self.log(f"internal error: {type(error).__name__}: {error} (please report this)")
            return
        for failure in report.internal_errors:
            self.log(f"internal error: {failure} (please report this)")
        by_path: dict[str, list[Diagnostic]] = {}
        for diagnostic in report.diagnostics:
            by_path.setdefault(diagnostic.path, []).append(diagnostic)
        shown: set[str] = set()
        for name, diagnostics in by_path.items():
            target, text = opened.get(name, (None, None))
            if text is None:
                text = project.text(name) or ""
            lines = Lines(text)
            target = target or (root / name).as_uri()
            self.publish(target, [self.convert(d, lines) for d in diagnostics])
            shown.add(target)
        # Files that became clean: published empty, as is the document linted.
        for target in (self.by_root.get(root, set()) | {uri}) - shown:
            self.publish(target, [])
        self.by_root[root] = shown

    def convert(self, diagnostic: Diagnostic, lines: Lines) -> Published:
        d = diagnostic
        shown = types.Diagnostic(
            range=lines.range(d.line, d.column, d.end_line, d.end_column, self.encoding),
            message=d.message,
            severity=(
                types.DiagnosticSeverity.Error
                if d.severity is Severity.ERROR
                else types.DiagnosticSeverity.Warning
            ),
            code=d.code,
            source=SOURCE,
        )
        return Published(shown, d, lines)

    def publish(self, uri: str, published: list[Published]) -> None:
        if published:
            self.published[uri] = published
        else:
            self.published.pop(uri, None)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri, [p.shown for p in published])
        )

    # -- what the editor asks ----------------------------------------------------------------

    def code_actions(self, uri: str, span: types.Range) -> list[types.CodeAction]:
        """A quick fix for each diagnostic that `span` touches and whose fix is safe (what
        `--fix` applies without `--unsafe-fixes`)."""
        actions = []
        for published in self.published.get(uri, []):
            fix = published.diagnostic.fix
            if fix is None or not fix.applies(False) or not _overlaps(published.shown.range, span):
                continue
            edits = [self.text_edit(edit, published.lines) for edit in fix.edits]
            actions.append(
                types.CodeAction(
                    title=f"{published.diagnostic.code}: {fix.description}",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[published.shown],
                    edit=types.WorkspaceEdit(changes={uri: edits}),
                    is_preferred=True,
                )
            )
        return actions

    def text_edit(self, edit: Edit, lines: Lines) -> types.TextEdit:
        span = lines.range(edit.line, edit.column, edit.end_line, edit.end_column, self.encoding)
        return types.TextEdit(span, edit.text.replace("\n", lines.newline))

    def hover(self, uri: str, position: types.Position) -> types.Hover | None:
        """The explain page of each rule whose diagnostic lies under the cursor."""
        from phaselint.registry import get_rule

        pages: list[str] = []
        span = None
        for published in self.published.get(uri, []):
            if not _contains(published.shown.range, position):
                continue
            found = get_rule(published.diagnostic.code)
            if found is not None and found.page not in pages:
                pages.append(found.page)
                span = span or published.shown.range
        if not pages:
            return None
        return types.Hover(
            contents=types.MarkupContent(types.MarkupKind.Markdown, "\n\n---\n\n".join(pages)),
            range=span,
        )


def build() -> PhaselintServer:
    """The server with its features registered."""
    server = PhaselintServer()

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: PhaselintServer, params: None) -> None:
        ls.shut_down = True

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: PhaselintServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.lint_document(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: PhaselintServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.lint_document(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: PhaselintServer, params: types.DidSaveTextDocumentParams) -> None:
        ls.lint_document(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: PhaselintServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.lint_document(params.text_document.uri)  # the file on disk counts again

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
    )
    def code_action(ls: PhaselintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        return ls.code_actions(params.text_document.uri, params.range)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: PhaselintServer, params: types.HoverParams) -> types.Hover | None:
        return ls.hover(params.text_document.uri, params.position)

    return server


def serve() -> int:
    """Speak LSP over standard input and output until the client says `exit` (or goes away);
    the exit status LSP asks for: 0 after a `shutdown` request, else 1."""
    server = build()
    server.start_io()
    return 0 if server.shut_down else 1
