"""Every figure the evaluator's workbook gives for the known programme (tests/export/known_programme.py), worked out by hand."""

from __future__ import annotations

import math
from datetime import date, datetime

import pytest
from openpyxl.chart import BarChart, LineChart

from tests.export.conftest import table

# Two-sided 95% t critical values, t(0.975, df), as printed in any t-table.
T_975 = {1: 12.7062047, 2: 4.3026527}


def _ci(changes: list[float], df_key: int) -> tuple[float, float]:
    n = len(changes)
    mean = sum(changes) / n
    sd = math.sqrt(sum((c - mean) ** 2 for c in changes) / (n - 1))
    half = T_975[df_key] * sd / math.sqrt(n)
    return mean - half, mean + half


def test_summary_counts_only_weeks_that_ran_while_enrolled(known, export):
    rows = {row["Cohort"]: row for row in table(export()["Summary"])}
    north, south, empty, both = rows["North"], rows["South"], rows["Empty"], rows["All cohorts"]
    # North: weeks 1, 2, 4 ran; 3 skipped; 5 missed; 6 not over. First post 5 January, not the moved start date.
    assert north["First post"] == datetime(2026, 1, 5)
    assert (north["Weeks planned"], north["Weeks run"], north["Weeks skipped"], north["Weeks missed"]) == (6, 3, 1, 1)
    assert north["Weeks paused"] == 1  # 21 days from week 2 to week 4: three calendar weeks for two programme weeks
    # Expected weeks: Ann 1, 2, 4; Ben 1, 2, 4; Cat 4 only; Dan 1, 2, 4 = 10 delegate-weeks.
    assert (north["Delegates"], north["Delegate-weeks"], north["Reflections"], north["Evidence entries"]) == (4, 10, 6, 3)
    # Reflected in expected weeks: Ann 1, 2, 4; Ben 1; Cat 4 = 5. Evidence: Ann 2, Ben 4, Cat 4 = 3.
    # Engaged: Ann 3, Ben 2 (weeks 1 and 4), Cat 1, Dan 0 = 6.
    assert (north["Reflection rate"], north["Evidence rate"], north["Engagement rate"]) == (0.5, 0.3, 0.6)
    assert north["Used again"] == 0.5  # Ann yes, Ben no; Cat's follow-up unanswered
    assert (north["Evaluations"], north["Response rate"]) == (2, 0.5)
    assert (north["Quality mean"], north["Quality n"], north["Applicability mean"], north["Applicability n"]) == (4, 2, 3, 1)
    assert (south["Weeks run"], south["Delegate-weeks"], south["Engagement rate"], south["Weeks paused"]) == (4, 4, 0.5, 0)
    assert (empty["Delegates"], empty["Weeks run"], empty["Engagement rate"], empty["Response rate"]) == (0, 0, None, None)
    assert (both["Weeks run"], both["Delegates"], both["Delegate-weeks"], both["Evaluations"]) == (7, 5, 14, 3)
    assert both["Engagement rate"] == pytest.approx(8 / 14)
    assert both["Response rate"] == pytest.approx(3 / 5)
    assert both["Relevance mean"] == pytest.approx(13 / 3)  # 4, 4, 5
    assert (both["Applicability mean"], both["Applicability n"]) == (3.5, 2)  # 3 and 4
    assert type(north["Reflection rate"]) is float and type(north["Delegates"]) is int  # numbers, not text


