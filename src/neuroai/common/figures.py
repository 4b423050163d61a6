"""One plotting style for every figure, and atomic PDF + PNG output."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import seaborn as sns  # noqa: E402

from neuroai.common.atomic import atomic_path  # noqa: E402

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
