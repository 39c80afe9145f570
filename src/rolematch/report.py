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
from .models import (Comparison, Evidence, ItemChange, MissingItem, Profile, ProfileChange, RoleChange, RoleScore,
                     ScoreResult, joined)
from .resources import TEMPLATES_DIR
from .roles import Role

OPEN_ROLES = 3
MISSING_SHOWN = 10  # a report is read in five minutes; the JSON output has every gap
PATH_EVIDENCE = 2  # lines of the resume shown for each career-path step
STRENGTHS = 3  # what the handout names as already strong
PLAN_STEPS = (3, 5)  # the handout's action plan: at least three steps when there are, at most five
PLAN_SMALL_GAIN = 1.0  # past the third step, a step worth less than this is left to the full report
BAND_WORDS = {"strong": "a strong fit", "good": "a good fit", "partial": "a partial fit", "weak": "not a fit yet"}


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
    """Geometry of a horizontal bar chart: (label, value, maximum) rows, in SVG user units. `narrow` is the same
    chart for a phone: each label on its own line above its bar, so the text is not scaled down to a few pixels."""
    bars, narrow = [], []
    narrow_track, narrow_row = NARROW_WIDTH - 50, row + 18
    for i, (label, value, maximum) in enumerate(items):
        share = 0 if not maximum else value / maximum
        shown = f"{value:.1f}" if maximum == 100 else _number(value)
        width = round(bar_width * share, 1)
        bars.append({"label": label, "value": shown, "maximum": _number(maximum), "y": i * row,
                     "text_y": i * row + row * 0.65, "width": width, "x": label_width,
                     "value_x": label_width + width + 6})
        narrow.append({"label": label, "value": shown, "label_y": i * narrow_row + 14, "y": i * narrow_row + 18,
                       "width": round(narrow_track * share, 1), "value_x": round(narrow_track * share, 1) + 6,
                       "text_y": i * narrow_row + 18 + (row - 8) * 0.8})
    return {"bars": bars, "width": label_width + bar_width + 60, "height": max(row * len(items), row),
            "track": bar_width, "bar_height": row - 8,
            "narrow": {"bars": narrow, "width": NARROW_WIDTH, "height": max(narrow_row * len(items), narrow_row),
                       "track": narrow_track}}


NARROW_WIDTH = 340  # user units of a phone chart: about one unit per pixel at 360 px


def _number(value: float) -> str:
    """A count as itself (1234567, never 1.23457e+06), points as briefly as they go (12.5, 10)."""
    return str(value) if isinstance(value, int) else f"{value:g}"


def _career_path(result: ScoreResult, redactor: Redactor) -> list[dict]:
    return [{"step": step.step, "status": step.status, "note": step.note,
             "evidence": [_line_segments(result.profile.text, e, redactor, 90) for e in step.evidence[:PATH_EVIDENCE]]}
            for step in result.career_path]


def _role_view(role: RoleScore, text: str, redactor: Redactor, is_open: bool, salary: str | None,
               quoted: set[int]) -> dict:
    """One role's section. A resume line is quoted once in the whole report: a later role that matched on the same
    line points back to it (`quoted` holds the lines shown so far). A role below `partial` is one line."""
    components = [{"name": c.name.capitalize(), "points": f"{c.points:g}", "max": f"{c.max_points:g}",
                   "detail": c.detail} for c in role.components]
    matched = []
    for m in role.matched:
        if m.kind not in ("skill", "language"):
            continue
        best = m.best
        shown = best is not None and best.line not in quoted
        if shown:
            quoted.add(best.line)
        matched.append({"name": m.name, "how": m.how, "credit": f"{m.credit:.0%}",
                        "line": best.line if best else "", "quoted_above": best is not None and not shown,
                        "snippet": _line_segments(text, best, redactor) if shown else []})
    missing = [_step(m) for m in role.missing[:MISSING_SHOWN]]
    chart = _bar_chart([(c.name.capitalize(), c.points, c.max_points) for c in role.components], label_width=120)
    summary = ", ".join(f"{c.name} {c.points:g} of {c.max_points:g}" for c in role.components)
    return {"id": role.id, "title": role.title, "score": f"{role.score:.1f}", "band": role.band, "open": is_open,
            "brief": role.band == "weak" and role.posting is None, "posting": _posting_view(role, text, redactor),
            "first_gap": _step(role.missing[0]) if role.missing else None,
            "more_missing": [m.name for m in role.missing[MISSING_SHOWN:]],
            "components": components, "chart": chart, "chart_alt": f"{role.title} score by component: {summary}.",
            "matched": matched, "missing": missing, "salary": salary}


