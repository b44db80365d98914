"""`python -m bot`: the same as the `cohortbot` command. The one module of bot/ that may name the CLI."""

from handlers.cli import main

raise SystemExit(main())
