/**
 * The evidence every explanation type draws on: per-factor contributions that argue for the recommendation shown
 * (also when it is wrong), the case bank's profile per outcome, distances between cases and value formatting.
 *
 * Pure and deterministic: iteration follows the order of `display.fields` and of the case bank, never object key
 * or Map order. Texts format their numbers with ../format-value.ts (pinned locales).
 */
import type { Case, Experiment } from '../model.ts';
import type { Field } from '../schema.ts';

export type Value = string | number;

/** One factor's signed contribution. Binary/categorical: > 0 argues for the shown label. Numeric: answer units. */
export interface Contribution {
  field: string;
  weight: number;
}

/** Summary of the usable case bank (attention-check cases left out), computed once per experiment. */
export interface BankProfile {
  cases: Case[];
  fields: Field[];
  /**
   * Numeric fields: mean and standard deviation over the bank (sd 1 when constant), and the decimals the bank writes
   * them with (at most 2; 0 for `integer` fields), so that a value the engine makes up looks like the bank's; `signed`
   * when the field takes both signs (a change in turnover), so that texts write `+6,3 %`.
   */
  numeric: Map<string, { mean: number; sd: number; decimals: number; signed: boolean }>;
  /** Truth statistics for numeric tasks. */
  truthMean: number;
  truthSd: number;
  /** Memo of `typicalOfClass` by "label\u001ffield". */
  typicalByClass: Map<string, Value | undefined>;
  /** Memo of `quartilesOfClass` by "label\u001ffield". */
  quartilesByClass: Map<string, [number, number] | undefined>;
  /** Memo: the cases with truth = label and the others. */
  classSplit: Map<string, { inClass: Case[]; outClass: Case[] }>;
  /** Memo: Pearson correlation of each numeric field with the truth (numeric tasks). */
  truthCorrelation: Map<string, number>;
}

const profiles = new WeakMap<Experiment, BankProfile>();

export function bankProfile(exp: Experiment): BankProfile {
  const cached = profiles.get(exp);
  if (cached) return cached;
  const cases = exp.cases.filter((c) => !c.attentionCheck);
  const fields = exp.file.display.fields;
  const numeric = new Map<string, { mean: number; sd: number; decimals: number; signed: boolean }>();
  for (const field of fields) {
    const xs = numbersOf(cases.map((c) => c.values[field.key]));
    if (field.format === 'text' || xs.length === 0) continue;
    const decimals = field.format === 'integer' ? 0 : Math.min(2, Math.max(...xs.map(decimalsOf)));
    numeric.set(field.key, { mean: mean(xs), sd: sd(xs) || 1, decimals, signed: xs.some((x) => x < 0) });
  }
  const truths = numbersOf(cases.map((c) => c.truth));
  const profile: BankProfile = {
    cases,
    fields,
    numeric,
    truthMean: truths.length ? mean(truths) : 0,
    truthSd: truths.length ? sd(truths) || 1 : 1,
    typicalByClass: new Map(),
    quartilesByClass: new Map(),
    classSplit: new Map(),
    truthCorrelation: new Map(),
  };
  profiles.set(exp, profile);
  return profile;
}

/** Same outcome: label equality, or for numeric tasks |a - b| <= tolerance. */
export function sameOutcome(exp: Experiment, a: Value, b: Value, tolerance?: number): boolean {
  const task = exp.file.task;
  if (task.type !== 'numeric') return String(a) === String(b);
  return Math.abs(Number(a) - Number(b)) <= (tolerance ?? task.correct_within) + 1e-9;
}

/**
 * Contributions that argue for `shown`, in display-field order.
 *
 * Binary/categorical: the bank's `contrib_*` when `shown` is the bank's recommendation; otherwise negated (the
 * factors that argued against the bank's label now lead) and, if the net still does not favour `shown`, the
 * opposing factors are shrunk so the net is half the supporting total. Without `contrib_*`, contributions are
 * derived from the display fields (see `derivedContributions`).
 * Numeric: additive in answer units with `base + sum = shown` exactly, each contribution a multiple of the task's
 * step (households are whole). base = the bank's estimate - the sum of its contributions (without `contrib_*`: the
 * mean truth, on the step grid). When the shown estimate differs from the model's, the difference is shifted onto
 * the factors that already push that way, in proportion to their size (see `shiftTo`): the other factors keep
 * their weight, so a wrong estimate reads as the same case with its leading factors weighed more heavily.
 */
