"""Render results for people (rich tables in a terminal) and for programs (JSON)."""

from __future__ import annotations

import io
import json
import sys
from contextlib import contextmanager
from typing import IO, Iterator

from . import SCHEMA_VERSION
from .models import Comparison, Evidence, ItemChange, MissingItem, Profile, RoleScore, ScoreResult
from .roles import Role


def to_json(data: dict) -> str:
    """One line of JSON: the same input gives the same bytes."""
    return json.dumps(data, ensure_ascii=False)


def extract_json(profile: Profile) -> str:
    return to_json({"schema_version": SCHEMA_VERSION, **profile.to_dict()})


def score_json(result: ScoreResult) -> str:
    return to_json(result.to_dict())


def error_json(source: str, message: str, kind: str) -> str:
    return to_json({"schema_version": SCHEMA_VERSION, "source": source, "error": message, "kind": kind})


@contextmanager
def _console(file: IO[str] | None) -> Iterator:
    """A rich console on `file` (stdout by default). A terminal gets styles as they come; anything else (a pipe,
    a file) gets plain lines without the spaces rich pads table cells with."""
    from rich.console import Console

    target = file or sys.stdout
    if target.isatty():
        yield Console(file=target, highlight=False, soft_wrap=False)
        return
    buffer = io.StringIO()
    yield Console(file=buffer, highlight=False, soft_wrap=False, width=Console(file=target).width)
    target.write("".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines()))


def _lines(evidence: tuple[Evidence, ...], limit: int = 4) -> str:
    lines = sorted({e.line for e in evidence})
    shown = ", ".join(str(n) for n in lines[:limit])
    return f"line {shown}" + (f" +{len(lines) - limit}" if len(lines) > limit else "") if lines else ""


def _bar(score: float, width: int = 10) -> str:
    filled = round(score / 100 * width)
    return "█" * filled + "·" * (width - filled)


def print_score(result: ScoreResult, *, top: int, file: IO[str] | None = None) -> None:
    """The ranked roles, then for the best `top` roles the breakdown, what matched (with lines) and the gaps."""
    from rich.table import Table

    from rich import box

    table = Table(title=f"Role fit for {result.source}", title_justify="left", box=box.SIMPLE_HEAD,
                  padding=(0, 1, 0, 0), show_edge=False)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Role", no_wrap=True)
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("Band", no_wrap=True)
    table.add_column("Fit", no_wrap=True)
    table.add_column("Biggest gain", min_width=12)
    for rank, role in enumerate(result.roles, 1):
        gap = role.wins[0].gap if role.wins else None
        table.add_row(str(rank), role.title, f"{role.score:.1f}", role.band, _bar(role.score),
                      f"{gap.name} (+{gap.gain:g})" if gap else "—")
    with _console(file) as console:
        console.print(table)
        console.print()
        console.print(result.verdict, markup=False, highlight=False)
        if result.profile.document is not None and result.profile.document.warnings:
            console.print(result.profile.document.note, style="yellow", markup=False, highlight=False)
        if result.profile.not_found:
            console.print(result.profile.not_found_note, style="yellow", markup=False)
        for rank, role in enumerate(result.roles):
            if rank < top or role.posting is not None:  # a posting's role is always shown requirement by requirement
                _print_role(console, role, result.profile.text)


