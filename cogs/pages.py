"""A list longer than one message: its first page, how many items and pages there are, and
buttons to turn the pages (Discord's own pattern), for the person who asked only."""

from __future__ import annotations

import discord

from cogs.errors import reply_ephemeral
from tutorat.paging import pages
from tutorat.texts import text

# an ephemeral answer can be edited for 15 minutes after the command
TURN_FOR_SECONDS = 14 * 60


async def send_list(
    interaction: discord.Interaction, lines: list[str], empty: str, loc: str
) -> None:
    """Every line, in pages; `empty` when there is none. Answers or follows up, ephemeral."""
    if not lines:
        await reply_ephemeral(interaction, empty)
        return
    book = Book(interaction.user.id, lines, loc)
    if len(book.pages) == 1:
        await reply_ephemeral(interaction, "\n".join(book.pages[0]))
        return
    if interaction.response.is_done():
        await interaction.followup.send(book.render(), view=book, ephemeral=True)
    else:
        await interaction.response.send_message(book.render(), view=book, ephemeral=True)


class Book(discord.ui.View):
    def __init__(self, owner_id: int, lines: list[str], loc: str) -> None:
        super().__init__(timeout=TURN_FOR_SECONDS)
        self.owner_id, self.loc, self.count = owner_id, loc, len(lines)
        self.pages = pages(lines)
        self.at = 0
        self.previous.label = text("list.previous", loc)
        self.next.label = text("list.next", loc)
        self._buttons()

    def render(self) -> str:
        heading = text(
            "list.heading", self.loc, n=self.count, page=self.at + 1, pages=len(self.pages)
        )
        return heading + "\n" + "\n".join(self.pages[self.at])

    def _buttons(self) -> None:
        self.previous.disabled = self.at == 0
        self.next.disabled = self.at == len(self.pages) - 1

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return interaction.user.id == self.owner_id

    async def _turn(self, interaction: discord.Interaction, step: int) -> None:
        self.at = max(0, min(len(self.pages) - 1, self.at + step))
        self._buttons()
        await interaction.response.edit_message(content=self.render(), view=self)

    @discord.ui.button(label="‹", style=discord.ButtonStyle.secondary)
    async def previous(self, interaction: discord.Interaction, _: discord.ui.Button) -> None:
        await self._turn(interaction, -1)

    @discord.ui.button(label="›", style=discord.ButtonStyle.secondary)
    async def next(self, interaction: discord.Interaction, _: discord.ui.Button) -> None:
        await self._turn(interaction, 1)
