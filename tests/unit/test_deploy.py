"""The deployment files agree with the code: every metric the Grafana dashboard queries is
one the bot exports, and the compose stack's config is valid and scrapeable."""

from __future__ import annotations

import json
import re
from pathlib import Path

from bot.config import load_settings
from bot.metrics import Metrics, Snapshot

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
_SUFFIXES = ("_bucket", "_count", "_sum", "_total", "_created")


def exported() -> set[str]:
    metrics = Metrics()
    metrics.latency.observe(1.0)
    snapshot = Snapshot({"pending": 1}, 2, 3, 4, {"sent": 5}, {"chat": 1, "global": 0})
    text = metrics.render(snapshot).decode()
    return {_base(line.split()[2]) for line in text.splitlines() if line.startswith("# TYPE")}


def _base(name: str) -> str:
    """A sample's metric name without the suffix the exposition adds."""
    return next((name.removesuffix(s) for s in _SUFFIXES if name.endswith(s)), name)


def test_dashboard_queries_name_metrics_that_exist() -> None:
    dashboard = json.loads((DEPLOY / "grafana/dashboards/livebot.json").read_text())
    queried = {
        _base(name)
        for panel in dashboard["panels"]
        for target in panel["targets"]
        for name in re.findall(r"livebot_[a-z_]+", target["expr"])
    }
    assert len(dashboard["panels"]) >= 8
    assert queried and queried <= exported(), queried - exported()


def test_compose_config_is_valid_and_exposes_metrics() -> None:
    settings = load_settings(
        DEPLOY / "livebot.toml", environ={"TELEGRAM_BOT_TOKEN": "123456:" + "a" * 35}
    )
    assert settings.metrics.enabled and settings.push.host == "0.0.0.0"
    assert settings.storage.database == Path("/data/livebot.sqlite3")
    prometheus = (DEPLOY / "prometheus.yml").read_text()
    assert f"livebot:{settings.push.port}" in prometheus
    compose = (DEPLOY / "compose.single.yaml").read_text()
    for service in ("livebot:", "prometheus:", "grafana:", "restart: unless-stopped"):
        assert service in compose


def test_the_scaled_stack_runs_two_processes_of_each_role() -> None:
    """deploy/compose.yaml: PostgreSQL, two processes of each role (named by LIVEBOT_ROLE,
    which the image's health check reads too), all scraped by Prometheus."""
    compose = (DEPLOY / "compose.yaml").read_text()
    for piece in ("postgres:", "pg_isready", "replicas: 2", "prometheus.roles.yml",
                  "LIVEBOT_DATABASE_URL: postgresql://livebot:"):  # fmt: skip
        assert piece in compose, piece
    for role in ("updates", "ingest", "deliver"):
        assert f"  {role}:\n" in compose and f"LIVEBOT_ROLE: {role}" in compose, role
    scraped = (DEPLOY / "prometheus.roles.yml").read_text()
    assert '["updates", "ingest", "deliver"]' in scraped and "port: 8080" in scraped


def test_the_postgresql_stack_runs_a_bot_and_a_standby() -> None:
    """deploy/compose.postgres.yaml: PostgreSQL, a bot and a standby of the same image and
    config; the database URL (with its password) comes from the environment, not a file."""
    url = "postgresql://livebot:s3cret@postgres:5432/livebot"
    settings = load_settings(
        DEPLOY / "livebot.toml",
        environ={"TELEGRAM_BOT_TOKEN": "123456:" + "a" * 35, "LIVEBOT_DATABASE_URL": url},
    )
    assert settings.storage.postgres and settings.storage.location == url
    assert "s3cret" not in settings.storage.shown
    compose = (DEPLOY / "compose.postgres.yaml").read_text()
    for piece in ("postgres:", "livebot:", "livebot-standby:", '["run", "--standby"]',
                  "LIVEBOT_DATABASE_URL: postgresql://livebot:", "pg_isready"):  # fmt: skip
        assert piece in compose, piece