export function contributionsFor(exp: Experiment, c: Case, shown: Value): { contributions: Contribution[]; base?: number } {
  const profile = bankProfile(exp);
  const bank = bankContributions(profile, c);
  const bankRec = c.ai.recommendation;
  const task = exp.file.task;
  if (task.type === 'numeric') {
    const target = Number(shown);
    if (bank && bankRec !== undefined) {
      const base = round(Number(bankRec) - sum(bank.map((x) => x.weight)), 9);
      return { contributions: roundToStep(shiftTo(bank, target - base), target - base, task.step), base };
    }
    const base = round(task.min + Math.round((profile.truthMean - task.min) / task.step) * task.step, 9);
    return { contributions: roundToStep(shiftTo(derivedNumeric(profile, c), target - base), target - base, task.step), base };
  }
  if (bank && bankRec !== undefined) {
    // The bank's own material, kept unless its net weight would contradict its own recommendation.
    if (String(bankRec) === String(shown)) return { contributions: favourShown(bank) };
    const negated = bank.map((x) => ({ field: x.field, weight: -x.weight }));
    if (negated.some((x) => x.weight > 0)) return { contributions: favourShown(negated) };
  }
  return { contributions: favourShown(derivedContributions(exp, profile, c, String(shown))) };
}

/** The bank's contributions in display-field order, or undefined when the case has none. */
function bankContributions(profile: BankProfile, c: Case): Contribution[] | undefined {
  const raw = c.ai.contributions;
  if (!raw) return undefined;
  const out = profile.fields.filter((f) => typeof raw[f.key] === 'number').map((f) => ({ field: f.key, weight: raw[f.key] }));
  return out.length > 0 ? out : undefined;
}

/**
 * Binary/categorical contributions from the display fields alone, for label `label`:
 * numeric field: (|x - mean of the other cases| - |x - mean of the cases with truth `label`|) / sd, i.e. how much
 * closer, in standard deviations, the case is to the typical `label` case; text field: share of `label` cases with
 * this value minus share of the other cases with it.
 */
export function derivedContributions(exp: Experiment, profile: BankProfile, c: Case, label: string): Contribution[] {
  let split = profile.classSplit.get(label);
  if (!split) {
    split = {
      inClass: profile.cases.filter((x) => String(x.truth) === label),
      outClass: profile.cases.filter((x) => String(x.truth) !== label),
    };
    profile.classSplit.set(label, split);
  }
  const { inClass, outClass } = split;
  return profile.fields.map((field) => {
    const value = c.values[field.key];
    const stats = profile.numeric.get(field.key);
    if (stats && typeof value === 'number') {
      const mIn = mean(numbersOf(inClass.map((x) => x.values[field.key])));
      const mOut = mean(numbersOf(outClass.map((x) => x.values[field.key])));
      return { field: field.key, weight: round((Math.abs(value - mOut) - Math.abs(value - mIn)) / stats.sd, 6) };
    }
    const share = (group: Case[]) =>
      group.length === 0 ? 0 : group.filter((x) => String(x.values[field.key]) === String(value)).length / group.length;
    return { field: field.key, weight: round(share(inClass) - share(outClass), 6) };
  });
}

/** Numeric tasks without `contrib_*`: z-score of each numeric field times its correlation with the truth, in truth units. */
function derivedNumeric(profile: BankProfile, c: Case): Contribution[] {
  return profile.fields.map((field) => {
    const stats = profile.numeric.get(field.key);
    const value = c.values[field.key];
    if (stats && typeof value === 'number') {
      return { field: field.key, weight: ((value - stats.mean) / stats.sd) * truthCorrelation(profile, field.key) * profile.truthSd };
    }
    // Text field: how far the mean truth of cases sharing this value is from the overall mean.
    const same = profile.cases.filter((x) => String(x.values[field.key]) === String(value)).map((x) => Number(x.truth));
    return { field: field.key, weight: same.length ? mean(same) - profile.truthMean : 0 };
  });
}

/** Numeric tasks: Pearson correlation of a numeric field with the truth over the bank (0 when undefined); memoised. */
export function truthCorrelation(profile: BankProfile, key: string): number {
  let r = profile.truthCorrelation.get(key);
  if (r === undefined) {
    r = correlation(profile.cases.map((x) => x.values[key]), profile.cases.map((x) => Number(x.truth)));
    profile.truthCorrelation.set(key, r);
  }
  return r;
}

/** Make the net weight favour the shown label (see `contributionsFor`). */
function favourShown(contributions: Contribution[]): Contribution[] {
  let list = contributions;
  if (!list.some((x) => x.weight > 0)) {
    // Nothing in this case speaks for the label: present the most distinctive factors as its support, as a model
    // rationalising a wrong answer would.
    list = list.map((x) => ({ field: x.field, weight: -x.weight }));
    if (!list.some((x) => x.weight > 0) && list.length > 0) list = [{ field: list[0].field, weight: 0.1 }, ...list.slice(1)];
  }
  const supporting = sum(list.filter((x) => x.weight > 0).map((x) => x.weight));
  const opposing = -sum(list.filter((x) => x.weight < 0).map((x) => x.weight));
  if (opposing < supporting) return list;
  const shrink = (0.5 * supporting) / opposing;
  return list.map((x) => ({ field: x.field, weight: round(x.weight < 0 ? x.weight * shrink : x.weight, 6) }));
}

