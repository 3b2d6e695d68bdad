"""A typed callback context, so handlers write ``context.services`` instead of raw bot_data keys."""

from __future__ import annotations

from typing import Any

from telegram.ext import Application, CallbackContext, ExtBot

from bot.services import Services


class BotData:
    """The application's shared state; filled in once services have started."""

    services: Services | None = None


class LivebotContext(CallbackContext[ExtBot[Any], dict[Any, Any], dict[Any, Any], BotData]):
    """The context every handler and job receives."""

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application=application, chat_id=chat_id, user_id=user_id)

    @property
    def services(self) -> Services:
        """The running services (present whenever updates are being handled)."""
        services = self.bot_data.services
        if services is None:
            raise RuntimeError("services are not started")
        return services
