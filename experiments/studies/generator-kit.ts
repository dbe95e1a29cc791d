/**
 * Shared pieces of the bundled studies' case-bank generators: a seeded PRNG, a CSV writer whose bytes depend only on
 * the rows (so the same seed gives a byte-identical cases.csv on any machine), number formatting, and the "run me"
 * entry used by `node bin/run-ts.js experiments/studies/<id>/generate.ts`.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface Rng {
  /** Uniform on [0, 1). */
  next(): number;
  /** Uniform integer on [min, max]. */
  int(min: number, max: number): number;
  normal(mean: number, sd: number): number;
  pick<T>(items: readonly T[]): T;
  /** Picks an item with probability proportional to its weight. */
  weighted<T>(items: readonly (readonly [T, number])[]): T;
}

/**
 * mulberry32 (Tommy Ettinger, public domain): 32-bit state, integer arithmetic only, so the stream is identical on
 * every JavaScript engine — that is all a synthetic case bank needs (not cryptographic, not for the design engine).
 */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    // Box-Muller; 1 - u keeps the logarithm finite.
    normal: (mean, sd) => mean + sd * Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()),
    pick: (items) => items[Math.floor(next() * items.length)],
    weighted: (items) => {
      const total = items.reduce((s, [, w]) => s + w, 0);
      let u = next() * total;
      for (const [item, w] of items) {
        u -= w;
        if (u < 0) return item;
      }
      return items[items.length - 1][0];
    },
  };
  return rng;
}

export const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));
export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** Fixed decimals without "-0.00": the CSV must not depend on the sign of a rounded zero. */
export function fixed(x: number, digits: number): string {
  const s = x.toFixed(digits);
  return Number(s) === 0 ? (0).toFixed(digits) : s;
}

/** A number in French typography for generated texts: decimal comma, no trailing zeros beyond `digits`. */
export function frNumber(x: number, digits = 1): string {
  return String(Number(x.toFixed(digits))).replace('.', ',').replace('-', '−');
}
export function enNumber(x: number, digits = 1): string {
  return String(Number(x.toFixed(digits)));
}

export type CsvRow = Record<string, string>;

/**
 * The data columns of a bank whose text fields are written per language: `key` for a number, `key_fr` and `key_en`
 * for a text (the loader reads either form; per language, English pages show English values).
 */
export function fieldColumns(keys: readonly string[], textKeys: readonly string[]): string[] {
  return keys.flatMap((k) => (textKeys.includes(k) ? [`${k}_fr`, `${k}_en`] : [k]));
}

/** A text with its first letter in upper case, as a dossier value reads ("Construction", "Job loss"). */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** RFC 4180 CSV, "\n" line ends, a field quoted only when it holds a comma, a quote or a line break. */
export function toCsv(columns: readonly string[], rows: readonly CsvRow[]): string {
  const cell = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = [columns.map(cell).join(',')];
  for (const row of rows) lines.push(columns.map((c) => cell(row[c] ?? '')).join(','));
  return lines.join('\n') + '\n';
}

/**
 * Nearest cases by Euclidean distance on standardized numeric features plus 1 per differing text feature;
 * ties broken by case order so the result is deterministic.
 */
export function nearestCases(
  features: readonly { id: string; numbers: readonly number[]; texts: readonly string[] }[],
  poolIds: ReadonlySet<string>,
  count: number,
): Map<string, string[]> {
  const pool = features.filter((f) => poolIds.has(f.id));
  const dims = features[0]?.numbers.length ?? 0;
  const sd: number[] = [];
  for (let d = 0; d < dims; d++) {
    const xs = pool.map((f) => f.numbers[d]);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    sd.push(Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length) || 1);
  }
  const result = new Map<string, string[]>();
  for (const f of features) {
    const ranked = pool
      .filter((g) => g.id !== f.id)
      .map((g, order) => {
        let d2 = 0;
        for (let d = 0; d < dims; d++) d2 += ((f.numbers[d] - g.numbers[d]) / sd[d]) ** 2;
        for (let t = 0; t < f.texts.length; t++) if (f.texts[t] !== g.texts[t]) d2 += 1;
        return { id: g.id, d2, order };
      })
      .sort((a, b) => a.d2 - b.d2 || a.order - b.order);
    result.set(f.id, ranked.slice(0, count).map((r) => r.id));
  }
  return result;
}

/** True when the module at `moduleUrl` is the script given to bin/run-ts.js (not imported by a test). */
export function isMainScript(moduleUrl: string): boolean {
  const script = process.argv[1];
  return script !== undefined && pathToFileURL(resolve(script)).href === moduleUrl;
}

/** Writes cases.csv next to the generator (or into `outDir` when given as the first argument). */
export function writeCaseBank(moduleUrl: string, csv: string): string {
  const outDir = process.argv[2] ? resolve(process.argv[2]) : dirname(fileURLToPath(moduleUrl));
  const path = join(outDir, 'cases.csv');
  writeFileSync(path, csv, 'utf8');
  return path;
}
