"""The few chart types the report uses. Each takes a tidy frame and returns a figure; none
reads globals or writes files (the chapter does that, with the figure's data)."""

from __future__ import annotations

import io
import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from rusrapport.figures import style
from rusrapport.text.numbers import format_number

SUPPRESSED = "suppress"


def _figure(height: float = style.HEIGHT_IN):
    style.apply()
    return plt.subplots(figsize=(style.WIDTH_IN, height))


def bar_chart(
    frame: pd.DataFrame,
    *,
    category: str,
    series: str | None = None,
    value: str = "value",
    horizontal: bool = True,
    percent: bool = True,
    decimals: int = 0,
    category_labels: dict[str, str] | None = None,
    series_labels: dict[str, str] | None = None,
):
    """Bars (grouped by ``series``) with 95 % intervals; suppressed estimates are left out
    and marked '×', footnoted ones hatched. Values are labelled at the bar ends."""
    categories = list(dict.fromkeys(frame[category]))
    groups = list(dict.fromkeys(frame[series])) if series else [None]
    fig, ax = _figure(
        max(2.2, 0.42 * len(categories) * max(1, len(groups) * 0.7) + 0.9) if horizontal else style.HEIGHT_IN
    )
    width = 0.8 / len(groups)
    positions = np.arange(len(categories))
    for k, group in enumerate(groups):
        part = frame if group is None else frame[frame[series] == group]
        part = part.set_index(category).reindex(categories)
        offset = (k - (len(groups) - 1) / 2) * width
        flags = part["flag"].fillna("present") if "flag" in part else pd.Series("present", index=part.index)
        shown = flags != SUPPRESSED
        vals = part[value].where(shown)
        colour = style.PALETTE[k % len(style.PALETTE)]
        label = (series_labels or {}).get(group, group) if group is not None else None
        pos = positions + offset
        hatch = ["//" if f == "footnote" else "" for f in flags]
        draw = ax.barh if horizontal else ax.bar
        bars = draw(
            pos, vals.fillna(0), width * 0.92, color=colour, label=label, edgecolor="white", linewidth=0.5
        )
        for bar, h in zip(bars, hatch, strict=True):
            bar.set_hatch(h)
        if {"lower", "upper"} <= set(part.columns):
            err = np.vstack([(vals - part["lower"]).clip(lower=0), (part["upper"] - vals).clip(lower=0)])
            if horizontal:
                ax.errorbar(vals, pos, xerr=err, fmt="none", ecolor="#333333", elinewidth=0.8, capsize=2)
            else:
                ax.errorbar(pos, vals, yerr=err, fmt="none", ecolor="#333333", elinewidth=0.8, capsize=2)
        tops = part["upper"].where(shown) if "upper" in part else vals
        pad = 0.01 * _upper_limit(frame, value)
        for p_, v, top, ok in zip(pos, vals, tops, shown, strict=True):
            text = f"{format_number(v, decimals)}{' %' if percent else ''}" if ok else "×"
            where = (max(v, top) if ok else 0) + pad
            if horizontal:
                ax.text(where, p_, text, va="center", ha="left", fontsize=7.5, color="#222222")
            else:
                ax.text(p_, where, text, va="bottom", ha="center", fontsize=7.5, color="#222222")
    labels = [(category_labels or {}).get(c, c) for c in categories]
    if horizontal:
        ax.set_yticks(positions, labels)
        ax.invert_yaxis()
        if percent:
            style.percent_axis_x(ax, decimals)
        ax.set_xlim(0, _upper_limit(frame, value))
    else:
        ax.set_xticks(
            positions, [textwrap.fill(str(label), 14, break_long_words=False) for label in labels]
        )  # long names on two lines
        if percent:
            style.percent_axis(ax, decimals)
        ax.set_ylim(0, _upper_limit(frame, value))
    if series:
        legend_below(fig, ax)
    else:
        fig.tight_layout()
    return fig


