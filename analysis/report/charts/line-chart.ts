import { escapeHtml as esc, fmt, marker, seriesStyle, svgStart, unitGrid } from './svg-frame.ts';

export interface XySeries {
  name: string;
  points: readonly { x: number; y: number | null }[];
}

/**
 * Lines over a numeric x axis with y on [0, 1], one dash pattern and marker shape per series (readable in black and
 * white), a legend, and optionally the diagonal y = x (for calibration plots). A null y breaks the line.
 */
export function xyChart(
  title: string,
  series: readonly XySeries[],
  options: {
    xDomain: [number, number];
    xLabel: string;
    yLabel: string;
    diagonal?: boolean;
    note?: string;
    /** Named ticks (a categorical axis) instead of numbers. */
    xTicks?: readonly { x: number; label: string }[];
  },
): string {
  const left = 44;
  const top = 28;
  const plotWidth = 360;
  const plotHeight = 180;
  const [x0, x1] = options.xDomain;
  const xSpan = x1 - x0 || 1;
  const legendRows = Math.ceil(series.length / 2);
  const width = left + plotWidth + 20;
  const height = top + plotHeight + 40 + legendRows * 16 + (options.note ? 16 : 0);
  const x = (v: number) => left + ((v - x0) / xSpan) * plotWidth;
  const y = (v: number) => top + plotHeight - v * plotHeight;
  const parts = [
    ...svgStart(title, width, height),
    ...unitGrid(left, left + plotWidth, y),
  ];
  // Named ticks; else whole-number ticks on a wide axis (trial positions), quarters otherwise.
  const step = xSpan >= 4 ? Math.ceil(xSpan / 4) : xSpan / 4;
  const ticks: { x: number; label: string }[] = [...(options.xTicks ?? [])];
  if (ticks.length === 0) for (let v = x0; v <= x1 + 1e-9; v += step) ticks.push({ x: v, label: fmt(v, xSpan >= 4 ? 0 : 2) });
  for (const t of ticks) parts.push(`<text x="${x(t.x)}" y="${top + plotHeight + 14}" text-anchor="middle" font-size="10">${esc(t.label)}</text>`);
  parts.push(
    `<line x1="${left}" x2="${left + plotWidth}" y1="${top + plotHeight}" y2="${top + plotHeight}" stroke="#000"/>`,
    `<text x="${left + plotWidth / 2}" y="${top + plotHeight + 28}" text-anchor="middle">${esc(options.xLabel)}</text>`,
    `<text x="10" y="${top + plotHeight / 2}" text-anchor="middle" transform="rotate(-90 10 ${top + plotHeight / 2})">${esc(options.yLabel)}</text>`,
  );
  if (options.diagonal) {
    parts.push(`<line x1="${x(Math.max(0, x0))}" y1="${y(Math.max(0, x0))}" x2="${x(Math.min(1, x1))}" y2="${y(Math.min(1, x1))}" stroke="#999" stroke-dasharray="4,4"/>`);
  }
  series.forEach((s, i) => {
    const { dash, shape } = seriesStyle(i);
    let path = '';
    let pen = false;
    for (const p of s.points) {
      if (p.y === null) {
        pen = false;
        continue;
      }
      path += `${pen ? 'L' : 'M'}${x(p.x).toFixed(1)},${y(p.y).toFixed(1)}`;
      pen = true;
    }
    if (path) parts.push(`<path d="${path}" fill="none" stroke="#000" stroke-width="1.3"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`);
    for (const p of s.points) if (p.y !== null) parts.push(marker(shape, x(p.x), y(p.y)));
  });
  const legendTop = top + plotHeight + 44;
  series.forEach((s, i) => {
    const lx = left + (i % 2) * 180;
    const ly = legendTop + Math.floor(i / 2) * 16;
    const { dash, shape } = seriesStyle(i);
    parts.push(
      `<line x1="${lx}" x2="${lx + 22}" y1="${ly - 4}" y2="${ly - 4}" stroke="#000"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`,
      marker(shape, lx + 11, ly - 4),
      `<text x="${lx + 26}" y="${ly}">${esc(s.name)}</text>`,
    );
  });
  if (options.note) parts.push(`<text x="0" y="${legendTop + legendRows * 16 + 4}" font-size="10" fill="#333">${esc(options.note)}</text>`);
  parts.push('</svg>');
  return parts.join('');
}

