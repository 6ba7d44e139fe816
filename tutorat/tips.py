"""Short practical tips for the daily presence post, by tutoring function (seed: organisation,
méthodes de travail, métacognition, motivation, socio-affective, technique). Our own words;
the sentences are in the `tips` catalogue (`tip.<function>.<n>`, `tip.function.<function>`)."""

from __future__ import annotations

from datetime import date

from tutorat.texts import text

# function -> how many tips the catalogue has for it, in the order the days go through them
TIPS: dict[str, int] = {
    "organisation": 3,
    "methodes_de_travail": 3,
    "metacognition": 2,
    "motivation": 2,
    "socio_affective": 2,
    "technique": 1,
}

ORDER = [(function, i) for function, count in TIPS.items() for i in range(1, count + 1)]


def tip_for(day: date, locale: str = "fr") -> tuple[str, str]:
    """(function, tip) for a day, in the reader's language: the catalogue in turn, each day
    another function."""
    function, index = ORDER[(day.toordinal() * 7) % len(ORDER)]
    return text(f"tip.function.{function}", locale), text(f"tip.{function}.{index}", locale)
