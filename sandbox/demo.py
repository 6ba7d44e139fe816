"""make demo: the sandbox, the real bot and a cohort of thirty learners over six course weeks,
offline, on a virtual clock. Prints a day-by-day transcript and writes the tutors' charts and
the CSV export to demo-output/.

python -m sandbox.demo [--out demo-output]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import random
import sys
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sandbox.demo_cohort import Cohort, cast
from sandbox.demo_platform import Platform, email
from sandbox.demo_show import Show
from sandbox.harness import START, Running, Scene, enrolment_done
from sandbox.people import Mention
from sandbox.server import Sandbox
from tutorat.clock import VirtualClock
from tutorat.dates import duration

PARIS = ZoneInfo("Europe/Paris")
KICKOFF = date(2027, 1, 11)
END = date(2027, 2, 19)
CHECKPOINTS = {date(2027, 1, 22): "Devoir 1", date(2027, 2, 5): "Devoir 2", END: "Devoir 3"}
LATE_JOIN = date(2027, 1, 20)


def paris(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS)


def week_of(day: date) -> int:
    return (day - KICKOFF).days // 7 + 1


def reasons(prompt: dict) -> list[str]:
    """The reasons a tutor's prompt gives (its first bulleted lines)."""
    text = "\n".join(
        [prompt.get("content") or ""]
        + [e.get("description") or "" for e in prompt.get("embeds") or []]
    )
    found = []
    for line in text.splitlines():
        if line.startswith("• "):
            found.append(line[2:].strip())
        elif found:
            break
    return found


def buttons(message: dict) -> dict[str, str]:
    return {
        c.get("label", ""): c["custom_id"]
        for row in message.get("components") or []
        for c in row.get("components", [])
        if c.get("custom_id")
    }


