"""Settings from the environment: declared once, parsed with named errors, read nowhere else."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import huijia
from huijia.cli import main
from huijia.settings import SETTINGS, SettingError, Settings


def test_the_environment_fills_the_settings_and_an_empty_variable_counts_as_unset() -> None:
    settings = Settings.from_environment(
        {
            "HUIJIA_DB": "postgresql+psycopg://u@h/db",
            "HUIJIA_TZ": "",
            "PORT": "9000",
            "HUIJIA_SMTP_STARTTLS": "yes",
        }
    )
    assert settings.db == "postgresql+psycopg://u@h/db"
    assert settings.tz == Settings().tz  # empty: the default
    assert settings.port == 9000 and settings.smtp_starttls is True
    assert Settings.from_environment({}) == Settings()


def test_a_bad_value_is_named_by_its_variable_and_a_secret_is_never_shown() -> None:
    with pytest.raises(SettingError, match=r"HUIJIA_SMTP_PORT: '25x' is not a whole number"):
        Settings.from_environment({"HUIJIA_SMTP_PORT": "25x"})
    with pytest.raises(SettingError, match="HUIJIA_SMTP_STARTTLS"):
        Settings.from_environment({"HUIJIA_SMTP_STARTTLS": "maybe"})
    assert {s.field for s in SETTINGS if s.secret} == {"secret", "smtp_password"}


def test_the_command_line_takes_its_defaults_from_the_environment(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'from-env.db'}"
    done = CliRunner().invoke(main, ["audit", "verify"], env={"HUIJIA_DB": url})
    assert done.exit_code == 0 and (tmp_path / "from-env.db").exists()
    bad = CliRunner().invoke(main, ["serve"], env={"PORT": "eighty"})
    assert bad.exit_code == 2 and "PORT: 'eighty' is not a whole number" in bad.output


def test_no_module_but_settings_reads_the_environment() -> None:
    package = Path(huijia.__file__).parent
    readers = re.compile(r"os\.environ|os\.getenv|getenv\(|envvar=")
    offenders = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if path.name != "settings.py" and readers.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
