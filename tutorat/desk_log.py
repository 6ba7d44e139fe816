"""The contact log: what a tutor wrote on the web view (a case action with its note, a note,
a contact the learner started), and the case actions taken with the Discord buttons."""

from __future__ import annotations

from tutorat.models import Case, Cohort


class ContactLog:
    def __init__(self, store, case_store) -> None:
        self.store = store  # db.web.DeskRepository
        self.case_store = case_store  # CaseRepository

    async def entries(
        self, cohort: Cohort, user_id: int | None = None, cases: list[Case] | None = None
    ) -> list[dict]:
        """Every contact and note, oldest first: what was written on the page, and the case
        actions taken with the Discord buttons, by whoever clicked (the case's tutor for an
        action recorded before the bot kept who). `cases`: the learner's, when the caller has
        them already."""
        found = await self.store.contacts(cohort.id, user_id)
        logged = {(c["case_id"], c["kind"]) for c in found if c["case_id"]}
        if cases is None and user_id is None:
            cases = await self.case_store.of_cohort(cohort.id, open_only=False)
        elif cases is None:
            cases = await self.case_store.of_learner(cohort.id, user_id)
        for case in cases:
            events = [("contacted", case.contacted_at, None, case.contacted_by)]
            if case.outcome in ("done", "false_alarm"):
                events.append((case.outcome, case.closed_at, case.notes, case.closed_by))
            for kind, at, note, by in events:
                by = by or case.tutor_id
                if at is None or (case.id, kind) in logged or by is None:
                    continue
                if kind == "contacted" and (case.id, "done") in logged:
                    continue  # an interview done on the page counts its contact
                found.append(
                    {
                        "id": None,
                        "user_id": case.user_id,
                        "tutor_id": by,
                        "case_id": case.id,
                        "kind": kind,
                        "note": note,
                        "at": at,
                    }
                )
        return sorted(found, key=lambda c: (c["at"], c["id"] or 0))