STATUS_WORDS = {"met": "met", "partly": "partly met", "not-met": "not met"}


def _posting_view(role: RoleScore, text: str, redactor: Redactor) -> dict | None:
    """A role built from a job posting: where it comes from, the thin-posting warning, and each requirement with
    what the posting says, its status and the resume line that meets it (or the next step)."""
    posting = role.posting
    if posting is None:
        return None
    counts = {status: sum(c.status == status for c in role.requirements) for status in STATUS_WORDS}
    return {"title": posting.title, "source": Path(posting.source).name, "warnings": list(posting.warnings),
            "tally": ", ".join(f"{counts[s]} {STATUS_WORDS[s]}" for s in STATUS_WORDS),
            "requirements": [{"name": c.requirement.name, "kind": c.requirement.kind,
                              "need": "required" if c.requirement.required else "preferred",
                              "status": c.status, "status_words": STATUS_WORDS[c.status], "note": c.note,
                              "says": c.requirement.evidence.text, "posting_line": c.requirement.evidence.line,
                              "line": c.evidence[0].line if c.evidence else "",
                              "snippet": _line_segments(text, c.evidence[0], redactor, 90) if c.evidence else []}
                             for c in role.requirements]}


def _wins(role: RoleScore) -> list[dict]:
    return [{"name": w.gap.name, "gain": f"+{w.gap.gain:g}", "next_step": w.gap.next_step,
             "after": f"{w.score_after:.1f}", "kind": w.gap.label} for w in role.wins]


def _step(m: MissingItem) -> dict:
    return {"name": m.name, "kind": m.label, "gain": f"+{m.gain:g}", "next_step": m.next_step, "when": m.duration,
            "learn": [{"title": link.title, "url": link.url, "free": link.free} for link in m.learn]}


def _plan(role: RoleScore) -> list[dict]:
    """Resume checks first, then the steps by the points they add (the order scoring gives them)."""
    fewest, most = PLAN_STEPS
    steps = [m for i, m in enumerate(role.missing[:most]) if i < fewest or m.gain >= PLAN_SMALL_GAIN]
    return [_step(m) for m in steps]


def _strengths(role: RoleScore, text: str, redactor: Redactor) -> list[dict]:
    """The role's best-credited skills and languages, each with the resume line that earned it."""
    held = sorted((m for m in role.matched if m.kind in ("skill", "language") and m.best), key=lambda m: -m.credit)
    return [{"name": m.name, "how": m.how, "line": m.best.line,
             "snippet": _line_segments(text, m.best, redactor)} for m in held[:STRENGTHS]]


def _summary(role: RoleScore | None, result: ScoreResult, redactor: Redactor) -> dict:
    if role is None:
        return {"role": "", "band": "", "band_words": "", "score": "", "strengths": [], "plan": []}
    return {"role": role.title, "band": role.band, "band_words": BAND_WORDS.get(role.band, role.band),
            "score": f"{role.score:.0f}", "strengths": _strengths(role, result.profile.text, redactor),
            "plan": _plan(role)}


