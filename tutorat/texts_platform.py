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
    "cmd.plateforme": {"fr": "plateforme", "en": "platform"},
    "cmd.plateforme.description": {
        "fr": "La plateforme de cours et vos comptes",
        "en": "The course platform and your accounts",
    },
    "cmd.plateforme.lier": {"fr": "lier", "en": "link"},
    "cmd.plateforme.lier.description": {
        "fr": "Indiquer mon compte sur la plateforme",
        "en": "Give my account on the platform",
    },
    "cmd.plateforme.moncompte": {"fr": "moncompte", "en": "myaccount"},
    "cmd.plateforme.moncompte.description": {
        "fr": "Voir mon lien avec la plateforme",
        "en": "See my link with the platform",
    },
    "cmd.plateforme.delier": {"fr": "delier", "en": "unlink"},
    "cmd.plateforme.delier.description": {
        "fr": "Retirer mon lien avec la plateforme",
        "en": "Remove my link with the platform",
    },
    "cmd.plateforme.importer": {"fr": "importer", "en": "import"},
    "cmd.plateforme.importer.description": {
        "fr": "Importer une liste de comptes ou un relevé d'activité (CSV, tuteurs)",
        "en": "Import a roster or an activity report (CSV, tutors)",
    },
    "cmd.plateforme.liens": {"fr": "liens", "en": "links"},
    "cmd.plateforme.liens.description": {
        "fr": "Les comptes liés d'une cohorte (tuteurs)",
        "en": "A cohort's linked accounts (tutors)",
    },
    "cmd.plateforme.confirmer": {"fr": "confirmer", "en": "confirm"},
    "cmd.plateforme.confirmer.description": {
        "fr": "Confirmer le compte indiqué par un·e apprenant·e (tuteurs)",
        "en": "Confirm the account a learner gave (tutors)",
    },
    "cmd.plateforme.connecter": {"fr": "connecter", "en": "connect"},
    "cmd.plateforme.connecter.description": {
        "fr": "Relever l'activité de la cohorte sur la plateforme (tuteurs)",
        "en": "Read the cohort's activity on the platform (tutors)",
    },
    "cmd.plateforme.relever": {"fr": "relever", "en": "poll"},
    "cmd.plateforme.relever.description": {
        "fr": "Relever la plateforme maintenant (tuteurs)",
        "en": "Read the platform now (tutors)",
    },
    "opt.compte": {
        "fr": "Votre email ou identifiant sur la plateforme",
        "en": "Your email or user id on the platform",
    },
    "opt.fichier": {"fr": "Le fichier CSV", "en": "The CSV file"},
    "opt.source": {
        "fr": "xapi (un LRS) ou moodle (services web)",
        "en": "xapi (an LRS) or moodle (web services)",
    },
    "opt.cours": {
        "fr": "Le cours : son IRI xAPI, ou son id Moodle",
        "en": "The course: its xAPI IRI, or its Moodle id",
    },
    "platform.csv.no_file": {
        "fr": "Joignez le fichier CSV à la commande (option « fichier »).",
        "en": "Attach the CSV file to the command (option “fichier”).",
    },
    "platform.csv.too_big": {
        "fr": "Le fichier dépasse 5 Mo : découpez-le.",
        "en": "The file is over 5 MB: split it.",
    },
    "platform.declared": {
        "fr": "C'est noté. Un·e tuteur·rice va confirmer ce compte ; d'ici là, rien de la "
        "plateforme ne vous est attribué. `/plateforme moncompte` pour le voir, "
        "`/plateforme delier` pour le retirer.",
        "en": "Noted. A tutor will confirm this account; until then, nothing from the platform "
        "is attributed to you. `/plateforme moncompte` to see it, `/plateforme delier` to "
        "remove it.",
    },
    "platform.my_link": {
        "fr": "Compte lié : `{account}` (confirmé).",
        "en": "Linked account: `{account}` (confirmed).",
    },
    "platform.my_link_waiting": {
        "fr": "Compte indiqué : `{account}` (en attente de confirmation par un·e tuteur·rice).",
        "en": "Account given: `{account}` (waiting for a tutor's confirmation).",
    },
    "platform.no_link": {
        "fr": "Aucun compte de la plateforme n'est lié à vous.",
        "en": "No platform account is linked to you.",
    },
    "platform.unlinked": {
        "fr": "Lien retiré : l'activité de ce compte ne vous est plus attribuée.",
        "en": "Link removed: that account's activity is no longer attributed to you.",
    },
    "platform.imported_roster": {
        "fr": "Liste importée : {rows} compte(s) lié(s) ; {added} action(s) déjà relevée(s) "
        "leur sont attribuée(s).",
        "en": "Roster imported: {rows} account(s) linked; {added} action(s) already read are "
        "attributed to them.",
    },
    "platform.imported_activity": {
        "fr": "Relevé importé : {rows} ligne(s), {added} action(s) nouvelle(s) (un fichier "
        "importé deux fois n'ajoute rien).",
        "en": "Report imported: {rows} row(s), {added} new action(s) (a file imported twice "
        "adds nothing).",
    },
    "platform.link_line": {"fr": "✅ {user} — `{account}`", "en": "✅ {user} — `{account}`"},
    "platform.link_line_waiting": {
        "fr": "⏳ {user} — `{account}` (à confirmer)",
        "en": "⏳ {user} — `{account}` (to confirm)",
    },
    "platform.no_links": {
        "fr": "Aucun compte lié dans cette cohorte.",
        "en": "No linked account in this cohort.",
    },
    "platform.confirmed": {
        "fr": "Lien de {user} confirmé ; {n} action(s) déjà relevée(s) lui sont attribuée(s).",
        "en": "{user}'s link confirmed; {n} action(s) already read are attributed to them.",
    },
    "platform.connected": {
        "fr": "Source {source} connectée : la plateforme sera relevée régulièrement.",
        "en": "Source {source} connected: the platform will be read regularly.",
    },
    "platform.polled": {
        "fr": "Relevé fait : {new} déclaration(s) nouvelle(s), dont {waiting} action(s) de "
        "comptes non liés (en attente).",
        "en": "Read: {new} new statement(s), {waiting} action(s) of them from accounts not "
        "linked (waiting).",
    },
    "platform.polled_failing": {
        "fr": "La source n'a pas pu être lue ({new} déclaration(s) nouvelle(s), {waiting} en "
        "attente) : les tuteurs en sont informés.",
        "en": "The source could not be read ({new} new statement(s), {waiting} waiting): the "
        "tutors are told.",
    },
    "state.platform": {"fr": "Plateforme de cours", "en": "Course platform"},
    "state.platform_value": {
        "fr": "{linked}/{enrolled} apprenant(s) lié(s) à leur compte ; {waiting} à confirmer",
        "en": "{linked}/{enrolled} learner(s) linked to their account; {waiting} to confirm",
    },
    "digest.platform": {
        "fr": "Plateforme : {linked}/{enrolled} apprenant(s) lié(s) à leur compte.",
        "en": "Platform: {linked}/{enrolled} learner(s) linked to their account.",
    },
    "rights.platform_links": {
        "fr": "Lien(s) avec la plateforme de cours : {n}",
        "en": "Link(s) with the course platform: {n}",
    },
    "rights.platform_activity": {
        "fr": "Dont activité sur la plateforme de cours : {n} action(s), comptées par jour et "
        "par type (jamais ce que vous y avez écrit ni le nom des contenus)",
        "en": "Of which activity on the course platform: {n} action(s), counted per day and "
        "kind (never what you wrote there nor the names of the contents)",
    },
    "rights.platform_link": {
        "fr": "Compte de la plateforme lié : {account}",
        "en": "Linked platform account: {account}",
    },
    "rights.platform_link_waiting": {
        "fr": "Compte de la plateforme indiqué (à confirmer) : {account}",
        "en": "Platform account given (to confirm): {account}",
    },
    "help.platform": {
        "fr": "**Plateforme de cours**\n"
        "• `/plateforme lier` : indiquer votre compte sur la plateforme ; un·e tuteur·rice le "
        "confirme, et rien ne vous est attribué avant. `/plateforme moncompte`, "
        "`/plateforme delier` : le voir, le retirer.\n"
        "• Tuteurs : `/plateforme importer`, `liens`, `confirmer`, `connecter`, `relever`.",
        "en": "**Course platform**\n"
        "• `/plateforme lier`: give your account on the platform; a tutor confirms it, and "
        "nothing is attributed to you before. `/plateforme moncompte`, `/plateforme delier`: "
        "see it, remove it.\n"
        "• Tutors: `/plateforme importer`, `liens`, `confirmer`, `connecter`, `relever`.",
    },
    "help.kept": {
        "fr": "**Combien de temps** : ce que le bot garde sur vous (activité sur Discord et sur "
        "la plateforme, réponses, objectifs, suivi, lien de compte) est effacé {days} jours "
        "après la fin de votre cohorte ; seuls des totaux anonymes de la cohorte restent. "
        "`/mesdonnees effacer` le fait tout de suite.",
        "en": "**How long**: what the bot keeps about you (activity on Discord and on the "
        "platform, answers, goals, follow-up, account link) is erased {days} days after your "
        "cohort ends; only the cohort's anonymous totals stay. `/mesdonnees effacer` does it "
        "at once.",
    },
    "chart.platform_day": {
        "fr": "dont sur la plateforme de cours",
        "en": "of which on the course platform",
    },
}