def _in_context(text: str, e: Evidence, width: int = 44):
    """The resume line around a mention, the mention highlighted, clipped to about `width` characters."""
    from rich.text import Text

    line_start, line_end = e.line_bounds(text)
    begin = max(line_start, min(e.start - width // 3, line_end - width))
    end = min(line_end, begin + width)
    shown = Text(("…" if begin > line_start else "") + text[begin:end].strip("\n"))
    offset = 1 if begin > line_start else 0
    shown.stylize("bold reverse", e.start - begin + offset, min(e.end, end) - begin + offset)
    if end < line_end:
        shown.append("…")
    return shown


def _print_role(console, role: RoleScore, text: str) -> None:
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    console.print()
    console.print(f"[bold]{role.title}[/bold]  {role.score:.1f}/100 ({role.band})")
    breakdown = Table(show_header=True, box=None, pad_edge=False)
    breakdown.add_column("Component")
    breakdown.add_column("Points", justify="right")
    breakdown.add_column("Why")
    for c in role.components:
        breakdown.add_row(c.name, f"{c.points:g}/{c.max_points:g}", c.detail)
    console.print(breakdown)
    if role.posting is not None:
        _print_requirements(console, role, text)
    matched = [m for m in role.matched if m.kind in ("skill", "language")]
    if matched:
        found = Table(title="Matched", title_justify="left", box=None, pad_edge=False)
        found.add_column("Skill", max_width=22, no_wrap=True, overflow="ellipsis")
        found.add_column("How", min_width=7, no_wrap=True)
        found.add_column("Line", justify="right", min_width=4, no_wrap=True)
        found.add_column("From the resume", no_wrap=True, overflow="ellipsis")
        for m in matched:
            best = m.best
            found.add_row(m.name, m.how, str(best.line) if best else "", _in_context(text, best) if best else "")
        console.print(found)
    _print_gaps(console, role.missing, "Gaps (resume checks first, then by points they would add):")


GAPS_SHOWN = 6


def _print_gaps(console, missing: tuple[MissingItem, ...], heading: str) -> None:
    """The first gaps, each with the points it adds and its next step, continuation lines indented."""
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    gaps = missing[:GAPS_SHOWN]
    if gaps:
        console.print(f"[yellow]{heading}[/yellow]")
        steps = Table.grid(padding=(0, 2))
        steps.add_column(justify="right", no_wrap=True)
        steps.add_column()
        for m in gaps:
            steps.add_row(f"+{m.gain:g}", Text.assemble(m.name, (f" ({m.label})", "dim"), f": {m.next_step}"))
        console.print(Padding(steps, (0, 0, 0, 2)))


def print_comparison(comparison: Comparison, *, top: int, headlines: dict[str, str],
                     file: IO[str] | None = None) -> None:
    """Every role before → after, what changed in the resume, then for the `top` roles by the new score their
    headline (`headlines`, the report's sentence by role id), what was gained and lost with the line that shows
    it, and the gaps still open."""
    from rich.table import Table

    from rich import box

    before, after = comparison.before, comparison.after
    table = Table(title=f"Progress from {before.source} to {after.source}", title_justify="left",
                  box=box.SIMPLE_HEAD, padding=(0, 1, 0, 0), show_edge=False)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Role", no_wrap=True)
    for column in ("Before", "After", "Change"):
        table.add_column(column, justify="right", no_wrap=True)
    table.add_column("Band", no_wrap=True)
    for rank, role in enumerate(comparison.roles, 1):
        table.add_row(str(rank), role.title, f"{role.before:.1f}", f"{role.after:.1f}", f"{role.change:+.1f}",
                      role.bands)

    with _console(file) as console:
        console.print(table)
        console.print()
        console.print(comparison.years_note, markup=False)
        for change in ("added", "removed"):
            facts = [c for c in comparison.profile_changes if c.change == change]
            if facts:
                console.print(f"{change.capitalize()}: " + ", ".join(
                    f"{c.kind} {c.name}" + (f" (line {c.evidence[0].line})" if c.evidence else "") for c in facts),
                    markup=False)
        for role in comparison.roles[:top]:
            console.print()
            console.print(f"[bold]{role.title}[/bold]  {role.before:.1f} → {role.after:.1f}/100")
            console.print(headlines[role.id], markup=False)
            texts = {"before": before.profile.text, "after": after.profile.text}
            for heading, items in (("Gained", role.gained), ("Lost", role.lost)):
                if items:
                    console.print(_changes(heading, items, texts))
            _print_gaps(console, role.still_missing, "Still missing (resume checks first, then by points):")


def _changes(heading: str, items: tuple[ItemChange, ...], texts: dict[str, str]):
    """Items gained (quoted from the new version) or lost (from the old one), each at the mention that earned it
    most."""
    from rich.table import Table

    found = Table(title=heading, title_justify="left", box=None, pad_edge=False)
    found.add_column("Item", max_width=22, no_wrap=True, overflow="ellipsis")
    found.add_column("How", min_width=max(len(c.how) for c in items), no_wrap=True)  # "bachelor → master" whole
    found.add_column("Line", justify="right", min_width=4, no_wrap=True)
    found.add_column("From the resume", no_wrap=True, overflow="ellipsis")
    for c in items:
        version, best = c.quoted
        found.add_row(c.name, c.how, str(best.line) if best else "", _in_context(texts[version], best) if best else "")
    return found


_STATUS_STYLE = {"met": ("met", "green"), "partly": ("partly", "yellow"), "not-met": ("not met", "red")}


def _print_requirements(console, role: RoleScore, text: str) -> None:
    """A job posting's requirements one by one: met (with the resume line), partly or not met (with what to do)."""
    from rich.table import Table
    from rich.text import Text

    for warning in role.posting.warnings:
        console.print(f"Warning: {warning}", style="yellow", markup=False, highlight=False)
    table = Table(title=f"Requirements of the posting {role.posting.source}", title_justify="left", box=None,
                  pad_edge=False)
    table.add_column("Requirement", max_width=26, overflow="fold")
    table.add_column("Status", no_wrap=True)
    table.add_column("From the resume, or the next step", overflow="fold")
    for check in role.requirements:
        words, style = _STATUS_STYLE[check.status]
        need = "" if check.requirement.required else " (preferred)"
        shown = Text.assemble(_in_context(text, check.evidence[0]), " ") if check.evidence else Text()
        shown.append(check.note)
        table.add_row(check.requirement.name + need, Text(words, style=style), shown)
    console.print(table)


def print_profile(profile: Profile, *, file: IO[str] | None = None) -> None:
    from rich.table import Table

    skills = Table(title=f"Skills found in {profile.source}", title_justify="left")
    for column in ("Skill", "Category", "Match", "How", "Where"):
        skills.add_column(column)
    for hit in profile.skills:
        states = sorted({e.state for e in hit.evidence})
        sections = sorted({e.section for e in hit.evidence})
        skills.add_row(hit.name, hit.category, hit.match, ", ".join(states),
                       f"{_lines(hit.evidence)} ({', '.join(sections)})")
    facts = Table(title="Degrees, titles, experience, certifications", title_justify="left")
    for column in ("Kind", "Value", "Text", "Line"):
        facts.add_column(column)
    for d in profile.degrees:
        facts.add_row("degree", f"{d.level}, {d.field or 'field not stated'}", d.text, str(d.line))
    for t in profile.titles:
        facts.add_row("title", t.title + (f" ({t.seniority})" if t.seniority else ""), t.text, str(t.line))
    for c in profile.experience:
        facts.add_row("experience", f"{c.kind}: {c.months} months", c.text, str(c.line))
    for c in profile.certifications:
        facts.add_row("certification", c.issuer or "", c.name, str(c.line))
    years = f"{profile.experience_years:g} years" if profile.experience_years is not None else "not found"
    with _console(file) as console:
        console.print(skills)
        if profile.negated_skills:
            console.print("Said not to have: " + ", ".join(
                f"{h.name} ({_lines(h.evidence)})" for h in profile.negated_skills), markup=False)
        console.print(facts)
        console.print(f"Experience: {years}")
        if profile.document is not None and profile.document.warnings:
            console.print(profile.document.note, style="yellow", markup=False, highlight=False)


def print_roles(roles: list[Role], *, file: IO[str] | None = None) -> None:
    from rich.table import Table

    table = Table(title="Roles", title_justify="left")
    table.add_column("Id")
    table.add_column("Title")
    table.add_column("Summary")
    for role in roles:
        table.add_row(role.id, role.title, role.summary)
    with _console(file) as console:
        console.print(table)


def print_role(role: Role, taxonomy, *, file: IO[str] | None = None) -> None:
    from rich.table import Table

    table = Table(box=None)
    for column in ("Skill", "Weight", "Required", "Next step"):
        table.add_column(column)
    for r in (*role.skills, *role.languages):
        table.add_row(taxonomy[r.skill].name, f"{r.weight:g}", "yes" if r.required else "", taxonomy[r.skill].next_step)
    weights = ", ".join(f"{k} {v:g}" for k, v in role.weights.items())
    with _console(file) as console:
        console.print(f"[bold]{role.title}[/bold] ({role.id})  {role.path}")
        console.print(role.summary, markup=False)
        console.print(f"Weights: {weights}")
        console.print(table)
        console.print(f"Degree: at least {role.degree.minimum}, preferably {role.degree.preferred}, in "
                      f"{', '.join(role.degree.fields)}")
        console.print(f"Experience: {role.experience.years:g}+ years as {', '.join(role.experience.titles)}")
        console.print(f"Certifications on: {', '.join(role.certifications.topics)}")
        if role.salary:
            console.print(f"Salary: {role.salary}")
