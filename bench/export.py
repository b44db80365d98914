"""How fast, and in how much memory, the evaluator's workbook is built.

    python bench/export.py                 # 10,000 and 100,000 reflections
    python bench/export.py --sizes 20000   # other sizes

For each size, a fresh process generates a SQLite database (50 cohorts of 8 delegates,
N reflections, N/5 evidence entries, two deliveries a week, three confidence surveys and
an evaluation per delegate), then another fresh process times the full export and, in the
same run, a bare openpyxl write-only dump of the same rows (same row counts and columns,
plain values, no safety). It prints both times, the ratio and the peak RSS.
Goal: ratio at most 1.5; peak RSS under 200 MB and flat as the rows grow. The pseudonymised
export is timed once more (its CPU time against the named export's): delegates have real-looking
names, and one reflection in five thanks a colleague by first name, so there are people to find.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openpyxl import Workbook  # noqa: E402
from sqlalchemy import insert, select  # noqa: E402

from bot.config import Settings  # noqa: E402
from bot.context import Context  # noqa: E402
from bot.export.confidence import CONFIDENCE_COLUMNS, ratings_query  # noqa: E402
from bot.export.confidence_change import CHANGE_COLUMNS  # noqa: E402
from bot.export.context import AsNamed, CommandLine, ExportContext, ExportScope  # noqa: E402
from bot.export.deliveries import DELIVERY_COLUMNS, deliveries_query  # noqa: E402
from bot.export.distributions import DISTRIBUTION_COLUMNS  # noqa: E402
from bot.export.evaluation import evaluation_columns, evaluations_query  # noqa: E402
from bot.export.evidence_themes import THEME_COLUMNS  # noqa: E402
from bot.export.instruments import PHASES, confidence_items, evaluation_questions  # noqa: E402
from bot.export.journal_sheets import EVIDENCE_COLUMNS, REFLECTION_COLUMNS, evidence_query, reflections_query  # noqa: E402
from bot.export.participation import participation_columns  # noqa: E402
from bot.export.quotes import QUOTE_COLUMNS  # noqa: E402
from bot.export.summary import summary_columns  # noqa: E402
from bot.export.workbook import export_workbook  # noqa: E402
from handlers.bootstrap import bootstrap  # noqa: E402
from storage.models import (  # noqa: E402
    Cohort,
    ConfidenceRating,
    Delivery,
    Evaluation,
    Evidence,
    Membership,
    Person,
    Prompt,
    Reflection,
)

COHORTS = 50
DELEGATES = 8
WEEKS = 26
CHUNK = 10_000
THEMES = ["Data", "AI", "User needs", "Service design", "Cyber security", "Leadership"]
START = date(2025, 1, 6)
FIRST_NAMES = "Amira Ben Chloe Dev Ella Finn Grace Hamid Isla Jack Kemi Leo Maya Nia Owen Priya Rory Sana Tom Will".split()
SURNAMES = "Ahmed Brown Clarke Davies Evans Fisher Green Hughes Islam Jones Khan Lewis Moore Nash Owusu Patel".split()
WORDS = (
    "team service users data digital change tried learnt meeting supplier risk agile sprint research show tell "
    "budget cloud legacy policy residents council board decision question noticed because however next week "
    "colleagues prototype feedback measure outcome accessible open standard contract procurement security"
).split()


def services_for(path: Path) -> Context:
    settings = Settings(_env_file=None, database_url=f"sqlite:///{path}", cohortbot_pseudonym_key="bench key")
    return bootstrap(settings)


def _text(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choices(WORDS, k=words))
    return ("=" + text) if rng.random() < 0.01 else text.capitalize() + "."


def _instant(rng: random.Random, week: int) -> datetime:
    day = datetime.combine(START, datetime.min.time(), UTC) + timedelta(weeks=week - 1)
    return day + timedelta(seconds=rng.randrange(7 * 24 * 3600))


def _bulk(services: Context, model: Any, rows: Any) -> None:
    """Insert rows chunk by chunk, executemany-style, without holding them all."""
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            with services.db.write() as session:
                session.execute(insert(model), chunk)
            chunk = []
    if chunk:
        with services.db.write() as session:
            session.execute(insert(model), chunk)


def generate(path: Path, reflections: int) -> None:
    rng = random.Random(5)
    services = services_for(path)
    now = datetime.now(UTC)
    _bulk(
        services,
        Prompt,
        (
            {
                "slug": f"p{w}",
                "title": f"Week {w} challenge",
                "challenge": _text(rng, 60),
                "resources": [],
                "themes": ["Leadership"],
                "licence": "CC BY 4.0",
                "position": w,
                "created_at": now,
            }
            for w in range(1, WEEKS + 1)
        ),
    )
    _bulk(
        services,
        Cohort,
        (
            {
                "platform": "slack",
                "workspace": "TBENCH",
                "name": f"Cohort {c:02d}",
                "start_date": START,
                "weeks": WEEKS,
                "weekday": 0,
                "local_time": datetime.min.time().replace(hour=9),
                "timezone": "Europe/London",
                "status": "finished",
                "reminder_days": 2,
                "created_at": now,
            }
            for c in range(1, COHORTS + 1)
        ),
    )
    people = [(c, c * DELEGATES + d) for c in range(1, COHORTS + 1) for d in range(DELEGATES)]
    _bulk(
        services,
        Person,
        (
            {
                "platform": "slack",
                "workspace": "TBENCH",
                "platform_user_id": f"U{p:06d}",
                "display_name": f"{FIRST_NAMES[p % len(FIRST_NAMES)]} {SURNAMES[p // len(FIRST_NAMES) % len(SURNAMES)]}",
                "reminders_opt_out": False,
                "created_at": now,
            }
            for _, p in people
        ),
    )
    with services.db.read() as session:
        person_ids = dict(session.execute(select(Person.platform_user_id, Person.id)).all())
    members = [(c, person_ids[f"U{p:06d}"]) for c, p in people]
    _bulk(services, Membership, ({"cohort_id": c, "person_id": p, "role": "delegate", "created_at": now} for c, p in members))

    def entries(count: int, kind: str) -> Any:
        for _ in range(count):
            cohort, person = rng.choice(members)
            week = rng.randint(1, WEEKS)
            written = _instant(rng, week)
            row = {
                "cohort_id": cohort,
                "person_id": person,
                "week": week,
                "prompt_id": week,
                "created_at": written,
                "updated_at": written,
            }
            if kind == "reflection":
                text = _text(rng, rng.randint(20, 160))
                if rng.random() < 0.2:
                    text += f" Thanks to {rng.choice(FIRST_NAMES)} for the idea."
                yield row | {"text": text, "visibility": "private", "open_content_consent": rng.random() < 0.05}
            else:
                yield row | {
                    "technique": _text(rng, 12),
                    "context": _text(rng, 30),
                    "outcome": _text(rng, 30),
                    "themes": rng.sample(THEMES, 2),
                    "is_quick": False,
                    "follow_up_answer": _text(rng, 25),
                    "follow_up_used_again": rng.choice(["yes", "not yet", "no", None]),
                }

    _bulk(services, Reflection, entries(reflections, "reflection"))
    _bulk(services, Evidence, entries(reflections // 5, "evidence"))
    _bulk(
        services,
        Delivery,
        (
            {
                "cohort_id": c,
                "week": w,
                "kind": kind,
                "prompt_id": w,
                "due_at": _instant(rng, w),
                "status": "sent",
                "attempts": 1,
                "sent_at": _instant(rng, w),
            }
            for c in range(1, COHORTS + 1)
            for w in range(1, WEEKS + 1)
            for kind in ("prompt", "reminder")
        ),
    )
    phases = dict(zip(PHASES, (1, WEEKS // 2, WEEKS)))
    _bulk(
        services,
        ConfidenceRating,
        (
            {
                "cohort_id": c,
                "person_id": p,
                "phase": phase,
                "item_key": item.key,
                "rating": rng.randint(1, 5),
                "created_at": _instant(rng, week),
            }
            for c, p in members
            for phase, week in phases.items()
            for item in confidence_items()
        ),
    )
    _bulk(
        services,
        Evaluation,
        (
            {
                "cohort_id": c,
                "person_id": p,
                "created_at": now,
                "updated_at": now,
                "answers": {q.key: {"rating": rng.randint(1, 5), "comment": _text(rng, 30)} for q in evaluation_questions()},
            }
            for c, p in members
        ),
    )
    services.db.dispose()


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    return str(value) if isinstance(value, (list, dict)) else value


def _dump(session: Any, sheet: Any, query: Any, rows: int, columns: int) -> None:
    """Exactly `rows` rows of `columns` plain values from `query`, repeating it if it runs short."""
    written = 0
    while written < rows:
        for row in session.execute(query.execution_options(yield_per=2000)):
            values = [_plain(value) for value in row]
            sheet.append((values * (columns // len(values) + 1))[:columns])
            written += 1
            if written == rows:
                return


def baseline(services: Context, out: Path, counts: dict[str, int]) -> None:
    """A bare write-only dump with the export's row and column counts: plain values, no safety, no styles.

    The row-per-record sheets dump the export's own queries; the aggregated ones dump as many
    plain rows of the tables they summarise.
    """
    with services.db.read() as session:
        ctx = ExportContext.open(session, ExportScope(), AsNamed(), services.settings.cohortbot_timezone)
        sources = {
            "Summary": (select(Cohort.name, Cohort.start_date, Cohort.weeks, Cohort.timezone), len(summary_columns())),
            "Confidence change": (ratings_query(ctx), len(CHANGE_COLUMNS)),
            "Rating distributions": (ratings_query(ctx), len(DISTRIBUTION_COLUMNS)),
            "Evidence themes": (evidence_query(ctx), len(THEME_COLUMNS)),
            "Quote bank": (reflections_query(ctx), len(QUOTE_COLUMNS)),
            "Reflections": (reflections_query(ctx), len(REFLECTION_COLUMNS)),
            "Evidence": (evidence_query(ctx), len(EVIDENCE_COLUMNS)),
            "Prompts delivered": (deliveries_query(ctx), len(DELIVERY_COLUMNS)),
            "Confidence": (ratings_query(ctx), len(CONFIDENCE_COLUMNS)),
            "Evaluation": (evaluations_query(ctx), len(evaluation_columns())),
            "Participation": (
                select(Cohort.name, Person.display_name, Person.platform_user_id, Membership.role)
                .join(Cohort, Membership.cohort_id == Cohort.id)
                .join(Person, Membership.person_id == Person.id),
                len(participation_columns(WEEKS)),
            ),
        }
        workbook = Workbook(write_only=True)
        for title, (query, columns) in sources.items():
            _dump(session, workbook.create_sheet(title), query, counts[title], columns)
    workbook.save(out)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(work: Any) -> tuple[Any, float, float]:
    """What `work()` returns, with its wall-clock and CPU seconds (CPU time shrugs off a busy machine)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def measure(path: Path, repeats: int) -> dict[str, Any]:
    """Export and baseline taken in turns, `repeats` times each; the best time of each counts."""
    services = services_for(path)
    out = path.with_suffix(".xlsx")
    bench = CommandLine("bench")
    export: list[tuple[float, float]] = []
    bare: list[tuple[float, float]] = []
    export_peak = 0.0
    for _ in range(repeats):
        counts, wall, cpu = _timed(lambda: export_workbook(services, out, ExportScope(), actor=bench))
        export.append((wall, cpu))
        export_peak = export_peak or peak_mb()
        _, wall, cpu = _timed(partial(baseline, services, path.with_suffix(".baseline.xlsx"), counts))
        bare.append((wall, cpu))
    scope = ExportScope(pseudonymise=True)
    pseudonymised_out = path.with_suffix(".p.xlsx")
    _, pseudonymised, pseudonymised_cpu = _timed(lambda: export_workbook(services, pseudonymised_out, scope, actor=bench))
    return {
        "counts": counts,
        "export": [min(times) for times in zip(*export)],
        "baseline": [min(times) for times in zip(*bare)],
        "pseudonymised": [pseudonymised, pseudonymised_cpu],
        "export_peak_mb": export_peak,
        "peak_mb": peak_mb(),
        "export_file_mb": out.stat().st_size / 2**20,
    }


