"""Palette and type sizes: the one place for colours (mirrors .streamlit/config.toml).

Why fixed assignments: a source or a kind of place keeps its colour on every page,
so an executive who learnt "orange is China Briefing" on one chart can read
the next one without a legend hunt. Colours are Okabe-Ito based (safe for the
common colour-vision deficiencies); legends always name things in words too.
"""
from __future__ import annotations

import altair as alt

from components import i18n

CATEGORICAL = ["#0B5CAD", "#D55E00", "#009E73", "#CC79A7", "#E69F00",
               "#56B4E9", "#6B4C9A", "#8C6D31", "#4D4D4D", "#B2182B"]

TEXT = "#1A1F2B"
MUTED_TEXT = "#4A5568"      # 7.5:1 on white: captions stay readable on a projector
GRID = "#E2E8F0"
NEUTRAL = "#A0AEC0"         # bars that are context, not the point
HIGHLIGHT = "#B2182B"       # the one thing the chart is about (e.g. China)
ACCENT = CATEGORICAL[0]     # = primaryColor in config.toml: links, focus rings, our own HTML controls
BORDER = "#7A8599"          # control outlines: 3.7:1 on white (WCAG 1.4.11 asks 3:1 for UI components)
BAND_OPACITY = 0.18

PLACE_KIND_COLORS = {
    "innovation_hub": CATEGORICAL[0],
    "pilot_zone": CATEGORICAL[2],
    "fast_track_zone": CATEGORICAL[9],
    "innovation_park": CATEGORICAL[6],
    "accelerator": CATEGORICAL[4],
    "data_sharing_pilot": CATEGORICAL[5],
    "hospital_testbed": CATEGORICAL[3],
    "wfoe_location": CATEGORICAL[7],
    "company_hq": CATEGORICAL[8],
}

FALLBACK = CATEGORICAL[8]

# Type sizes (px) for chart text; presentation mode scales them up.
FONT_SIZES = {"title": 20, "label": 15, "axis_title": 15, "legend": 15, "mark_label": 15}
PRESENTATION_SCALE = 1.35

# The app's fonts (Streamlit's), and in Chinese first a family with the CJK glyphs: the Noto Sans SC subset
# the app ships as a web font and registers for the exported images. Latin fonts have no Chinese glyphs, and
# a browser's own fallback differs from machine to machine.
FONT_FAMILIES = ('"Source Sans"', '"Source Sans Pro"', "sans-serif")
CJK_FONT = "Noto Sans SC"


def font_family(lang: str | None = None) -> str:
    """The CSS font-family list for chart and map text in `lang` (default: the current language)."""
    families = FONT_FAMILIES if (lang or i18n.current()) != "zh" else (f'"{CJK_FONT}"', *FONT_FAMILIES)
    return ", ".join(families)


def hex_to_rgb(color: str, alpha: int = 255) -> list[int]:
    """'#RRGGBB' -> [r, g, b, a] for pydeck."""
    color = color.lstrip("#")
    return [int(color[i:i + 2], 16) for i in (0, 2, 4)] + [alpha]


def font_sizes(presentation: bool = False) -> dict[str, int]:
    scale = PRESENTATION_SCALE if presentation else 1.0
    return {k: round(v * scale) for k, v in FONT_SIZES.items()}


def apply(chart: alt.TopLevelMixin, presentation: bool = False) -> alt.TopLevelMixin:
    """Shared chart styling: readable fonts, quiet grid, titles left-aligned; in Chinese a font with its glyphs."""
    sizes = font_sizes(presentation)
    if i18n.current() == "zh":
        # Before the configure_* calls: `configure` starts a new config, they add to it.
        chart = chart.configure(font=font_family("zh"))
    return (chart
            .configure_axis(labelFontSize=sizes["label"], titleFontSize=sizes["axis_title"],
                            labelColor=TEXT, titleColor=TEXT, gridColor=GRID, labelLimit=320)
            .configure_legend(labelFontSize=sizes["legend"], titleFontSize=sizes["legend"],
                              labelColor=TEXT, titleColor=TEXT, labelLimit=420, orient="bottom",
                              direction="vertical")
            .configure_title(fontSize=sizes["title"], color=TEXT, anchor="start", subtitleFontSize=sizes["label"],
                             subtitleColor=MUTED_TEXT)
            .configure_view(strokeWidth=0))