def build_view(result: ScoreResult, roles: dict[str, Role], *, data_version: str, report_date: date,
               redact: bool = False, focus: str | None = None) -> dict:
    profile = result.profile
    redactor = Redactor(profile, redact)
    name = None if redact else redactor.name
    best = result.roles[0] if result.roles else None
    chosen = next((r for r in result.roles if r.id == focus), best)
    glance = _bar_chart([(r.title, r.score, 100) for r in result.roles])
    quoted: set[int] = set()
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
        "summary": _summary(chosen, result, redactor),
        "reading": profile.document.note if profile.document is not None else "",
        "reading": profile.document.note if profile.document is not None else "",
        "checks": [{"name": m.name, "next_step": m.next_step} for m in chosen.missing
                   if m.action == "check-resume"] if chosen else [],
        "roles": [_role_view(r, profile.text, redactor, i < OPEN_ROLES,
                             roles[r.id].salary if r.id in roles else None, quoted)
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
                  redact: bool = False, focus: str | None = None, template_dir: Path | None = None,
                  web_page: bool = False, summary_only: bool = False) -> str:
    """The gap report as HTML ("html") or Markdown ("markdown"), or with `summary_only` its first page alone: the
    student's handout. `web_page`: served by the service, with links to score another resume and to download it."""
    view = build_view(result, roles, data_version=data_version, report_date=report_date, redact=redact, focus=focus)
    template = ("summary" if summary_only else "report") + (".html" if fmt == "html" else ".md")
    return environment(template_dir).get_template(template).render(**view, web_page=web_page)


# A progress report: two versions of one resume against the same roles.

HEADLINE_ITEMS = 4  # items a headline names, gained or lost, before "and N more"
HEADLINE_MISSING = 3  # gaps a headline names as still missing
_DEGREE_WORDS = {"school": "school", "diploma": "a diploma", "associate": "an associate degree",
                 "bachelor": "a bachelor's", "master": "a master's", "doctorate": "a doctorate"}


def _points(value: float, other: float) -> str:
    """A score as the handout says it, whole, unless that would hide a change (54.2 → 54.4)."""
    return f"{value:.0f}" if round(value) != round(other) or value == other else f"{value:.1f}"


def change_phrase(item: ItemChange) -> str:
    """An item gained or lost as a sentence names it: "PyTorch", "a master's", "the title Data Science Intern",
    "Java (listed → used)"."""
    if item.kind == "degree":
        return _DEGREE_WORDS.get(item.id, item.name)
    if item.kind == "title":
        return f"the title {item.name}"
    if item.kind == "certification" or item.new or item.gone:
        return item.name
    return f"{item.name} ({item.how_before} → {item.how_after})"


def _some(phrases: list[str]) -> str:
    shown = phrases[:HEADLINE_ITEMS]
    rest = len(phrases) - len(shown)
    return joined(shown + ([f"{rest} more"] if rest else []))


def headline(role: RoleChange) -> str:
    """One role's progress in one plain sentence, the same in the HTML, the Markdown and the terminal: "You added
    PyTorch and a master's: Data Scientist 54 → 71 (partial → strong); still missing: Spark, SQL." """
    said = []
    if role.gained:
        said.append(f"you added {_some([change_phrase(c) for c in role.gained])}")
    if role.lost:
        said.append(f"you removed {_some([change_phrase(c) for c in role.lost])}")
    before, after = _points(role.before, role.after), _points(role.after, role.before)
    if role.before == role.after and not said:
        score = f"No change for {role.title}: {after} of 100 ({role.bands})"
    else:
        score = f"{role.title} {before} → {after} ({role.bands})"
    sentence = "; ".join(said) + ": " + score if said else score
    gaps = [m.name for m in role.still_missing if m.action != "check-resume"][:HEADLINE_MISSING]
    sentence += f"; still missing: {', '.join(gaps)}." if gaps else "; nothing left to learn for it."
    return sentence[0].upper() + sentence[1:]


