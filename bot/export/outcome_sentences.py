"""The four outcomes in plain sentences, with the figures behind them (the first sheet's words)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from bot.delivery.claims import SENT
from bot.export.coaching import support_figures
from bot.export.confidence_figures import Group, confidence_figures
from bot.export.context import ExportContext
from bot.export.instruments import MEASURES, evaluation_questions, label
from bot.export.licences import open_licence
from bot.export.participation import MISSED_IN_A_ROW, activities, totals
from bot.export.peer_support import peer_support_by_delegate
from bot.export.quotes import quotes_query
from bot.export.scopes import ALL_COHORTS
from bot.export.sessions import attendance_totals
from bot.export.survey_figures import EvaluationFigures, EvidenceFigures, evaluation_figures, evidence_figures
from bot.programme.calendar import PROMPT
from storage.models import Delivery, Prompt

TOP_THEMES = 3


@dataclass(frozen=True)
class Section:
    heading: str
    sentences: list[str]


def _count(count: int, word: str = "delegate", plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "none"


def confidence_sentences(measure: str, group: Group) -> list[str]:
    paired, answered = group.paired, group.answered
    counts = (
        f"{_count(answered['baseline'])} rated their {measure} at baseline, {answered['midpoint']} at midpoint "
        f"and {answered['final']} at the end."
    )
    if paired.n == 0 or paired.mean is None:
        return [f"No delegate has rated their {measure} both at baseline and at the end yet. {counts}"]
    interval = paired.interval
    ci = f"95% CI {interval.low:.1f} to {interval.high:.1f}" if interval else "too few for a confidence interval"
    means = group.unpaired_means
    context = ""
    if means["baseline"] is not None and means["final"] is not None:
        context = (
            f" For context only, the unpaired means (everyone who answered, drop-outs and late joiners included) "
            f"were {means['baseline']:.1f} at baseline and {means['final']:.1f} at the end."
        )
    return [
        f"{paired.improved} of {_count(paired.n)} who answered both surveys rated their {measure} higher at the end; "
        f"mean change {paired.mean:+.1f} on a 1-5 scale ({ci}). {paired.same} rated it the same and {paired.worse} lower.",
        counts + context,
    ]


def peer_sentences(ctx: ExportContext, delegates: int) -> list[str]:
    """Peer support, said only where a cohort uses pairs or delegates reply to each other."""
    support = ctx.once(peer_support_by_delegate).values()
    met, replies = sum(1 for got in support if got.meetings), sum(got.replies for got in support)
    if not met and not replies:
        return []
    return [
        f"{met} of {_count(delegates)} met at least one peer they were paired with, and delegates wrote "
        f"{_count(replies, 'reply', 'replies')} to each other's shared reflections."
    ]


def participation_sentences(ctx: ExportContext) -> list[str]:
    total = totals(activities(ctx))
    return [
        f"{_count(total.ran, 'programme week')} ran across {_count(total.cohorts, 'cohort')} and {_count(total.delegates)}. "
        f"Not counted against anyone: {_count(total.skipped, 'week')} skipped, {_count(total.missed, 'week')} whose post "
        f"was missed, and {_count(total.paused, 'calendar week')} paused.",
        f"Delegates took part (reflected or logged evidence) in {total.engaged} of the {total.expected} weeks expected of "
        f"them ({_share(total.engaged, total.expected)}). {_count(total.drifting)} missed {MISSED_IN_A_ROW} or more weeks "
        "in a row.",
        *peer_sentences(ctx, total.delegates),
    ]


def evidence_sentences(ctx: ExportContext, evidence: EvidenceFigures, delegates: int) -> list[str]:
    sentences = [
        f"{len(evidence.authors)} of {_count(delegates)} logged {_count(evidence.entries, 'piece', 'pieces')} of "
        "evidence of applying something new in their work."
    ]
    if evidence.themes:
        top = sorted(evidence.themes.items(), key=lambda pair: (-pair[1], pair[0]))[:TOP_THEMES]
        sentences.append("The most common themes: " + ", ".join(f"{theme} ({count})" for theme, count in top) + ".")
    if evidence.follow_ups_answered:
        sentences.append(
            f"{evidence.used_again} of the {evidence.follow_ups_answered} entries whose follow-up was answered had been "
            f"used again ({_share(evidence.used_again, evidence.follow_ups_answered)})."
        )
    else:
        sentences.append("No evidence follow-up has been answered yet.")
    quotes = _count_quotes(ctx)
    sentences.append(
        f"{_count(quotes, 'reflection')} {'is' if quotes == 1 else 'are'} in the Quote bank: "
        "their authors agreed to be quoted, anonymised."
    )
    return sentences


def _count_quotes(ctx: ExportContext) -> int:
    return ctx.session.scalar(select(func.count()).select_from(quotes_query(ctx).subquery())) or 0


def evaluation_sentences(evaluation: EvaluationFigures, delegates: int) -> list[str]:
    if not evaluation.received:
        return [f"No delegate has evaluated the programme yet ({_count(delegates)} enrolled)."]
    means = []
    for question in evaluation_questions():
        figures = evaluation.questions.get(question.key)
        if figures and figures.mean is not None:
            means.append(f"{label(question).lower()} {figures.mean:.1f} (n={figures.n})")
    return [
        f"{evaluation.received} of {_count(delegates)} evaluated the programme "
        f"({_share(evaluation.received, delegates)} response rate).",
        "Mean ratings out of 5: " + (", ".join(means) or "none given") + ".",
        f"{_count(evaluation.with_comments)} left comments: they are in the Evaluation sheet, word for word.",
    ]


def prompts_run(ctx: ExportContext) -> list[Prompt]:
    """The prompts the cohorts in scope actually posted inside the export's dates."""
    sent = (
        select(Delivery.prompt_id)
        .where(Delivery.kind == PROMPT, Delivery.status == SENT, *ctx.in_scope(Delivery.cohort_id))
        .where(*ctx.in_window(Delivery.sent_at))
    )
    query = select(Prompt).where(Prompt.id.in_(sent)).order_by(Prompt.position, Prompt.id)
    return list(ctx.session.scalars(query))


