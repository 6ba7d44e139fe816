"""Who may open the tutors' web view: a one-time link given by /tableau (10 minutes, bound to
the tutor and the server), then a session (8 hours) whose every request checks the tutor's
rights again with the slash commands' rule (tutorat.team). Only keyed hashes of links and
sessions are stored; the key (TUTORAT_WEB_SECRET) never is."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from tutorat.errors import Refusal
from tutorat.team import Standing, Team

LINK_LIFE = timedelta(minutes=10)
SESSION_LIFE = timedelta(hours=8)
LINKS_PER_WINDOW = 5  # links one tutor may ask for in LINK_LIFE: a burst is refused
FORGET_AFTER = timedelta(days=7)
SESSIONS_KEPT = 1000  # sessions kept read in memory (a few hundred bytes each)


@dataclass(frozen=True)
class Visitor:
    """A tutor on the web view, as this request found them."""

    guild_id: int
    user_id: int
    locale: str
    coordinator: bool
    csrf: str


StandingOf = Callable[[int, int], Standing]  # (server, user) -> what Discord says of them


class Desk:
    def __init__(self, store, team: Team, secret: bytes) -> None:
        self.store = store  # db.web.WebAccessRepository
        self.team = team
        self.secret = secret
        # session id hash -> (what it was read at, the session): read once per minute, or
        # again after this process wrote to the sessions (a session ended, a new one). A
        # session is only ever used and ended on the process that opened it (its own port).
        self._sessions: dict[str, tuple[tuple, dict | None]] = {}

    async def _session(self, id_hash: str, now: datetime) -> dict | None:
        read_at = (self.store.sessions_written(), now.replace(second=0, microsecond=0))
        kept = self._sessions.get(id_hash)
        if kept is not None and kept[0] == read_at:
            return kept[1]
        if len(self._sessions) > SESSIONS_KEPT:
            self._sessions.clear()
        found = await self.store.session(id_hash)
        self._sessions[id_hash] = (read_at, found)
        return found

    def _keyed(self, purpose: str, value: str) -> str:
        return hmac.new(self.secret, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()

    async def link(
        self, guild_id: int, user_id: int, standing: Standing, locale: str, now: datetime
    ) -> str:
        """A one-time token for a tutor of this server; a burst of requests is refused."""
        await self.team.require(guild_id, standing)
        if await self.store.links_since(guild_id, user_id, now - LINK_LIFE) >= LINKS_PER_WINDOW:
            raise Refusal("web.too_many_links")
        await self.store.forget_before(now - FORGET_AFTER)
        token = secrets.token_urlsafe(32)
        await self.store.add_link(
            self._keyed("link", token), guild_id, user_id, locale, now, now + LINK_LIFE
        )
        return token

    async def enter(self, token: str, now: datetime, standing_of: StandingOf) -> str:
        """The link, used once: a session cookie's value."""
        found = await self.store.use_link(self._keyed("link", token), now)
        if found is None:
            raise Refusal("web.link_unknown")
        if found["used_at"] is not None:
            raise Refusal("web.link_used")
        if now >= found["expires_at"]:
            raise Refusal("web.link_expired")
        guild_id, user_id = found["guild_id"], found["user_id"]
        await self.team.require(guild_id, standing_of(guild_id, user_id))
        session = secrets.token_urlsafe(32)
        await self.store.add_session(
            self._keyed("session", session),
            guild_id,
            user_id,
            found["locale"],
            now,
            now + SESSION_LIFE,
        )
        return f"{session}.{self._keyed('cookie', session)}"

    def _session_of(self, cookie: str | None) -> str:
        session, _, signature = (cookie or "").partition(".")
        if not session or not hmac.compare_digest(signature, self._keyed("cookie", session)):
            raise Refusal("web.signed_out")
        return session

    async def visitor(self, cookie: str | None, now: datetime, standing_of: StandingOf) -> Visitor:
        """Who this cookie is, if their session holds and they are still on the team."""
        session = self._session_of(cookie)
        found = await self._session(self._keyed("session", session), now)
        if found is None or found["ended_at"] is not None or now >= found["expires_at"]:
            raise Refusal("web.signed_out")
        guild_id, user_id = found["guild_id"], found["user_id"]
        standing = standing_of(guild_id, user_id)
        await self.team.require(guild_id, standing)
        settings = await self.team.get(guild_id)
        coordinator = standing.manages_guild or (
            settings.coordinator_role_id is not None
            and settings.coordinator_role_id in standing.role_ids
        )
        return Visitor(
            guild_id, user_id, found["locale"], coordinator, self._keyed("csrf", session)
        )

    def csrf_holds(self, visitor: Visitor, token: str | None) -> bool:
        return bool(token) and hmac.compare_digest(visitor.csrf, token)

    async def leave(self, cookie: str | None, now: datetime) -> None:
        try:
            session = self._session_of(cookie)
        except Refusal:
            return
        await self.store.end_session(self._keyed("session", session), now)


def web_secret(env) -> bytes:
    """TUTORAT_WEB_SECRET (at least 32 characters); without it, a key of this process only:
    sessions and links then end when the bot restarts."""
    given = env.get("TUTORAT_WEB_SECRET", "")
    if given:
        if len(given) < 32:
            from tutorat.config import ConfigError

            raise ConfigError(
                "TUTORAT_WEB_SECRET : au moins 32 caractères attendus, par exemple ceux de"
                " `python3 -c 'import secrets; print(secrets.token_urlsafe(32))'`"
                " / at least 32 characters expected"
            )
        return given.encode()
    return secrets.token_bytes(32)
