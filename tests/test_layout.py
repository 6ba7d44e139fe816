"""The method stays free of Discord and storage: tutorat/ imports no discord, aiosqlite, db."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = {"discord", "aiosqlite", "db", "cogs", "sandbox", "bot"}


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def offenders(folder: str) -> dict[str, list[str]]:
    return {
        str(path.relative_to(ROOT)): sorted(imported_roots(path) & FORBIDDEN)
        for path in (ROOT / folder).rglob("*.py")
        if imported_roots(path) & FORBIDDEN
    }


def test_tutorat_imports_no_discord_aiosqlite_or_db():
    assert offenders("tutorat") == {}


def test_the_import_walk_would_see_a_forbidden_import(tmp_path):
    sneaky = tmp_path / "rule.py"
    sneaky.write_text("def f():\n    from discord import Embed\n    return Embed\n")
    assert "discord" in imported_roots(sneaky)


def test_sql_lives_in_db_only():
    for folder in ("tutorat", "cogs"):
        for path in (ROOT / folder).rglob("*.py"):
            text = path.read_text(encoding="utf-8").upper()
            for keyword in ("SELECT ", "INSERT INTO", "UPDATE ", "DELETE FROM"):
                assert f'"{keyword}' not in text, f"SQL in {path.relative_to(ROOT)}"


def test_platform_adapters_reach_the_database_only_through_services():
    assert offenders("sources") == {}


# the rooms: ARCHITECTURE.md's rules, checked ------------------------------------------------

COG_LINES = 300
NOT_YET_MOVED: set[str] = set()
REACHING_IN = re.compile(r"services\.\w+\.\w+\.\w+\(|\.store\.\w+\(")


def test_the_trace_runner_is_an_adapter_outside_cogs_that_knows_no_database():
    assert not (ROOT / "cogs" / "replay.py").exists()
    for path in (ROOT / "replay").glob("*.py"):
        assert not imported_roots(path) & {"db", "aiosqlite", "asyncpg", "discord", "bot"}, path
        text = path.read_text(encoding="utf-8")
        assert not REACHING_IN.search(text), f"{path.name} reaches into a repository"


def cog_files() -> list[Path]:
    return [p for p in sorted((ROOT / "cogs").glob("*.py")) if p.name not in NOT_YET_MOVED]


def test_cogs_import_no_db():
    offenders = {str(p.relative_to(ROOT)) for p in cog_files() if "db" in imported_roots(p)}
    assert offenders == set()


def test_nothing_bot_py_wires_imports_bot_py_back():
    offenders = {
        str(path.relative_to(ROOT))
        for room in ("cogs", "tutorat", "db", "replay")
        for path in (ROOT / room).rglob("*.py")
        if path.name not in NOT_YET_MOVED and "bot" in imported_roots(path)
    }
    assert offenders == set()


def test_no_cog_is_over_300_lines():
    long = {
        p.name: n
        for p in cog_files()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > COG_LINES
    }
    assert long == {}


def test_cogs_and_the_wiring_reach_data_through_services_not_their_repositories():
    found = [
        f"{p.name}:{n}: {line.strip()}"
        for p in [*cog_files(), ROOT / "bot.py"]
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1)
        if REACHING_IN.search(line)
    ]
    assert found == [], "\n".join(found)


def test_the_reaching_in_rule_would_see_a_repository_call():
    assert REACHING_IN.search("await bot.services.cohorts.cohorts.get(cohort_id)")
    assert REACHING_IN.search("rows = await self.pairs.store.checkbacks(round_id)")
    assert not REACHING_IN.search("await bot.services.cohorts.get(cohort_id)")


def test_the_web_view_is_an_adapter_over_services():
    """web/ as cogs/: no database, no Discord, no SQL, no repository reached into."""
    for path in (ROOT / "web").rglob("*.py"):
        assert not imported_roots(path) & {"db", "aiosqlite", "asyncpg", "discord", "bot", "cogs"}
        text = path.read_text(encoding="utf-8")
        assert not REACHING_IN.search(text), f"{path.name} reaches into a repository"
        for keyword in ("SELECT ", "INSERT INTO", "UPDATE ", "DELETE FROM"):
            assert f'"{keyword}' not in text.upper(), f"SQL in {path.relative_to(ROOT)}"