def open_content_sentences(ctx: ExportContext) -> list[str]:
    prompts = prompts_run(ctx)
    closed = [prompt for prompt in prompts if open_licence(prompt.licence) is None]
    sentences = [
        f"The cohorts ran {_count(len(prompts), 'different weekly challenge')}. Openly licensed, and so in the open "
        f"guide other organisations can reuse: {len(prompts) - len(closed)}."
    ]
    if closed:
        licences = sorted({prompt.licence or "no licence" for prompt in closed})
        sentences.append(f"Left out of the guide, as not openly licensed: {len(closed)} ({', '.join(licences)}).")
    sentences.append("Write a cohort's guide with: cohortbot prompts export --format markdown --cohort NAME --out DIR")
    return sentences


def support_sentences(ctx: ExportContext, delegates: int) -> list[str]:
    """1-2-1 support received and session attendance: the programme's support behind the four outcomes."""
    support = ctx.once(support_figures).values()
    held, supported = sum(got[0] for got in support), sum(got[1] for got in support)
    attendance = ctx.once(attendance_totals).values()
    attended, invited = sum(got[0] for got in attendance), sum(got[1] for got in attendance)
    sentences = [f"{supported} of {_count(delegates)} had at least one 1-2-1 with their coach ({_count(held, '1-2-1')} held)."]
    if invited:
        sentences.append(
            f"Delegates came to {attended} of the {invited} places they were invited to at sessions held "
            f"({_share(attended, invited)})."
        )
    return sentences


def outcome_sections(ctx: ExportContext) -> list[Section]:
    confidence = ctx.once(confidence_figures)
    evidence = ctx.once(evidence_figures).get(ALL_COHORTS, EvidenceFigures())
    evaluation = ctx.once(evaluation_figures).get(ALL_COHORTS, EvaluationFigures())
    delegates = sum(len(activity.delegates) for activity in activities(ctx))
    outcome_1 = [
        sentence for measure in MEASURES for sentence in confidence_sentences(measure, confidence.get(ALL_COHORTS, measure))
    ]
    return [
        Section("1. Confidence and competence with digital technology", outcome_1),
        Section("2. Evidence of applying new approaches at work", evidence_sentences(ctx, evidence, delegates)),
        Section("3. Delegates' evaluation of the programme", evaluation_sentences(evaluation, delegates)),
        Section("4. Free, open content others can reuse", open_content_sentences(ctx)),
        Section("Participation", participation_sentences(ctx)),
        Section("Support: 1-2-1s and sessions", support_sentences(ctx, delegates)),
    ]
