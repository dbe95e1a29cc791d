/**
 * Small dependency-free SVG charts for the HTML report. Bars are drawn in greys with a distinct hatch per series
 * and every value is written as text, so the charts read in black and white on paper and without colour vision.
 */

export interface Bar {
  label: string;
  value: number | null;
  interval?: [number, number] | null;
}

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const FILLS = ['#595959', '#a6a6a6', 'url(#hatch)', '#d9d9d9'];

const DEFS =
  '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">' +
  '<rect width="6" height="6" fill="#fff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#333" stroke-width="2"/></pattern></defs>';

/** The opening of a chart: the accessible SVG root (role img, aria-label and <title>) and the visible title. */
function svgStart(title: string, width: number, height: number, fontSize = 11, titleSize = 13): string[] {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="${fontSize}">`,
    `<title>${esc(title)}</title>`,
    `<text x="0" y="14" font-size="${titleSize}" font-weight="bold">${esc(title)}</text>`,
  ];
}

/** The frame of a chart with one labelled row per item: label column as wide as the longest label (at most maxLabel). */
function rowLayout(rows: readonly { label: string }[], maxLabel: number, rightOfLabels: number, rowHeight: number, note: string) {
  const labelWidth = Math.min(maxLabel, 12 + 6.5 * Math.max(8, ...rows.map((r) => r.label.length)));
  const top = 28;
  return { labelWidth, top, width: labelWidth + rightOfLabels, height: top + rows.length * rowHeight + 30 + (note ? 16 : 0) };
}

/** Horizontal grid lines at 0, 0.25, ..., 1 from x1 to x2, labelled on the left. */
function unitGrid(x1: number, x2: number, y: (v: number) => number): string[] {
  return [0, 0.25, 0.5, 0.75, 1].flatMap((tick) => [
    `<line x1="${x1}" x2="${x2}" y1="${y(tick)}" y2="${y(tick)}" stroke="#ddd"/>`,
    `<text x="${x1 - 4}" y="${y(tick) + 4}" text-anchor="end">${tick.toFixed(2)}</text>`,
  ]);
}

/** Vertical bars on [0, 1] with 95% interval whiskers, one per condition. */
export function barChart(title: string, bars: readonly Bar[], note = 'bars: pooled value; whiskers: participant bootstrap 95% interval'): string {
  return groupedBarChart(title, bars.map((b) => b.label), [{ name: '', bars }], note);
}

/** Groups of bars on [0, 1] (one group per category, one bar per series), with optional whiskers. */
export function groupedBarChart(
  title: string,
  categories: readonly string[],
  series: readonly { name: string; bars: readonly Bar[] }[],
  note = '',
): string {
  const barWidth = 34;
  const gap = 26;
  // Wide enough for the longest condition name (about 6.5 px per character at 11 px).
  const longest = Math.max(0, ...categories.map((c) => c.length));
  const groupWidth = Math.max(series.length * barWidth + gap, longest * 6.5 + 12);
  const left = 44;
  const top = 28;
  const height = 180;
  const width = Math.max(320, left + categories.length * groupWidth + 10);
  const legendHeight = series.length > 1 ? 22 : 0;
  const totalHeight = top + height + 44 + legendHeight + (note ? 16 : 0);
  const y = (v: number) => top + height - v * height;
  const parts: string[] = [...svgStart(title, width, totalHeight), DEFS, ...unitGrid(left, width - 4, y)];
  categories.forEach((category, c) => {
    const x0 = left + (groupWidth - series.length * barWidth) / 2 + c * groupWidth;
    series.forEach((s, i) => {
      const bar = s.bars[c];
      const x = x0 + i * barWidth;
      if (bar?.value !== null && bar?.value !== undefined) {
        parts.push(
          `<rect x="${x + 2}" y="${y(bar.value)}" width="${barWidth - 4}" height="${height - (y(bar.value) - top)}" fill="${FILLS[i % FILLS.length]}" stroke="#000" stroke-width="0.5"/>`,
        );
        if (bar.interval) {
          const cx = x + barWidth / 2;
          parts.push(
            `<line x1="${cx}" x2="${cx}" y1="${y(bar.interval[0])}" y2="${y(bar.interval[1])}" stroke="#000" stroke-width="1.2"/>`,
            `<line x1="${cx - 5}" x2="${cx + 5}" y1="${y(bar.interval[0])}" y2="${y(bar.interval[0])}" stroke="#000"/>`,
            `<line x1="${cx - 5}" x2="${cx + 5}" y1="${y(bar.interval[1])}" y2="${y(bar.interval[1])}" stroke="#000"/>`,
          );
        }
        const labelY = Math.max(top - 2, y(bar.interval ? bar.interval[1] : bar.value) - 4);
        parts.push(`<text x="${x + barWidth / 2}" y="${labelY}" text-anchor="middle" font-size="10">${bar.value.toFixed(2)}</text>`);
      } else {
        parts.push(`<text x="${x + barWidth / 2}" y="${top + height - 4}" text-anchor="middle" font-size="10">n/a</text>`);
      }
    });
    parts.push(
      `<text x="${x0 + (series.length * barWidth) / 2}" y="${top + height + 16}" text-anchor="middle">${esc(category)}</text>`,
    );
  });
  parts.push(`<line x1="${left}" x2="${width - 4}" y1="${top + height}" y2="${top + height}" stroke="#000"/>`);
  let legendY = top + height + 36;
  if (series.length > 1) {
    let x = left;
    series.forEach((s, i) => {
      parts.push(
        `<rect x="${x}" y="${legendY - 9}" width="12" height="10" fill="${FILLS[i % FILLS.length]}" stroke="#000" stroke-width="0.5"/>`,
        `<text x="${x + 16}" y="${legendY}">${esc(s.name)}</text>`,
      );
      x += 24 + s.name.length * 6.5;
    });
    legendY += 22;
  }
  if (note) parts.push(`<text x="0" y="${legendY}" font-size="10" fill="#333">${esc(note)}</text>`);
  parts.push('</svg>');
  return parts.join('');
}

/** A histogram of counts per bin, bins labelled by their lower edges over [0, 1]. */
export function histogram(title: string, counts: readonly number[], note = ''): string {
  const bins = counts.length;
  const max = Math.max(1, ...counts);
  const left = 36;
  const top = 28;
  const height = 120;
  const binWidth = 24;
  const width = left + bins * binWidth + 20;
  const totalHeight = top + height + 34 + (note ? 14 : 0);
  const parts = [
    ...svgStart(title, width, totalHeight, 10, 12),
    `<text x="${left - 4}" y="${top + 4}" text-anchor="end">${max}</text>`,
    `<text x="${left - 4}" y="${top + height}" text-anchor="end">0</text>`,
  ];
  counts.forEach((count, i) => {
    const h = (count / max) * height;
    parts.push(
      `<rect x="${left + i * binWidth + 1}" y="${top + height - h}" width="${binWidth - 2}" height="${h}" fill="#7f7f7f" stroke="#000" stroke-width="0.5"><title>${count}</title></rect>`,
    );
  });
  for (let i = 0; i <= bins; i += bins >= 10 ? 2 : 1) {
    parts.push(`<text x="${left + i * binWidth}" y="${top + height + 14}" text-anchor="middle">${(i / bins).toFixed(1)}</text>`);
  }
  parts.push(`<line x1="${left}" x2="${left + bins * binWidth}" y1="${top + height}" y2="${top + height}" stroke="#000"/>`);
  if (note) parts.push(`<text x="0" y="${top + height + 30}" fill="#333">${esc(note)}</text>`);
  parts.push('</svg>');
  return parts.join('');
}

export { esc as escapeHtml };

export interface ForestRow {
  label: string;
  estimate: number | null;
  interval: [number, number] | null;
}

/**
 * A forest plot: one row per effect, a dot at the estimate and a line over its interval, a vertical reference line
 * (0 for differences). The axis spans every interval and the reference, rounded out to a tenth.
 */
export function forestPlot(title: string, rows: readonly ForestRow[], note = '', reference = 0): string {
  const values = rows.flatMap((r) => [r.estimate, ...(r.interval ?? [])]).filter((v): v is number => v !== null);
  const step = niceStep(Math.max(reference, ...values) - Math.min(reference, ...values));
  const lo = Math.floor(Math.min(reference, ...values) / step) * step;
  const hi = Math.ceil(Math.max(reference, ...values) / step) * step;
  const span = hi - lo || 1;
  const plotWidth = 320;
  const rowHeight = 20;
  const { labelWidth, top, width, height } = rowLayout(rows, 320, plotWidth + 90, rowHeight, note);
  const x = (v: number) => labelWidth + ((v - lo) / span) * plotWidth;
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
  for (let v = lo; v <= hi + step / 2; v += step) {
    parts.push(`<text x="${x(v)}" y="${axisY + 14}" text-anchor="middle" font-size="10">${fmt(v)}</text>`);
  }
  if (note) parts.push(`<text x="0" y="${axisY + 30}" font-size="10" fill="#333">${esc(note)}</text>`);
  parts.push('</svg>');
  return parts.join('');
}

export interface XySeries {
  name: string;
  points: readonly { x: number; y: number | null }[];
}

const DASHES = ['', '6,3', '2,3', '8,3,2,3', '1,1', '12,3'];
const MARKERS = ['circle', 'square', 'triangle', 'diamond', 'cross', 'plus'] as const;

/** Series i's dash pattern and marker: 36 distinct pairs before any repeats. */
const seriesStyle = (i: number) => ({ dash: DASHES[(i + Math.floor(i / DASHES.length)) % DASHES.length], shape: MARKERS[i % MARKERS.length] });

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

function marker(shape: (typeof MARKERS)[number], cx: number, cy: number): string {
  const r = 3.5;
  switch (shape) {
    case 'circle':
      return `<circle cx="${cx}" cy="${cy}" r="${r}" fill="#fff" stroke="#000"/>`;
    case 'square':
      return `<rect x="${cx - r}" y="${cy - r}" width="${2 * r}" height="${2 * r}" fill="#000"/>`;
    case 'triangle':
      return `<path d="M${cx},${cy - r}L${cx + r},${cy + r}L${cx - r},${cy + r}Z" fill="#777" stroke="#000"/>`;
    case 'diamond':
      return `<path d="M${cx},${cy - r}L${cx + r},${cy}L${cx},${cy + r}L${cx - r},${cy}Z" fill="#fff" stroke="#000"/>`;
    case 'cross':
      return `<path d="M${cx - r},${cy - r}L${cx + r},${cy + r}M${cx - r},${cy + r}L${cx + r},${cy - r}" stroke="#000"/>`;
    case 'plus':
      return `<path d="M${cx - r - 1},${cy}L${cx + r + 1},${cy}M${cx},${cy - r - 1}L${cx},${cy + r + 1}" stroke="#000" stroke-width="1.6"/>`;
  }
}

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

/** A round tick step (0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1, ...) giving at most 6 intervals over `span`. */
function niceStep(span: number): number {
  const candidates = [1, 2, 2.5, 5].flatMap((m) => [-2, -1, 0, 1].map((e) => m * 10 ** e)).sort((a, b) => a - b);
  return candidates.find((c) => span / c <= 6) ?? 10;
}

const fmt = (v: number, digits = 2): string => (Object.is(Math.round(v * 10 ** digits), -0) ? 0 : v).toFixed(digits);
