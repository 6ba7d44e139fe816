"""The demo's transcript: day by day, what the bot did, with repeats folded.

Thirty welcomes or thirty "merci" to pulse answers say nothing new after the first: posts of
the same shape are printed once in full, then counted ("× 28"); a routine post seen on an
earlier day comes back as its first line only.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from zoneinfo import ZoneInfo

from sandbox.transcript import Transcript

PARIS = ZoneInfo("Europe/Paris")
FULL = "Bilan de la semaine"  # the tutors' weekly digest is printed in full every week
DAYS = ("lun", "mar", "mer", "jeu", "ven", "sam", "dim")


class Show:
    def __init__(self, sandbox, clock) -> None:
        self.transcript = Transcript(sandbox)
        self.clock = clock
        self.shapes_seen: set[str] = set()

    def say(self, text: str) -> None:
        stamp = self.clock.now().astimezone(PARIS).strftime("%d/%m %H:%M")
        print(f"\n[{stamp}] {text}")

    def day(self, day: date, week: int) -> None:
        print(f"\n── {DAYS[day.weekday()]} {day:%d/%m} · semaine {week} " + "─" * 50)

    def event(self, text: str) -> None:
        print(f"  • {text}")

    def bot_did(self) -> None:
        lines = self.transcript.new_lines()
        counts = Counter(shape(line) for line in lines)
        printed: set[str] = set()
        for line in lines:
            key = shape(line)
            if key in printed:
                continue
            printed.add(key)
            head = line.split("\n")[0]
            body = line if key not in self.shapes_seen or FULL in head else head
            self.shapes_seen.add(key)
            more = f"   (× {counts[key]})" if counts[key] > 1 else ""
            print(f"    bot › {body}{more}")

    def reply(self, interaction) -> None:
        """A tutor's report in full: its text, its embed's lines and fields."""
        self.transcript.new_lines()  # already shown here, in full
        first = interaction.responses[0]
        body = interaction.original if first["type"] == 5 else first.get("data") or {}
        lines = [body.get("content") or ""]
        for embed in body.get("embeds") or []:
            lines += [embed.get("title") or "", embed.get("description") or ""]
            lines += [f"{f['name']} : {f['value']}" for f in embed.get("fields") or []]
        text = "\n".join(line for line in lines if line)
        for line in self.transcript.readable(text).splitlines():
            print(f"    │ {line}")
        for attachment in body.get("attachments") or []:
            print(f"    │ [pièce jointe {attachment['filename']}]")

    def closing(self, sandbox, written) -> None:
        posts = [
            r
            for r in sandbox.requests
            if r.route == "/channels/{channel_id}/messages" and r.method == "POST"
        ]
        print(
            f"\nRequêtes envoyées à « Discord » : {len(sandbox.requests)} ; messages postés : "
            f"{len(posts)} ; écarts à la spécification : {len(sandbox.violations)}."
        )
        for path in written:
            print(f"Écrit : {path}")


def shape(line: str) -> str:
    """A line with its names, numbers and dates taken out: what makes two posts "the same"."""
    head = line.split("\n")[0]
    head = re.sub(r"@[\wÀ-ÿ.]+(?: [A-Z]\.)?", "@…", head)
    head = re.sub(r"(message privé à|réponse privée à|réponse à|formulaire ouvert pour) [^:«←]+",
                  r"\1 …", head)  # fmt: skip
    return re.sub(r"\d+", "#", head)
