"""Turn query results into what templates show: highlighted article text and the weekly timeline SVG.

Nothing here builds HTML from strings; templates escape every value (Jinja2 autoescape).
"""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..vocab import COLOURS

# One colour per contract event type (Okabe-Ito palette plus greys, readable for colour-blind users):
# the `colour` column of data/event_types.json.
TYPE_COLOURS = COLOURS


@dataclass
class Segment:
    text: str
    fields: tuple[str, ...] = ()


def highlight_segments(text: str, spans: list[tuple[int, int, str]]) -> list[Segment]:
    """Cut `text` at every evidence boundary; each piece lists the fields whose spans cover it.

    Spans out of range are clipped, empty ones dropped, overlaps allowed.
    """
    n = len(text)
    clean = [(max(0, s), min(n, e), f) for s, e, f in spans if s is not None and e is not None]
    clean = [(s, e, f) for s, e, f in clean if s < e]
    cuts = sorted({0, n, *(s for s, _, _ in clean), *(e for _, e, _ in clean)})
    out: list[Segment] = []
    for a, b in zip(cuts, cuts[1:]):
        covering = tuple(sorted({f for s, e, f in clean if s <= a and b <= e}))
        if out and out[-1].fields == covering:
            out[-1].text += text[a:b]
        else:
            out.append(Segment(text[a:b], covering))
    return out


def week_start(iso: str | None) -> dt.date | None:
    """Monday of the ISO date's week; partial dates ("2020-08", "2020") have no week."""
    if not iso or len(iso) < 10:
        return None
    try:
        d = dt.date.fromisoformat(iso[:10])
    except ValueError:
        return None
    return d - dt.timedelta(days=d.weekday())


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    label: str


@dataclass
class TimelineChart:
    width: int
    height: int
    bars: list[Bar] = field(default_factory=list)
    x_ticks: list[tuple[float, str]] = field(default_factory=list)
    y_ticks: list[tuple[float, str]] = field(default_factory=list)
    legend: list[tuple[str, str, int]] = field(default_factory=list)
    weeks: int = 0
    undated: int = 0
    table: list[tuple[str, dict[str, int]]] = field(default_factory=list)


def build_timeline(rows: list[tuple[str | None, str]], width: int = 960, height: int = 320,
                   max_weeks: int = 520) -> TimelineChart:
    """Lay out stacked weekly bars of event counts by type from (date_start, type) pairs.

    Weeks with nothing are drawn as gaps so time stays linear; at most `max_weeks` (the latest) are shown.
    """
    counts: dict[dt.date, Counter] = defaultdict(Counter)
    undated = 0
    for date, typ in rows:
        wk = week_start(date)
        if wk is None:
            undated += 1
        else:
            counts[wk][typ] += 1
    chart = TimelineChart(width=width, height=height, undated=undated)
    if not counts:
        return chart
    first, last = min(counts), max(counts)
    nweeks = (last - first).days // 7 + 1
    if nweeks > max_weeks:
        first = last - dt.timedelta(weeks=max_weeks - 1)
        nweeks = max_weeks
    weeks = [first + dt.timedelta(weeks=i) for i in range(nweeks)]
    totals = Counter()
    for wk in weeks:
        totals.update(counts.get(wk, Counter()))
    types = [t for t in TYPE_COLOURS if totals[t]] + sorted(t for t in totals if t not in TYPE_COLOURS and totals[t])
    peak = max(sum(counts.get(wk, Counter()).values()) for wk in weeks) or 1
    left, right, top, bottom = 40, 10, 10, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    slot = plot_w / nweeks
    bar_w = max(slot * 0.8, 1.0)
    for i, wk in enumerate(weeks):
        c = counts.get(wk)
        if not c:
            continue
        y = top + plot_h
        for t in types:
            if not c[t]:
                continue
            h = plot_h * c[t] / peak
            y -= h
            chart.bars.append(Bar(left + i * slot, y, bar_w, h, TYPE_COLOURS.get(t, "#444"),
                                  f"week of {wk.isoformat()}: {c[t]} {t}"))
        chart.table.append((wk.isoformat(), {t: c[t] for t in types if c[t]}))
    step = max(1, nweeks // 8)
    chart.x_ticks = [(left + i * slot + bar_w / 2, weeks[i].isoformat()) for i in range(0, nweeks, step)]
    ystep = max(1, peak // 4)
    chart.y_ticks = [(top + plot_h - plot_h * v / peak, str(v)) for v in range(0, peak + 1, ystep)]
    chart.legend = [(t, TYPE_COLOURS.get(t, "#444"), totals[t]) for t in types]
    chart.weeks = nweeks
    return chart
