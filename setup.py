"""Build hook: the interface's message catalogs (``locales/<lang>/LC_MESSAGES/livebot.po``)
are compiled into the package (``bot/locales/…/livebot.mo``) when it is built, as gettext
reads them; everything else about the package is in pyproject.toml."""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithCatalogs(build_py):
    """``build_py`` that also compiles the ``.po`` catalogs (fuzzy entries left out)."""

    def run(self) -> None:
        super().run()
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for source in sorted(Path("locales").glob("*/LC_MESSAGES/livebot.po")):
            language = source.parts[1]
            target = Path(self.build_lib, "bot", source.with_suffix(".mo"))
            target.parent.mkdir(parents=True, exist_ok=True)
            with source.open("rb") as po, target.open("wb") as mo:
                write_mo(mo, read_po(po, locale=language))


setup(cmdclass={"build_py": BuildWithCatalogs})
