"""Dates and hours as a French or English reader writes them."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from tutorat.dates import day_name, spoken
from tutorat.texts import days_said, said_hour

PARIS = ZoneInfo("Europe/Paris")


def test_the_first_of_the_month_is_1er_in_french_only():
    first = datetime(2027, 2, 1, 9, tzinfo=PARIS)
    assert spoken(first, PARIS, "fr") == "lundi 1er février 2027 à 09:00"
    assert day_name(date(2027, 2, 1), "fr") == "lundi 1er février"
    assert day_name(date(2027, 2, 11), "fr") == "jeudi 11 février"
    assert day_name(date(2027, 2, 21), "fr") == "dimanche 21 février"
    assert spoken(first, PARIS, "en-US") == "Monday, February 1, 2027 at 9:00\u202fAM"


def test_hours_and_working_days_read_as_each_language_says_them():
    assert said_hour(time(21, 0), "fr") == "21\u202fh"
    assert said_hour(time(20, 30), "fr") == "20\u202fh\u202f30"
    assert said_hour(time(21, 0), "en-US") == "9 PM"
    assert said_hour(time(21, 0), "en-GB") == "21:00"
    assert days_said(frozenset(range(5)), "fr") == "du lundi au vendredi"
    assert days_said(frozenset({0, 2, 4}), "en-US") == "Monday, Wednesday, Friday"
