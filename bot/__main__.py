"""`python -m bot`: runs the installed `cohortbot` command, found through its entry point in pyproject.toml,
so the domain package never imports a front end."""

from importlib.metadata import entry_points

(command,) = entry_points(group="console_scripts", name="cohortbot")
raise SystemExit(command.load()())
