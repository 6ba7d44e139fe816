"""English names of the commands' options (Discord shows them to English-speaking members).

French is the source: an option is declared with its French name in the cogs; this table
gives its English name. Names follow Discord's rule: lowercase, no spaces, at most 32 chars.
"""

from __future__ import annotations

OPTION_NAMES: dict[str, str] = {
    "apprenant": "learner",
    "cohorte": "cohort",
    "compte": "account",
    "cours": "course",
    "source": "source",
    "fichier": "file",
    "debut": "from",
    "demarrage": "start",
    "echeance": "due",
    "entraide": "help_channel",
    "fin": "end",
    "fuseau": "timezone",
    "jalon": "checkpoint",
    "jour": "day",
    "lien": "link",
    "nom": "name",
    "numero": "number",
    "par_semaine": "per_week",
    "publier": "post",
    "role": "role",
    "role_coordination": "coordinator_role",
    "role_tuteur": "tutor_role",
    "salon": "channel",
    "separateur": "separator",
    "tuteur": "tutor",
    "vocal": "voice_channel",
}
