import { describe, it, expect } from 'vitest';
import { forestPlot } from '../../analysis/report/charts/forest-plot.ts';
import { xyChart } from '../../analysis/report/charts/line-chart.ts';
import { boxPlots } from '../../analysis/report/charts/box-plot.ts';

const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

describe('forest plot', () => {
  it('spans every interval and 0 with round ticks, and writes each estimate with its interval', () => {
    const svg = forestPlot('Effects', [
      { label: 'a', estimate: 0.18, interval: [-0.17, 0.6] },
      { label: 'b', estimate: -0.1, interval: [-0.38, 0.16] },
      { label: 'c', estimate: null, interval: null },
    ]);
    const labels = texts(svg);
    // span 0.98 -> step 0.2, from -0.4 to 0.6
    expect(labels).toEqual(expect.arrayContaining(['-0.40', '-0.20', '0.00', '0.20', '0.40', '0.60']));
    expect(labels).not.toContain('-0.60');
    expect(labels).toContain('0.18 [-0.17, 0.60]');
    expect(labels).toContain('n/a');
    expect(svg).toContain('role="img" aria-label="Effects"');
  });
});

describe('line chart', () => {
  it('gives each of six series its own dash and marker', () => {
    const series = Array.from({ length: 6 }, (_, i) => ({ name: `s${i}`, points: [{ x: 0, y: 0.5 }, { x: 1, y: i / 6 }] }));
    const svg = xyChart('Lines', series, { xDomain: [0, 1], xLabel: 'x', yLabel: 'y' });
    const paths = [...svg.matchAll(/<path d="M[^"]*" fill="none" stroke="#000" stroke-width="1.3"( stroke-dasharray="([^"]*)")?\/>/g)].map((m) => m[2] ?? '');
    expect(paths).toHaveLength(6);
    expect(new Set(paths).size).toBe(6);
  });

  it('breaks the line at a missing value', () => {
    const svg = xyChart('Gap', [{ name: 's', points: [{ x: 0, y: 0.2 }, { x: 1, y: null }, { x: 2, y: 0.4 }, { x: 3, y: 0.6 }] }], { xDomain: [0, 3], xLabel: 'x', yLabel: 'y' });
    const d = svg.match(/<path d="([^"]*)" fill="none"/)![1];
    expect(d.match(/M/g)).toHaveLength(2);
    expect(d.match(/L/g)).toHaveLength(1);
  });
});

describe('box plots', () => {
  it('place the quartiles on the common 0-1 axis and write n', () => {
    const svg = boxPlots('Boxes', [{ label: 'none', n: 7, min: 0, q1: 0.25, median: 0.5, q3: 0.75, max: 1, mean: 0.5 }, { label: 'empty', n: 0, min: null, q1: null, median: null, q3: null, max: null, mean: null }]);
    const box = svg.match(/<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)" height="14"/)!;
    // plot width 300: the box from q1 = 0.25 to q3 = 0.75 is 150 wide
    expect(Number(box[2])).toBe(150);
    expect(texts(svg)).toEqual(expect.arrayContaining(['n = 7', 'n = 0']));
    expect(svg.match(/height="14"/g)).toHaveLength(1);
  });
});
