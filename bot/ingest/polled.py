"""How each source is polled: as the configuration file says, as an operator added it at
runtime, or as a link people follow (every ``user_sources.interval``).

Start-up, the scheduler's reloads and the commands that add sources all ask here, so a
source is polled the same way whoever added it and whenever it is reloaded.
"""

from __future__ import annotations

from bot.config import Settings, SourceSettings
from bot.models import SourceState


def user_source(name: str, url: str, interval: float) -> SourceSettings:
    """How a source a person follows is polled: auto-detected, every ``interval`` seconds
    (``user_sources.interval``)."""
    return SourceSettings(name=name, url=url, interval=interval)


def operator_source(state: SourceState, settings: Settings) -> SourceSettings:
    """How a source an operator added at runtime is polled: auto-detected, every interval
    given with /addsource (else the default of ``[[sources]]``)."""
    interval = state.interval or SourceSettings.model_fields["interval"].default
    return SourceSettings(name=state.name, url=state.url, interval=interval)


def polled_as(
    state: SourceState, configured: dict[int, SourceSettings], settings: Settings
) -> SourceSettings:
    """How a source is polled: as configured, as an operator added it, or as a link
    people follow."""
    if state.origin == "config" and state.id in configured:
        return configured[state.id]
    if state.origin == "user":
        return user_source(state.name, state.url, settings.user_sources.interval)
    return operator_source(state, settings)