def _upper_limit(frame: pd.DataFrame, value: str) -> float:
    top = frame["upper"].max() if "upper" in frame and frame["upper"].notna().any() else frame[value].max()
    return float(top) * 1.15 if np.isfinite(top) and top > 0 else 1.0


def line_chart(
    frame: pd.DataFrame,
    *,
    x: str = "year",
    series: str,
    value: str = "value",
    percent: bool = True,
    decimals: int = 0,
    series_labels: dict[str, str] | None = None,
    trend: pd.DataFrame | None = None,
):
    """Lines over years with shaded 95 % intervals; suppressed points are gaps."""
    fig, ax = _figure()
    for k, (group, part) in enumerate(frame.groupby(series, sort=False)):
        part = part.sort_values(x)
        shown = part["flag"] != SUPPRESSED if "flag" in part else pd.Series(True, index=part.index)
        y = part[value].where(shown)
        colour = style.PALETTE[k % len(style.PALETTE)]
        ax.plot(
            part[x],
            y,
            color=colour,
            marker=style.MARKERS[k],
            markersize=3.5,
            linestyle=style.LINESTYLES[k],
            linewidth=1.6,
            label=(series_labels or {}).get(group, str(group)[:1].upper() + str(group)[1:]),
        )
        if {"lower", "upper"} <= set(part.columns):
            ax.fill_between(
                part[x],
                part["lower"].where(shown),
                part["upper"].where(shown),
                color=colour,
                alpha=0.15,
                linewidth=0,
            )
    if trend is not None:
        ax.plot(trend[x], trend[value], color=style.GREY, linestyle="--", linewidth=1.0, label="Lineær trend")
    ax.set_xticks(sorted(frame[x].unique()))
    ax.tick_params(axis="x", labelrotation=45 if frame[x].nunique() > 8 else 0)
    if percent:
        style.percent_axis(ax, decimals)
    else:
        style.number_axis(ax, "y", decimals)
    ax.set_ylim(bottom=0)
    legend_below(fig, ax)
    return fig


def legend_below(fig, ax) -> None:
    """The legend under the plot, in as many columns as the labels allow, so it never covers data."""
    handles, texts = ax.get_legend_handles_labels()
    if not handles:
        fig.tight_layout()
        return
    longest = max(len(t) for t in texts)
    columns = min(len(texts), 4 if longest <= 14 else 3 if longest <= 22 else 2)
    rows = -(-len(texts) // columns)
    bottom = 0.02 + 0.075 * rows
    fig.tight_layout(rect=(0, bottom, 1, 1))
    fig.legend(handles, texts, loc="lower center", ncols=columns, frameon=False, fontsize=8)


def to_svg(fig) -> bytes:
    """The figure as SVG without a date, so the same figure always gives the same bytes."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    return buffer.getvalue()


def column_chart(
    frame: pd.DataFrame,
    *,
    x: str = "year",
    value: str = "value",
    decimals: int = 0,
    trend: pd.DataFrame | None = None,
    label_every: int = 1,
):
    """Vertical bars (one per year) labelled with their values, optionally with a trend line."""
    fig, ax = _figure()
    bars = ax.bar(frame[x].astype(str), frame[value], color=style.PALETTE[0], width=0.7)
    for k, (bar, v) in enumerate(zip(bars, frame[value], strict=True)):
        if k % label_every == 0 or k == len(bars) - 1:
            ax.text(
                bar.get_x() + bar.get_width() / 2,
                v,
                format_number(v, decimals),
                ha="center",
                va="bottom",
                fontsize=7,
            )
    if trend is not None:
        ax.plot(
            trend[x].astype(str),
            trend[value],
            color=style.GREY,
            linestyle="--",
            linewidth=1.2,
            label="Lineær trend",
        )
    style.number_axis(ax, "y", 0)
    ax.set_ylim(0, float(frame[value].max()) * 1.15)
    legend_below(fig, ax)
    return fig