class Story:
    def __init__(
        self, sandbox: Sandbox, scene: Scene, run: Running, out: Path, platform: Platform
    ) -> None:
        self.sandbox, self.scene, self.run, self.out = sandbox, scene, run, out
        self.platform = platform
        self.people = scene.people
        self.show = Show(sandbox, run.clock)
        self.learners = cast()
        self.cohort = None
        self.sim: Cohort | None = None
        self.seen_cases: dict[int, tuple[str, date]] = {}  # case id -> learner, day prompted
        self.to_close: list[tuple[int, dict]] = []  # cases contacted, interview tomorrow
        self.spaces: dict[int, int] = {}  # learner -> their pair space
        self.forms: dict[str, list[str]] = {}  # learner -> the forms of their alerts

    @property
    def bot(self):
        return self.run.bot

    async def tutor(self, *path, **options):
        return await self.people.command(
            self.scene.tutor_id, self.scene.help_channel_id, *path, options=options
        )

    # the set-up -------------------------------------------------------------------------

    async def set_up(self) -> None:
        show, scene = self.show, self.scene
        show.say(
            "Un serveur « Formation à distance », une coordinatrice, un tuteur (Camille). "
            "Le bot démarre, la coordinatrice indique le rôle des tuteurs ; Camille crée la "
            "cohorte « Janvier 2027 » (six semaines, lancement lundi 11 janvier à 9 h), trois "
            "jalons, un message pour le mercredi, sa permanence du mardi ; le salon #entraide "
            "est celui des questions."
        )
        await self.people.command(
            scene.owner_id,
            scene.help_channel_id,
            "configurer",
            options={"role_tuteur": Mention("role", scene.tutor_role_id)},
        )
        await self.tutor(
            "cohorte",
            "creer",
            nom="Janvier 2027",
            demarrage="2027-01-11 09:00",
            fuseau="Europe/Paris",
            fin=END.isoformat(),
        )
        self.cohort = await self.bot.services.cohorts.cohorts.by_name(
            scene.guild_id, "Janvier 2027"
        )
        for due, name in CHECKPOINTS.items():
            await self.tutor(
                "jalon",
                "ajouter",
                cohorte="Janvier 2027",
                nom=name,
                echeance=f"{due.isoformat()} 18:00",
            )
        opened = await self.tutor("presence", "programmer", cohorte="Janvier 2027")
        await self.people.submit(
            scene.tutor_id,
            scene.help_channel_id,
            opened.responses[0]["data"]["custom_id"],
            {"day": "2027-01-13", "body": "Webinaire méthodologie ce soir à 18 h."},
        )
        await self.tutor(
            "presence",
            "permanence",
            cohorte="Janvier 2027",
            jour="2027-01-12",
            tuteur=Mention("user", scene.tutor_id),
        )
        await self.tutor(
            "cohorte",
            "modifier",
            nom="Janvier 2027",
            entraide=Mention("channel", scene.help_channel_id),
        )
        show.bot_did()
        self.sim = Cohort(self.people, self.bot, self.cohort, self.learners)
        self.sim.marker = await self.people.join(scene.guild_id, "observatrice")

        present = [learner for learner in self.learners if learner.profile != "late"]
        show.say(
            f"Camille donne le rôle de la cohorte à {len(present)} apprenants. Sam a fermé "
            "ses messages privés : le bot l'accueille dans le salon de la cohorte."
        )
        for learner in present:
            await self.enrol(learner)
        await self.bot.get_cog("Delivery").flush_now()
        show.bot_did()
        show.say(
            "La formation se fait sur la plateforme de cours, qui envoie ses traces xAPI à un "
            "LRS (ici un vrai Learning Locker) : Camille y relie la cohorte et importe la liste "
            "des comptes de la plateforme (identifiant Discord, email)."
        )
        show.reply(
            await self.tutor(
                "plateforme", "importer", cohorte="Janvier 2027",
                fichier=self.platform.roster(present),
            )
        )  # fmt: skip
        show.reply(
            await self.tutor("plateforme", "connecter", cohorte="Janvier 2027", source="xapi")
        )

    async def enrol(self, learner) -> None:
        learner.user_id = await self.people.join(self.scene.guild_id, learner.name)
        if learner.name == "Sam":
            self.sandbox.dms_closed.add(learner.user_id)
        await self.people.set_roles(self.scene.guild_id, learner.user_id, [self.cohort.role_id])
        # enrolled to the last step, then the welcome sent before anything else happens: the
        # transcript's order does not depend on how fast the outbox worker wakes up
        await enrolment_done(self.bot, self.cohort.id, learner.user_id)
        await self.bot.get_cog("Delivery").flush_now()

    # what learners do -------------------------------------------------------------------

    def latest(self, needle: str) -> dict | None:
        for message in reversed(self.sandbox.messages_in(self.cohort.channel_id)):
            if any(needle in custom_id for custom_id in buttons(message).values()):
                return message
        return None

    async def start(self, learner) -> None:
        kickoff = self.latest(f"tutorat:start:{self.cohort.id}")
        click = await self.people.click(learner.user_id, kickoff, f"tutorat:start:{self.cohort.id}")
        if click.responses and click.responses[0]["type"] == 9:
            hours = str(learner.rng.choice((3, 4, 5, 6, 8)))
            await self.people.submit(
                learner.user_id,
                self.cohort.channel_id,
                click.responses[0]["data"]["custom_id"],
                {"aim": "Obtenir le titre professionnel", "hours": hours, "obstacles": ""},
            )
        learner.started = True

    async def join_pairs(self, learner) -> None:
        opened = await self.people.command(
            learner.user_id, self.cohort.channel_id, "binome", "rejoindre"
        )
        await self.people.submit(
            learner.user_id,
            self.cohort.channel_id,
            opened.responses[0]["data"]["custom_id"],
            {"languages": "fr", "slots": "lun 18-21, jeu 18-21", "hours": "4", "tutor_only": ""},
        )

    async def answer_pulse(self, learner, post: dict, answers: str) -> None:
        """« Répondre », three radio groups, « Suite », three more."""
        opened = await self.people.click(learner.user_id, post, buttons(post)["Répondre"])
        step = await self.people.submit(
            learner.user_id,
            int(post["channel_id"]),
            opened.responses[0]["data"]["custom_id"],
            dict(zip(("P1", "P2", "P3"), answers[:3], strict=True)),
        )
        follow = step.original
        opened = await self.people.click(
            learner.user_id, follow, next(iter(buttons(follow).values()))
        )
        await self.people.submit(
            learner.user_id,
            int(post["channel_id"]),
            opened.responses[0]["data"]["custom_id"],
            dict(zip(("P4", "P5", "P6"), answers[3:], strict=True)),
        )

    async def pulse_answers(self, day: date, share: float) -> int:
        post = self.latest(f"tutorat:pulse:{self.cohort.id}:")
        if post is None:
            return 0
        answered = 0
        for learner in self.sim.present():
            if learner.rng.random() > share or getattr(learner, "answered", 0) == week_of(day):
                continue
            answers = learner.pulse(week_of(day))
            if answers is not None:
                await self.answer_pulse(learner, post, answers)
                learner.answered = week_of(day)
                answered += 1
        return answered

    async def checkpoint_done(self, day: date) -> int:
        post = self.latest(f"tutorat:done:{self.cohort.id}:")
        done = 0
        for learner in self.sim.present():
            if learner.started and learner.does_checkpoint(week_of(day)):
                custom_id = next(c for c in buttons(post).values() if "tutorat:done" in c)
                await self.people.click(learner.user_id, post, custom_id)
                done += 1
        return done

    # what the tutor does ----------------------------------------------------------------

    async def tutor_reads_prompts(self, day: date) -> list[str]:
        """New case prompts in Camille's DMs: she calls the learner today, notes the
        interview tomorrow (one call covers all of a learner's prompts). Returns what she
        did, for the transcript."""
        did = []
        noted: set[str] = set()
        for case_id, prompt in self.to_close:
            name, _ = self.seen_cases[case_id]
            done = await self.people.click(
                self.scene.tutor_id, prompt, buttons(prompt)["Entretien fait"]
            )
            await self.people.submit(
                self.scene.tutor_id,
                int(prompt["channel_id"]),
                done.responses[0]["data"]["custom_id"],
                INTERVIEWS[name],
            )
            if name in noted:
                continue
            noted.add(name)
            learner = self.sim.by_name(name)
            learner.contacted = day
            did.append(f"Camille note l'entretien avec {name} : « {INTERVIEWS[name]['notes']} »")
            if learner.profile == "isolated":
                await self.join_pairs(learner)
                did.append("Inès s'inscrit aux binômes pour le prochain tour.")
        self.to_close = []
        called: dict[str, int] = {}
        for prompt in self.sandbox.dms_to(self.scene.tutor_id):
            found = buttons(prompt).get("J'ai pris contact")
            if found is None:
                continue
            case_id = int(found.split(":")[2])
            if case_id in self.seen_cases:
                continue
            user = next(
                learner
                for learner in self.sim.present()
                if f"<@{learner.user_id}>" in (prompt.get("content") or "")
            )
            self.seen_cases[case_id] = (user.name, day)
            form = (prompt.get("content") or "").rsplit("— ", 1)[-1]
            self.forms.setdefault(user.name, []).append(form)
            if user.profile in ("platform", "coursework"):  # where the bot saw it, in its words
                did.append(f"Pourquoi {user.name} : {'; '.join(reasons(prompt))}.")
            await self.people.click(self.scene.tutor_id, prompt, found)
            self.to_close.append((case_id, prompt))
            called[user.name] = called.get(user.name, 0) + 1
        for name, prompts in called.items():
            about = f" ({prompts} alertes, un seul appel)" if prompts > 1 else ""
            did.append(f"Camille appelle {name}{about} et clique « J'ai pris contact ».")
        return did

    # the course, day by day -------------------------------------------------------------

    async def course(self) -> None:
        show, bot = self.show, self.bot
        await bot.advance_to(paris(KICKOFF - timedelta(days=1), 12))
        show.say("La veille du lancement : le rappel du lendemain 9 h.")
        show.bot_did()
        self.run.bot = await self.run.restart()
        self.sim.bot = self.bot
        await self.bot.advance_to(paris(KICKOFF, 8, 30))
        show.say(
            "Le bot a redémarré dans la nuit (mise à jour) ; à 8 h, le rappel d'une heure "
            "avant. Rien n'est perdu ni répété."
        )
        show.bot_did()
        day = KICKOFF
        while day <= END:
            await self.one_day(day)
            day += timedelta(days=1)

    async def one_day(self, day: date) -> None:
        show, bot, week = self.show, self.bot, week_of(day)
        await bot.advance_to(paris(day, 12))
        show.day(day, week)
        show.bot_did()
        if day == LATE_JOIN:
            karim = self.sim.by_name("Karim")
            await self.enrol(karim)
            await self.start(karim)
            show.event("Karim arrive en cours de route : accueil, « Je démarre ».")
            await self.people.command(
                karim.user_id, self.cohort.channel_id, "plateforme", "lier",
                options={"compte": email(karim.name)},
            )  # fmt: skip
            confirmed = await self.tutor(
                "plateforme", "confirmer", cohorte="Janvier 2027",
                apprenant=Mention("user", karim.user_id),
            )  # fmt: skip
            show.event(
                "Karim indique son compte de la plateforme (/plateforme lier) ; Camille le "
                f"confirme : « {show.transcript.readable(confirmed.responses[0]['data']['content'])} »"
            )
        if day == KICKOFF:
            for learner in self.sim.present():
                if learner.profile not in ("nonstarter", "late"):
                    await self.start(learner)
            joining = [x for x in self.sim.present() if x.pairs and x.profile != "nonstarter"]
            for learner in joining:
                await self.join_pairs(learner)
            show.event(
                f"{sum(x.started for x in self.learners)} apprenants cliquent « Je démarre » "
                f"et écrivent leurs objectifs (Hugo, non) ; {len(joining)} demandent un binôme."
            )
        hugo = self.sim.by_name("Hugo")
        if hugo.contacted is not None and not hugo.started:
            await self.start(hugo)
            show.event("Hugo, son accès réparé, clique enfin « Je démarre ».")
        if await self.refresh_spaces():
            groups: dict[int, list[str]] = {}
            for x in self.sim.present():
                if x.user_id in self.spaces:
                    groups.setdefault(self.spaces[x.user_id], []).append(x.name)
            pairs = " · ".join(" & ".join(names) for names in groups.values())
            show.event(f"Binômes du tour ({len(groups)}) : {pairs}.")
            ines = self.sim.by_name("Inès")
            if ines.user_id in self.spaces:
                partners = [n for n in groups[self.spaces[ines.user_id]] if n != "Inès"]
                show.event(f"Inès, isolée, est cette fois avec {', '.join(partners)}.")
        active, said = await self.sim.live(day, week, self.spaces)
        peer = self.sim.peer
        working, actions = await self.platform.work(self.sim.present(), day, week, paris(day, 12))
        if day in CHECKPOINTS:
            done = await self.checkpoint_done(day)
            show.event(f"{done} apprenants déclarent « {CHECKPOINTS[day]} » fait.")
        if day.weekday() in (4, 5):
            answered = await self.pulse_answers(day, 0.7 if day.weekday() == 4 else 1.0)
            show.event(f"{answered} réponses au questionnaire de la semaine {week}.")
        show.event(
            f"Dans la journée : {active} apprenants actifs, {said} messages dont {peer} "
            "réponses à un pair (le bot compte, il ne lit pas) ; sur la plateforme, "
            f"{actions} actions de {working} apprenants."
        )
        await self.help_desk(day)
        for line in await self.tutor_reads_prompts(day):
            show.event(line)
        await bot.advance_to(paris(day, 21))
        show.bot_did()

    async def help_desk(self, day: date) -> None:
        """Weekdays: a few questions in #entraide at noon, which Camille answers in the
        afternoon; she also writes in the cohort channel on Mondays, Wednesdays, Fridays."""
        if day.weekday() >= 5:
            return
        rng = random.Random(day.toordinal() * 7)
        writers = [x for x in self.sim.present() if x.profile != "platform"]  # Maya never writes
        asking = rng.sample(writers, rng.randint(1, 3))
        questions = [
            await self.people.say(self.scene.help_channel_id, x.user_id, "…") for x in asking
        ]
        delay = rng.choice((45, 90, 150, 240, 330))
        await self.bot.advance_to(paris(day, 12) + timedelta(minutes=delay))
        for question in questions:
            await self.people.say(
                self.scene.help_channel_id, self.scene.tutor_id, "…", reply_to=question
            )
        if day.weekday() in (0, 2, 4):
            await self.people.say(self.cohort.channel_id, self.scene.tutor_id, "…")
        await self.sim.settled()
        names = ", ".join(x.name for x in asking)
        self.show.event(
            f"#entraide : {len(asking)} question{'s' if len(asking) > 1 else ''} ({names}) ; "
            f"Camille répond "
            f"{duration(timedelta(minutes=delay), 'fr')} plus tard."
        )

    async def refresh_spaces(self) -> bool:
        """The pair spaces of the current round; True when a new round has begun."""
        store = self.bot.services.pairs.store
        current = await store.current_round(self.cohort.id)
        if current is None:
            return False
        before = set(self.spaces.values())
        self.spaces = {
            member: pair["space_id"]
            for pair in await store.pairs_of_round(current["id"])
            for member in pair["members"]
        }
        return set(self.spaces.values()) != before

    # the tutors' view at the end --------------------------------------------------------

    async def reports(self) -> list[Path]:
        show = self.show
        written: list[Path] = []
        show.say("Fin de la sixième semaine : Camille regarde ce que les contacts ont changé.")
        show.reply(await self.tutor("suivi", "efficacite"))
        show.say("La liste de veille : qui attend, juste sous le seuil ou au-delà du plafond.")
        show.reply(await self.tutor("suivi", "veille"))
        show.say("L'état de la cohorte (privé), avec son graphique.")
        state = await self.tutor("cohorte", "etat", nom="Janvier 2027")
        show.reply(state)
        written += self.save(state.original, "cohorte-etat.png")
        noe = self.sim.by_name("Noé")
        show.say("Le suivi de Noé, avec sa frise : activité, questionnaires, cas et contacts.")
        timeline = await self.tutor("suivi", "apprenant", apprenant=Mention("user", noe.user_id))
        show.reply(timeline)
        written += self.save(timeline.original, "apprenant-noe.png")
        show.say("L'export pour le tableur de la coordination.")
        export = await self.tutor("cohorte", "export", nom="Janvier 2027")
        show.reply(export)
        written += self.save(export.original, "cohorte-janvier-2027.csv")
        for message in self.sandbox.messages_in(self.cohort.tutors_channel_id):
            title = (message.get("embeds") or [{}])[0].get("title", "")
            if message.get("attachments") and title.startswith("Bilan de la semaine"):
                week = title.split()[4]
                written += self.save(message, f"bilan-semaine-{week}.png")
        maya = self.sim.by_name("Maya")
        forms = self.forms.get("Maya", [])
        quiet = sum(1 for f in forms if f in ("non-démarrage", "découragement"))
        show.say(
            "Maya n'a écrit aucun message sur Discord mais a travaillé chaque jour sur la "
            f"plateforme : {quiet} alerte de non-démarrage ou d'inactivité ; "
            f"{len(forms) - quiet} d'isolement (elle n'échange avec personne). "
            "Ce que le bot garde sur elle :"
        )
        show.reply(
            await self.people.command(maya.user_id, self.cohort.channel_id, "mesdonnees", "voir")
        )
        lea = self.sim.by_name("Léa")
        show.say("Léa veut savoir ce que le bot garde sur elle.")
        show.reply(
            await self.people.command(lea.user_id, self.cohort.channel_id, "mesdonnees", "voir")
        )
        return written

    def save(self, message: dict, name: str) -> list[Path]:
        saved = []
        for attachment in message.get("attachments") or []:
            path = self.out / name
            path.write_bytes(self.sandbox.files[int(attachment["id"])])
            saved.append(path)
            break
        return saved


