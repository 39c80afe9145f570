"""Gap reports for people: a view model of ready strings, rendered by Jinja2 templates (HTML or Markdown).

Templates only loop and test; every number, sentence and chart coordinate is computed here. Resume text reaches the
templates as plain strings and is escaped there (autoescape on for HTML, `md_escape` for Markdown): never `|safe`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from . import SCHEMA_VERSION, __version__
from .models import Evidence, Profile, RoleScore, ScoreResult
from .resources import TEMPLATES_DIR
from .roles import Role

OPEN_ROLES = 3
MISSING_SHOWN = 10  # a report is read in five minutes; the JSON output has every gap
PATH_EVIDENCE = 2  # lines of the resume shown for each career-path step


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of a resume line: `hit` is highlighted, `hidden` replaced by a redaction mark."""

    text: str
    hit: bool = False
    hidden: bool = False


class Redactor:
    """Hides, when enabled, the spans extraction marked private (name, contact, address, personal details)."""

    def __init__(self, profile: Profile, enabled: bool) -> None:
        self.enabled = enabled
        self.name = profile.name
        self.ranges = [(span.start, span.end) for span in profile.private] if enabled else []

    def hides(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.ranges)

    def text(self, value: str) -> str:
        """A free string (a file name) with the name taken out."""
        if self.enabled and self.name:
            for part in sorted({self.name, *self.name.split()}, key=len, reverse=True):
                if len(part) > 2:
                    value = re.sub(re.escape(part), "[hidden]", value, flags=re.IGNORECASE)
        return value

    def segments(self, text: str, start: int, end: int, hits: list[tuple[int, int]]) -> list[Segment]:
        """text[start:end] cut into plain, highlighted and hidden pieces."""
        marks = sorted({start, end, *[x for s, e in hits for x in (s, e) if start <= x <= end],
                        *[x for s, e in self.ranges for x in (s, e) if start <= x <= end]})
        pieces: list[Segment] = []
        for a, b in zip(marks, marks[1:]):
            if a == b:
                continue
            if self.hides(a, b):
                if not (pieces and pieces[-1].hidden):
                    pieces.append(Segment("[hidden]", hidden=True))
                continue
            pieces.append(Segment(text[a:b], hit=any(s <= a and b <= e for s, e in hits)))
        return pieces