def _change_view(item: ItemChange, quote) -> dict:
    """A gained item quoted from the new version, a lost one from the old, at the mention that earned it most."""
    version, best = item.quoted
    return {"name": item.name, "kind": item.kind, "how": item.how,
            "credit": f"{item.credit_before:.0%} → {item.credit_after:.0%}", "version": version,
            "line": best.line if best else "", "snippet": quote(best, version) if best else []}


def _fact_view(change: ProfileChange, quote) -> dict:
    first = change.evidence[0] if change.evidence else None
    return {"kind": change.kind, "change": change.change, "name": change.name, "version": change.version,
            "line": first.line if first else "", "snippet": quote(first, change.version) if first else []}


def comparison_view(comparison: Comparison, *, data_version: str, report_date: date, redact: bool = False,
                    top: int = OPEN_ROLES) -> dict:
    """The progress report's view: the headline of each of the `top` roles, what changed in the resume itself,
    every role before → after, and the `top` roles in full (gained, lost, still missing, with resume lines)."""
    before, after = comparison.before, comparison.after
    texts = {"before": (before.profile.text, Redactor(before.profile, redact)),
             "after": (after.profile.text, Redactor(after.profile, redact))}

    def quote(evidence: Evidence, version: str) -> list[Segment]:
        text, redactor = texts[version]
        return _line_segments(text, evidence, redactor)

    roles = []
    for role in comparison.roles[:top]:
        roles.append({"id": role.id, "title": role.title, "headline": headline(role),
                      "before": f"{role.before:.1f}", "after": f"{role.after:.1f}", "band_before": role.band_before,
                      "band_after": role.band_after,
                      "components": [{"name": c.name.capitalize(), "before": f"{c.before:g}", "after": f"{c.after:g}",
                                      "max": f"{c.max_points:g}"} for c in role.components],
                      "gained": [_change_view(c, quote) for c in role.gained],
                      "lost": [_change_view(c, quote) for c in role.lost],
                      "missing": [_step(m) for m in role.still_missing[:MISSING_SHOWN]],
                      "more_missing": [m.name for m in role.still_missing[MISSING_SHOWN:]]})
    name = None if redact else after.profile.name
    return {
        "name": name, "redacted": redact, "date": report_date.isoformat(), "version": __version__,
        "schema_version": SCHEMA_VERSION, "data_version": data_version,
        "before_source": texts["before"][1].text(Path(before.source).name),
        "after_source": texts["after"][1].text(Path(after.source).name),
        "years": comparison.years_note,
        "facts": [_fact_view(c, quote) for c in comparison.profile_changes],
        "overview": [{"title": r.title, "before": f"{r.before:.1f}", "after": f"{r.after:.1f}",
                      "change": f"{r.change:+.1f}", "band_before": r.band_before, "band_after": r.band_after}
                     for r in comparison.roles],
        "roles": roles,
        "more_roles": len(comparison.roles) - len(roles),
    }


def render_comparison(comparison: Comparison, fmt: str, *, data_version: str, report_date: date,
                      redact: bool = False, top: int = OPEN_ROLES, template_dir: Path | None = None) -> str:
    """The progress report between two versions of a resume, as HTML ("html") or Markdown ("markdown")."""
    view = comparison_view(comparison, data_version=data_version, report_date=report_date, redact=redact, top=top)
    return environment(template_dir).get_template("compare.html" if fmt == "html" else "compare.md").render(**view)


def _fit_chart(best_counts, titles: dict[str, str], total: int) -> tuple[dict, str]:
    fits = [(titles[r], best_counts.get(r, 0)) for r in titles]
    if best_counts.get(None):
        fits.append((NO_FIT, best_counts[None]))
    chart = _bar_chart([(title, count, max(total, 1)) for title, count in fits], label_width=230)
    return chart, ", ".join(f"{title} {count}" for title, count in fits)


