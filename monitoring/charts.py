"""Charts drawn on the server as inline SVG (no script, no third-party asset). Every chart is
decorative for assistive technology (aria-hidden) because the page shows the same numbers in a table
next to it; colours come from CSS classes (static/css/monitoring.css), and each bar carries a title."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

BAR_HEIGHT = 18
GAP = 8
LABEL_WIDTH = 150
WIDTH = 600


def stacked_bars(rows: list[dict], *, title: str) -> str:
    """Horizontal stacked bars, one per row: rows are {"label": str, "counts": [(level, label, n)]}.
    Each bar fills the width in proportion to its counts."""
    height = max(1, len(rows)) * (BAR_HEIGHT + GAP) + GAP
    parts = []
    for index, row in enumerate(rows):
        y = GAP + index * (BAR_HEIGHT + GAP)
        total = sum(n for _level, _label, n in row["counts"]) or 1
        x = float(LABEL_WIDTH)
        parts.append(
            format_html(
                '<text x="{}" y="{}" class="chart-label" text-anchor="end">{}</text>',
                LABEL_WIDTH - 6,
                y + BAR_HEIGHT - 5,
                row["label"],
            )
        )
        for level, label, n in row["counts"]:
            if not n:
                continue
            width = (WIDTH - LABEL_WIDTH) * n / total
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" class="fill-{}"><title>{}: {}</title></rect>',
                    f"{x:.1f}",
                    y,
                    f"{width:.1f}",
                    BAR_HEIGHT,
                    level,
                    label,
                    n,
                )
            )
            x += width
    body = mark_safe("".join(str(p) for p in parts))  # every part escaped by format_html above
    return format_html(
        '<svg class="monitoring-chart" viewBox="0 0 {} {}" width="100%" role="img" aria-hidden="true" '
        'focusable="false"><title>{}</title>{}</svg>',
        WIDTH,
        height,
        title,
        body,
    )


def legend(levels) -> str:
    return format_html(
        '<ul class="level-legend">{}</ul>',
        format_html_join(
            "", '<li><span class="swatch fill-{}"></span>{}</li>', ((lv, lb) for lv, lb in levels)
        ),
    )
