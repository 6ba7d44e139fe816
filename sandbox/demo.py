"""make demo: the sandbox, the real bot and a small cohort, offline, with a transcript.

python -m sandbox.demo
"""

from __future__ import annotations

import asyncio
import logging
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sandbox.harness import START, Running, Scene
from sandbox.people import Mention
from sandbox.server import Sandbox
from sandbox.transcript import Transcript
from tutorat.clock import VirtualClock
from tutorat.models import ActivityKind

PARIS = ZoneInfo("Europe/Paris")
MESSAGES = "/channels/{channel_id}/messages"
KIND_LABELS = {
    ActivityKind.MESSAGE: "messages",
    ActivityKind.PEER_REPLY: "échanges avec un pair",
    ActivityKind.REACTION: "réactions",
    ActivityKind.VOICE: "passages en vocal",
    ActivityKind.INTERACTION: "clics et commandes",
}


def paris(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=PARIS)


class Show:
    def __init__(self, sandbox: Sandbox, clock: VirtualClock) -> None:
        self.transcript = Transcript(sandbox)
        self.clock = clock

    def say(self, text: str) -> None:
        stamp = self.clock.now().astimezone(PARIS).strftime("%a %d/%m %H:%M")
        print(f"\n[{stamp}] {text}")

    def bot_did(self) -> None:
        for line in self.transcript.new_lines():
            print(f"    bot › {line}")

    def note(self, text: str) -> None:
        print(f"    bot › {text}")


async def settle(bot, user_id: int) -> None:
    """Wait until the bot has handled this member's last gateway event."""
    async with asyncio.timeout(5):
        while not bot.services.activity.buffer.pending_for(user_id):  # noqa: ASYNC110
            await asyncio.sleep(0.01)


async def enrolled(bot, cohort_id: int, user_id: int) -> None:
    async with asyncio.timeout(5):
        while await bot.services.cohorts.learners.get(cohort_id, user_id) is None:  # noqa: ASYNC110
            await asyncio.sleep(0.01)


async def tutor(scene, *path, **options):
    return await scene.people.command(scene.tutor_id, scene.help_channel_id, *path, options=options)


