"""Sentences of the weekly digest to tutors, French first and English; merged into
tutorat.texts.TEXTS."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "digest.title": {
        "fr": "Bilan de la semaine {week} — {cohort}",
        "en": "Week {week} in review — {cohort}",
    },
    "digest.activity": {
        "fr": "📈 {active} apprenant·e·s actif·ve·s sur {enrolled} ({before} la semaine "
        "d'avant), {actions} actions.",
        "en": "📈 {active} active learners out of {enrolled} ({before} the week before), "
        "{actions} actions.",
    },
    "digest.pulse": {
        "fr": "📝 Questionnaire : {answers} réponse(s) ; {dims}.",
        "en": "📝 Pulse: {answers} answer(s); {dims}.",
    },
    "digest.pulse_none": {
        "fr": "📝 Questionnaire : aucune réponse cette semaine.",
        "en": "📝 Pulse: no answer this week.",
    },
    "digest.dim": {"fr": "{dim} {value}{trend}", "en": "{dim} {value}{trend}"},
    "digest.start": {
        "fr": "🚀 {started} sur {enrolled} ont démarré ; {checkpoints}.",
        "en": "🚀 {started} of {enrolled} have started; {checkpoints}.",
    },
    "digest.checkpoint": {
        "fr": "« {name} » déclaré fait par {n}",
        "en": "“{name}” declared done by {n}",
    },
    "digest.no_checkpoint": {"fr": "pas de jalon cette semaine", "en": "no checkpoint this week"},
    "digest.cases": {
        "fr": "🔔 {new} nouvelle(s) alerte(s), {closed} cas clos ({contacted} après un "
        "contact) ; {pairs} binôme(s) actif(s).",
        "en": "🔔 {new} new alert(s), {closed} case(s) closed ({contacted} after a contact); "
        "{pairs} active pair(s).",
    },
    "digest.effect": {
        "fr": "🤝 Contacts mesurés 14 jours après : {helped} sur {measured} suivis d'une "
        "reprise d'activité.",
        "en": "🤝 Contacts measured 14 days later: {helped} of {measured} followed by more "
        "activity.",
    },
    "digest.effect_none": {
        "fr": "🤝 Aucun contact encore mesuré (14 jours après le contact).",
        "en": "🤝 No contact measured yet (14 days after the contact).",
    },
    "digest.open": {"fr": "Cas ouverts par tuteur", "en": "Open cases per tutor"},
    "digest.open_line": {"fr": "{who} : {n} ({forms})", "en": "{who}: {n} ({forms})"},
    "digest.open_none": {"fr": "Aucun cas ouvert.", "en": "No open case."},
    "digest.nobody": {"fr": "sans tuteur", "en": "no tutor"},
    "digest.presence": {"fr": "Présence des tuteurs", "en": "Tutors' presence"},
    "digest.presence_line": {
        "fr": "{who} : {posts} message(s) dans le salon de la cohorte ; {reply}",
        "en": "{who}: {posts} post(s) in the cohort channel; {reply}",
    },
    "digest.reply": {
        "fr": "première réponse en {median} (médiane de {n} question(s))",
        "en": "first reply within {median} (median of {n} question(s))",
    },
    "digest.reply_none": {
        "fr": "aucune réponse à une question d'entraide",
        "en": "no answer to a help question",
    },
    "digest.questions": {
        "fr": "Questions d'entraide : {asked}, dont {unanswered} sans réponse d'un tuteur.",
        "en": "Help questions: {asked}, {unanswered} of them without a tutor's answer.",
    },
    "digest.no_help": {
        "fr": "Pas de salon d'entraide déclaré (/cohorte modifier entraide).",
        "en": "No help channel declared (/cohorte modifier entraide).",
    },
    "digest.hours": {"fr": "{h} h {m:02d}", "en": "{h} h {m:02d}"},
    "digest.minutes": {"fr": "{m} min", "en": "{m} min"},
}
