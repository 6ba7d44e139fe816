"""The container image holds every part of the project the bot imports (a missing folder
would only show when the image starts)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def first_party_imports(start: Path) -> set[str]:
    """The project's top-level packages reached from `start`, following imports inside the
    project (cog extensions named as strings included)."""
    seen_files: set[Path] = set()
    packages: set[str] = set()
    todo = [start]
    while todo:
        path = todo.pop()
        if path in seen_files:
            continue
        seen_files.add(path)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = []
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names += [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.append(node.module)
                names += [f"{node.module}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                if node.value.startswith("cogs.") and node.value.count(".") == 1:
                    names.append(node.value)
        for name in names:
            parts = name.split(".")
            if not (ROOT / parts[0]).is_dir() and not (ROOT / f"{parts[0]}.py").is_file():
                continue
            packages.add(parts[0])
            for depth in range(len(parts), 0, -1):
                module = ROOT.joinpath(*parts[:depth])
                for candidate in (module.with_suffix(".py"), module / "__init__.py"):
                    if candidate.is_file():
                        todo.append(candidate)
    return packages


def copied_by_dockerfile() -> set[str]:
    copied: set[str] = set()
    for line in (ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines():
        words = line.split()
        if words[:1] == ["COPY"]:
            copied.update(word.rstrip("/").removeprefix("./") for word in words[1:-1])
    return copied


def test_the_image_copies_every_package_the_bot_imports():
    needed = first_party_imports(ROOT / "bot.py")
    assert {"cogs", "db", "tutorat", "sources", "replay"} <= needed
    missing = needed - copied_by_dockerfile()
    assert not missing, f"the Dockerfile does not copy {sorted(missing)}"


def test_the_image_leaves_out_what_the_bot_does_not_run():
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    needed = first_party_imports(ROOT / "bot.py")
    assert not needed & set(ignored), "a package the bot imports is kept out of the image"
    assert {"tests", "sandbox", "bench"} <= set(ignored)
