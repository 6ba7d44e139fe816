"""Sentences of the tutors' reports (/cohorte etat, the learner timeline), French first and
English; merged into tutorat.texts.TEXTS."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "pulse.dim_sens": {"fr": "Sens", "en": "Meaning"},
    "pulse.dim_courage": {"fr": "Courage", "en": "Confidence"},
    "pulse.dim_lien": {"fr": "Lien", "en": "Connection"},
    "pulse.dim_intention": {"fr": "Intention", "en": "Intention"},
    "chart.pulse_axis": {"fr": "Questionnaire (1 à 7)", "en": "Pulse (1 to 7)"},
    "chart.actions": {"fr": "Actions dans la semaine", "en": "Actions in the week"},
    "chart.actions_day": {"fr": "Actions par jour", "en": "Actions per day"},
    "chart.active": {"fr": "Apprenants actifs", "en": "Active learners"},
    "chart.week": {"fr": "Semaine de formation", "en": "Course week"},
    "chart.checkpoint": {"fr": "Jalon déclaré fait", "en": "Checkpoint declared done"},
    "chart.contact": {"fr": "Contact du tuteur", "en": "Tutor's contact"},
    "chart.case": {"fr": "Alerte (cas ouvert)", "en": "Alert (case opened)"},
    "chart.cohort_title": {
        "fr": "{cohort} — activité et questionnaire par semaine",
        "en": "{cohort} — activity and pulse per week",
    },
    "chart.learner_title": {"fr": "{who} — frise du parcours", "en": "{who} — timeline"},
    "cmd.cohorte.etat": {"fr": "etat", "en": "status"},
    "cmd.cohorte.etat.description": {
        "fr": "L'état de la cohorte, avec son graphique",
        "en": "The cohort's status, with its chart",
    },
    "opt.publier": {
        "fr": "Publier dans le salon (sinon, visible de vous seul·e)",
        "en": "Post in the channel (otherwise only you see it)",
    },
    "state.title": {
        "fr": "{cohort} — semaine {week}",
        "en": "{cohort} — week {week}",
    },
    "state.learners": {"fr": "Apprenants", "en": "Learners"},
    "state.learners_value": {
        "fr": "{enrolled} inscrits · {started} ont démarré · {active} actifs cette semaine",
        "en": "{enrolled} enrolled · {started} started · {active} active this week",
    },
    "state.cases": {"fr": "Cas ouverts", "en": "Open cases"},
    "state.cases_line": {"fr": "{form} : {n}", "en": "{form}: {n}"},
    "state.pulse": {
        "fr": "Questionnaire (cette semaine / la précédente)",
        "en": "Pulse (this week / last week)",
    },
    "state.pulse_line": {"fr": "{dim} : {now} / {last}", "en": "{dim}: {now} / {last}"},
    "state.pairs": {"fr": "Binômes actifs", "en": "Active pairs"},
    "state.next": {"fr": "Prochain jalon", "en": "Next checkpoint"},
    "state.next_value": {"fr": "« {name} », {due}", "en": "“{name}”, {due}"},
    "state.none": {"fr": "—", "en": "—"},
    "state.chart_alt": {
        "fr": "Activité et questionnaire de la cohorte, semaine par semaine",
        "en": "The cohort's activity and pulse, week by week",
    },
    "case.timeline_alt": {
        "fr": "Activité par jour, questionnaires, jalons, cas et contacts",
        "en": "Activity per day, pulses, checkpoints, cases and contacts",
    },
    "cohort.help_set": {
        "fr": "Salon d'entraide de « {name} » : {channel}. Le bot y mesure le délai de "
        "première réponse d'un tuteur (jamais le contenu).",
        "en": "Help channel of “{name}”: {channel}. The bot measures there how soon a tutor "
        "first answers (never the content).",
    },
    "state.publish_where": {
        "fr": "Pour protéger les apprenants, l'état de la cohorte ne se publie que dans le "
        "salon de suivi des tuteurs ({channel}). Sans « publier », il n'est visible que de vous.",
        "en": "To protect learners, the cohort's status is only posted in the tutors' channel "
        "({channel}). Without “publish”, only you see it.",
    },
    "cohort.help_not_there": {
        "fr": "Le salon d'entraide doit être un autre salon que celui de la cohorte et que le "
        "salon de suivi des tuteurs.",
        "en": "The help channel must be another channel than the cohort's and the tutors' one.",
    },
    "rights.help": {
        "fr": "{n} question(s) dans le salon d'entraide (l'heure, et celle de la première "
        "réponse d'un tuteur ; jamais le texte)",
        "en": "{n} question(s) in the help channel (the time, and that of a tutor's first "
        "answer; never the text)",
    },
    "perm.manage_roles": {"fr": "Gérer les rôles", "en": "Manage Roles"},
    "perm.manage_channels": {"fr": "Gérer les salons", "en": "Manage Channels"},
    "perm.manage_events": {"fr": "Gérer les événements", "en": "Manage Events"},
    "opt.entraide": {
        "fr": "Salon d'entraide (questions des apprenants)",
        "en": "Help channel (learners' questions)",
    },
}
