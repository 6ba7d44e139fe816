"""make demo: the sandbox, the real bot and a small cohort, offline, with a transcript.

python -m sandbox.demo
"""

from __future__ import annotations

import asyncio
import logging
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

from sandbox.harness import START, Running, Scene
from sandbox.server import Sandbox
from sandbox.transcript import Transcript
from tutorat.clock import VirtualClock
from tutorat.models import ActivityKind
from tutorat.outbox import outbox_key

KIND_LABELS = {
    ActivityKind.MESSAGE: "messages",
    ActivityKind.PEER_REPLY: "échanges avec un pair",
    ActivityKind.REACTION: "réactions",
    ActivityKind.VOICE: "passages en vocal",
    ActivityKind.INTERACTION: "clics et commandes",
}


class Show:
    def __init__(self, sandbox: Sandbox, clock: VirtualClock) -> None:
        self.transcript = Transcript(sandbox)
        self.clock = clock

    def say(self, text: str) -> None:
        stamp = self.clock.now().astimezone(START.tzinfo).strftime("%a %d/%m %H:%M")
        print(f"\n[{stamp}] {text}")

    def bot_did(self) -> None:
        for line in self.transcript.new_lines():
            print(f"    bot › {line}")


async def wait_handled(bot, events: int) -> None:
    async with asyncio.timeout(5):
        while bot.services.activity.buffer.events < events:  # noqa: ASYNC110
            await asyncio.sleep(0.01)


async def play(folder: Path) -> None:
    sandbox = Sandbox()
    await sandbox.start()
    clock = VirtualClock(START)
    scene = Scene.build(sandbox)
    people = scene.people
    run = Running(sandbox, folder / "tutorat.db", clock)
    show = Show(sandbox, clock)
    try:
        show.say(
            "Un serveur « Formation à distance », une tutrice (Camille), le salon "
            "#cohorte-janvier. Le bot démarre."
        )
        bot = await run.start()
        show.bot_did()

        show.say("Quatre apprenants arrivent : Léa, Noé, Inès et Hugo.")
        names = ["Léa", "Noé", "Inès", "Hugo"]
        ids = {name: await people.join(scene.guild_id, name) for name in names}

        show.say("Léa demande /aide.")
        await people.command(ids["Léa"], scene.cohort_channel_id, "aide")
        show.bot_did()

        show.say("La cohorte vit : Léa écrit, Noé lui répond, Inès réagit, Hugo reste silencieux.")
        first = await people.say(
            scene.cohort_channel_id, ids["Léa"], "Quelqu'un a fini le module 1 ?"
        )
        await people.say(scene.cohort_channel_id, ids["Noé"], "Oui, hier soir !", reply_to=first)
        await people.react(first, ids["Inès"])
        await people.voice(scene.guild_id, ids["Noé"], scene.cohort_channel_id)
        await wait_handled(bot, 5)
        await bot.get_cog("Activity").flush()
        print("    bot › activité comptée (jamais le contenu des messages) :")
        for name in names:
            counts = await bot.services.activity.store.for_user(scene.guild_id, ids[name])
            summary = ", ".join(f"{c.count} {KIND_LABELS[c.kind]}" for c in counts) or "rien"
            print(f"          {name:5} {summary}")

        show.say("Un message collectif est programmé ; Discord répond d'abord 503.")
        sandbox.fail("POST", "/channels/{channel_id}/messages", 503)
        await bot.services.outbox.post(
            outbox_key("demo", "annonce", "2027-01-04"),
            {"content": "Bonne semaine à toutes et à tous : le module 1 ouvre aujourd'hui."},
            clock.now(),
            guild_id=scene.guild_id,
            channel_id=scene.cohort_channel_id,
        )
        await bot.get_cog("Delivery").flush_now()
        show.bot_did()
        print("    bot › le message reste en attente et sera renvoyé plus tard, une seule fois.")
        show.say("Le bot redémarre, la connexion à Discord est coupée puis reprise.")
        bot = await run.restart()
        await sandbox.gateway.drop()
        await people.say(scene.cohort_channel_id, ids["Hugo"], "Bonjour !")
        await wait_handled(bot, 1)
        print(
            "    bot › reprise de session : le message de Hugo, envoyé pendant la coupure, "
            "est bien compté."
        )
        await bot.advance_to(clock.now() + timedelta(minutes=5))
        show.bot_did()
        posted = [m for m in sandbox.messages_in(scene.cohort_channel_id) if m["author"].get("bot")]
        print(f"    bot › messages du bot dans #cohorte-janvier : {len(posted)} (aucun doublon).")

        show.say("Noé a fermé ses messages privés ; le bot tente de lui écrire.")
        sandbox.dms_closed.add(ids["Noé"])
        await bot.services.outbox.direct(
            outbox_key("demo", "bienvenue", ids["Noé"]),
            {"content": "Bienvenue dans la formation, Noé !"},
            clock.now(),
            guild_id=scene.guild_id,
            user_id=ids["Noé"],
        )
        await bot.get_cog("Delivery").flush_now()
        show.bot_did()
        failed = await bot.services.outbox.store.get(outbox_key("demo", "bienvenue", ids["Noé"]))
        print(
            f"    bot › envoi impossible (code {failed.error_code}) : gardé pour prévenir "
            "l'équipe tutorale, jamais renvoyé en boucle."
        )
        print(
            f"\nRequêtes envoyées à « Discord » : {len(sandbox.requests)} ; "
            f"écarts à la spécification : {len(sandbox.violations)}."
        )
    finally:
        await run.stop()
        run.detach()
        await sandbox.stop()
    if run.errors.records:
        raise SystemExit("le bot a signalé des erreurs :\n" + "\n".join(run.errors.lines()))
    if sandbox.violations:
        raise SystemExit("écarts à la spécification de Discord :\n" + "\n".join(sandbox.violations))


def main() -> int:
    logging.basicConfig(level=logging.ERROR, stream=sys.stderr)
    print("tutorat — démonstration hors ligne (bac à sable Discord local, horloge virtuelle)")
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(play(Path(folder)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
