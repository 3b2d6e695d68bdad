"""The unit tests' shared fixtures: the real tagger and its gazetteer, built once."""

from __future__ import annotations

import pytest

from bot.geo.gazetteer import Gazetteer
from bot.geo.tagger import Tagger, load_tagger


@pytest.fixture(scope="session")
def tagger() -> Tagger:
    """The tagger production runs (cached for the process by :func:`load_tagger`)."""
    return load_tagger()


@pytest.fixture(scope="session")
def gazetteer(tagger: Tagger) -> Gazetteer:
    """The tagger's gazetteer."""
    return tagger.gazetteer
