"""Every sentence the bot says, in French first and English. Cogs never hard-code text."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # errors
    "error.unexpected": {
        "fr": "Une erreur inattendue est survenue. Si elle se répète, donnez cette référence à "
        "votre tuteur ou tutrice : `{ref}`.",
        "en": "Something unexpected went wrong. If it happens again, give this reference to your "
        "tutor: `{ref}`.",
    },
    "error.guild_only": {
        "fr": "Cette commande s'utilise sur le serveur de la formation, pas en message privé.",
        "en": "This command works on the course's server, not in direct messages.",
    },
    "error.missing_permissions": {
        "fr": "Cette commande est réservée à l'équipe tutorale.",
        "en": "This command is reserved for the tutoring team.",
    },
    "error.cooldown": {
        "fr": "Doucement : réessayez dans {seconds} secondes.",
        "en": "Easy: try again in {seconds} seconds.",
    },
    "error.bad_argument": {
        "fr": "L'option « {option} » n'est pas valable : {reason}",
        "en": "The option “{option}” is not valid: {reason}",
    },
    "cohort.unknown_timezone": {
        "fr": "Le fuseau horaire « {tz} » est inconnu : choisissez-en un dans la liste "
        "(par exemple Europe/Paris).",
        "en": "The time zone “{tz}” is unknown: pick one from the list (e.g. Europe/Paris).",
    },
    "cohort.ends_before_kickoff": {
        "fr": "La date de fin doit venir après le démarrage.",
        "en": "The end date must come after the kick-off.",
    },
    "cohort.empty_name": {
        "fr": "Donnez un nom à la cohorte.",
        "en": "Give the cohort a name.",
    },
    # help
    "help.title": {"fr": "Ce que tutorat fait pour vous", "en": "What tutorat does for you"},
    "help.learner": {
        "fr": "**Apprenant·e**\n"
        "• Un message de présence chaque jour de formation dans le salon de la cohorte.\n"
        "• Le bouton « Je démarre » au lancement, puis vos objectifs personnels.\n"
        "• Un binôme d'entraide si vous le souhaitez, dans un salon privé.\n"
        "• Un court questionnaire chaque semaine (10 minutes) : seuls vos tuteurs voient vos "
        "réponses.\n"
        "• `/mesdonnees` : voir, exporter ou effacer ce que le bot garde sur vous.",
        "en": "**Learner**\n"
        "• A presence post every course day in the cohort channel.\n"
        "• The “I'm starting” button at kick-off, then your personal goals.\n"
        "• A study partner if you wish, in a private channel.\n"
        "• A short weekly questionnaire (10 minutes): only your tutors see your answers.\n"
        "• `/mesdonnees`: see, export or erase what the bot keeps about you.",
    },
    "help.tutor": {
        "fr": "**Équipe tutorale**\n"
        "• `/cohorte` : créer et suivre une cohorte, sa présentation, son démarrage.\n"
        "• `/presence`, `/jalon` : signes de présence et échéances.\n"
        "• `/suivi` : les apprenants qui ont besoin d'un contact, avec le guide d'entretien.\n"
        "• `/binome` : les binômes d'entraide.",
        "en": "**Tutoring team**\n"
        "• `/cohorte`: create and follow a cohort, its presentation, its kick-off.\n"
        "• `/presence`, `/jalon`: signs of presence and deadlines.\n"
        "• `/suivi`: learners who need a contact, with the interview guide.\n"
        "• `/binome`: study pairs.",
    },
    "help.measures": {
        "fr": "**Ce que le bot mesure** : qui écrit, réagit, parle ou clique, quel jour et où — "
        "jamais le contenu de vos messages. Vos réponses au questionnaire ne sont vues que de "
        "vos tuteurs.",
        "en": "**What the bot measures**: who writes, reacts, talks or clicks, which day and "
        "where — never what your messages say. Only your tutors see your questionnaire answers.",
    },
    # command names and descriptions (for the Translator)
    "cmd.aide": {"fr": "aide", "en": "help"},
    "cmd.aide.description": {
        "fr": "Ce que le bot fait pour les apprenants et les tuteurs",
        "en": "What the bot does for learners and tutors",
    },
}

LANGUAGES = ("fr", "en")


def language_of(locale: str | None) -> str:
    """Discord locales such as 'en-US', 'en-GB', 'fr' map to our languages; French by default."""
    return "en" if locale and str(locale).startswith("en") else "fr"


def text(key: str, locale: str | None = "fr", /, **params: object) -> str:
    entry = TEXTS[key]
    template = entry.get(language_of(locale)) or entry["fr"]
    return template.format(**params) if params else template
