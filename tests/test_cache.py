"""The persistent cache (`phaselint/cache.py`): real repositories, real runs of the CLI.

Whether a run parsed is read from `--verbose`'s statistics line, `cache: FOLDER; run: hit|miss
…; documents: N hits, M misses` — a miss is a document built by the parser, a hit one loaded.
"""

from __future__ import annotations

import os
import pickle
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import PHASE_DOC, ROOT, Repo
from phaselint import cache as cache_module

DOC = "docs/development/V1.2.0_PHASE_1.md"
OTHER = "docs/development/V1.2.0_PHASE_2.md"
CALENDAR = PHASE_DOC.replace("Foundation", "Week 1")
STATS = re.compile(
    r"^cache: (?P<where>.*); run: (?P<run>[^;]*); documents: (?P<hits>\d+) hits, (?P<misses>\d+) misses$",
    re.M,
)


@pytest.fixture(autouse=True)
def cache_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests are about the cache: on, wherever the suite is run from."""
    monkeypatch.delenv("PHASELINT_NO_CACHE", raising=False)
    monkeypatch.delenv("PHASELINT_CACHE_DIR", raising=False)


def planning(repo: Repo) -> None:
    """A phase document with a calendar heading (CAL001), another phase, and a spec whose
    `.status` SP003 can fix."""
    repo.write(DOC, CALENDAR)
    repo.write(OTHER, PHASE_DOC.replace("Phase 1", "Phase 2"))
    repo.write("specs/001-a/spec.md", "# Feature Specification: A\n")
    repo.write("specs/001-a/.status", "Implementing\n")
    repo.commit()


def stats(stderr: str) -> dict[str, str]:
    match = STATS.search(stderr)
    assert match is not None, stderr
    return match.groupdict()


def warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("phaselint: warning: cache")]


def run(
    repo: Repo, *args: str, env: dict[str, str] | None = None
) -> tuple[list[dict[str, Any]], dict[str, str], str]:
    result = repo.check("--verbose", *args, env=env)
    assert result.exit_code in (0, 1), result.stderr
    return result.diagnostics, stats(result.stderr), result.stderr


def entries(folder: Path) -> list[Path]:
    return sorted(p for p in (folder / f"v{cache_module.FORMAT}").rglob("*") if p.is_file())


def test_a_warm_rerun_returns_the_same_diagnostics_and_parses_nothing(repo: Repo) -> None:
    planning(repo)
    cold, first, _ = run(repo)
    assert first["run"] == "miss (stored)"
    assert first["hits"] == "0" and int(first["misses"]) >= 2
    warm, second, stderr = run(repo)
    assert warm == cold and ("CAL001", DOC) in {(d["code"], d["path"]) for d in warm}
    assert second == {**first, "run": "hit", "misses": "0"}
    assert warnings(stderr) == []
    # Its own .gitignore keeps the folder out of git's listing and out of commits.
    folder = repo.path / ".phaselint_cache"
    assert (folder / ".gitignore").read_text().splitlines()[-1] == "*"
    assert (
        (folder / "CACHEDIR.TAG")
        .read_text()
        .startswith("Signature: 8a477f597d28d172789f06886806bc55")
    )
    assert repo.git("status", "--porcelain") == ""
    # Every output format is rendered from the recalled run as from a fresh one.
    for output in ("text", "sarif", "github"):
        assert repo.check(fmt=output).output == repo.check("--no-cache", fmt=output).output
    assert (
        repo.check("--statistics", fmt="text").output
        == repo.check("--statistics", "--no-cache", fmt="text").output
    )


def test_a_file_changed_in_place_with_the_same_size_and_time_is_never_served(repo: Repo) -> None:
    planning(repo)
    path = repo.path / DOC
    run(repo)
    info = path.stat()
    changed = CALENDAR.replace("Week 1", "Wook 1")  # same length: no calendar word any more
    assert len(changed) == len(CALENDAR)
    path.write_text(changed.lstrip("\n"), encoding="utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert path.stat().st_size == info.st_size and path.stat().st_mtime_ns == info.st_mtime_ns
    diagnostics, after, _ = run(repo)
    assert after["run"] == "miss (stored)"
    assert ("CAL001", DOC) not in {(d["code"], d["path"]) for d in diagnostics}
    # Only the changed document is parsed again; the others are loaded.
    assert after["misses"] == "1" and int(after["hits"]) >= 1
    assert diagnostics == repo.check("--no-cache").diagnostics


def test_after_one_file_changes_only_its_documents_shards_are_written(repo: Repo) -> None:
    """The documents of a run are kept in shards by the first digit of their text's hash:
    editing one document rewrites the shards of its old and its new text, no other."""
    planning(repo)
    for number in range(40):
        repo.write(f"specs/{number + 2:03d}-s/spec.md", f"# Feature Specification: S{number}\n")
    repo.commit()
    run(repo)
    folder = repo.path / ".phaselint_cache" / f"v{cache_module.FORMAT}" / "documents"
    written = {p.name: p.stat().st_ino for p in folder.iterdir()}  # a rewrite: a new file
    assert len(written) > 2  # 43 documents over 16 shards
    before = (repo.path / DOC).read_text(encoding="utf-8")
    shard_of = {cache_module._digest(text)[0] for text in (before, before + "\nMore.\n")}
    (repo.path / DOC).write_text(before + "\nMore.\n", encoding="utf-8")
    diagnostics, after, _ = run(repo)
    assert after["misses"] == "1"
    now = {p.name: p.stat().st_ino for p in folder.iterdir()}
    rewritten = {name[-1] for name, stamp in now.items() if written.get(name) != stamp}
    assert rewritten == shard_of
    assert diagnostics == repo.check("--no-cache").diagnostics


def test_what_a_run_depends_on_invalidates_it(repo: Repo) -> None:
    planning(repo)
    baseline, _, _ = run(repo)
    # The configuration (the effective one: a key, then the rule options of the command line).
    repo.write("phaselint.toml", 'ignore = ["CAL001"]\n')
    configured, state, _ = run(repo)
    assert state["run"].startswith("miss") and len(configured) == len(baseline) - 1
    (repo.path / "phaselint.toml").unlink()
    assert run(repo)[1]["run"] == "hit"
    selected, state, _ = run(repo, "--select", "CAL")
    assert state["run"].startswith("miss") and {d["code"] for d in selected} == {"CAL001"}
    # A new file (the listing), a deleted one, a run on given files.
    repo.write("docs/development/V1.2.0_PHASE_3.md", CALENDAR.replace("Phase 1", "Phase 3"))
    added, state, _ = run(repo)
    assert state["run"].startswith("miss") and len(added) > len(baseline)
    (repo.path / "docs/development/V1.2.0_PHASE_3.md").unlink()
    removed, state, _ = run(repo)
    # The outcome kept was the last run's; every document is loaded, none parsed.
    assert removed == baseline and state["run"].startswith("miss") and state["misses"] == "0"
    one, state, _ = run(repo, DOC)
    assert state["run"].startswith("miss") and {d["path"] for d in one} == {DOC}
    assert run(repo, DOC)[1]["run"] == "hit"


def test_the_branch_is_a_question_asked_again(repo: Repo) -> None:
    """Git facts the rules read (the checked-out branch here) are part of what is checked."""
    repo.write("specs/001-login/spec.md", "# Feature Specification: Login\n")
    repo.write("specs/001-login/.status", "implementing\n")
    repo.commit()
    repo.git("checkout", "-q", "-b", "001-login")
    run(repo)
    assert run(repo)[1]["run"] == "hit"
    repo.git("checkout", "-q", "-b", "002-other")
    elsewhere, state, _ = run(repo)
    assert state["run"].startswith("miss")
    assert elsewhere == repo.check("--no-cache").diagnostics


def test_fixes_come_back_from_the_cache_and_apply(repo: Repo) -> None:
    planning(repo)
    run(repo)
    assert run(repo)[1]["run"] == "hit"
    result = repo.check("--fix", "--select", "SP003")
    assert result.exit_code == 0, result.stderr
    result = repo.check("--fix")
    assert (repo.path / "specs/001-a/.status").read_text() == "implementing\n"
    assert "SP003" not in result.codes()


def test_no_cache_and_the_environment_turn_it_off(repo: Repo) -> None:
    planning(repo)
    for args, env in ((("--no-cache",), None), ((), {"PHASELINT_NO_CACHE": "1"})):
        result = repo.check("--verbose", *args, env=env)
        assert "cache: not used" in result.stderr
        assert not (repo.path / ".phaselint_cache").exists()
    assert "cache: not used" not in repo.check("--verbose", env={"PHASELINT_NO_CACHE": "0"}).stderr


def test_phaselint_cache_dir_and_cache_dir_move_it(repo: Repo, tmp_path: Path) -> None:
    planning(repo)
    elsewhere = tmp_path / "elsewhere"
    env = {"PHASELINT_CACHE_DIR": str(elsewhere)}
    first = run(repo, env=env)
    assert stats(first[2])["where"] == str(elsewhere) and entries(elsewhere)
    assert run(repo, env=env)[1]["run"] == "hit"
    assert not (repo.path / ".phaselint_cache").exists()
    repo.write("phaselint.toml", 'cache-dir = "build/lint-cache"\n')
    repo.commit()
    configured = repo.path / "build/lint-cache"
    assert run(repo)[1]["where"] == str(configured)
    assert run(repo)[1]["run"] == "hit"
    assert repo.git("status", "--porcelain") == ""  # its own .gitignore
    # The environment wins over the configuration.
    assert run(repo, env=env)[1]["where"] == str(elsewhere)


@pytest.mark.parametrize("cache_dir", [None, "lint-cache"])
def test_outside_git_the_cache_folder_is_not_listed(
    repo: Repo, tmp_path: Path, cache_dir: str | None
) -> None:
    """A folder that is no git repository is walked: the cache folder is not among its files
    (else every run would see a new listing, and lint the cache)."""
    folder = tmp_path / "plain"
    folder.mkdir()
    plain = Repo.__new__(Repo)
    plain.path, plain.monkeypatch = folder, repo.monkeypatch
    plain.write(DOC, CALENDAR)
    if cache_dir:
        plain.write("phaselint.toml", f'cache-dir = "{cache_dir}"\n')
    cold = plain.check("--verbose")
    warm = plain.check("--verbose")
    assert stats(warm.stderr)["run"] == "hit"
    assert warm.diagnostics == cold.diagnostics
    listed = re.search(r"files listed: (\d+)", warm.stderr)
    assert listed is not None and listed.group(1) == ("2" if cache_dir else "1")


# Bad input: each is a miss with at most one warning line, never a wrong result or a crash ----


def damage(folder: Path, how: str) -> None:
    for path in entries(folder):
        data = path.read_bytes()
        if how == "garbage":
            path.write_bytes(b"\x80\x05not a pickle at all" + data[:7])
        elif how == "truncated":
            path.write_bytes(data[: len(data) // 2])
        elif how == "empty":
            path.write_bytes(b"")
        elif how == "foreign":
            # A pickle that would run a command if loaded by a plain unpickler.
            path.write_bytes(pickle.dumps(Exploit()))
        elif how == "swapped":
            path.write_bytes(entries(folder)[0].read_bytes())


class Exploit:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("touch pwned",))


@pytest.mark.parametrize("how", ["garbage", "truncated", "empty", "foreign", "swapped"])
def test_a_damaged_cache_is_a_miss_with_one_warning_and_heals(repo: Repo, how: str) -> None:
    planning(repo)
    expected, _, _ = run(repo)
    damage(repo.path / ".phaselint_cache", how)
    diagnostics, state, stderr = run(repo)
    assert diagnostics == expected
    assert state["run"].startswith("miss")
    assert len(warnings(stderr)) <= 1
    assert not (repo.path / "pwned").exists() and not Path("pwned").exists()
    # Damaged entries were replaced: the next run is a plain hit again.
    again, state, stderr = run(repo)
    assert again == expected and state["run"] == "hit" and warnings(stderr) == []


def test_an_entry_written_by_another_version_is_a_miss(repo: Repo) -> None:
    planning(repo)
    expected, _, _ = run(repo)
    for path in entries(repo.path / ".phaselint_cache"):
        with path.open("rb") as handle:
            _, kind, key, value = cache_module._Unpickler(handle).load()
        path.write_bytes(pickle.dumps(("phaselint-cache-0", kind, key, value)))
    diagnostics, state, stderr = run(repo)
    assert diagnostics == expected and state["run"].startswith("miss")
    assert len(warnings(stderr)) <= 1


def test_a_cache_folder_that_is_a_file_is_left_alone(repo: Repo) -> None:
    planning(repo)
    expected = repo.check("--no-cache").diagnostics
    (repo.path / ".phaselint_cache").write_text("not a folder\n")
    for _ in range(2):
        result = repo.check("--verbose")
        assert result.exit_code == 1 and result.diagnostics == expected
        assert len(warnings(result.stderr)) == 1
        assert (repo.path / ".phaselint_cache").read_text() == "not a folder\n"


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes whatever the permissions"
)
def test_a_read_only_cache_folder_is_read_not_written(repo: Repo) -> None:
    planning(repo)
    run(repo)
    folder = repo.path / ".phaselint_cache"
    modes = {path: path.stat().st_mode for path in [folder, *folder.rglob("*")]}
    for path in [folder, *folder.rglob("*")]:
        if path.is_dir():
            path.chmod(0o555)
    try:
        assert run(repo)[1]["run"] == "hit"
        repo.write(DOC, CALENDAR + "\nMore text.\n")
        diagnostics, _, stderr = run(repo)
        assert len(warnings(stderr)) == 1 and diagnostics == repo.check("--no-cache").diagnostics
    finally:
        for path, mode in modes.items():
            path.chmod(mode)


def test_a_linked_entry_is_never_followed(repo: Repo, tmp_path: Path) -> None:
    """An entry that is a symbolic link is not read: here the link leads to a FIFO outside
    the cache, which would block the run if it were opened."""
    planning(repo)
    expected, _, _ = run(repo)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for path in entries(repo.path / ".phaselint_cache"):
        path.unlink()
        path.symlink_to(fifo)
    diagnostics, state, stderr = run(repo)
    assert diagnostics == expected and state["run"].startswith("miss")
    assert len(warnings(stderr)) <= 1


def test_a_cache_folder_git_tracks_is_not_trusted(repo: Repo) -> None:
    """Committed entries could have been written by anyone: they are neither read nor written,
    and they are linted as any file of the repository."""
    planning(repo)
    run(repo)
    repo.git("add", "-f", ".phaselint_cache")
    repo.commit("commit the cache")
    result = repo.check("--verbose")
    assert len(warnings(result.stderr)) == 1 and "git lists files" in result.stderr
    assert stats(result.stderr)["where"].endswith("(not used)")
    assert result.diagnostics == repo.check("--no-cache").diagnostics


def test_a_cache_folder_leading_out_is_not_used(repo: Repo, tmp_path: Path) -> None:
    """Neither a cache folder that is a symbolic link nor a `cache-dir` outside the project
    (a repository's configuration never makes phaselint write elsewhere) is used."""
    planning(repo)
    outside = tmp_path / "outside"
    outside.mkdir()
    expected = repo.check("--no-cache").diagnostics
    (repo.path / ".phaselint_cache").symlink_to(outside)
    result = repo.check("--verbose")
    assert result.diagnostics == expected and len(warnings(result.stderr)) == 1
    (repo.path / ".phaselint_cache").unlink()
    repo.write("phaselint.toml", f'cache-dir = "../{outside.name}"\n')
    result = repo.check("--verbose")
    assert result.diagnostics == expected and len(warnings(result.stderr)) == 1
    repo.write("phaselint.toml", 'cache-dir = "build/../.cache"\n')
    (repo.path / ".cache").mkdir()
    (repo.path / ".cache/v1").symlink_to(outside)
    result = repo.check("--verbose")
    assert result.diagnostics == expected and len(warnings(result.stderr)) == 1
    assert list(outside.iterdir()) == []


def test_the_cache_is_bounded(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the bound, the entries written longest ago go (here runs on eight different
    targets, each with its outcome and its documents)."""
    planning(repo)
    monkeypatch.setattr(cache_module, "MAX_ENTRIES", 5)
    for number in range(8):
        target = f"docs/development/V1.3.0_PHASE_{number + 1}.md"
        repo.write(
            target, CALENDAR.replace("1.2.0", "1.3.0").replace("Phase 1", f"Phase {number + 1}")
        )
        run(repo, target)
        assert len(entries(repo.path / ".phaselint_cache")) <= 5
    assert run(repo, target)[1]["run"] == "hit"  # the newest are kept
    monkeypatch.setattr(cache_module, "MAX_BYTES", 1)
    run(repo)
    assert entries(repo.path / ".phaselint_cache") == []


def test_concurrent_runs_both_succeed(repo: Repo) -> None:
    """Two processes at once, on a cold cache and then a warm one: each writes its entries
    to temporary files moved into place, so neither reads half an entry."""
    planning(repo)
    for number in range(30):
        repo.write(f"specs/{number + 2:03d}-s/spec.md", f"# Feature Specification: {number}\n")
    repo.commit()
    expected = repo.check("--no-cache").output
    env = {key: value for key, value in os.environ.items() if not key.startswith("PHASELINT")}
    env["PYTHONPATH"] = str(ROOT)
    command = [sys.executable, "-m", "phaselint", "check", "--format", "json"]
    for _ in range(3):
        processes = [
            subprocess.Popen(
                command, cwd=repo.path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
            )
            for _ in range(2)
        ]
        for process in processes:
            out, err = process.communicate(timeout=120)
            assert process.returncode == 1, err
            assert out.decode() == expected
            assert err.decode() == ""
    assert not list((repo.path / ".phaselint_cache").rglob(".tmp-*"))


def test_every_type_a_stored_run_holds_may_be_read_back(repo: Repo) -> None:
    # A fix carries its safety (an enum): the recalled run must be a hit, not a damaged entry.
    repo.write("specs/001-a/spec.md", "# Feature Specification: A\n")
    repo.write("specs/001-a/.status", "Implementing\n")
    repo.commit()
    run(repo)
    _, second, stderr = run(repo)
    assert second["run"] == "hit"
    assert warnings(stderr) == []