def test_participation_shows_why_a_week_did_not_count(known, export):
    rows = {row["Delegate"]: row for row in table(export()["Participation"])}
    grid = {name: [row[f"Week {n}"] for n in range(1, 7)] for name, row in rows.items()}
    assert grid["Ann Archer"] == ["reflected", "both", "reflected", "reflected", "missed", "running"]
    assert grid["Ben Bell"] == ["reflected", "nothing", "skipped", "evidence", "missed", "running"]
    assert grid["Cat Cole"] == ["not enrolled", "not enrolled", "skipped", "both", "missed", "running"]
    assert grid["Dan Dee"] == ["nothing", "nothing", "skipped", "nothing", "missed", "running"]
    assert grid["Eve Eden"] == ["reflected", "nothing", "reflected", "nothing", None, None]
    expected = {
        name: (row["Weeks expected"], row["Weeks engaged"], row["Longest gap"], row["Drifting"]) for name, row in rows.items()
    }
    assert expected == {
        "Ann Archer": (3, 3, 0, "no"),
        "Ben Bell": (3, 2, 1, "no"),
        "Cat Cole": (1, 1, 0, "no"),
        "Dan Dee": (3, 0, 3, "yes"),
        "Eve Eden": (4, 2, 1, "no"),
    }
    assert rows["Ben Bell"]["Engagement rate"] == pytest.approx(2 / 3)
    assert rows["Cat Cole"]["Enrolled"] == datetime(2026, 1, 13, 10, 0)
    ann = rows["Ann Archer"]
    assert (ann["Reflections"], ann["Evidence entries"], ann["Used again"]) == (4, 1, 1)  # week 3's reflection counted here
    assert "Fay Facilitator" not in rows


def test_a_date_window_divides_by_the_weeks_that_ran_inside_it(known, export):
    book = export(date_from=date(2026, 1, 12), date_to=date(2026, 2, 9))
    rows = {row["Delegate"]: row for row in table(book["Participation"])}
    # Inside 12 January - 9 February North ran weeks 2 and 4; week 1 is outside; week 5's miss is inside.
    ann = [rows["Ann Archer"][f"Week {n}"] for n in range(1, 7)]
    assert ann == ["outside dates", "both", "reflected", "reflected", "missed", "outside dates"]
    expected = {name: (row["Weeks expected"], row["Weeks engaged"], row["Drifting"]) for name, row in rows.items()}
    assert expected == {
        "Ann Archer": (2, 2, "no"),
        "Ben Bell": (2, 1, "no"),  # week 2 nothing, week 4 evidence
        "Cat Cole": (1, 1, "no"),  # week 2 went out the day before she joined
        "Dan Dee": (2, 0, "yes"),
        "Eve Eden": (3, 1, "no"),  # South's weeks 2, 3, 4; week 1 is outside; she reflected in week 3
    }
    summary = {row["Cohort"]: row for row in table(book["Summary"])}
    assert (summary["North"]["Weeks run"], summary["North"]["Delegate-weeks"]) == (2, 7)
    assert summary["North"]["Engagement rate"] == pytest.approx(4 / 7)


def test_confidence_change_is_paired_with_a_95_percent_interval(known, export):
    rows = table(export()["Confidence change"])
    by = {(r["Cohort"], r["Measure"], r["Item"]): r for r in rows}
    north = by["North", "confidence", None]
    # Ann: decide +2, talk 0 -> +1.0; Ben: decide -1, talk +2 -> +0.5; Cat has no final.
    assert (north["Baseline n"], north["Midpoint n"], north["Final n"], north["Paired n"]) == (3, 1, 2, 2)
    low, high = _ci([1.0, 0.5], 1)
    assert north["Mean change"] == pytest.approx(0.75)
    assert (north["95% CI low"], north["95% CI high"]) == (pytest.approx(low), pytest.approx(high))
    assert (north["Improved"], north["Same"], north["Worse"], north["Share improved"]) == (2, 0, 0, 1)
    # Unpaired, context only: baseline 2, 3, 3, 2, 1; midpoint 3; final 4, 3, 2, 4.
    assert north["Unpaired baseline mean"] == pytest.approx(11 / 5)
    assert north["Unpaired midpoint mean"] == 3
    assert north["Unpaired final mean"] == pytest.approx(13 / 4)
    competence = by["North", "competence", None]
    assert (competence["Paired n"], competence["Mean change"], competence["95% CI low"]) == (1, 2, None)  # Ann 2 -> 4
    overall = by["All cohorts", "confidence", None]
    low, high = _ci([1.0, 0.5, 1.0], 2)  # Eve: 4 -> 5
    assert (overall["Baseline n"], overall["Final n"], overall["Paired n"]) == (4, 3, 3)
    assert overall["Mean change"] == pytest.approx(2.5 / 3)
    assert (overall["95% CI low"], overall["95% CI high"]) == (pytest.approx(low), pytest.approx(high))
    decide = by["All cohorts", "confidence", "decide-digital"]  # +2, -1, +1
    assert (decide["Paired n"], decide["Mean change"], decide["Improved"], decide["Worse"]) == (3, pytest.approx(2 / 3), 2, 1)
    assert by["Empty", "confidence", None]["Paired n"] == 0
    assert isinstance(north["Mean change"], float) and isinstance(north["Paired n"], int)


