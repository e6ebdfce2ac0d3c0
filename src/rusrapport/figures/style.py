"""The house style: one palette, one font, Norwegian number formatting on axes.

The palette is Okabe & Ito's (2008) colour-blind-safe set; series are also told apart by
marker and line style so the figures survive greyscale printing.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib.ticker import FuncFormatter

from rusrapport.text.numbers import format_number

PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
LINESTYLES = ["-", "--", "-.", ":", "-", "--", "-.", ":"]
GREY = "#6b6b6b"
FONT = "DejaVu Sans"
WIDTH_IN, HEIGHT_IN = 6.6, 3.6

RC = {
    "font.family": FONT,
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": GREY,
    "axes.labelcolor": "#222222",
    "axes.titlesize": 10,
    "xtick.color": GREY,
    "ytick.color": GREY,
    "legend.frameon": False,
    "svg.hashsalt": "rusrapport",  # stable element ids: the same figure gives the same SVG
    "svg.fonttype": "none",  # text stays text: smaller files, faster PDF, selectable labels
    "figure.dpi": 100,
}


def apply() -> None:
    plt.rcParams.update(RC)


def percent_axis(ax, decimals: int = 0) -> None:
    """Y axis in Norwegian percent ('12 %')."""
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{format_number(v, decimals)} %"))


def percent_axis_x(ax, decimals: int = 0) -> None:
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{format_number(v, decimals)} %"))


def number_axis(ax, axis: str = "y", decimals: int = 0) -> None:
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(FuncFormatter(lambda v, _: format_number(v, decimals)))