INTERVIEWS = {
    "Hugo": {
        "notes": "N'arrivait pas à se connecter à la plateforme",
        "outcome": "Accès réparé avec le support",
        "next": "Point vendredi",
    },
    "Noé": {
        "notes": "Surcharge au travail, se sent en retard",
        "outcome": "Planning allégé, objectif d'une heure par jour",
        "next": "Rappel dans une semaine",
    },
    "Inès": {
        "notes": "Travaille seule le soir, ne connaît personne",
        "outcome": "Inscription aux binômes, présentée à deux apprenants",
        "next": "Voir au prochain tour de binômes",
    },
    "Bilal": {
        "notes": "Suit les échanges mais ne fait plus les exercices en ligne depuis deux semaines",
        "outcome": "Plan de reprise : deux modules par semaine, le soir",
        "next": "Point après le devoir 3",
    },
    "Maya": {
        "notes": "Travaille seule sur la plateforme, préfère ne pas écrire",
        "outcome": "Rien à reprendre ; sait où poser ses questions",
        "next": "Aucune",
    },
    "Sam": {
        "notes": "Ne voit plus le lien entre le cours et son projet",
        "outcome": "Projet professionnel revu, module 3 relié à son poste visé",
        "next": "Point après le devoir 2",
    },
}


async def play(folder: Path, out: Path, web_port: int | None = None) -> None:
    """The demo; with web_port, the tutors' web view over the demo cohort stays served (its
    links printed) until Ctrl-C."""
    sandbox = Sandbox()
    await sandbox.start()
    clock = VirtualClock(START)
    scene = Scene.build(sandbox)
    platform = Platform(folder)
    section = await platform.start()
    run = Running(
        sandbox,
        folder / "tutorat.db",
        clock,
        activity={"flush_events": 100_000},
        platform=section,
        web={"port": web_port or 0},
    )
    story = Story(sandbox, scene, run, out, platform)
    try:
        await run.start()
        await story.set_up()
        await story.course()
        written = await story.reports()
        story.show.closing(sandbox, written)
        if web_port is not None:
            await serve_web(scene)
    finally:
        await run.stop()
        run.detach()
        await sandbox.stop()
        await platform.stop()
    if run.errors.records:
        raise SystemExit("le bot a signalé des erreurs :\n" + "\n".join(run.errors.lines()))
    if sandbox.violations:
        raise SystemExit("écarts à la spécification de Discord :\n" + "\n".join(sandbox.violations))


