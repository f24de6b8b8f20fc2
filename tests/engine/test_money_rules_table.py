"""docs/money-rules.md lists every rule that moves money with its lines and its tests: a
line code the engine can write but the table leaves out, or a test named there that does
not exist, fails here."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from gpmb.engine.context import TITLES

ROOT = Path(__file__).resolve().parents[2]
TABLE = ROOT / "docs" / "money-rules.md"
CODE = re.compile(r"`([A-Z][A-Z0-9_]+)`")
TEST_REF = re.compile(r"`(tests/[\w/]+\.py)::(\w+)`")


def _rows() -> list[dict[str, str]]:
    """The rows of the coverage table, as {column: cell}."""
    header: list[str] | None = None
    rows = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if header is None:
            header = cells
        elif not set(cells[0]) <= {"-"}:
            rows.append(dict(zip(header, cells, strict=True)))
    return rows


def _test_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}


def test_every_rule_of_the_review_has_a_row() -> None:
    numbers = {row["#"] for row in _rows()}
    expected = {f"R{n}" for n in range(1, 72)} - {"R45", "R59"}
    assert expected <= numbers, sorted(expected - numbers)


def test_every_line_code_the_engine_writes_is_listed() -> None:
    listed = {code for row in _rows() for code in CODE.findall(row["Lines"])}
    assert set(TITLES) <= listed, sorted(set(TITLES) - listed)
    assert listed <= set(TITLES), sorted(listed - set(TITLES))


def test_every_test_named_in_the_table_exists() -> None:
    refs = [ref for row in _rows() for ref in TEST_REF.findall(row["Tests"])]
    assert refs
    absent = [
        f"{path}::{name}"
        for path, name in refs
        if not (ROOT / path).is_file() or name not in _test_names(ROOT / path)
    ]
    assert not absent, absent


def test_a_rule_with_lines_names_its_tests() -> None:
    bare = [row["#"] for row in _rows() if CODE.search(row["Lines"]) and "::" not in row["Tests"]]
    assert not bare, bare
