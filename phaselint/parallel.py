"""Parsing on two cores: a whole-repository run parses its planning documents in two processes.

Parsing markdown is half of a cold whole-repository run, and each document's parse depends on
its text alone. Before the rules run, `prefetch` reads the documents the methods could own
(`phaselint.claims`) whose parse the cache does not hold, forks one child that parses half of
them while this process parses the other half, and takes the child's facts (`document.Facts`,
without the text, which this process has) through a pipe. The rules then find every document
parsed; what was not prefetched is parsed when first asked for, as before.

Only when asked (`PHASELINT_JOBS=2`) and safe: at least `MIN_DOCUMENTS` documents to parse,
two cores or more, `os.fork` available (not on Windows). It was the default while markdown-it
parsed every document (half of a cold run); since the block scanner (`phaselint.blocks`) a
parse is a fifth of a cold run, and the child's facts cost about what its half of the parse
saves (1,000 specs: 5.3–5.8 s either way, 0.4 s more CPU on two), so one process is the
default. The child only
parses: it touches no file, no git process and no cache, and leaves with `os._exit`. If it fails
in any way — dies, writes something unreadable — this process parses its half itself: the
result is the same, only slower.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from phaselint.document import Facts
    from phaselint.project import Project

#: Fewer documents than this are parsed in one process: forking would cost more than it saves.
MIN_DOCUMENTS = 200


def jobs() -> int:
    """How many processes may parse: `PHASELINT_JOBS` (two at most: one child); one when it is
    not set."""
    setting = os.environ.get("PHASELINT_JOBS", "").strip()
    return max(1, min(int(setting), 2)) if setting.isdigit() else 1


def prefetch(project: Project) -> int:
    """Parse the planning documents of a whole-repository run on two cores; the number the
    child parsed (0 when the run stays on one)."""
    if jobs() < 2 or not hasattr(os, "fork"):
        return 0
    from phaselint.claims import claimed

    texts = [
        (path, text)
        for path in project.files
        if path.endswith(".md")
        and claimed(path, project.config)
        and not project.parsed(path)
        and (text := project.text(path)) is not None
        and not project.stored(text)
    ]
    if len(texts) < MIN_DOCUMENTS:
        return 0
    # Halves of about the same size: every other document, the largest first.
    texts.sort(key=lambda item: len(item[1]), reverse=True)
    theirs, mine = texts[0::2], texts[1::2]
    facts = _in_child([text for _, text in theirs], lambda: project.parse_all(mine))
    if facts is None:
        project.parse_all(theirs)
        return 0
    project.adopt_all(
        [(path, text, found) for (path, text), found in zip(theirs, facts, strict=True)]
    )
    return len(theirs)


def _in_child(texts: Sequence[str], meanwhile: object) -> list[Facts] | None:
    """The facts of `texts`, parsed in a forked child while `meanwhile()` runs here; None
    when the child fails."""
    assert callable(meanwhile)
    reading, writing = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(reading)
        os.close(writing)
        meanwhile()
        return None
    if pid == 0:  # the child: parse, send, leave without running this process's exit handlers
        status = 1
        try:
            os.close(reading)
            from phaselint.document import Document

            found = [Document("", text).facts()._replace(text="") for text in texts]
            data = pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(writing, "wb") as pipe:
                pipe.write(data)
            status = 0
        finally:
            os._exit(status)
    os.close(writing)
    try:
        meanwhile()
    finally:
        with os.fdopen(reading, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
    if status != 0:
        return None
    try:
        found = pickle.loads(data)
    except Exception:
        return None
    if not isinstance(found, list) or len(found) != len(texts):
        return None
    return [facts._replace(text=text) for facts, text in zip(found, texts, strict=True)]