/**
 * Additive contributions moved to sum to `total`: the difference d = total - sum is spread over the factors whose
 * weight has the sign of d, in proportion to |weight|; when no factor pushes that way, over all factors in
 * proportion to |weight| (evenly when all are 0). Scaling every weight by total / sum instead would blow the
 * factors up whenever the model's own sum is small (ri-120: +91 became +832).
 */
export function shiftTo(contributions: readonly Contribution[], total: number): Contribution[] {
  const d = total - sum(contributions.map((x) => x.weight));
  if (Math.abs(d) < 1e-9 || contributions.length === 0) return contributions.map((x) => ({ ...x }));
  let movers = contributions.map((x) => x.weight * d > 0);
  if (!movers.includes(true)) movers = contributions.map((x) => x.weight !== 0);
  const mass = sum(contributions.filter((_, i) => movers[i]).map((x) => Math.abs(x.weight)));
  if (mass === 0) return contributions.map((x) => ({ field: x.field, weight: x.weight + d / contributions.length }));
  return contributions.map((x, i) => ({ field: x.field, weight: movers[i] ? x.weight + (d * Math.abs(x.weight)) / mass : x.weight }));
}

/**
 * Contributions as multiples of `step` that sum to `total` exactly (largest remainder: every weight is rounded down
 * to the step, then the steps still missing go to the largest remainders, ties in display order). When `total` is
 * not itself a multiple of the step (a base off the step grid), the leftover goes to the largest factor.
 */
export function roundToStep(contributions: readonly Contribution[], total: number, step: number): Contribution[] {
  if (contributions.length === 0) return [];
  const units = contributions.map((x) => x.weight / step);
  const floors = units.map((u) => Math.floor(round(u, 9)));
  const wanted = Math.floor(round(total / step, 9));
  const missing = wanted - sum(floors);
  const byRemainder = units
    .map((u, i) => ({ i, r: u - floors[i] }))
    .sort((a, b) => b.r - a.r || a.i - b.i)
    .slice(0, Math.max(0, missing));
  for (const { i } of byRemainder) floors[i]++;
  const out = contributions.map((x, i) => ({ field: x.field, weight: round(floors[i] * step, 9) }));
  const leftover = round(total - sum(out.map((x) => x.weight)), 9);
  if (leftover !== 0) {
    const largest = out.reduce((best, x, i) => (Math.abs(x.weight) > Math.abs(out[best].weight) ? i : best), 0);
    out[largest] = { field: out[largest].field, weight: round(out[largest].weight + leftover, 9) };
  }
  return out;
}

/**
 * Normalised distance between two cases over the given fields: |difference| / sd for numeric fields, 0 or 1 for
 * text fields (equality).
 */
export function caseDistance(profile: BankProfile, a: Case, b: Case, keys: readonly string[]): number {
  let d = 0;
  for (const key of keys) {
    const stats = profile.numeric.get(key);
    const x = a.values[key];
    const y = b.values[key];
    if (stats && typeof x === 'number' && typeof y === 'number') d += Math.abs(x - y) / stats.sd;
    else d += String(x) === String(y) ? 0 : 1;
  }
  return d;
}

/** A value typical of `group` for one field: the median (numeric) or the most frequent value (text, first seen wins ties). */
export function typicalValue(profile: BankProfile, group: readonly Case[], key: string): Value | undefined {
  if (group.length === 0) return undefined;
  if (profile.numeric.has(key)) {
    const xs = numbersOf(group.map((x) => x.values[key])).sort((p, q) => p - q);
    if (xs.length === 0) return undefined;
    const mid = Math.floor(xs.length / 2);
    return xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
  }
  const counts: { value: string; n: number }[] = [];
  for (const x of group) {
    const v = String(x.values[key]);
    const entry = counts.find((e) => e.value === v);
    if (entry) entry.n++;
    else counts.push({ value: v, n: 1 });
  }
  return counts.reduce((best, e) => (e.n > best.n ? e : best)).value;
}

