"""db/dialect.py: the repositories' SQLite SQL as PostgreSQL reads it (no server needed)."""

from __future__ import annotations

import pytest

from db.dialect import changed_rows, decode_instant, decode_number, to_postgres


def test_placeholders_are_numbered_and_literals_and_casts_left_alone():
    sql, args = to_postgres(
        "SELECT '?', ':x', a::date FROM t WHERE a = ? AND b = ? AND c = '09:00'", (1, "b")
    )
    assert sql == "SELECT '?', ':x', a::date FROM t WHERE a = $1 AND b = $2 AND c = '09:00'"
    assert args == [1, "b"]


def test_named_parameters_are_numbered_once_each():
    sql, args = to_postgres(
        "DELETE FROM t WHERE u = :user AND g = :guild OR v = :user", {"guild": 2, "user": 1}
    )
    assert sql == "DELETE FROM t WHERE u = $1 AND g = $2 OR v = $1"
    assert args == [1, 2]


def test_insert_or_ignore_becomes_on_conflict_do_nothing():
    sql, _ = to_postgres("INSERT OR IGNORE INTO t (a) VALUES (?)", (1,))
    assert sql == "INSERT INTO t (a) VALUES ($1) ON CONFLICT DO NOTHING"


def test_an_untyped_is_null_placeholder_takes_its_values_type():
    sql, _ = to_postgres("SELECT 1 WHERE (? IS NULL OR g = ?)", (5, 5))
    assert sql == "SELECT 1 WHERE ($1::bigint IS NULL OR g = $2)"
    sql, _ = to_postgres("SELECT 1 WHERE (? IS NULL OR g = ?)", (None, None))
    assert sql.startswith("SELECT 1 WHERE ($1::text IS NULL")


def test_mixed_placeholders_are_refused():
    with pytest.raises(ValueError, match="mixes"):
        to_postgres("SELECT ? WHERE a = :a", {"a": 1})


def test_values_come_back_as_sqlite_gives_them():
    assert decode_instant("2027-01-11 08:00:00+00") == "2027-01-11T08:00:00+00:00"
    assert decode_instant("2027-01-11 09:00:00+01") == "2027-01-11T08:00:00+00:00"
    assert decode_number("12") == 12 and decode_number("2.5000") == 2.5
    assert changed_rows("INSERT 0 1") == 1 and changed_rows("UPDATE 3") == 3
    assert changed_rows("CREATE TABLE") == 0
