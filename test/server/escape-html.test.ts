/** The pages' escaping (render.ts escapeHtml) gives exactly ejs's own (utils.escapeXML) for every value. */
import ejs from 'ejs';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../experiments/random.ts';
import { escapeHtml } from '../../server/participant/render.ts';

const ejsEscape = (ejs as unknown as { escapeXML: (markup: unknown) => string }).escapeXML;
const PIECES = ['&', '<', '>', '"', "'", 'a', 'é', '€', '🙂', ' ', '\n', '&amp;', 'l\'entreprise', '<script>', '0'];

describe('escapeHtml', () => {
  it('escapes as ejs does: values of every type, and 5,000 random texts', () => {
    const values: unknown[] = [undefined, null, '', 0, -1.5, Number.NaN, true, false, ['a<b', 'c'], { toString: () => '"x" & y' }, new Date(0)];
    const rng = createRng(61206);
    for (let i = 0; i < 5000; i++) values.push(Array.from({ length: rng.int(0, 12) }, () => rng.pick(PIECES)).join(''));
    for (const value of values) expect(escapeHtml(value), String(value)).toBe(ejsEscape(value));
    expect(escapeHtml(`Chiffre d'affaires & "marge" <2024>`)).toBe('Chiffre d&#39;affaires &amp; &#34;marge&#34; &lt;2024&gt;');
  });
});