async def answer_pulse(people, user_id: int, post: dict, answers: str) -> None:
    """« Répondre », three radio groups, « Suite », three more."""
    button = post["components"][0]["components"][0]["custom_id"]
    opened = await people.click(user_id, post, button)
    step1 = await people.submit(
        user_id,
        int(post["channel_id"]),
        opened.responses[0]["data"]["custom_id"],
        dict(zip(("P1", "P2", "P3"), answers[:3], strict=True)),
    )
    suite = step1.original
    opened = await people.click(
        user_id, suite, suite["components"][0]["components"][0]["custom_id"]
    )
    await people.submit(
        user_id,
        int(post["channel_id"]),
        opened.responses[0]["data"]["custom_id"],
        dict(zip(("P4", "P5", "P6"), answers[3:], strict=True)),
    )


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
            "Un serveur « Formation à distance », une coordinatrice, un tuteur (Camille). "
            "Le bot démarre."
        )
        bot = await run.start()
        show.bot_did()

        show.say(
            "La coordinatrice indique le rôle des tuteurs ; Camille crée la cohorte "
            "« Janvier 2027 » (lancement lundi 11 janvier à 9 h), un jalon, un message "
            "pour mercredi et sa permanence de mardi."
        )
        await people.command(
            scene.owner_id,
            scene.help_channel_id,
            "configurer",
            options={"role_tuteur": Mention("role", scene.tutor_role_id)},
        )
        await tutor(
            scene,
            "cohorte",
            "creer",
            nom="Janvier 2027",
            demarrage="2027-01-11 09:00",
            fuseau="Europe/Paris",
            fin="2027-03-26",
        )
        await tutor(
            scene,
            "jalon",
            "ajouter",
            cohorte="Janvier 2027",
            nom="Devoir 1",
            echeance="2027-01-15 18:00",
        )
        opened = await tutor(scene, "presence", "programmer", cohorte="Janvier 2027")
        await people.submit(
            scene.tutor_id,
            scene.help_channel_id,
            opened.responses[0]["data"]["custom_id"],
            {"day": "2027-01-13", "body": "Webinaire méthodologie ce soir à 18 h."},
        )
        await tutor(
            scene,
            "presence",
            "permanence",
            cohorte="Janvier 2027",
            jour="2027-01-12",
            tuteur=Mention("user", scene.tutor_id),
        )
        show.bot_did()
        cohort = await bot.services.cohorts.cohorts.by_name(scene.guild_id, "Janvier 2027")

        names = ["Léa", "Noé", "Inès", "Hugo", "Sam"]
        show.say(
            f"Camille donne le rôle de la cohorte à {', '.join(names)}. Sam a fermé ses "
            "messages privés."
        )
        ids = {}
        for name in names:
            ids[name] = await people.join(scene.guild_id, name)
            if name == "Sam":
                sandbox.dms_closed.add(ids[name])
            await people.set_roles(scene.guild_id, ids[name], [cohort.role_id])
            await enrolled(bot, cohort.id, ids[name])
        await bot.get_cog("Delivery").flush_now()
        show.bot_did()

        await bot.advance_to(paris("2027-01-10T12:00"))
        show.say("La veille du lancement, le rappel est posté à 9 h.")
        show.bot_did()
        bot = await run.restart()
        await bot.advance_to(paris("2027-01-11T08:30"))
        show.say(
            "Le bot a redémarré dans la nuit (mise à jour) ; à 8 h, le rappel d'une heure "
            "avant. Rien n'est perdu ni répété."
        )
        show.bot_did()

        await bot.advance_to(paris("2027-01-11T09:00"))
        show.say("9 h : le lancement, et le premier message de présence.")
        show.bot_did()
        kickoff = [
            m
            for m in sandbox.messages_in(cohort.channel_id)
            if "C'est parti" in str(m.get("embeds"))
        ][0]
        button = kickoff["components"][0]["components"][0]["custom_id"]

        show.say(
            "Léa, Inès et Sam cliquent sur « Je démarre » et écrivent leurs objectifs ; "
            "Noé écrit dans le salon sans cliquer ; Hugo ne se manifeste pas."
        )
        goals = {
            "Léa": ("Obtenir la certification", "5", "Mon travail de nuit"),
            "Inès": ("Changer de métier", "8 h", ""),
            "Sam": ("Comprendre les bases", "3", "Les enfants"),
        }
        for name, (aim, hours, obstacles) in goals.items():
            click = await people.click(ids[name], kickoff, button)
            form = click.responses[0]["data"]["custom_id"]
            await people.submit(
                ids[name],
                cohort.channel_id,
                form,
                {"aim": aim, "hours": hours, "obstacles": obstacles},
            )
        await people.click(ids["Léa"], kickoff, button)
        show.bot_did()
        await bot.get_cog("Activity").flush()
        first = await people.say(cohort.channel_id, ids["Noé"], "Bonjour, je découvre !")
        await people.say(cohort.channel_id, ids["Léa"], "Bienvenue Noé !", reply_to=first)
        await people.react(first, ids["Inès"])
        await settle(bot, ids["Inès"])  # the reaction came last: all three are handled
        await bot.get_cog("Activity").flush()
        show.note("activité comptée (jamais le contenu des messages) :")
        for name in names:
            counts = await bot.services.activity.store.for_user(scene.guild_id, ids[name])
            summary = ", ".join(f"{c.count} {KIND_LABELS[c.kind]}" for c in counts) or "rien"
            show.note(f"  {name:5} {summary}")

        await bot.advance_to(paris("2027-01-12T12:00"))
        show.say("Mardi : le message de présence annonce la permanence de Camille et le jalon.")
        show.bot_did()
        sandbox.fail("POST", MESSAGES, 503)
        await bot.advance_to(paris("2027-01-13T12:00"))
        show.say(
            "Mercredi : Discord répond d'abord 503 ; le message part 30 secondes plus "
            "tard, une seule fois, avec le webinaire programmé par Camille."
        )
        show.bot_did()
        await bot.advance_to(paris("2027-01-14T12:00"))
        show.say(
            "Jeudi, trois jours après le lancement : message de présence, et une relance "
            "douce à qui n'a ni cliqué ni écrit."
        )
        show.bot_did()

        await bot.advance_to(paris("2027-01-15T10:00"))
        show.say(
            "Vendredi : le jalon tombe aujourd'hui (bouton « Fait ») ; à 10 h, le "
            "questionnaire de la semaine."
        )
        show.bot_did()
        presence = [
            m
            for m in sandbox.messages_in(cohort.channel_id)
            if m["embeds"] and m["embeds"][0]["title"].endswith("vendredi 15 janvier")
        ][0]
        await people.click(
            ids["Léa"], presence, presence["components"][0]["components"][0]["custom_id"]
        )
        pulse = [
            m
            for m in sandbox.messages_in(cohort.channel_id)
            if "Questionnaire" in str(m.get("embeds"))
        ][0]
        for name, answers in (("Léa", "655247"), ("Inès", "434445")):
            await answer_pulse(people, ids[name], pulse, answers)
        show.say(
            "Léa déclare son devoir fait ; Léa et Inès répondent au questionnaire "
            "(deux formulaires privés de trois affirmations)."
        )
        show.bot_did()
        await bot.advance_to(paris("2027-01-16T10:30"))
        show.say("Samedi : le rappel du questionnaire, avec un nombre, jamais des noms.")
        show.bot_did()

        show.say("Camille regarde qui n'a pas démarré.")
        await tutor(scene, "cohorte", "demarrage", nom="Janvier 2027")
        show.bot_did()

        await bot.advance_to(paris("2027-01-18T08:30"))
        show.say(
            "Lundi 18, une semaine après le lancement : Hugo n'a toujours ni cliqué ni "
            "écrit. L'analyse du matin ouvre un cas « non-démarrage » pour Camille, en "
            "privé, avec le guide d'entretien."
        )
        show.bot_did()
        prompt = [m for m in sandbox.dms_to(scene.tutor_id) if m.get("embeds")][-1]
        buttons = {b["label"]: b["custom_id"] for b in prompt["components"][0]["components"]}
        await people.click(scene.tutor_id, prompt, buttons["J'ai pris contact"])
        done = await people.click(scene.tutor_id, prompt, buttons["Entretien fait"])
        await people.submit(
            scene.tutor_id,
            int(prompt["channel_id"]),
            done.responses[0]["data"]["custom_id"],
            {
                "notes": "Problème de connexion à la plateforme",
                "outcome": "Accès réparé avec le support",
                "next": "Point vendredi",
            },
        )
        show.say("Camille appelle Hugo (20 minutes) : un problème d'accès, réglé. Elle le note.")
        show.bot_did()
        await bot.advance_to(paris("2027-01-19T08:30"))
        show.say(
            "Mardi 19 : Noé n'a plus rien fait depuis lundi dernier (7 jours). Camille "
            "reçoit un cas « découragement » ; Noé, un mot bienveillant qui ne dit rien "
            "des signaux."
        )
        show.bot_did()

        show.say("La connexion à Discord est coupée ; Hugo écrit pendant la coupure.")
        await sandbox.gateway.drop()
        await people.say(cohort.channel_id, ids["Hugo"], "Désolé, j'étais en déplacement")
        await settle(bot, ids["Hugo"])
        show.note("session reprise : le message de Hugo est bien compté.")

        posts = [m for m in sandbox.requests if m.route == MESSAGES and m.status == 200]
        print(
            f"\nRequêtes envoyées à « Discord » : {len(sandbox.requests)} ; messages postés : "
            f"{len(posts)} ; écarts à la spécification : {len(sandbox.violations)}."
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
