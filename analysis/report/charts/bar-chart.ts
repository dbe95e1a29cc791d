/**
 * Bar charts and histograms of the HTML report. Bars are drawn in greys with a distinct hatch per series and every
 * value is written as text, so the charts read in black and white on paper and without colour vision.
 */
import { escapeHtml as esc, svgStart, unitGrid } from './svg-frame.ts';

export interface Bar {
  label: string;
  value: number | null;
  interval?: [number, number] | null;
}

const FILLS = ['#595959', '#a6a6a6', 'url(#hatch)', '#d9d9d9'];

const DEFS =
  '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">' +
  '<rect width="6" height="6" fill="#fff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#333" stroke-width="2"/></pattern></defs>';

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