def render_cohort(rows: Iterable[dict], scored: int, best_counts, missing_counts, titles: dict[str, str], *,
                  groups: dict[str, dict], fitting, failures: Iterable[list], failed: int,
                  duplicates: list[tuple[str, str]], warning_counts, data_version: str, report_date: date,
                  template_dir: Path | None = None) -> Iterator[str]:
    """The cohort overview of a batch: who fits what (the whole run, then each subfolder), what the group is missing
    for each role (counted over the resumes that role fits from `partial` up), every resume with its scores, degree,
    years and report, the files that failed and the duplicates. Streamed, rows included: a cohort of 20,000 is never
    held in memory as one page."""
    distribution, ranking = _fit_chart(best_counts, titles, scored)
    group_views = []
    for group, counts in sorted(groups.items()):
        chart, alt = _fit_chart(counts, titles, sum(counts.values()))
        label = group or "(top folder)"
        group_views.append({"name": label, "count": sum(counts.values()), "chart": chart,
                            "alt": f"Best-fit roles in {label}: {alt}."})
    gaps = []
    for role_id, title in titles.items():
        common = missing_counts.get(role_id, {})
        among = fitting.get(role_id, 0)
        top = sorted(common.items(), key=lambda kv: (-kv[1], kv[0]))[:COHORT_GAPS]
        chart = _bar_chart([(name, count, max(among, 1)) for name, count in top], label_width=230)
        alt = f"Skills most often missing for {title}, among the {among} resumes it fits: " + (
            ", ".join(f"{name} ({count} of {among})" for name, count in top) or "none") + "."
        gaps.append({"id": role_id, "title": title, "chart": chart, "alt": alt, "empty": not top, "among": among})
    table = ({"file": row["file"], "name": row["name"] or "", "report": row["report"],
              "best": titles.get(row["best"], row["best"]) if row["best"] else NO_FIT, "band": row["band"] or "weak",
              "score": f"{row['score']:.1f}" if row["score"] is not None else "",
              "scores": [f"{row['scores'][r]:.1f}" if r in row["scores"] else "" for r in titles],
              "degree": row["degree"] or "", "duplicate_of": row["duplicate_of"],
              "years": f"{row['years']:g}" if row["years"] is not None else "",
              "warnings": [WARNING_LABELS.get(code, code) for code in row.get("warnings", ())]}
             for row in rows)
    from markupsafe import Markup

    failures = ({"file": name, "kind": kind, "message": message} for name, kind, message in failures)
    script = environment(template_dir).get_template("_cohort.js").render()
    view = {"scored": scored, "failed": failed, "failures": failures, "date": report_date.isoformat(), "version": __version__,
            "data_version": data_version, "distribution": distribution,
            "distribution_alt": f"Number of resumes whose best fit is each role: {ranking}.", "groups": group_views,
            "gaps": gaps, "gaps_shown": COHORT_GAPS, "rows": table, "titles": list(titles.values()),
            "duplicates": duplicates, "script": Markup(script), "script_sources": script_sources(f"<script>{script}</script>"),
            "warnings": [{"code": code, "count": count, "label": WARNING_LABELS.get(code, code)}
                         for code, count in sorted(warning_counts.items(), key=lambda kv: (-kv[1], kv[0]))]}
    return environment(template_dir).get_template("cohort.html").generate(**view)


def script_sources(page: str) -> str:
    """CSP sources ('sha256-...') for the page's own inline scripts: templates escape resume text, so every
    <script> in a rendered page is one of ours. The cohort page's meta tag and the service's header use them."""
    import base64
    import hashlib

    return " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'"
                    for s in re.findall(r"<script>(.*?)</script>", page, re.S))


COHORT_GAPS = 15
WARNING_LABELS = {"glued-words": "words ran together (PDF text)", "mojibake-repaired": "garbled characters repaired",
                  "columns-detected": "laid out in columns", "few-words": "little text (scanned?)",
                  "no-dates": "no dates found", "no-sections": "no section headings found"}
NO_FIT = "No fit yet"
