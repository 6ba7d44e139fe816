"""Short practical tips for the daily presence post, by tutoring function (seed: organisation,
méthodes de travail, métacognition, motivation, socio-affective, technique). Our own words."""

from __future__ import annotations

from datetime import date

TIPS: dict[str, list[dict[str, str]]] = {
    "organisation": [
        {
            "fr": "Bloquez dès aujourd'hui deux créneaux fixes dans votre semaine pour la "
            "formation, comme un rendez-vous.",
            "en": "Block two fixed slots in your week for the course today, like an appointment.",
        },
        {
            "fr": "Avant de fermer votre session, notez la toute première action de la prochaine : "
            "reprendre sera plus facile.",
            "en": "Before closing your session, write down the very first action of the next one: "
            "starting again will be easier.",
        },
        {
            "fr": "Regardez les échéances des deux prochaines semaines et placez-les dans votre "
            "agenda personnel.",
            "en": "Look at the deadlines of the next two weeks and put them in your own calendar.",
        },
    ],
    "méthodes de travail": [
        {
            "fr": "Après une lecture, fermez le document et écrivez de mémoire les trois idées "
            "principales : c'est ainsi qu'on retient.",
            "en": "After reading, close the document and write the three main ideas from memory: "
            "that is how we remember.",
        },
        {
            "fr": "Travaillez par séances de 25 minutes avec une vraie pause entre deux : la "
            "concentration tient mieux.",
            "en": "Work in 25-minute sessions with a real break between them: focus lasts longer.",
        },
        {
            "fr": "Reformulez une notion difficile avec vos mots, comme si vous l'expliquiez à un "
            "proche.",
            "en": "Rephrase a hard notion in your own words, as if explaining it to a friend.",
        },
    ],
    "métacognition": [
        {
            "fr": "En fin de semaine, demandez-vous : qu'est-ce qui a marché pour moi, et que "
            "vais-je changer ?",
            "en": "At the end of the week, ask yourself: what worked for me, and what will I "
            "change?",
        },
        {
            "fr": "Avant un exercice, estimez votre réussite ; après, comparez. L'écart vous dit "
            "où porter vos efforts.",
            "en": "Before an exercise, guess how well you will do; afterwards, compare. The gap "
            "shows where to work.",
        },
    ],
    "motivation": [
        {
            "fr": "Relisez les objectifs personnels que vous avez écrits au démarrage : à quoi "
            "cette formation va-t-elle vous servir ?",
            "en": "Read again the personal goals you wrote at the start: what will this course "
            "do for you?",
        },
        {
            "fr": "Un module difficile n'est pas un échec : notez ce que vous avez déjà réussi "
            "depuis le début.",
            "en": "A hard module is not a failure: write down what you have already achieved "
            "since the start.",
        },
    ],
    "socio-affective": [
        {
            "fr": "Une question vous bloque ? Posez-la dans le salon d'entraide : elle aide "
            "souvent quelqu'un d'autre aussi.",
            "en": "Stuck on a question? Ask it in the help channel: it often helps someone else "
            "too.",
        },
        {
            "fr": "Prenez des nouvelles de votre binôme aujourd'hui, même en une phrase.",
            "en": "Check in with your study partner today, even in one sentence.",
        },
    ],
    "technique": [
        {
            "fr": "Un souci d'accès ou d'outil ? Signalez-le tôt à votre tuteur : c'est souvent "
            "réglé en quelques minutes.",
            "en": "An access or tool problem? Tell your tutor early: it is often fixed in minutes.",
        },
    ],
}

ORDER = [(function, i) for function, tips in TIPS.items() for i in range(len(tips))]


def tip_for(day: date, locale: str = "fr") -> tuple[str, str]:
    """(function, tip) for a day: the catalogue in turn, each day another function."""
    function, index = ORDER[(day.toordinal() * 7) % len(ORDER)]
    entry = TIPS[function][index]
    return function, entry["en" if locale.startswith("en") else "fr"]
