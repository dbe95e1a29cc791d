import { escapeHtml as esc, marker, rowLayout, svgStart } from './svg-frame.ts';

export interface BoxRow {
  label: string;
  n: number;
  min: number | null;
  q1: number | null;
  median: number | null;
  q3: number | null;
  max: number | null;
  mean: number | null;
}

/**
 * Horizontal box plots on the common axis [0, 1] (whiskers min to max, box q1 to q3, a bar at the median, a
 * diamond at the mean), one row per group; n is written at the right.
 */
export function boxPlots(title: string, rows: readonly BoxRow[], note = ''): string {
  const plotWidth = 300;
  const rowHeight = 22;
  const { labelWidth, top, width, height } = rowLayout(rows, 260, plotWidth + 60, rowHeight, note);
  const x = (v: number) => labelWidth + v * plotWidth;
  const parts = [
    ...svgStart(title, width, height),
  ];
  for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
    parts.push(`<line x1="${x(tick)}" x2="${x(tick)}" y1="${top - 4}" y2="${top + rows.length * rowHeight}" stroke="#ddd"/>`);
  }
  rows.forEach((r, i) => {
    const y = top + i * rowHeight + rowHeight / 2;
    parts.push(`<text x="0" y="${y + 4}">${esc(r.label)}</text>`, `<text x="${labelWidth + plotWidth + 8}" y="${y + 4}" font-size="10">n = ${r.n}</text>`);
    if (r.min === null || r.q1 === null || r.median === null || r.q3 === null || r.max === null) return;
    parts.push(
      `<line x1="${x(r.min)}" x2="${x(r.max)}" y1="${y}" y2="${y}" stroke="#000"/>`,
      `<line x1="${x(r.min)}" x2="${x(r.min)}" y1="${y - 4}" y2="${y + 4}" stroke="#000"/>`,
      `<line x1="${x(r.max)}" x2="${x(r.max)}" y1="${y - 4}" y2="${y + 4}" stroke="#000"/>`,
      `<rect x="${x(r.q1)}" y="${y - 7}" width="${Math.max(1, x(r.q3) - x(r.q1))}" height="14" fill="#d9d9d9" stroke="#000"/>`,
      `<line x1="${x(r.median)}" x2="${x(r.median)}" y1="${y - 7}" y2="${y + 7}" stroke="#000" stroke-width="2"/>`,
    );
    if (r.mean !== null) parts.push(marker('diamond', x(r.mean), y));
  });
  const axisY = top + rows.length * rowHeight + 4;
  parts.push(`<line x1="${x(0)}" x2="${x(1)}" y1="${axisY}" y2="${axisY}" stroke="#000"/>`);
  for (const tick of [0, 0.25, 0.5, 0.75, 1]) parts.push(`<text x="${x(tick)}" y="${axisY + 14}" text-anchor="middle" font-size="10">${tick.toFixed(2)}</text>`);
  if (note) parts.push(`<text x="0" y="${axisY + 30}" font-size="10" fill="#333">${esc(note)}</text>`);
  parts.push('</svg>');
  return parts.join('');
}