/** `typicalValue` over the cases whose truth is `label`, or over all cases (`label` undefined); memoised. */
export function typicalOfClass(profile: BankProfile, label: string | undefined, key: string): Value | undefined {
  const memo = `${label ?? '\u0000all'}\u001f${key}`;
  if (!profile.typicalByClass.has(memo)) {
    const group = label === undefined ? profile.cases : profile.cases.filter((x) => String(x.truth) === label);
    profile.typicalByClass.set(memo, typicalValue(profile, group, key));
  }
  return profile.typicalByClass.get(memo);
}

/**
 * First and third quartiles of a numeric field over the cases whose truth is `label` (all cases when undefined),
 * by linear interpolation between order statistics (R type 7); memoised. The middle half of a class is still
 * "typical" of it, which gives a counterfactual room when the median is too close to the case.
 */
export function quartilesOfClass(profile: BankProfile, label: string | undefined, key: string): [number, number] | undefined {
  const memo = `${label ?? '\u0000all'}\u001f${key}`;
  if (!profile.quartilesByClass.has(memo)) {
    const group = label === undefined ? profile.cases : profile.cases.filter((x) => String(x.truth) === label);
    const xs = numbersOf(group.map((x) => x.values[key])).sort((p, q) => p - q);
    const at = (q: number) => {
      const h = (xs.length - 1) * q;
      const lo = Math.floor(h);
      return xs[lo] + (h - lo) * ((xs[lo + 1] ?? xs[lo]) - xs[lo]);
    };
    profile.quartilesByClass.set(memo, xs.length === 0 ? undefined : [at(0.25), at(0.75)]);
  }
  return profile.quartilesByClass.get(memo);
}

/** For binary/categorical: the label other than `shown` whose typical case is closest to `c` (first label on ties). */
export function nearestOtherLabel(exp: Experiment, c: Case, shown: string): string {
  const task = exp.file.task;
  if (task.type === 'numeric') throw new Error('nearestOtherLabel: numeric task');
  const profile = bankProfile(exp);
  const keys = profile.fields.map((f) => f.key);
  let best: { label: string; d: number } | undefined;
  for (const label of task.labels.map((l) => l.value).filter((v) => v !== shown)) {
    if (!profile.cases.some((x) => String(x.truth) === label)) continue;
    const centre: Case = {
      id: '',
      truth: label,
      values: Object.fromEntries(keys.map((k) => [k, typicalOfClass(profile, label, k) ?? ''])),
      ai: {},
      attentionCheck: false,
      practice: false,
    };
    const d = caseDistance(profile, c, centre, keys);
    if (!best || d < best.d) best = { label, d };
  }
  return best?.label ?? task.labels.map((l) => l.value).find((v) => v !== shown) ?? shown;
}

/**
 * A made-up value for a numeric field (e.g. a class median in a counterfactual), rounded as the bank writes that
 * field: whole numbers for `integer` fields, else the bank's own decimals (at most 2).
 */
export function roundLikeBank(profile: BankProfile, key: string, value: number): number {
  return round(value, profile.numeric.get(key)?.decimals ?? 2);
}

/** `x` rounded to `digits` decimals, never a negative zero (it would print as "-0"). */
export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f + 0;
}

export function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

function mean(xs: readonly number[]): number {
  return xs.length ? sum(xs) / xs.length : 0;
}

function sd(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(sum(xs.map((x) => (x - m) ** 2)) / (xs.length - 1));
}

/** Decimals written in a number's shortest form: 1.5 -> 1, 2.26 -> 2, 30 -> 0. */
function decimalsOf(x: number): number {
  const text = String(x);
  return text.includes('e') ? 2 : (text.split('.')[1] ?? '').length;
}

function numbersOf(values: readonly unknown[]): number[] {
  return values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
}

/** Pearson correlation over the pairs where x is a number; 0 when undefined. */
function correlation(xs: readonly unknown[], ys: readonly number[]): number {
  const pairs = xs.flatMap((x, i) => (typeof x === 'number' ? [[x, ys[i]] as const] : []));
  if (pairs.length < 2) return 0;
  const mx = mean(pairs.map((p) => p[0]));
  const my = mean(pairs.map((p) => p[1]));
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (const [x, y] of pairs) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
    syy += (y - my) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
}

/** What an explanation builder receives for one trial. */
export interface ExplanationInput {
  exp: Experiment;
  case: Case;
  /** The recommendation shown (may be wrong). */
  recommendation: Value;
  confidence: number;
  /** Signed contributions for `recommendation` (see `contributionsFor`), in display-field order. */
  contributions: Contribution[];
  /** Numeric tasks: the estimate before contributions (recommendation = base + sum of contributions). */
  base?: number;
  /** True when the shown recommendation is the case bank's own: its ready-made texts and lists may be used. */
  fromBank: boolean;
  /** Cases this participant sees (never offered as "similar cases"). */
  excludedCaseIds: ReadonlySet<string>;
}
