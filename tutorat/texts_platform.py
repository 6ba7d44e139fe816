"""Sentences about the course platform (links, imports, sources), French first and English;
merged into tutorat.texts.TEXTS."""

from __future__ import annotations

_WHERE = {"fr": "ligne {line}, colonne « {column} »", "en": "line {line}, column “{column}”"}


def _csv(fr: str, en: str) -> dict[str, str]:
    return {"fr": f"{_WHERE['fr']} : {fr}", "en": f"{_WHERE['en']}: {en}"}


TEXTS: dict[str, dict[str, str]] = {
    "platform.csv.encoding": {
        "fr": "Le fichier n'est pas en UTF-8 : réexportez-le en CSV UTF-8.",
        "en": "The file is not UTF-8: export it again as CSV UTF-8.",
    },
    "platform.csv.empty": {"fr": "Le fichier est vide.", "en": "The file is empty."},
    "platform.csv.missing_column": _csv(
        "colonne manquante (attendu : compte ou email, date, nombre, type facultatif ; "
        "pour une liste de correspondance : discord, compte ou email). Rien n'a été importé.",
        "missing column (expected: account or email, date, count, optional kind; for a "
        "roster: discord, account or email). Nothing was imported.",
    ),
    "platform.csv.short_row": _csv(
        "la ligne s'arrête avant cette colonne. Rien n'a été importé.",
        "the row stops before this column. Nothing was imported.",
    ),
    "platform.csv.bad_account": _csv(
        "compte vide. Rien n'a été importé.", "empty account. Nothing was imported."
    ),
    "platform.csv.bad_member": _csv(
        "membre Discord vide. Rien n'a été importé.", "empty Discord member. Nothing was imported."
    ),
    "platform.csv.unknown_member": _csv(
        "« {value} » n'est pas un membre de ce serveur (identifiant ou nom). Rien n'a été importé.",
        "“{value}” is not a member of this server (id or name). Nothing was imported.",
    ),
    "platform.csv.bad_date": _csv(
        "« {value} » n'est pas une date AAAA-MM-JJ. Rien n'a été importé.",
        "“{value}” is not a YYYY-MM-DD date. Nothing was imported.",
    ),
    "platform.csv.bad_count": _csv(
        "« {value} » n'est pas un nombre entier de 0 à 100000. Rien n'a été importé.",
        "“{value}” is not a whole number from 0 to 100000. Nothing was imported.",
    ),
    "platform.csv.bad_kind": _csv(
        "type « {value} » inconnu (viewed, submitted, completed, answered, scored, logged_in, "
        "other). Rien n'a été importé.",
        "unknown kind “{value}” (viewed, submitted, completed, answered, scored, logged_in, "
        "other). Nothing was imported.",
    ),
    "platform.bad_account": {
        "fr": "Indiquez votre compte sur la plateforme : votre email ou votre identifiant.",
        "en": "Give your account on the platform: your email or your user id.",
    },
    "platform.not_learner": {
        "fr": "Vous n'êtes inscrit·e dans aucune cohorte de ce serveur.",
        "en": "You are not enrolled in any cohort of this server.",
    },
    "platform.nothing_to_confirm": {
        "fr": "Ce membre n'a pas de lien en attente de confirmation dans cette cohorte.",
        "en": "This member has no link waiting for confirmation in this cohort.",
    },
    "platform.source_not_configured": {
        "fr": "La source « {source} » n'est pas configurée sur ce déploiement (section "
        "[platform] de config.toml).",
        "en": "The source “{source}” is not configured on this deployment ([platform] in "
        "config.toml).",
    },
    "platform.to_confirm": {
        "fr": "{user} a indiqué son compte sur la plateforme. Vérifiez-le avec "
        "`/plateforme liens`, puis `/plateforme confirmer`.",
        "en": "{user} gave their platform account. Check it with `/plateforme liens`, then "
        "`/plateforme confirmer`.",
    },
    "platform.source_down": {
        "fr": "La plateforme de cours ne répond pas comme prévu ({reason}). Le bot garde ce "
        "qu'il a et rattrapera le retard quand elle sera revenue, sans rien compter deux fois.",
        "en": "The course platform is not answering as expected ({reason}). The bot keeps what "
        "it has and will catch up when it is back, counting nothing twice.",
    },
    "platform.failure_auth": {
        "fr": "identifiants refusés : vérifiez les variables d'environnement",
        "en": "credentials refused: check the environment variables",
    },
    "platform.failure_server": {"fr": "erreur du serveur", "en": "server error"},
    "platform.failure_down": {"fr": "injoignable", "en": "unreachable"},
    "platform.failure_malformed": {"fr": "réponse illisible", "en": "unreadable answer"},
    "platform.failure_refused": {"fr": "requête refusée", "en": "request refused"},
}
