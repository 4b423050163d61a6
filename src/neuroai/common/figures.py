"""One plotting style for every figure, and atomic PDF + PNG output."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import seaborn as sns  # noqa: E402

from neuroai.common.atomic import atomic_path  # noqa: E402

# A study's figure registry maps each figure name to a function of the job's data (tables and the settings the figure
# needs) that returns the figure and its caption; captions state what the run measured, claims' verdicts included.
Draw = Callable[[Any], "tuple[plt.Figure, str]"]

DEFAULT_STYLE = {"context": "paper", "font_scale": 1.2, "palette": "colorblind", "dpi": 200}


def apply_style(style: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Set the shared seaborn/matplotlib style; returns the style actually used."""
    used = {**DEFAULT_STYLE, **(style or {})}
    sns.set_theme(context=used["context"], style="ticks", palette=used["palette"], font_scale=used["font_scale"])
    plt.rcParams.update({"axes.spines.top": False, "axes.spines.right": False, "pdf.fonttype": 42,
                         "savefig.bbox": "tight", "figure.dpi": 100})
    return used


def save_figure(fig: plt.Figure, pdf: str | os.PathLike, png: str | os.PathLike, dpi: int = 200,
                caption: str | None = None) -> None:
    """Save `fig` as PDF and PNG atomically (caption, if given, is written under the axes) and close it."""
    if caption:  # below everything already drawn (rotated tick labels included)
        lowest = fig.get_tightbbox(fig.canvas.get_renderer()).y0 / fig.get_figheight()
        fig.text(0.01, lowest - 0.02, caption, ha="left", va="top", wrap=True, fontsize="small")
    with atomic_path(pdf) as tmp:
        fig.savefig(tmp, format="pdf")
    with atomic_path(png) as tmp:
        fig.savefig(tmp, format="png", dpi=dpi)
    plt.close(fig)


def draw_figures(registry: Mapping[str, Draw], data: Any, outputs: Mapping[str, str | os.PathLike],
                 style: Mapping[str, Any] | None) -> None:
    """Draw every figure of `registry` from `data` in the shared style; `outputs` maps '<name>_pdf' and
    '<name>_png' to paths."""
    used = apply_style(style)
    for name, draw in registry.items():
        fig, caption = draw(data)
        save_figure(fig, outputs[f"{name}_pdf"], outputs[f"{name}_png"], dpi=used["dpi"], caption=caption)
