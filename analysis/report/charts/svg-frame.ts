/**
 * What every SVG chart of the report shares: the accessible opening (role img, aria-label, <title>), the 0-1 grid,
 * the frame of row charts, markers and line styles that read in black and white, and number formatting.
 */

export const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const esc = escapeHtml;

/** The opening of a chart: the accessible SVG root (role img, aria-label and <title>) and the visible title. */
export function svgStart(title: string, width: number, height: number, fontSize = 11, titleSize = 13): string[] {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="${fontSize}">`,
    `<title>${esc(title)}</title>`,
    `<text x="0" y="14" font-size="${titleSize}" font-weight="bold">${esc(title)}</text>`,
  ];
}

/** The frame of a chart with one labelled row per item: label column as wide as the longest label (at most maxLabel). */
export function rowLayout(rows: readonly { label: string }[], maxLabel: number, rightOfLabels: number, rowHeight: number, note: string) {
  const labelWidth = Math.min(maxLabel, 12 + 6.5 * Math.max(8, ...rows.map((r) => r.label.length)));
  const top = 28;
  return { labelWidth, top, width: labelWidth + rightOfLabels, height: top + rows.length * rowHeight + 30 + (note ? 16 : 0) };
}

/** Horizontal grid lines at 0, 0.25, ..., 1 from x1 to x2, labelled on the left. */
export function unitGrid(x1: number, x2: number, y: (v: number) => number): string[] {
  return [0, 0.25, 0.5, 0.75, 1].flatMap((tick) => [
    `<line x1="${x1}" x2="${x2}" y1="${y(tick)}" y2="${y(tick)}" stroke="#ddd"/>`,
    `<text x="${x1 - 4}" y="${y(tick) + 4}" text-anchor="end">${tick.toFixed(2)}</text>`,
  ]);
}

const DASHES = ['', '6,3', '2,3', '8,3,2,3', '1,1', '12,3'];
export const MARKERS = ['circle', 'square', 'triangle', 'diamond', 'cross', 'plus'] as const;

/** Series i's dash pattern and marker: 36 distinct pairs before any repeats. */
export const seriesStyle = (i: number) => ({ dash: DASHES[(i + Math.floor(i / DASHES.length)) % DASHES.length], shape: MARKERS[i % MARKERS.length] });

export function marker(shape: (typeof MARKERS)[number], cx: number, cy: number): string {
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

/** A round tick step (0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1, ...) giving at most 6 intervals over `span`. */
export function niceStep(span: number): number {
  const candidates = [1, 2, 2.5, 5].flatMap((m) => [-2, -1, 0, 1].map((e) => m * 10 ** e)).sort((a, b) => a - b);
  return candidates.find((c) => span / c <= 6) ?? 10;
}

export const fmt = (v: number, digits = 2): string => (Object.is(Math.round(v * 10 ** digits), -0) ? 0 : v).toFixed(digits);