def test_rating_distributions_per_phase_and_question(known, export):
    rows = table(export()["Rating distributions"])
    by = {(r["Cohort"], r["Survey"], r["Phase or question"]): r for r in rows}
    baseline = by["North", "confidence", "baseline"]
    assert [baseline[f"Rated {v}"] for v in range(1, 6)] == [1, 2, 2, 0, 0]
    assert (baseline["Ratings"], baseline["Mean"]) == (5, pytest.approx(2.2))
    final = by["All cohorts", "confidence", "final"]  # 4, 3, 2, 4, 5
    assert [final[f"Rated {v}"] for v in range(1, 6)] == [0, 1, 1, 2, 1]
    quality = by["All cohorts", "evaluation", "Quality"]  # 5, 3, 4
    assert [quality[f"Rated {v}"] for v in range(1, 6)] == [0, 0, 1, 1, 1]
    assert (quality["Ratings"], quality["Mean"]) == (3, 4)
    assert by["North", "evaluation", "Applicability"]["Ratings"] == 1


def test_evidence_themes_and_the_quote_bank(known, export):
    book = export()
    themes = [(r["Cohort"], r["Theme"], r["Entries"], r["Delegates"], r["Used again"]) for r in table(book["Evidence themes"])]
    assert themes == [
        ("North", "Data", 3, 3, 1),
        ("North", "AI", 1, 1, 1),
        ("All cohorts", "Data", 3, 3, 1),
        ("All cohorts", "AI", 1, 1, 1),
    ]
    used_again = {row["What they applied"]: row["Used again"] for row in table(book["Evidence"])}
    assert used_again == {"Used a data dashboard": "yes", "Asked for the data": "no", "Read the data strategy": None}
    (quote,) = table(book["Quote bank"])
    assert (quote["Cohort"], quote["Week"], quote["Written"]) == ("North", 4, datetime(2026, 2, 3, 10, 0))
    assert quote["Quote"] == "[a colleague] showed me how; thanks [a colleague]"


