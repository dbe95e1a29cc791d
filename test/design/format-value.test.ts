/**
 * Values as a participant reads them, by field format and language. Expected strings are written out with their
 * exact spaces: U+202F (narrow no-break, French thousands and before %), U+00A0 (no-break, before € and units),
 * U+2212 (minus sign).
 */
import { describe, expect, it } from 'vitest';
import { formatAmount, formatFieldValue, formatNumber } from '../../experiments/format-value.ts';

const NNBSP = '\u202f';
const NBSP = '\u00a0';
const MINUS = '\u2212';

describe('formatNumber', () => {
  it('euros: whole amounts without cents, grouped by the language (fr 12 500 €, en €12,500)', () => {
    expect(formatNumber(12500, 'euros', 'fr')).toBe(`12${NNBSP}500${NBSP}€`);
    expect(formatNumber(12500, 'euros', 'en')).toBe('€12,500');
  });

  it('euros: two decimals as soon as there are cents (30,26 €, €30.26; 30,30 € not 30,3 €)', () => {
    expect(formatNumber(30.26, 'euros', 'fr')).toBe(`30,26${NBSP}€`);
    expect(formatNumber(30.26, 'euros', 'en')).toBe('€30.26');
    expect(formatNumber(30.3, 'euros', 'fr')).toBe(`30,30${NBSP}€`);
    expect(formatNumber(-4.5, 'euros', 'en')).toBe(`${MINUS}€4.50`);
  });

  it('percent: a value in percent points with at most one decimal (fr 3,5 %, en 3.5%)', () => {
    expect(formatNumber(3.5, 'percent', 'fr')).toBe(`3,5${NNBSP}%`);
    expect(formatNumber(3.5, 'percent', 'en')).toBe('3.5%');
    expect(formatNumber(12.345, 'percent', 'en')).toBe('12.3%');
    expect(formatNumber(40, 'percent', 'fr')).toBe(`40${NNBSP}%`);
  });

  it('integer: rounded, grouped (2 159; 2,159), never a negative zero', () => {
    expect(formatNumber(2159, 'integer', 'fr')).toBe(`2${NNBSP}159`);
    expect(formatNumber(2159, 'integer', 'en')).toBe('2,159');
    expect(formatNumber(12.6, 'integer', 'en')).toBe('13');
    expect(formatNumber(-0.4, 'integer', 'fr')).toBe('0');
  });

  it('decimal: at most two decimals, decimal comma in French, minus sign U+2212', () => {
    expect(formatNumber(2.26, 'decimal', 'fr')).toBe('2,26');
    expect(formatNumber(1 / 3, 'decimal', 'en')).toBe('0.33');
    expect(formatNumber(4.2, 'decimal', 'fr')).toBe('4,2');
    expect(formatNumber(-8.1, 'decimal', 'fr')).toBe(`${MINUS}8,1`);
    expect(formatNumber(-8.1, 'decimal', 'en')).toBe(`${MINUS}8.1`);
  });

  it('signed: a + on positive values, none on zero', () => {
    expect(formatNumber(6.3, 'decimal', 'fr', { signed: true })).toBe('+6,3');
    expect(formatNumber(-6.3, 'decimal', 'en', { signed: true })).toBe(`${MINUS}6.3`);
    expect(formatNumber(0, 'decimal', 'en', { signed: true })).toBe('0');
  });
});

describe('formatFieldValue', () => {
  const unit = (fr: string, en: string) => ({ fr, en });

  it('puts the unit after a no-break space', () => {
    const field = { format: 'decimal' as const, unit: unit('mois de cotisations', 'months of contributions') };
    expect(formatFieldValue(field, 1.5, 'fr')).toBe(`1,5${NBSP}mois de cotisations`);
    expect(formatFieldValue(field, 1.5, 'en')).toBe(`1.5${NBSP}months of contributions`);
  });

  it('glues a % unit as each language does (fr −8,1 %, en −8.1%) and never doubles it on percent fields', () => {
    const change = { format: 'decimal' as const, unit: unit('%', '%') };
    expect(formatFieldValue(change, -8.1, 'fr')).toBe(`${MINUS}8,1${NNBSP}%`);
    expect(formatFieldValue(change, -8.1, 'en')).toBe(`${MINUS}8.1%`);
    expect(formatFieldValue(change, 6.7, 'en', { signed: true })).toBe('+6.7%');
    expect(formatFieldValue({ format: 'percent', unit: unit('%', '%') }, 37, 'fr')).toBe(`37${NNBSP}%`);
  });

  it('euros with a unit: the amount, then the unit (30,26 € par jour et par personne)', () => {
    const field = { format: 'euros' as const, unit: unit('par jour et par personne', 'a day per person') };
    expect(formatFieldValue(field, 30.26, 'fr')).toBe(`30,26${NBSP}€${NBSP}par jour et par personne`);
    expect(formatFieldValue(field, 30.26, 'en')).toBe(`€30.26${NBSP}a day per person`);
  });

  it('text values as they are; a file with one language gives its unit to the other', () => {
    expect(formatFieldValue({ format: 'text' }, 'Construction', 'en')).toBe('Construction');
    expect(formatFieldValue({ format: 'integer', unit: { fr: 'salariés' } }, 16, 'en')).toBe(`16${NBSP}salariés`);
  });
});

describe('formatAmount', () => {
  it('an estimate in the task unit (1 727 ménages, 1,727 households)', () => {
    const households = { fr: 'ménages', en: 'households' };
    expect(formatAmount(1727, households, 'fr')).toBe(`1${NNBSP}727${NBSP}ménages`);
    expect(formatAmount(1727, households, 'en')).toBe(`1,727${NBSP}households`);
    expect(formatAmount(-342, households, 'fr', { signed: true })).toBe(`${MINUS}342${NBSP}ménages`);
    expect(formatAmount(88, households, 'en', { signed: true })).toBe(`+88${NBSP}households`);
  });
});
