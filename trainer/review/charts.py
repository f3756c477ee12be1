"""Charts drawn on the server as inline SVG: no JavaScript library, nothing fetched from elsewhere."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

PALETTE = ("#2f6fdf", "#e07b39", "#3a9d5d", "#9b59b6", "#c0392b")


def bar_chart(
    labels: Sequence[str],
    series: Sequence[Sequence[float | None]],
    *,
    names: Sequence[str] = (),
    maximum: float = 1.0,
    title: str = "",
    percent: bool = True,
) -> Markup:
    """Horizontal bars, one group per label and one bar per series (e.g. candidates being compared); a
    missing value (None) draws no bar and a dash."""
    bar_h, gap, left, width = 14, 10, 170, 360
    groups = len(labels)
    per = max(1, len(series))
    height = groups * (per * bar_h + gap) + 30 + (18 * ((len(names) + 2) // 3) if names else 0)
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {left + width + 60} {height}" '
        f'width="{left + width + 60}" height="{height}" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    y = 10
    for gi, label in enumerate(labels):
        parts.append(
            f'<text x="{left - 8}" y="{y + per * bar_h / 2 + 4}" text-anchor="end" '
            f'class="chart-label">{escape(_clip(label))}</text>'
        )
        for si, values in enumerate(series):
            raw = values[gi] if gi < len(values) else None
            value = raw or 0.0
            w = 0 if not maximum else max(0.0, min(1.0, value / maximum)) * width
            colour = PALETTE[si % len(PALETTE)]
            text = f"{value / maximum * 100:.0f}%" if percent and maximum else f"{value:g}"
            if raw is None:  # no value: no bar and a dash, never 0 %
                text = "—"
            parts.append(
                f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar_h - 2}" fill="{colour}">'
                f"<title>{escape(label)}: {escape(text)}</title></rect>"
            )
            parts.append(
                f'<text x="{left + w + 4:.1f}" y="{y + bar_h - 4}" class="chart-value">{escape(text)}</text>'
            )
            y += bar_h
        y += gap
    for i, name in enumerate(names):
        x, ly = 10 + (i % 3) * 180, y + 12 + 18 * (i // 3)
        parts.append(
            f'<rect x="{x}" y="{ly - 9}" width="10" height="10" fill="{PALETTE[i % len(PALETTE)]}"/>'
        )
        parts.append(f'<text x="{x + 14}" y="{ly}" class="chart-label">{escape(_clip(name))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def histogram(counts: Sequence[int], edges: Sequence[float], *, title: str = "") -> Markup:
    """Vertical bars for a score distribution; ``edges`` has one more entry than ``counts``."""
    width, height, left, bottom = 520, 200, 30, 30
    top = max(counts, default=0) or 1
    bw = (width - left) / max(1, len(counts))
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height + bottom}" width="{width}" '
        f'height="{height + bottom}" aria-label="{escape(title)}"><title>{escape(title)}</title>',
        f'<line x1="{left}" y1="{height}" x2="{width}" y2="{height}" stroke="#999"/>',
    ]
    for i, count in enumerate(counts):
        h = count / top * (height - 20)
        x = left + i * bw
        parts.append(
            f'<rect x="{x + 2:.1f}" y="{height - h:.1f}" width="{bw - 4:.1f}" height="{h:.1f}" '
            f'fill="{PALETTE[0]}"><title>{edges[i]:g}–{edges[i + 1]:g}: {count}</title></rect>'
        )
        if count:
            parts.append(
                f'<text x="{x + bw / 2:.1f}" y="{height - h - 4:.1f}" text-anchor="middle" '
                f'class="chart-value">{count}</text>'
            )
        parts.append(f'<text x="{x:.1f}" y="{height + 16}" class="chart-label">{edges[i]:g}</text>')
    parts.append(
        f'<text x="{width - 4}" y="{height + 16}" text-anchor="end" class="chart-label">{edges[-1]:g}</text>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))


def _clip(text: str, limit: int = 22) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
