"""CLR — zero NEEDS CLARIFICATION past the clarification gate (the release train, PARA, phase-based
development)."""

from __future__ import annotations

from collections.abc import Iterator

from phaselint.clarification import ClarificationOptions
from phaselint.diagnostics import Diagnostic, Severity
from phaselint.methods import PlanningDoc
from phaselint.registry import RuleContext, rule
from phaselint.textutil import brief, plural


@rule("CLR001", "unresolved-clarification", Severity.ERROR, methodology="*", target=PlanningDoc)
def unresolved_clarification(doc: PlanningDoc, ctx: RuleContext) -> Iterator[Diagnostic]:
    """An unresolved `[NEEDS CLARIFICATION]` marker in a document past its clarification gate.

    ## What it does
    Reports every `[NEEDS CLARIFICATION]` or `[NEEDS CLARIFICATION: question]` marker (any case,
    any whitespace) in a document that has passed its clarification gate, quoting the question:

    - any artifact of a spec whose `.status` stage is `clarified` or later; a spec without
      `.status` once its folder holds `plan.md` or `tasks.md` (a `/clarify` session may end with
      markers left, so a Clarifications section alone does not close the gate);
    - a PARA phase plan whose phase is `in_progress` or `completed`, and the master plan once
      any phase has started;
    - a phase document whose status is In Progress or Complete.

    Markers in code blocks, inline code and HTML comments are not markers; neither is a sentence
    that talks about markers ("No [NEEDS CLARIFICATION] markers remain", "Answer all
    [NEEDS CLARIFICATION] markers"), nor the older spec-kit template's guidance "Use
    [NEEDS CLARIFICATION: specific question] for any assumption you'd need to make". A line
    that is the template's own example (its "Example of marking unclear requirements" lines,
    or the example lines of the repository's `.specify/templates/`) is SP018's to report —
    template text left in — and not reported here too.

    ## Why is this bad?
    The release train, stage 1 (clarified): "Quality Gate: Zero [NEEDS CLARIFICATION] remaining", and the
    `/clarify` ceremony's gate is "No [NEEDS CLARIFICATION] remaining". Work planned on an open
    question is planned on a guess.

    ## Example
    ```markdown
    - **FR-006**: System MUST authenticate users via [NEEDS CLARIFICATION: auth method not specified]
    ```
    in a spec whose `.status` says `planned`.

    ## Use instead
    ```markdown
    - **FR-006**: System MUST authenticate users via email and password (see Clarifications, Session 2025-12-18)
    ```

    ## How to fix
    Answer the question, record the answer (spec-kit keeps them in `## Clarifications`), and
    replace the marker with the decision — or move the stage back to `draft`.

    ## Options
    `[tool.phaselint.clarification]`: `markers`.
    """
    if doc.past_gate is not True:
        return
    for marker in doc.open_markers(ctx.options(ClarificationOptions)):
        what = (
            f'unresolved clarification "{brief(marker.question, 80)}"'
            if marker.question
            else "unresolved [NEEDS CLARIFICATION] marker"
        )
        yield ctx.diagnostic(
            doc.path,
            marker.line,
            marker.column,
            f"{what}: {doc.gate}, past the clarification gate — answer it, record the decision "
            "and remove the marker",
            end_column=marker.end_column,
        )


@rule("CLR002", "pending-clarifications", Severity.WARNING, methodology="*", target=PlanningDoc)
def pending_clarifications(doc: PlanningDoc, ctx: RuleContext) -> Iterator[Diagnostic]:
    """Clarification markers remain in a document that has not reached its gate yet.

    ## What it does
    Counts the `[NEEDS CLARIFICATION]` markers of a document that has not passed its
    clarification gate (a draft spec, a phase plan whose phase is pending, a Planned phase
    document) and reports them once, at the first marker, as information for the author. The
    same markers become CLR001 errors once the document passes its gate.

    ## Why is this bad?
    It is not, yet: the release train's draft stage says "Mark unclear areas with [NEEDS CLARIFICATION]".
    The warning shows how many questions stand between the document and `/clarify`.

    ## Example
    A draft `spec.md` with three markers: one warning, "3 clarification markers remain".

    ## How to fix
    Run `/clarify` (or answer the questions by hand) before moving the spec on.
    """
    if doc.past_gate is not False:
        return
    markers = doc.open_markers(ctx.options(ClarificationOptions))
    if not markers:
        return
    first = markers[0]
    quoted = f' (first: "{brief(first.question, 80)}")' if first.question else ""
    yield ctx.diagnostic(
        doc.path,
        first.line,
        first.column,
        f"{plural(len(markers), 'clarification marker')} remain{'s' if len(markers) == 1 else ''}"
        f"{quoted}; {doc.gate} — answer {'it' if len(markers) == 1 else 'them'} before the "
        "document moves past its clarification gate",
        end_column=first.end_column,
    )