async def serve_web(scene: Scene) -> None:
    """/tableau for the tutor and the coordinator; served until Ctrl-C (the virtual clock
    stands still: the links stay valid)."""
    import re
    import signal

    print()
    for who, user_id in (("tuteur Camille", scene.tutor_id), ("coordinatrice", scene.owner_id)):
        answer = await scene.people.command(user_id, scene.help_channel_id, "tableau")
        said = (answer.responses[0].get("data") or {}).get("content") or ""
        link = re.search(r"https?://\S+/enter/[\w-]+", said)
        print(f"Vue web / web view ({who}) : {link.group(0) if link else said}")
    print("Ctrl-C pour arrêter / to stop.", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sandbox.demo")
    parser.add_argument("--out", default="demo-output", help="where charts and CSV go")
    parser.add_argument(
        "--web",
        type=int,
        nargs="?",
        const=8765,
        default=None,
        metavar="PORT",
        help="then serve the tutors' web view on this port until Ctrl-C",
    )
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    logging.basicConfig(level=logging.ERROR, stream=sys.stderr)
    print("tutorat — démonstration hors ligne (bac à sable Discord local, horloge virtuelle)")
    print(
        "(Messages longs abrégés ici : une ligne coupée finit par « … », les lignes omises"
        " sont comptées ; les boutons sont tous montrés.)"
    )
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(play(Path(folder), out, args.web))
    return 0


if __name__ == "__main__":
    sys.exit(main())
