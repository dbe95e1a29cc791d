import { escapeHtml as esc, fmt, niceStep, rowLayout, svgStart } from './svg-frame.ts';

export interface ForestRow {
  label: string;
  estimate: number | null;
  interval: [number, number] | null;
}

/**
 * A forest plot: one row per effect, a dot at the estimate and a line over its interval, a vertical reference line
 * (0 for differences). The axis spans every interval and the reference, with round tick steps (niceStep). With
 * `logScale` (odds ratios, reference 1) positions are log values, ticks fall on powers of 2 and labels stay on the
 * original scale.
 */
export function forestPlot(title: string, rows: readonly ForestRow[], note = '', reference = 0, logScale = false): string {
  const scale = (v: number) => (logScale ? Math.log(v) : v);
  const values = rows
    .flatMap((r) => [r.estimate, ...(r.interval ?? [])])
    .filter((v): v is number => v !== null && Number.isFinite(scale(v)))
    .map(scale);
  const ref = scale(reference);
  const step = niceStep(Math.max(ref, ...values) - Math.min(ref, ...values));
  const lo = Math.floor(Math.min(ref, ...values) / step) * step;
  const hi = Math.ceil(Math.max(ref, ...values) / step) * step;
  const span = hi - lo || 1;
  const plotWidth = 320;
  const rowHeight = 20;
  const { labelWidth, top, width, height } = rowLayout(rows, 320, plotWidth + 90, rowHeight, note);
  const x = (v: number) => labelWidth + ((Math.min(hi, Math.max(lo, scale(v))) - lo) / span) * plotWidth;
  const parts = [
    ...svgStart(title, width, height),
    `<line x1="${x(reference)}" x2="${x(reference)}" y1="${top - 4}" y2="${top + rows.length * rowHeight}" stroke="#777" stroke-dasharray="3,3"/>`,
  ];
  rows.forEach((r, i) => {
    const y = top + i * rowHeight + rowHeight / 2;
    parts.push(`<text x="0" y="${y + 4}">${esc(r.label)}</text>`);
    if (r.interval) {
      parts.push(
        `<line x1="${x(r.interval[0])}" x2="${x(r.interval[1])}" y1="${y}" y2="${y}" stroke="#000" stroke-width="1.5"/>`,
        `<line x1="${x(r.interval[0])}" x2="${x(r.interval[0])}" y1="${y - 4}" y2="${y + 4}" stroke="#000"/>`,
        `<line x1="${x(r.interval[1])}" x2="${x(r.interval[1])}" y1="${y - 4}" y2="${y + 4}" stroke="#000"/>`,
      );
    }
    if (r.estimate !== null) parts.push(`<rect x="${x(r.estimate) - 3.5}" y="${y - 3.5}" width="7" height="7" fill="#000"/>`);
    const text = r.estimate === null ? 'n/a' : `${fmt(r.estimate)}${r.interval ? ` [${fmt(r.interval[0])}, ${fmt(r.interval[1])}]` : ''}`;
    parts.push(`<text x="${labelWidth + plotWidth + 6}" y="${y + 4}" font-size="10">${text}</text>`);
  });
  const axisY = top + rows.length * rowHeight + 4;
  parts.push(`<line x1="${labelWidth}" x2="${labelWidth + plotWidth}" y1="${axisY}" y2="${axisY}" stroke="#000"/>`);
  const linear: number[] = [];
  for (let v = lo; v <= hi + step / 2; v += step) linear.push(logScale ? Math.exp(v) : v);
  const powers = Array.from({ length: 41 }, (_, k) => 2 ** (k - 20)).filter((v) => Math.log(v) >= lo && Math.log(v) <= hi);
  for (const v of logScale && powers.length >= 2 ? powers : linear) {
    parts.push(`<text x="${x(v)}" y="${axisY + 14}" text-anchor="middle" font-size="10">${fmt(v)}</text>`);
  }
  if (note) parts.push(`<text x="0" y="${axisY + 30}" font-size="10" fill="#333">${esc(note)}</text>`);
  parts.push('</svg>');
  return parts.join('');
}

