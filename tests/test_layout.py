"""The method stays free of Discord and storage: tutorat/ imports no discord, aiosqlite, db."""

from __future__ import annotations

import ast
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