def _child(*args: str) -> str:
    return subprocess.run([sys.executable, __file__, *args], check=True, capture_output=True, text=True).stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeats", type=int, default=2, help="export and baseline runs per size (best counts)")
    parser.add_argument("--generate", nargs=2, metavar=("DB", "N"), help=argparse.SUPPRESS)
    parser.add_argument("--measure", metavar="DB", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate:
        generate(Path(args.generate[0]), int(args.generate[1]))
        return
    if args.measure:
        print(json.dumps(measure(Path(args.measure), args.repeats)))
        return
    with tempfile.TemporaryDirectory(prefix="cohortbot-bench-") as folder:
        for size in args.sizes:
            db = Path(folder) / f"bench-{size}.db"
            started = time.perf_counter()
            _child("--generate", str(db), str(size))
            generated = time.perf_counter() - started
            result = json.loads(_child("--measure", str(db), "--repeats", str(args.repeats)))
            (export_wall, export_cpu), (bare_wall, bare_cpu) = result["export"], result["baseline"]
            print(f"\n{size:,} reflections ({generated:.1f} s to generate): rows per sheet {result['counts']}")
            file_mb = result["export_file_mb"]
            print(f"  full export        {export_wall:7.2f} s wall {export_cpu:7.2f} s CPU   ({file_mb:.1f} MB file)")
            print(f"  bare openpyxl dump {bare_wall:7.2f} s wall {bare_cpu:7.2f} s CPU   (same rows and columns)")
            ratios = f"{export_wall / bare_wall:7.2f}   wall {export_cpu / bare_cpu:7.2f}   CPU"
            print(f"  ratio              {ratios}   (goal: at most 1.5)")
            pseudonymised_wall, pseudonymised_cpu = result["pseudonymised"]
            against = f"{pseudonymised_cpu / export_cpu:.2f} x the named export's CPU"
            print(f"  pseudonymised      {pseudonymised_wall:7.2f} s wall {pseudonymised_cpu:7.2f} s CPU   ({against})")
            peaks = f"{result['export_peak_mb']:7.1f} MB after the export, {result['peak_mb']:.1f} MB at the end"
            print(f"  peak RSS           {peaks} (goal: under 200)")


if __name__ == "__main__":
    main()
