"""Forms (modals) that survive restarts: a submission is routed by its custom id, like a
DynamicItem button, to a handler registered by a cog — not to a Modal object that a restart
would have forgotten. A form or button that no handler knows (not ours, from an old version,
or forged) gets a sentence instead of Discord's silent "interaction failed". Every button the
bot sends is a DynamicItem whose template is registered: none lives only in a View."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

import discord
from discord.ext import commands

from cogs.errors import answer_error
from tutorat.errors import Refusal

FormHandler = Callable[[discord.Interaction, re.Match, dict[str, str]], Awaitable[None]]


def submitted_values(components: list[dict]) -> dict[str, str]:
    """custom_id -> value for text inputs and radio groups, in rows or labels."""
    found: dict[str, str] = {}
    for component in components:
        if "component" in component:  # a label around one component
            found.update(submitted_values([component["component"]]))
        if "components" in component:  # an action row
            found.update(submitted_values(component["components"]))
        if "custom_id" in component and "value" in component:
            found[component["custom_id"]] = component["value"] or ""
        elif "custom_id" in component and "values" in component:
            found[component["custom_id"]] = ",".join(component["values"])
    return found


class Forms(commands.Cog):
    def __init__(self, bot) -> None:
        self.bot = bot
        self.handlers: list[tuple[re.Pattern, FormHandler]] = []
        bot.forms = self

    def register(self, pattern: str, handler: FormHandler) -> None:
        self.handlers.append((re.compile(pattern), handler))

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction) -> None:
        data = interaction.data or {}
        custom_id = data.get("custom_id", "")
        if interaction.type is discord.InteractionType.component:
            if not any(p.fullmatch(custom_id) for p in self.bot.button_templates):
                await answer_error(interaction, Refusal("error.stale"))
            return
        if interaction.type is not discord.InteractionType.modal_submit:
            return
        for pattern, handler in self.handlers:
            match = pattern.fullmatch(custom_id)
            if match:
                try:
                    await handler(interaction, match, submitted_values(data.get("components", [])))
                except Exception as error:
                    await answer_error(interaction, error)
                return
        await answer_error(interaction, Refusal("error.stale"))


async def setup(bot) -> None:
    await bot.add_cog(Forms(bot))