def test_the_outcomes_sheet_says_it_in_sentences_with_the_figures(known, export):
    sheet = export()["Outcomes"]
    text = [row[0] for row in sheet.iter_rows(values_only=True) if isinstance(row[0], str)]
    low, high = _ci([1.0, 0.5, 1.0], 2)
    assert f"{low:.1f} to {high:.1f}" == "0.1 to 1.6"
    expected = [
        "3 of 3 delegates who answered both surveys rated their confidence higher at the end; mean change +0.8 on a "
        "1-5 scale (95% CI 0.1 to 1.6). 0 rated it the same and 0 lower.",
        "4 delegates rated their confidence at baseline, 1 at midpoint and 3 at the end. For context only, the unpaired "
        "means (everyone who answered, drop-outs and late joiners included) were 2.5 at baseline and 3.6 at the end.",
        "1 of 1 delegate who answered both surveys rated their competence higher at the end; mean change +2.0 on a 1-5 "
        "scale (too few for a confidence interval). 0 rated it the same and 0 lower.",
        "3 of 5 delegates logged 3 pieces of evidence of applying something new in their work.",
        "The most common themes: Data (3), AI (1).",
        "1 of the 2 entries whose follow-up was answered had been used again (50%).",
        "1 reflection is in the Quote bank: their authors agreed to be quoted, anonymised.",
        "3 of 5 delegates evaluated the programme (60% response rate).",
        "Mean ratings out of 5: quality 4.0 (n=3), relevance 4.3 (n=3), effectiveness 3.7 (n=3), applicability 3.5 (n=2).",
        "2 delegates left comments: they are in the Evaluation sheet, word for word.",
        "The cohorts ran 2 different weekly challenges. Openly licensed, and so in the open guide other organisations "
        "can reuse: 1.",
        "Left out of the guide, as not openly licensed: 1 (All rights reserved).",
        "7 programme weeks ran across 3 cohorts and 5 delegates. Not counted against anyone: 1 week skipped, "
        "1 week whose post was missed, and 1 calendar week paused.",
        "Delegates took part (reflected or logged evidence) in 8 of the 14 weeks expected of them (57%). "
        "1 delegate missed 2 or more weeks in a row.",
    ]
    for sentence in expected:
        assert sentence in text


def test_the_outcomes_charts_plot_straight_lines_from_zero_to_one_hundred_percent(known, export):
    sheet = export()["Outcomes"]
    charts = sheet._charts
    assert [type(chart).__name__ for chart in charts] == ["BarChart", "BarChart", "BarChart", "LineChart"]
    line = charts[-1]
    assert (line.y_axis.scaling.min, line.y_axis.scaling.max) == (0, 1)
    assert all(series.smooth is False for series in line.series)
    rows = list(sheet.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row[0] == "Programme week")
    assert rows[header][:4] == ("Programme week", "North", "South", "All cohorts")  # Empty is left out
    weekly = [row[:4] for row in rows[header + 1 : header + 7]]
    # North week 1: Ann and Ben of Ann, Ben, Dan; week 2: Ann of the three; week 4: Ann, Ben, Cat of four.
    assert weekly == [
        (1, pytest.approx(2 / 3), 1, 0.75),
        (2, pytest.approx(1 / 3), 0, 0.25),
        (3, None, 1, 1),
        (4, 0.75, 0, 0.6),
        (5, None, None, None),
        (6, None, None, None),
    ]
    assert isinstance(charts[0], BarChart) and isinstance(line, LineChart)
    bars = [row[:4] for row in rows if row[0] in ("decide-digital", "talk-digital")]
    assert bars == [("decide-digital", "confidence", 3, pytest.approx(2 / 3)), ("talk-digital", "confidence", 2, 1)]


def test_the_workbook_is_ready_to_print(known, export):
    book = export(pseudonymise=True)
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert (setup.paperSize, setup.fitToWidth, setup.fitToHeight) == (9, 1, 0), sheet.title  # A4, one page wide
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert sheet.oddFooter.left.text == "&A" and sheet.oddFooter.center.text == "Page &P of &N"
        assert sheet.oddFooter.right.text == "Pseudonymised"
    assert book["Participation"].page_setup.orientation == "landscape"
    assert book["Summary"].print_title_rows == "$1:$1"  # the header row on every page
    header = book["Summary"]["B1"]
    assert (header.value, header.font.bold, header.alignment.wrap_text) == ("First post", True, True)
    assert book["Summary"].row_dimensions[1].height >= 30  # "Delegate-weeks" and the like wrap onto two lines
    rules = {rule.formula[0] for cf in book["Participation"].conditional_formatting for rule in cf.rules if rule.formula}
    assert {'"both"', '"nothing"', '"skipped"', '"missed"', '"not enrolled"', '"yes"'} <= rules
    assert [brk.id for brk in book["Outcomes"].row_breaks.brk]  # each chart starts a page of its own
    assert export()["Summary"].oddFooter.right.text == "Holds names: keep safe"
