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
    "error.stale": {
        "fr": "Ce bouton ou ce formulaire n'est plus valable : utilisez le dernier message du "
        "bot, ou demandez à votre tuteur ou tutrice.",
        "en": "This button or form is no longer valid: use the bot's latest message, or ask "
        "your tutor.",
    },
    "error.wrong_kind": {
        "fr": "ce n'est pas le bon type d'élément (un salon vocal, un rôle ou un membre, selon "
        "l'option).",
        "en": "it is not the right kind of item (a voice channel, a role or a member, as the "
        "option says).",
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
    # dates and cohorts (errors)
    "date.invalid": {
        "fr": "« {value} » n'est pas une date lisible : écrivez par exemple 2027-01-11 09:00 "
        "ou 11/01/2027 09:00.",
        "en": "“{value}” is not a readable date: write e.g. 2027-01-11 09:00 or 11/01/2027 09:00.",
    },
    "date.nonexistent": {
        "fr": "{value} n'existe pas dans le fuseau {tz} (changement d'heure) : choisissez une "
        "autre heure.",
        "en": "{value} does not exist in the {tz} time zone (clock change): pick another time.",
    },
    "cohort.kickoff_in_past": {
        "fr": "Le démarrage ({when}) est déjà passé : choisissez une date à venir.",
        "en": "The kick-off ({when}) is already past: pick a date to come.",
    },
    "cohort.duplicate_name": {
        "fr": "Une cohorte s'appelle déjà « {name} » sur ce serveur : choisissez un autre nom.",
        "en": "A cohort called “{name}” already exists on this server: pick another name.",
    },
    "cohort.name_too_long": {
        "fr": "Le nom de la cohorte doit tenir en {max} caractères.",
        "en": "The cohort name must fit in {max} characters.",
    },
    "cohort.unknown": {
        "fr": "Aucune cohorte « {name} » sur ce serveur : `/cohorte liste` montre les cohortes.",
        "en": "No cohort “{name}” on this server: `/cohorte liste` shows the cohorts.",
    },
    "cohort.bot_missing_permission": {
        "fr": "Le bot n'a pas la permission « {permission} » sur ce serveur : un·e "
        "administrateur·rice doit la lui donner (Paramètres du serveur → Rôles → tutorat). "
        "Rien n'a été créé.",
        "en": "The bot lacks the “{permission}” permission on this server: an administrator "
        "must grant it (Server Settings → Roles → tutorat). Nothing was created.",
    },
    "cohort.not_tutor": {
        "fr": "Cette commande est réservée à l'équipe tutorale (rôle {role}).",
        "en": "This command is reserved for the tutoring team (role {role}).",
    },
    "cohort.link_invalid": {
        "fr": "Le lien de la classe virtuelle doit commencer par https://.",
        "en": "The virtual class link must start with https://.",
    },
    "cohort.not_a_learner": {
        "fr": "Vous ne faites pas partie de cette cohorte : demandez à votre tuteur ou tutrice "
        "de vous y inscrire.",
        "en": "You are not part of this cohort: ask your tutor to enrol you.",
    },
    "cohort.ended": {
        "fr": "Cette cohorte est terminée.",
        "en": "This cohort has ended.",
    },
    "tutor.not_in_cohort": {
        "fr": "{name} n'est pas apprenant·e de la cohorte « {cohort} ».",
        "en": "{name} is not a learner of the “{cohort}” cohort.",
    },
    "tutor.is_bot": {
        "fr": "Un bot ne peut pas être tuteur.",
        "en": "A bot cannot be a tutor.",
    },
    # cohort management (answers)
    "cohort.created": {
        "fr": "Cohorte **{name}** créée : démarrage le {kickoff} ({tz}), salon {channel}, "
        "rôle {role}. La classe virtuelle de lancement est programmée. Donnez le rôle aux "
        "apprenants pour les inscrire ; `/cohorte presentation` pour le texte d'accueil.",
        "en": "Cohort **{name}** created: kick-off on {kickoff} ({tz}), channel {channel}, "
        "role {role}. The kick-off virtual class is scheduled. Give learners the role to "
        "enrol them; `/cohorte presentation` for the welcome text.",
    },
    "cohort.tutors_topic": {
        "fr": "Espace de l'équipe tutorale : les cas à suivre quand un message privé est "
        "impossible, et la coordination. Les apprenants ne voient pas ce salon.",
        "en": "The tutoring team's space: cases to follow when a DM is impossible, and the "
        "coordination. Learners cannot see this channel.",
    },
    "cohort.updated": {
        "fr": "Cohorte **{name}** mise à jour : démarrage le {kickoff}, fin le {ends}.",
        "en": "Cohort **{name}** updated: kick-off on {kickoff}, end on {ends}.",
    },
    "cohort.archived": {
        "fr": "Cohorte **{name}** archivée : plus aucun message ni rappel. L'historique est "
        "conservé.",
        "en": "Cohort **{name}** archived: no more posts or reminders. History is kept.",
    },
    "cohort.presentation_saved": {
        "fr": "Présentation enregistrée : elle accompagnera le message de bienvenue.",
        "en": "Presentation saved: it will come with the welcome message.",
    },
    "cohort.list_empty": {
        "fr": "Aucune cohorte sur ce serveur : `/cohorte creer` pour commencer.",
        "en": "No cohort on this server yet: `/cohorte creer` to begin.",
    },
    "cohort.list_line": {
        "fr": "**{name}** — démarrage {kickoff}, {learners} apprenant·es, {started} démarré·es",
        "en": "**{name}** — kick-off {kickoff}, {learners} learners, {started} started",
    },
    "settings.saved": {
        "fr": "Réglages enregistrés : rôle tuteur {tutor}, rôle coordination {coordinator}.",
        "en": "Settings saved: tutor role {tutor}, coordinator role {coordinator}.",
    },
    "tutor.assigned": {
        "fr": "{learner} est désormais suivi·e par {tutor} dans « {cohort} ».",
        "en": "{learner} is now followed by {tutor} in “{cohort}”.",
    },
    "start.list_title": {
        "fr": "Démarrage de « {cohort} » : {started} sur {total} ont démarré",
        "en": "Kick-off of “{cohort}”: {started} of {total} have started",
    },
    "start.list_none": {
        "fr": "Tout le monde a démarré. 🎉",
        "en": "Everyone has started. 🎉",
    },
    "start.list_before": {
        "fr": "Le démarrage n'a pas encore eu lieu ({kickoff}).",
        "en": "The kick-off has not happened yet ({kickoff}).",
    },
    "start.list_line": {
        "fr": "{who} — pas de démarrage depuis {days} jour(s){reminded}",
        "en": "{who} — not started for {days} day(s){reminded}",
    },
    "start.list_reminded": {"fr": ", relance J+3 envoyée", "en": ", D+3 reminder sent"},
    # learners (posts and answers)
    "welcome.title": {
        "fr": "Bienvenue dans « {cohort} » !",
        "en": "Welcome to “{cohort}”!",
    },
    "welcome.body": {
        "fr": "Bonjour {name}, vous êtes inscrit·e à la formation « {cohort} ». Le lancement a "
        "lieu le **{kickoff}** : une classe virtuelle présente le déroulement, le calendrier, "
        "l'accompagnement et les outils.\n\nVotre tuteur ou tutrice est là pour vous aider "
        "tout au long du parcours ; le salon de la cohorte est {channel}.",
        "en": "Hello {name}, you are enrolled in the “{cohort}” course. The kick-off is on "
        "**{kickoff}**: a virtual class presents how the course runs, its calendar, the "
        "support and the tools.\n\nYour tutor is here to help you all along; the cohort "
        "channel is {channel}.",
    },
    "welcome.late": {
        "fr": "La formation a déjà commencé : cliquez sur « Je démarre » quand vous êtes prêt·e, "
        "puis dites-nous vos objectifs personnels.",
        "en": "The course has already begun: click “I'm starting” when you are ready, then "
        "tell us your personal goals.",
    },
    "welcome.presentation": {"fr": "Présentation de la formation", "en": "About the course"},
    "welcome.fallback": {
        "fr": "{mention}, bienvenue ! Vos messages privés sont fermés, alors voici votre "
        "accueil ici.",
        "en": "{mention}, welcome! Your direct messages are closed, so here is your welcome.",
    },
    "reminder.eve": {
        "fr": "📅 **Demain {time}**, lancement de « {cohort} » ! La classe virtuelle présente le "
        "déroulement, le calendrier et l'accompagnement. {place}",
        "en": "📅 **Tomorrow at {time}**, “{cohort}” kicks off! The virtual class presents how "
        "the course runs, the calendar and the support. {place}",
    },
    "reminder.hour": {
        "fr": "⏰ Le lancement de « {cohort} » commence dans une heure ({time}). {place}",
        "en": "⏰ The “{cohort}” kick-off starts in one hour ({time}). {place}",
    },
    "reminder.place_voice": {"fr": "Rendez-vous dans {channel}.", "en": "Join us in {channel}."},
    "reminder.place_link": {"fr": "Le lien : {link}", "en": "The link: {link}"},
    "reminder.place_event": {
        "fr": "Tous les détails sont dans l'événement du serveur.",
        "en": "All details are in the server event.",
    },
    "kickoff.title": {
        "fr": "C'est parti pour « {cohort} » ! 🚀",
        "en": "“{cohort}” starts now! 🚀",
    },
    "kickoff.body": {
        "fr": "La formation commence aujourd'hui. Cliquez sur **« Je démarre »** pour marquer "
        "votre départ, puis prenez deux minutes pour écrire vos objectifs personnels : ce que "
        "vous attendez de la formation, le temps que vous prévoyez, ce qui pourrait vous "
        "freiner. Seuls vos tuteurs les lisent.",
        "en": "The course begins today. Click **“I'm starting”** to mark your start, then take "
        "two minutes to write your personal goals: what you want from the course, the time "
        "you plan, what could get in your way. Only your tutors read them.",
    },
    "kickoff.button": {"fr": "Je démarre", "en": "I'm starting"},
    "start.recorded": {
        "fr": "C'est noté, bon démarrage ! Une dernière étape : vos objectifs personnels.",
        "en": "Noted, have a good start! One last step: your personal goals.",
    },
    "start.already": {
        "fr": "Votre démarrage est déjà noté depuis le {when} — tout va bien. Vous pouvez "
        "revoir vos objectifs personnels ici.",
        "en": "Your start was already noted on {when} — all good. You can review your personal "
        "goals here.",
    },
    "goals.title": {"fr": "Mes objectifs personnels", "en": "My personal goals"},
    "goals.aim": {
        "fr": "Qu'attendez-vous de cette formation ?",
        "en": "What do you want from this course?",
    },
    "goals.aim_hint": {
        "fr": "Par exemple : obtenir la certification pour évoluer dans mon poste",
        "en": "For example: get the certificate to move on in my job",
    },
    "goals.hours": {
        "fr": "Combien d'heures par semaine prévoyez-vous ?",
        "en": "How many hours a week do you plan?",
    },
    "goals.obstacles": {
        "fr": "Qu'est-ce qui pourrait vous freiner ?",
        "en": "What could get in your way?",
    },
    "goals.saved": {
        "fr": "Merci ! Vos objectifs sont enregistrés ; vous les reverrez à mi-parcours. "
        "Seuls vos tuteurs les lisent.",
        "en": "Thank you! Your goals are saved; you will see them again halfway through. Only "
        "your tutors read them.",
    },
    "goals.bad_hours": {
        "fr": "Le nombre d'heures doit être un nombre entier entre 0 et 80 (reçu « {value} »). "
        "Vos réponses n'ont pas été perdues : cliquez à nouveau sur « Je démarre ».",
        "en": "The hours must be a whole number between 0 and 80 (got “{value}”). Click “I'm "
        "starting” again to retry.",
    },
    "nudge.body": {
        "fr": "Bonjour {name}, la formation « {cohort} » a commencé il y a trois jours et nous "
        "ne vous avons pas encore vu·e. Pas d'inquiétude : la prochaine étape est simple, "
        "cliquez sur « Je démarre » dans {channel} (ou ci-dessous). Un souci technique, "
        "d'organisation ou autre ? Répondez à votre tuteur ou tutrice, on trouve une solution "
        "ensemble.",
        "en": "Hello {name}, the “{cohort}” course began three days ago and we have not seen "
        "you yet. No worries: the next step is simple, click “I'm starting” in {channel} (or "
        "below). A technical, organisational or other problem? Reply to your tutor, we will "
        "find a solution together.",
    },
    "presentation.modal_title": {"fr": "Présentation de la formation", "en": "Course presentation"},
    "presentation.label": {
        "fr": "Déroulement, bénéfices, outils (Markdown)",
        "en": "How it runs, benefits, tools (Markdown)",
    },
    "event.name": {"fr": "Lancement — {cohort}", "en": "Kick-off — {cohort}"},
    "event.description": {
        "fr": "Classe virtuelle de lancement : déroulement de la formation, calendrier, "
        "accompagnement, outils. 60 à 90 minutes.",
        "en": "Kick-off virtual class: how the course runs, calendar, support, tools. 60 to 90 "
        "minutes.",
    },
    "cmd.cohorte": {"fr": "cohorte", "en": "cohort"},
    "cmd.cohorte.description": {
        "fr": "Créer et suivre les cohortes",
        "en": "Create and follow cohorts",
    },
    "cmd.cohorte.creer": {"fr": "creer", "en": "create"},
    "cmd.cohorte.creer.description": {
        "fr": "Créer une cohorte et son lancement",
        "en": "Create a cohort and its kick-off",
    },
    "cmd.cohorte.modifier": {"fr": "modifier", "en": "edit"},
    "cmd.cohorte.modifier.description": {
        "fr": "Changer les dates d'une cohorte",
        "en": "Change a cohort's dates",
    },
    "cmd.cohorte.archiver": {"fr": "archiver", "en": "archive"},
    "cmd.cohorte.archiver.description": {
        "fr": "Archiver une cohorte terminée",
        "en": "Archive a finished cohort",
    },
    "cmd.cohorte.presentation": {"fr": "presentation", "en": "presentation"},
    "cmd.cohorte.presentation.description": {
        "fr": "Écrire la présentation de la formation",
        "en": "Write the course presentation",
    },
    "cmd.cohorte.demarrage": {"fr": "demarrage", "en": "kickoff"},
    "cmd.cohorte.demarrage.description": {
        "fr": "Qui n'a pas encore démarré",
        "en": "Who has not started yet",
    },
    "cmd.cohorte.liste": {"fr": "liste", "en": "list"},
    "cmd.cohorte.liste.description": {
        "fr": "Les cohortes de ce serveur",
        "en": "The cohorts of this server",
    },
    "opt.nom": {"fr": "Nom de la cohorte", "en": "Cohort name"},
    "opt.demarrage": {
        "fr": "Date et heure du lancement, ex. 2027-01-11 09:00",
        "en": "Kick-off date and time, e.g. 2027-01-11 09:00",
    },
    "opt.fuseau": {"fr": "Fuseau horaire, ex. Europe/Paris", "en": "Time zone, e.g. Europe/Paris"},
    "opt.fin": {"fr": "Date de fin, ex. 2027-03-26", "en": "End date, e.g. 2027-03-26"},
    "opt.role": {
        "fr": "Rôle des apprenants (créé s'il manque)",
        "en": "Learners' role (created if missing)",
    },
    "opt.salon": {
        "fr": "Salon de la cohorte (créé s'il manque)",
        "en": "Cohort channel (created if missing)",
    },
    "opt.vocal": {
        "fr": "Salon vocal de la classe virtuelle",
        "en": "Voice channel of the virtual class",
    },
    "opt.lien": {
        "fr": "Ou lien https:// de la classe virtuelle",
        "en": "Or https:// link of the virtual class",
    },
    "cmd.configurer": {"fr": "configurer", "en": "setup"},
    "cmd.configurer.description": {
        "fr": "Rôles de l'équipe tutorale sur ce serveur",
        "en": "Tutoring team roles on this server",
    },
    "opt.role_tuteur": {"fr": "Le rôle des tuteurs et tutrices", "en": "The tutors' role"},
    "opt.role_coordination": {"fr": "Le rôle de la coordination", "en": "The coordinators' role"},
    "cmd.tuteur": {"fr": "tuteur", "en": "tutor"},
    "cmd.tuteur.description": {
        "fr": "Le suivi des apprenants par les tuteurs",
        "en": "Which tutor follows which learner",
    },
    "cmd.tuteur.assigner": {"fr": "assigner", "en": "assign"},
    "cmd.tuteur.assigner.description": {
        "fr": "Confier un·e apprenant·e à un tuteur ou une tutrice",
        "en": "Give a learner to a tutor",
    },
    "opt.cohorte": {"fr": "Nom de la cohorte", "en": "Cohort name"},
    "opt.tuteur": {"fr": "Le tuteur ou la tutrice", "en": "The tutor"},
    "opt.apprenant": {"fr": "L'apprenant·e", "en": "The learner"},
    # presence
    "presence.title": {"fr": "{cohort} — {day}", "en": "{cohort} — {day}"},
    "presence.week": {
        "fr": "Semaine {week} de la formation. Bonne journée à toutes et à tous !",
        "en": "Week {week} of the course. Have a good day, everyone!",
    },
    "presence.due_in_3": {
        "fr": "🗓️ Dans 3 jours : « {name} » ({when}).",
        "en": "🗓️ In 3 days: “{name}” ({when}).",
    },
    "presence.due_tomorrow": {
        "fr": "⏳ Demain : « {name} » ({when}). Déjà fait ? Dites-le avec le bouton.",
        "en": "⏳ Tomorrow: “{name}” ({when}). Already done? Say so with the button.",
    },
    "presence.due_today": {
        "fr": "🎯 Aujourd'hui : « {name} » ({when}). Fait ? Le bouton est là pour le dire.",
        "en": "🎯 Today: “{name}” ({when}). Done? The button is here to say so.",
    },
    "presence.duty": {
        "fr": "🙋 De permanence aujourd'hui : {who}.",
        "en": "🙋 On duty today: {who}.",
    },
    "presence.tip": {"fr": "Conseil du jour ({function})", "en": "Tip of the day ({function})"},
    "presence.empty": {"fr": "Le message est vide.", "en": "The message is empty."},
    "presence.day_past": {
        "fr": "Le {day} est déjà passé : choisissez aujourd'hui ou un jour à venir.",
        "en": "{day} is already past: pick today or a day to come.",
    },
    "presence.day_after_end": {
        "fr": "Le {day} tombe après la fin de la cohorte.",
        "en": "{day} falls after the end of the cohort.",
    },
    "presence.queued": {
        "fr": "Message programmé pour le {day} : il sera dans le message de présence.",
        "en": "Message queued for {day}: it will be in the presence post.",
    },
    "presence.list_empty": {
        "fr": "Rien de programmé pour les jours à venir.",
        "en": "Nothing queued for the coming days.",
    },
    "presence.removed": {"fr": "Message retiré.", "en": "Message removed."},
    "presence.unknown_item": {
        "fr": "Aucun message programmé n° {id} dans cette cohorte : `/presence liste` les montre.",
        "en": "No queued message #{id} in this cohort: `/presence liste` shows them.",
    },
    "presence.duty_set": {
        "fr": "{tutor} est de permanence le {day}.",
        "en": "{tutor} is on duty on {day}.",
    },
    "presence.modal_title": {"fr": "Message de présence", "en": "Presence message"},
    "presence.modal_day": {
        "fr": "Jour (2027-01-12 ou 12/01/2027)",
        "en": "Day (2027-01-12 or 12/01/2027)",
    },
    "presence.modal_body": {
        "fr": "Message (lancer une activité, une échéance, un encouragement…)",
        "en": "Message (an activity, a deadline, some encouragement…)",
    },
    "break.reversed": {
        "fr": "La fin de la pause vient avant son début.",
        "en": "The break ends before it starts.",
    },
    "break.past": {
        "fr": "Cette pause est déjà passée.",
        "en": "This break is already over.",
    },
    "break.saved": {
        "fr": "Pause du {first} au {last} : ni message de présence, ni questionnaire, ni "
        "alerte d'inactivité pendant ces jours.",
        "en": "Break from {first} to {last}: no presence post, no pulse and no inactivity "
        "alert on those days.",
    },
    # checkpoints
    "checkpoint.empty_name": {"fr": "Donnez un nom au jalon.", "en": "Give the checkpoint a name."},
    "checkpoint.due_past": {
        "fr": "L'échéance ({when}) est déjà passée.",
        "en": "The due date ({when}) is already past.",
    },
    "checkpoint.duplicate": {
        "fr": "Un jalon s'appelle déjà « {name} » dans cette cohorte.",
        "en": "A checkpoint called “{name}” already exists in this cohort.",
    },
    "checkpoint.unknown": {
        "fr": "Ce jalon n'existe pas dans votre cohorte : choisissez-le dans la liste.",
        "en": "This checkpoint does not exist in your cohort: pick it from the list.",
    },
    "checkpoint.added": {
        "fr": "Jalon « {name} » ajouté, échéance {when}. Il sera rappelé à J-3, J-1 et le jour "
        "même dans le message de présence.",
        "en": "Checkpoint “{name}” added, due {when}. It will be recalled 3 days before, the day "
        "before and on the day in the presence post.",
    },
    "checkpoint.list_empty": {"fr": "Aucun jalon pour l'instant.", "en": "No checkpoint yet."},
    "checkpoint.list_line": {
        "fr": "**{name}** — {when} — {done} fait(s)",
        "en": "**{name}** — {when} — {done} done",
    },
    "checkpoint.done": {
        "fr": "Bravo ! « {name} » est noté comme fait.",
        "en": "Well done! “{name}” is marked as done.",
    },
    "checkpoint.done_late": {
        "fr": "C'est noté : « {name} » est fait, après l'échéance — l'essentiel est d'avancer.",
        "en": "Noted: “{name}” is done, after the due date — what matters is moving on.",
    },
    "checkpoint.already": {
        "fr": "« {name} » était déjà noté comme fait.",
        "en": "“{name}” was already marked as done.",
    },
    "checkpoint.button": {"fr": "Fait : {name}", "en": "Done: {name}"},
    "checkpoint.no_cohort": {
        "fr": "Vous n'êtes inscrit·e dans aucune cohorte de ce serveur.",
        "en": "You are not enrolled in any cohort on this server.",
    },
    # pulse
    "pulse.title": {
        "fr": "Questionnaire de la semaine {week}",
        "en": "Week {week} questionnaire",
    },
    "pulse.body": {
        "fr": "Six affirmations, de 1 (pas du tout d'accord) à 7 (tout à fait d'accord) : deux "
        "minutes pour faire le point. **Seuls vos tuteurs voient vos réponses**, jamais les "
        "autres apprenants. Vous pouvez les modifier jusqu'à la fin de la semaine.",
        "en": "Six statements, from 1 (strongly disagree) to 7 (strongly agree): two minutes to "
        "take stock. **Only your tutors see your answers**, never other learners. You can "
        "change them until the end of the week.",
    },
    "pulse.button": {"fr": "Répondre", "en": "Answer"},
    "pulse.next": {"fr": "Suite (3 dernières questions)", "en": "Next (last 3 questions)"},
    "pulse.step1_done": {
        "fr": "Merci ! Encore trois affirmations :",
        "en": "Thank you! Three more statements:",
    },
    "pulse.reminder": {
        "fr": "📝 Le questionnaire de la semaine se clôt demain soir : {count} réponse(s) sur "
        "{total} pour l'instant. Deux minutes, et vos tuteurs savent comment vous allez.",
        "en": "📝 This week's questionnaire closes tomorrow night: {count} answer(s) out of "
        "{total} so far. Two minutes, and your tutors know how you are doing.",
    },
    "pulse.saved": {
        "fr": "Merci, vos réponses de la semaine {week} sont enregistrées (modifiables jusqu'au "
        "{until} au soir) :\n{answers}",
        "en": "Thank you, your week {week} answers are saved (editable until {until} night):\n"
        "{answers}",
    },
    "pulse.closed": {
        "fr": "Le questionnaire de la semaine {week} est clos : rendez-vous au prochain.",
        "en": "The week {week} questionnaire is closed: see you at the next one.",
    },
    "pulse.not_yet": {
        "fr": "Le questionnaire de la semaine {week} n'est pas encore ouvert.",
        "en": "The week {week} questionnaire is not open yet.",
    },
    "pulse.invalid": {
        "fr": "Chaque réponse doit être un nombre de 1 à 7 : recommencez avec le bouton « Répondre ».",
        "en": "Each answer must be a number from 1 to 7: start again with the “Answer” button.",
    },
    "pulse.scale_low": {"fr": "pas du tout d'accord", "en": "strongly disagree"},
    "pulse.scale_high": {"fr": "tout à fait d'accord", "en": "strongly agree"},
    "pulse.P1": {
        "fr": "La formation m'intéresse",
        "en": "I find the course interesting",
    },
    "pulse.P2": {
        "fr": "Elle me sert pour mes objectifs",
        "en": "It serves my goals",
    },
    "pulse.P3": {
        "fr": "Je me sens capable de réussir",
        "en": "I feel able to succeed",
    },
    "pulse.P4": {
        "fr": "L'effort demandé me semble excessif",
        "en": "The effort asked seems too much",
    },
    "pulse.P5": {
        "fr": "Je me sens lié·e à mes pairs et tuteurs",
        "en": "I feel connected to my peers and tutor",
    },
    "pulse.P6": {
        "fr": "J'ai l'intention d'aller au bout",
        "en": "I intend to see it through",
    },
    # goals review
    "review.title_midpoint": {
        "fr": "Mi-parcours : où en sont vos objectifs ?",
        "en": "Halfway: where are your goals?",
    },
    "review.title_end": {
        "fr": "Fin de parcours : vos objectifs, alors et maintenant",
        "en": "End of the course: your goals, then and now",
    },
    "review.body": {
        "fr": "Relisez ce que vous aviez écrit au démarrage et dites où vous en êtes. Seuls "
        "vos tuteurs lisent vos réponses.",
        "en": "Read what you wrote at the start and say where you stand. Only your tutors read "
        "your answers.",
    },
    "review.button": {"fr": "Revoir mes objectifs", "en": "Review my goals"},
    "review.then": {
        "fr": "Au démarrage, vous aviez écrit : « {aim} »",
        "en": "At the start, you wrote: “{aim}”",
    },
    "review.no_start": {
        "fr": "Vous n'aviez pas écrit d'objectifs au démarrage : c'est le moment.",
        "en": "You did not write goals at the start: now is the time.",
    },
    "review.modal_title": {"fr": "Mes objectifs aujourd'hui", "en": "My goals today"},
    "review.now": {"fr": "Où en êtes-vous aujourd'hui ?", "en": "Where do you stand today?"},
    "review.holds": {
        "fr": "L'objectif tient-il toujours ? (oui / non)",
        "en": "Does the goal still hold? (yes / no)",
    },
    "review.changed": {"fr": "Qu'est-ce qui a changé ?", "en": "What has changed?"},
    "review.holds_invalid": {
        "fr": "Répondez « oui » ou « non » à « l'objectif tient-il toujours ? » (reçu « {value} »).",
        "en": "Answer “yes” or “no” to “does the goal still hold?” (got “{value}”).",
    },
    "review.saved": {
        "fr": "Merci ! Vos objectifs d'aujourd'hui sont enregistrés à côté de ceux du démarrage.",
        "en": "Thank you! Today's goals are saved next to those from the start.",
    },
    # early warning: forms, prompts, guides
    "form.non_starter": {"fr": "non-démarrage", "en": "never started"},
    "form.discouraged": {"fr": "découragement", "en": "discouragement"},
    "form.meaning": {"fr": "perte de sens", "en": "loss of meaning"},
    "form.isolated": {"fr": "isolement", "en": "isolation"},
    "case.title_new": {
        "fr": "Un contact aiderait : {who} — {form}",
        "en": "A contact would help: {who} — {form}",
    },
    "case.title_reminder": {
        "fr": "Rappel : {who} attend toujours un contact ({form})",
        "en": "Reminder: {who} is still waiting for a contact ({form})",
    },
    "case.title_escalation": {
        "fr": "Sans réponse depuis 4 jours : {who} ({form}) — qui peut prendre le relais ?",
        "en": "No answer for 4 days: {who} ({form}) — who can take over?",
    },
    "case.escalation_to": {
        "fr": "Cas transmis à la coordination.",
        "en": "Case handed to the coordination.",
    },
    "case.thread": {"fr": "Suivi n° {case}", "en": "Follow-up #{case}"},
    "case.weeks": {"fr": "Activité des 4 dernières semaines", "en": "Activity, last 4 weeks"},
    "case.weeks_unit": {"fr": "actions par semaine", "en": "actions a week"},
    "case.successes": {"fr": "Réussites à souligner", "en": "Successes to highlight"},
    "case.no_success": {
        "fr": "Rien encore : l'entretien est l'occasion d'en trouver une, même partielle.",
        "en": "Nothing yet: the interview is a chance to find one, even a partial one.",
    },
    "case.guide_title": {"fr": "Guide d'entretien", "en": "Interview guide"},
    "case.learner_nudge": {
        "fr": "Bonjour {name}, on ne vous a pas beaucoup vu·e ces derniers jours. Tout va bien ? "
        "Si vous avez besoin d'un coup de main, votre tuteur ou tutrice est là : un message "
        "suffit.",
        "en": "Hello {name}, we have not seen much of you lately. All well? If you need a hand, "
        "your tutor is here: one message is enough.",
    },
    "case.unknown": {"fr": "Ce cas n'existe pas.", "en": "This case does not exist."},
    "case.closed": {"fr": "Ce cas est déjà clos.", "en": "This case is already closed."},
    "case.not_yours": {
        "fr": "Seule l'équipe tutorale de cette cohorte peut agir sur ce cas.",
        "en": "Only this cohort's tutoring team can act on this case.",
    },
    "case.contacted": {
        "fr": "Noté : contact pris. Pensez à « Entretien fait » ensuite.",
        "en": "Noted: contact made. Remember “Interview done” afterwards.",
    },
    "case.done": {
        "fr": "Entretien enregistré, cas clos. Dans 14 jours, le bot mesurera si l'activité a "
        "repris.",
        "en": "Interview saved, case closed. In 14 days the bot will measure whether activity "
        "picked up.",
    },
    "case.false_alarm": {
        "fr": "Fausse alerte notée : merci, cela sert à ajuster les règles.",
        "en": "False alarm noted: thank you, it helps tune the rules.",
    },
    "case.snoozed": {
        "fr": "Reporté de 7 jours : pas de rappel d'ici là.",
        "en": "Postponed 7 days: no reminder until then.",
    },
    "case.button_contacted": {"fr": "J'ai pris contact", "en": "I made contact"},
    "case.button_done": {"fr": "Entretien fait", "en": "Interview done"},
    "case.button_false": {"fr": "Fausse alerte", "en": "False alarm"},
    "case.button_snooze": {"fr": "Reporter 7 jours", "en": "Postpone 7 days"},
    "case.done_title": {"fr": "Entretien fait", "en": "Interview done"},
    "case.done_notes": {
        "fr": "Notes (visibles des tuteurs seulement)",
        "en": "Notes (tutors only)",
    },
    "case.done_outcome": {"fr": "Ce qui en ressort", "en": "What came out of it"},
    "case.done_next": {"fr": "Prochaine étape", "en": "Next step"},
    "case.false_title": {"fr": "Fausse alerte", "en": "False alarm"},
    "case.false_why": {
        "fr": "Pourquoi ? (cela sert à ajuster les règles)",
        "en": "Why? (it helps tune the rules)",
    },
    "guide.non-demarreur": {
        "fr": "**Investiguer la raison du non-démarrage** — entretien individuel de 20 à 30 min "
        "(téléphone ou visio), pour un diagnostic et une solution.\n"
        "• Technique : « Avez-vous pu vous connecter aux outils ? »\n"
        "• Organisation : « Quand, dans votre semaine, pourriez-vous travailler la formation ? »\n"
        "• Motivation : « Qu'est-ce qui vous a amené·e à vous inscrire ? Est-ce toujours vrai ? »",
        "en": "**Find out why they have not started** — a 20-30 min individual talk (phone or "
        "video) to diagnose and find a solution.\n"
        "• Technical: “Could you log into the tools?”\n"
        "• Organisation: “When in your week could you work on the course?”\n"
        "• Motivation: “What made you enrol? Is it still true?”",
    },
    "guide.decouragement": {
        "fr": "**Remobiliser** — entretien de 20 à 30 min, dès que les signes sont visibles. "
        "Questions ouvertes, écouter sans juger, reformuler, encourager, souligner les "
        "réussites précédentes même partielles.\n"
        "• « Comment se passent ces dernières semaines pour vous ? »\n"
        "• « Qu'est-ce qui vous prend le plus d'énergie en ce moment ? »\n"
        "• « Si je comprends bien, … ? » (reformuler)\n"
        "• « Vous aviez réussi … : qu'est-ce qui vous avait aidé·e ? »",
        "en": "**Remobilise** — a 20-30 min talk as soon as signs show. Open questions, listen "
        "without judging, rephrase, encourage, highlight past successes even partial.\n"
        "• “How have the last weeks been for you?”\n"
        "• “What takes most of your energy right now?”\n"
        "• “If I understand well, …?” (rephrase)\n"
        "• “You managed …: what helped you then?”",
    },
    "guide.perte-de-sens": {
        "fr": "**Renouveler le sens** — faire le point sur les objectifs personnels "
        "d'aujourd'hui et ce qui a changé depuis le début ; décrire concrètement à quoi les "
        "connaissances de la formation vont servir.\n"
        "• « Qu'attendiez-vous de la formation au départ ? Et aujourd'hui ? »\n"
        "• « Dans votre travail ou votre projet, où cela pourrait-il vous servir ? »",
        "en": "**Renew the meaning** — review today's personal goals and what changed since the "
        "start; describe concretely what the course's knowledge will be used for.\n"
        "• “What did you expect from the course at first? And today?”\n"
        "• “In your work or project, where could it serve you?”",
    },
    "guide.isolement": {
        "fr": "**Rompre l'isolement** — prendre des nouvelles, proposer un binôme d'entraide ou "
        "une activité collaborative, rappeler les lieux d'échange (salon d'entraide, "
        "permanences).\n"
        "• « Avez-vous pu échanger avec d'autres apprenants ? »\n"
        "• « Seriez-vous partant·e pour travailler en binôme ? »",
        "en": "**Break the isolation** — check in, offer a study partner or a collaborative "
        "activity, recall where people talk (help channel, office hours).\n"
        "• “Have you been able to talk with other learners?”\n"
        "• “Would you like to work with a study partner?”",
    },
    "case.state_open": {"fr": "en attente de contact", "en": "waiting for a contact"},
    "case.state_contacted": {"fr": "contact pris", "en": "contact made"},
    "case.line": {
        "fr": "**n° {id}** — {who} — {form} — {cohort} — depuis le {since} — {state}",
        "en": "**#{id}** — {who} — {form} — {cohort} — since {since} — {state}",
    },
    "case.none": {"fr": "Aucun cas ouvert pour vous. 🌿", "en": "No open case for you. 🌿"},
    "case.learner_title": {"fr": "Suivi de {who}", "en": "Follow-up of {who}"},
    "case.learner_none": {
        "fr": "Aucun signal ni cas pour cette personne.",
        "en": "No signal or case for this person.",
    },
    "case.status": {"fr": "État : {status}", "en": "Status: {status}"},
    "case.status_open": {"fr": "ouvert", "en": "open"},
    "case.status_contacted": {"fr": "contact pris", "en": "contact made"},
    "case.status_done": {"fr": "entretien fait", "en": "interview done"},
    "case.status_false_alarm": {"fr": "fausse alerte", "en": "false alarm"},
    "case.status_erased": {"fr": "données effacées", "en": "data erased"},
    "case.effect_line": {
        "fr": "**{form}** : {n} cas suivis d'un contact, {better} avec plus d'activité "
        "ensuite ({before} actions dans les 14 jours avant, {after} dans les 14 jours après)",
        "en": "**{form}**: {n} cases with a contact, {better} with more activity afterwards "
        "({before} actions in the 14 days before, {after} in the 14 days after)",
    },
    "case.effect_none": {
        "fr": "Pas encore de mesure : elle vient 14 jours après un entretien.",
        "en": "No measure yet: it comes 14 days after an interview.",
    },
    "cmd.suivi": {"fr": "suivi", "en": "followup"},
    "cmd.suivi.description": {
        "fr": "Les apprenants qui ont besoin d'un contact",
        "en": "Learners who need a contact",
    },
    "cmd.suivi.cas": {"fr": "cas", "en": "cases"},
    "cmd.suivi.cas.description": {"fr": "Mes cas ouverts", "en": "My open cases"},
    "cmd.suivi.apprenant": {"fr": "apprenant", "en": "learner"},
    "cmd.suivi.apprenant.description": {
        "fr": "Signaux, cas et notes d'un·e apprenant·e",
        "en": "A learner's signals, cases and notes",
    },
    "cmd.suivi.efficacite": {"fr": "efficacite", "en": "effect"},
    "cmd.suivi.efficacite.description": {
        "fr": "Les contacts ont-ils aidé ?",
        "en": "Did the contacts help?",
    },
    # pairs
    "pairs.space_name": {"fr": "binome-{round}-{n}", "en": "pair-{round}-{n}"},
    "pairs.welcome": {
        "fr": "👋 {who} : vous voilà binôme d'entraide pour les deux prochaines semaines ! "
        "Proposez-vous un premier échange de 20 minutes cette semaine (vos créneaux communs "
        "sont dans vos préférences). Pour briser la glace : *qu'est-ce qui vous a donné envie "
        "de suivre cette formation, et qu'est-ce qui vous inquiète le plus ?*",
        "en": "👋 {who}: you are study partners for the next two weeks! Plan a first 20-minute "
        "talk this week (your shared slots are in your preferences). To break the ice: *what "
        "made you want to take this course, and what worries you most?*",
    },
    "pairs.checkback": {
        "fr": "Petit point : vous êtes-vous parlé ?",
        "en": "Quick check: have you talked?",
    },
    "pairs.checkback_yes": {"fr": "Oui", "en": "Yes"},
    "pairs.checkback_not_yet": {"fr": "Pas encore", "en": "Not yet"},
    "pairs.checkback_no_answer": {
        "fr": "Pas de réponse de mon binôme",
        "en": "No answer from my partner",
    },
    "pairs.checkback_saved": {"fr": "Merci, c'est noté.", "en": "Thanks, noted."},
    "pairs.alone": {
        "fr": "Cette fois, aucun binôme ne correspondait à vos langues et à vos créneaux. Votre "
        "tuteur ou tutrice est prévenu·e et peut vous proposer autre chose ; vous pouvez aussi "
        "élargir vos créneaux avec `/binome rejoindre`.",
        "en": "This time no partner matched your languages and slots. Your tutor knows and can "
        "offer something else; you can also widen your slots with `/binome rejoindre`.",
    },
    "pairs.alone_tutors": {
        "fr": "Binômes : sans partenaire compatible (langue, 2 h de créneaux communs, pas de "
        "répétition récente) : {who}.",
        "en": "Pairs: no compatible partner (language, 2 shared hours, no recent repeat): {who}.",
    },
    "pairs.threads": {
        "fr": "Binômes : le serveur approche de la limite de 500 salons ; les binômes de ce tour "
        "sont des fils privés du salon de la cohorte.",
        "en": "Pairs: the server nears Discord's 500-channel limit; this round's pairs are "
        "private threads of the cohort channel.",
    },
    "pairs.failed": {
        "fr": "Binômes : le tour n'a pas pu être créé ({reason}). Donnez au bot la permission "
        "« Gérer les salons » ; rien n'a été laissé à moitié.",
        "en": "Pairs: the round could not be created ({reason}). Give the bot the “Manage "
        "Channels” permission; nothing was left half-made.",
    },
    "pairs.partner_left_alone": {
        "fr": "{who}, votre binôme a quitté la formation. Aucun autre binôme ne vous correspond "
        "pour l'instant : votre tuteur ou tutrice est prévenu·e.",
        "en": "{who}, your partner has left the course. No other pair fits you for now: your "
        "tutor knows.",
    },
    "pairs.single_tutors": {
        "fr": "Binômes : {who} se retrouve seul·e (départ de son binôme).",
        "en": "Pairs: {who} is on their own (their partner left).",
    },
    "pairs.trio": {
        "fr": "Bienvenue à {who}, qui rejoint ce binôme : vous voilà trois !",
        "en": "Welcome {who}, who joins this pair: you are three now!",
    },
    "pairs.no_language": {
        "fr": "Indiquez au moins une langue (par exemple : fr, en).",
        "en": "Give at least one language (e.g. fr, en).",
    },
    "pairs.no_slots": {
        "fr": "« {value} » : indiquez au moins deux heures, par exemple « lun 18-20, mer 12-14 ».",
        "en": "“{value}”: give at least two hours, e.g. “mon 18-20, wed 12-14”.",
    },
    "pairs.not_in": {
        "fr": "Vous n'êtes pas inscrit·e aux binômes : `/binome rejoindre`.",
        "en": "You have not joined the pairs: `/binome rejoindre`.",
    },
    "pairs.closed": {"fr": "Ce binôme est terminé.", "en": "This pair has ended."},
    "pairs.not_member": {
        "fr": "Seuls les membres de ce binôme peuvent répondre.",
        "en": "Only this pair's members can answer.",
    },
    "pairs.joined": {
        "fr": "C'est noté : vous serez en binôme au prochain tour (toutes les deux semaines).",
        "en": "Noted: you will be paired at the next round (every two weeks).",
    },
    "pairs.paused": {
        "fr": "Pause notée : pas de binôme au prochain tour, puis vous revenez automatiquement.",
        "en": "Pause noted: no partner next round, then you are back automatically.",
    },
    "pairs.left": {
        "fr": "Vous ne serez plus mis·e en binôme. Revenez quand vous voulez avec "
        "`/binome rejoindre`.",
        "en": "You will not be paired any more. Come back any time with `/binome rejoindre`.",
    },
    "pairs.enrolled": {
        "fr": "{count} apprenant·es inscrit·es aux binômes (chacun·e peut se retirer).",
        "en": "{count} learners enrolled in pairs (each can leave).",
    },
    "pairs.form_title": {"fr": "Binôme d'entraide", "en": "Study partner"},
    "pairs.form_languages": {"fr": "Langues (ex. fr, en)", "en": "Languages (e.g. fr, en)"},
    "pairs.form_slots": {
        "fr": "Créneaux (ex. lun 18-20, mer 12-14)",
        "en": "Slots (e.g. mon 18-20, wed 12-14)",
    },
    "pairs.form_hours": {"fr": "Heures prévues par semaine", "en": "Planned hours a week"},
    "pairs.form_tutor_only": {
        "fr": "Plutôt mon tuteur seulement ? (oui/non)",
        "en": "Only my tutor, rather? (yes/no)",
    },
    "pairs.state_line": {
        "fr": "{space} — {who} — {messages} message(s) — {answers}",
        "en": "{space} — {who} — {messages} message(s) — {answers}",
    },
    "pairs.state_none": {"fr": "Aucun tour de binômes en cours.", "en": "No pair round running."},
    "cmd.binome": {"fr": "binome", "en": "pair"},
    "cmd.binome.description": {"fr": "Les binômes d'entraide", "en": "Study pairs"},
    "cmd.binome.rejoindre": {"fr": "rejoindre", "en": "join"},
    "cmd.binome.rejoindre.description": {
        "fr": "Être mis·e en binôme d'entraide",
        "en": "Be paired with a study partner",
    },
    "cmd.binome.pause": {"fr": "pause", "en": "pause"},
    "cmd.binome.pause.description": {"fr": "Passer le prochain tour", "en": "Skip the next round"},
    "cmd.binome.quitter": {"fr": "quitter", "en": "leave"},
    "cmd.binome.quitter.description": {
        "fr": "Ne plus être mis·e en binôme",
        "en": "Stop being paired",
    },
    "cmd.binome.inscrire": {"fr": "inscrire-cohorte", "en": "enrol-cohort"},
    "cmd.binome.inscrire.description": {
        "fr": "Inscrire toute une cohorte (tuteurs)",
        "en": "Enrol a whole cohort (tutors)",
    },
    "cmd.binome.etat": {"fr": "etat", "en": "status"},
    "cmd.binome.etat.description": {
        "fr": "Comment vont les binômes (tuteurs)",
        "en": "How the pairs are doing (tutors)",
    },
    "cmd.cohorte.pause": {"fr": "pause", "en": "break"},
    "cmd.cohorte.pause.description": {
        "fr": "Programmer une pause (congés)",
        "en": "Schedule a break (holidays)",
    },
    "opt.debut": {
        "fr": "Premier jour de pause, ex. 2027-02-15",
        "en": "First day of the break, e.g. 2027-02-15",
    },
    "opt.fin_pause": {
        "fr": "Dernier jour de pause, ex. 2027-02-21",
        "en": "Last day of the break, e.g. 2027-02-21",
    },
    "cmd.presence": {"fr": "presence", "en": "presence"},
    "cmd.presence.description": {
        "fr": "Les signes de présence quotidiens",
        "en": "Daily signs of presence",
    },
    "cmd.presence.programmer": {"fr": "programmer", "en": "schedule"},
    "cmd.presence.programmer.description": {
        "fr": "Ajouter un message au post d'un jour",
        "en": "Add a message to a day's post",
    },
    "cmd.presence.liste": {"fr": "liste", "en": "list"},
    "cmd.presence.liste.description": {"fr": "Ce qui est programmé", "en": "What is scheduled"},
    "cmd.presence.retirer": {"fr": "retirer", "en": "remove"},
    "cmd.presence.retirer.description": {
        "fr": "Retirer un message programmé",
        "en": "Remove a scheduled message",
    },
    "opt.numero": {
        "fr": "Le numéro montré par /presence liste",
        "en": "The number shown by /presence liste",
    },
    "cmd.presence.permanence": {"fr": "permanence", "en": "duty"},
    "cmd.presence.permanence.description": {
        "fr": "Qui est de permanence un jour donné",
        "en": "Who is on duty on a given day",
    },
    "opt.jour": {"fr": "Le jour, ex. 2027-01-12", "en": "The day, e.g. 2027-01-12"},
    "cmd.jalon": {"fr": "jalon", "en": "checkpoint"},
    "cmd.jalon.description": {
        "fr": "Les échéances de la formation",
        "en": "The course's deadlines",
    },
    "cmd.jalon.ajouter": {"fr": "ajouter", "en": "add"},
    "cmd.jalon.ajouter.description": {
        "fr": "Ajouter un jalon (tuteurs)",
        "en": "Add a checkpoint (tutors)",
    },
    "opt.jalon_nom": {
        "fr": "Nom du jalon, ex. Devoir 1",
        "en": "Checkpoint name, e.g. Assignment 1",
    },
    "opt.echeance": {
        "fr": "Échéance, ex. 2027-02-05 18:00",
        "en": "Due date, e.g. 2027-02-05 18:00",
    },
    "cmd.jalon.liste": {"fr": "liste", "en": "list"},
    "cmd.jalon.liste.description": {
        "fr": "Les jalons de ma cohorte",
        "en": "My cohort's checkpoints",
    },
    "cmd.jalon.fait": {"fr": "fait", "en": "done"},
    "cmd.jalon.fait.description": {
        "fr": "Déclarer un jalon fait",
        "en": "Declare a checkpoint done",
    },
    "opt.jalon": {"fr": "Le jalon", "en": "The checkpoint"},
    # learners' rights
    "rights.title": {"fr": "Ce que le bot garde sur vous", "en": "What the bot keeps about you"},
    "rights.cohorts": {"fr": "{n} inscription(s) à une cohorte", "en": "{n} cohort enrolment(s)"},
    "rights.activity": {
        "fr": "{n} action(s) comptée(s) sur {days} jour(s) — des nombres, jamais vos messages",
        "en": "{n} action(s) counted over {days} day(s) — numbers, never your messages",
    },
    "rights.pulse": {"fr": "{n} réponse(s) au questionnaire", "en": "{n} questionnaire answer(s)"},
    "rights.goals": {"fr": "{n} version(s) de vos objectifs", "en": "{n} version(s) of your goals"},
    "rights.checkpoints": {
        "fr": "{n} jalon(s) déclaré(s) fait(s)",
        "en": "{n} checkpoint(s) declared done",
    },
    "rights.pair_prefs": {"fr": "vos préférences de binôme", "en": "your pair preferences"},
    "rights.pairs": {"fr": "{n} binôme(s)", "en": "{n} pair(s)"},
    "rights.checkbacks": {
        "fr": "{n} réponse(s) aux points d'étape",
        "en": "{n} check-back answer(s)",
    },
    "rights.pulse_line": {
        "fr": "Questionnaire semaine {week} : {values}",
        "en": "Questionnaire week {week}: {values}",
    },
    "rights.goal_line": {"fr": "Objectifs ({stage}) : « {aim} »", "en": "Goals ({stage}): “{aim}”"},
    "rights.nothing": {
        "fr": "Le bot ne garde rien sur vous.",
        "en": "The bot keeps nothing about you.",
    },
    "rights.export": {
        "fr": "Voici tout ce que le bot garde sur vous, au format JSON.",
        "en": "Here is everything the bot keeps about you, as JSON.",
    },
    "rights.confirm": {
        "fr": "Effacer tout ce que le bot garde sur vous sur ce serveur ? C'est définitif. "
        "Si vous restez dans la formation, le bot recommencera à compter votre activité.",
        "en": "Erase everything the bot keeps about you on this server? It is final. If you stay "
        "in the course, the bot will count your activity again.",
    },
    "rights.confirm_button": {"fr": "Oui, tout effacer", "en": "Yes, erase everything"},
    "rights.erased": {
        "fr": "C'est fait : {n} élément(s) effacé(s).",
        "en": "Done: {n} item(s) erased.",
    },
    "rights.not_yours": {
        "fr": "Ce bouton ne concerne que la personne qui l'a demandé.",
        "en": "This button only concerns the person who asked for it.",
    },
    "rights.erased_tutors": {
        "fr": "L'apprenant·e du cas n° {case} a effacé ses données : le cas est clos.",
        "en": "The learner of case #{case} erased their data: the case is closed.",
    },
    "cmd.mesdonnees": {"fr": "mesdonnees", "en": "mydata"},
    "cmd.mesdonnees.description": {
        "fr": "Voir, exporter ou effacer ce que le bot garde sur vous",
        "en": "See, export or erase what the bot keeps about you",
    },
    "cmd.mesdonnees.voir": {"fr": "voir", "en": "see"},
    "cmd.mesdonnees.voir.description": {
        "fr": "Ce que le bot garde sur vous",
        "en": "What the bot keeps about you",
    },
    "cmd.mesdonnees.exporter": {"fr": "exporter", "en": "export"},
    "cmd.mesdonnees.exporter.description": {
        "fr": "Tout recevoir en JSON",
        "en": "Get everything as JSON",
    },
    "cmd.mesdonnees.effacer": {"fr": "effacer", "en": "erase"},
    "cmd.mesdonnees.effacer.description": {
        "fr": "Tout effacer (avec confirmation)",
        "en": "Erase everything (with confirmation)",
    },
    "notify.saved": {
        "fr": "C'est noté : au plus {n} message(s) privé(s) du bot par semaine, jamais entre "
        "21 h et 8 h.",
        "en": "Noted: at most {n} direct message(s) from the bot a week, never between 9 pm and "
        "8 am.",
    },
    "cmd.notifications": {"fr": "notifications", "en": "notifications"},
    "cmd.notifications.description": {
        "fr": "Combien de messages privés du bot par semaine",
        "en": "How many direct messages from the bot a week",
    },
    "opt.par_semaine": {"fr": "De 0 (aucun) à 3", "en": "From 0 (none) to 3"},
    "cohort.exported": {
        "fr": "Export de « {name} » : une ligne par apprenant·e et par semaine (activité, "
        "questionnaire, jalons, cas). Encodage UTF-8, il s'ouvre tel quel dans un tableur.",
        "en": "Export of “{name}”: one row per learner and week (activity, questionnaire, "
        "checkpoints, cases). UTF-8, it opens as is in a spreadsheet.",
    },
    "cmd.cohorte.export": {"fr": "export", "en": "export"},
    "cmd.cohorte.export.description": {
        "fr": "Tableau CSV : une ligne par apprenant et par semaine",
        "en": "CSV table: one row per learner and week",
    },
    "opt.separateur": {
        "fr": "Séparateur ; (tableur français) ou ,",
        "en": "Separator ; (French spreadsheets) or ,",
    },
    # what could not be delivered, told to the tutors
    "undelivered.report": {
        "fr": "⚠️ Un message du bot n'a pas pu être remis à {target} ({reason}). "
        "Référence : `{key}`.",
        "en": "⚠️ A message from the bot could not be delivered to {target} ({reason}). "
        "Reference: `{key}`.",
    },
    "undelivered.dms_closed": {
        "fr": "ses messages privés sont fermés",
        "en": "their direct messages are closed",
    },
    "undelivered.missing_permission": {
        "fr": "il manque une permission au bot dans ce salon",
        "en": "the bot lacks a permission in that channel",
    },
    "undelivered.other": {
        "fr": "Discord a refusé après plusieurs essais, code {code}",
        "en": "Discord refused after several attempts, code {code}",
    },
}

from tutorat.texts_digest import TEXTS as _DIGEST  # noqa: E402 - after the main catalogue
from tutorat.texts_platform import TEXTS as _PLATFORM  # noqa: E402
from tutorat.texts_reports import TEXTS as _REPORTS  # noqa: E402

TEXTS.update(_REPORTS)
TEXTS.update(_DIGEST)
TEXTS.update(_PLATFORM)

LANGUAGES = ("fr", "en")


def language_of(locale: str | None) -> str:
    """Discord locales such as 'en-US', 'en-GB', 'fr' map to our languages; French by default."""
    return "en" if locale and str(locale).startswith("en") else "fr"


class Key(str):
    """A parameter that is itself a catalogue key: rendered in the reader's language."""


def text(key: str, locale: str | None = "fr", /, **params: object) -> str:
    entry = TEXTS[key]
    template = entry.get(language_of(locale)) or entry["fr"]
    if not params:
        return template
    return template.format(
        **{k: text(v, locale) if isinstance(v, Key) else v for k, v in params.items()}
    )