def _line_segments(text: str, e: Evidence, redactor: Redactor, width: int = 160) -> list[Segment]:
    line_start, line_end = e.line_bounds(text)
    begin = max(line_start, e.start - width // 2)
    end = min(line_end, max(e.end, begin + width))
    pieces = redactor.segments(text, begin, end, [(e.start, e.end)])
    if begin > line_start:
        pieces.insert(0, Segment("…"))
    if end < line_end:
        pieces.append(Segment("…"))
    return pieces


def _bar_chart(items: list[tuple[str, float, float]], label_width: int = 230, bar_width: int = 300,
               row: int = 26) -> dict:
    """Geometry of a horizontal bar chart: (label, value, maximum) rows, in SVG user units."""
    bars = []
    for i, (label, value, maximum) in enumerate(items):
        width = 0 if not maximum else round(bar_width * value / maximum, 1)
        bars.append({"label": label, "value": f"{value:.1f}" if maximum == 100 else _number(value),
                     "maximum": _number(maximum), "y": i * row, "text_y": i * row + row * 0.65, "width": width,
                     "x": label_width, "value_x": label_width + width + 6})
    return {"bars": bars, "width": label_width + bar_width + 60, "height": max(row * len(items), row),
            "track": bar_width, "bar_height": row - 8}


def _number(value: float) -> str:
    """A count as itself (1234567, never 1.23457e+06), points as briefly as they go (12.5, 10)."""
    return str(value) if isinstance(value, int) else f"{value:g}"


def _career_path(result: ScoreResult, redactor: Redactor) -> list[dict]:
    return [{"step": step.step, "status": step.status, "note": step.note,
             "evidence": [_line_segments(result.profile.text, e, redactor, 90) for e in step.evidence[:PATH_EVIDENCE]]}
            for step in result.career_path]


def _role_view(role: RoleScore, text: str, redactor: Redactor, is_open: bool, salary: str | None) -> dict:
    components = [{"name": c.name.capitalize(), "points": f"{c.points:g}", "max": f"{c.max_points:g}",
                   "detail": c.detail} for c in role.components]
    matched = []
    for m in role.matched:
        if m.kind not in ("skill", "language"):
            continue
        best = m.best
        matched.append({"name": m.name, "how": m.how, "credit": f"{m.credit:.0%}",
                        "line": best.line if best else "",
                        "snippet": _line_segments(text, best, redactor) if best else []})
    missing = [{"name": m.name, "kind": m.label,
                "gain": f"+{m.gain:g}", "next_step": m.next_step} for m in role.missing[:MISSING_SHOWN]]
    chart = _bar_chart([(c.name.capitalize(), c.points, c.max_points) for c in role.components], label_width=120)
    summary = ", ".join(f"{c.name} {c.points:g} of {c.max_points:g}" for c in role.components)
    return {"id": role.id, "title": role.title, "score": f"{role.score:.1f}", "band": role.band, "open": is_open,
            "more_missing": max(0, len(role.missing) - MISSING_SHOWN),
            "components": components, "chart": chart, "chart_alt": f"{role.title} score by component: {summary}.",
            "matched": matched, "missing": missing, "salary": salary}


def _wins(role: RoleScore) -> list[dict]:
    return [{"name": w.gap.name, "gain": f"+{w.gap.gain:g}", "next_step": w.gap.next_step,
             "after": f"{w.score_after:.1f}", "kind": w.gap.label} for w in role.wins]


def build_view(result: ScoreResult, roles: dict[str, Role], *, data_version: str, report_date: date,
               redact: bool = False, focus: str | None = None) -> dict:
    profile = result.profile
    redactor = Redactor(profile, redact)
    name = None if redact else redactor.name
    best = result.roles[0] if result.roles else None
    chosen = next((r for r in result.roles if r.id == focus), best)
    glance = _bar_chart([(r.title, r.score, 100) for r in result.roles])
    ranking = ", ".join(f"{r.title} {r.score:.1f}" for r in result.roles)
    return {
        "name": name,
        "redacted": redact,
        "source": redactor.text(Path(result.source).name),
        "date": report_date.isoformat(),
        "version": __version__,
        "schema_version": SCHEMA_VERSION,
        "data_version": data_version,
        "glance": glance,
        "glance_alt": f"Score out of 100 for each role: {ranking}.",
        "sentence": result.verdict,
        "not_found": profile.not_found_note,
        "reading": profile.document.note if profile.document is not None else "",
        "checks": [{"name": m.name, "next_step": m.next_step} for m in chosen.missing
                   if m.action == "check-resume"] if chosen else [],
        "roles": [_role_view(r, profile.text, redactor, i < OPEN_ROLES,
                             roles[r.id].salary if r.id in roles else None)
                  for i, r in enumerate(result.roles)],
        "career_path": _career_path(result, redactor),
        "wins_role": chosen.title if chosen else "",
        "wins_score": f"{chosen.score:.1f}" if chosen else "",
        "wins": _wins(chosen) if chosen else [],
        "weights": [{"title": r.title, **{k: f"{v:g}" for k, v in roles[r.id].weights.items()}}
                    for r in result.roles if r.id in roles],
        "credit": next(iter(roles.values())).credit if roles else {},
    }


def md_escape(value: object) -> str:
    """Resume text in Markdown: characters that make emphasis, links, code, tables or HTML are escaped, and so is
    whatever would start a heading, list or quote at the beginning of a line."""
    text = re.sub(r"([\\`*_\[\]<>|~])", r"\\\1", str(value))
    return re.sub(r"(?m)^(\s*)([#+\-=>]|\d+\.)", r"\1\\\2", text)


@functools.lru_cache(maxsize=8)
def environment(template_dir: Path | None = None):
    """One Jinja2 environment per template folder: templates compile once per process, not once per report."""
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape

    loaders = [FileSystemLoader(str(template_dir))] if template_dir else []
    env = Environment(
        loader=ChoiceLoader([*loaders, FileSystemLoader(str(TEMPLATES_DIR))]),
        undefined=StrictUndefined,
        autoescape=select_autoescape(disabled_extensions=("md", "md.j2"), default=True, default_for_string=True),
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    env.filters["md_escape"] = md_escape
    return env


def render_report(result: ScoreResult, roles: dict[str, Role], fmt: str, *, data_version: str, report_date: date,
                  redact: bool = False, focus: str | None = None, template_dir: Path | None = None) -> str:
    """The gap report as HTML ("html") or Markdown ("markdown")."""
    view = build_view(result, roles, data_version=data_version, report_date=report_date, redact=redact, focus=focus)
    template = "report.html" if fmt == "html" else "report.md"
    return environment(template_dir).get_template(template).render(**view)


def render_cohort(rows: Iterable[tuple[str, str | None, float | None, str | None]], scored: int, best_counts,
                  missing_counts, titles: dict[str, str], *, failed: int, data_version: str, report_date: date,
                  template_dir: Path | None = None, warning_counts=None) -> Iterator[str]:
    """The cohort overview of a batch: who fits what, what the group is missing, how many resumes read with each
    warning, every resume with its report. Streamed, rows included: a cohort of 20,000 is never held in memory as
    one page."""
    fits = [(titles[r], best_counts.get(r, 0)) for r in titles]
    if best_counts.get(None):  # every role scored 0: no best fit to count
        fits.append((NO_FIT, best_counts[None]))
    distribution = _bar_chart([(title, count, max(scored, 1)) for title, count in fits], label_width=230)
    gaps = []
    for role_id, title in titles.items():
        common = missing_counts.get(role_id, {})
        top = sorted(common.items(), key=lambda kv: (-kv[1], kv[0]))[:COHORT_GAPS]
        chart = _bar_chart([(name, count, max(scored, 1)) for name, count in top], label_width=230)
        alt = f"Skills most often missing for {title}: " + (
            ", ".join(f"{name} ({count} of {scored})" for name, count in top) or "none") + "."
        gaps.append({"id": role_id, "title": title, "chart": chart, "alt": alt, "empty": not top})
    ranking = ", ".join(f"{title} {count}" for title, count in fits)
    table = ({"file": name, "best": titles.get(best, best) if best else NO_FIT,
              "score": f"{score:.1f}" if score is not None else "", "report": report}
             for name, best, score, report in rows)
    view = {"scored": scored, "failed": failed, "date": report_date.isoformat(), "version": __version__,
            "data_version": data_version, "distribution": distribution,
            "distribution_alt": f"Number of resumes whose best fit is each role: {ranking}.",
            "gaps": gaps, "gaps_shown": COHORT_GAPS, "rows": table,
            "warnings": [{"code": code, "count": count, "label": WARNING_LABELS.get(code, code)}
                         for code, count in sorted((warning_counts or {}).items(), key=lambda kv: (-kv[1], kv[0]))]}
    return environment(template_dir).get_template("cohort.html").generate(**view)


COHORT_GAPS = 15
WARNING_LABELS = {"glued-words": "words ran together (PDF text)", "mojibake-repaired": "garbled characters repaired",
                  "columns-detected": "laid out in columns", "few-words": "little text (scanned?)",
                  "no-dates": "no dates found", "no-sections": "no section headings found"}
NO_FIT = "No fit (every score 0)"
