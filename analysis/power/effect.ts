import { UserError } from '../../experiments/user-error.ts';
import { POWER_METRICS, type PowerMetric } from './power-design.ts';

/** The effect to detect: one metric and its expected rate in some conditions. */
export interface Effect {
  metric: PowerMetric;
  /** Condition id -> expected rate (0..1), in the order written. */
  rates: Map<string, number>;
}

const EXPECTED =
  'expected "<metric>: <condition>=<rate>, <condition>=<rate>", e.g. "agreement: none=0.60, feature_importance=0.70", ' +
  'or an odds ratio to the control\'s rate, e.g. "agreement: none=0.60, feature_importance=OR 1.5"';

/**
 * Parses `--effect` text such as `agreement: none=0.60, feature_importance=0.70` against the study's conditions.
 * Rates are proportions in [0, 1] or percentages (`70%`); a non-control condition may instead give its odds ratio to
 * the control (`OR 1.5`): rate = OR o / (1 + OR o) with o = p_control / (1 - p_control) (e.g. 0.60 and OR 1.5 give
 * 0.6923). The control must be given as a rate; every problem is reported.
 */
export function parseEffect(text: string, conditions: readonly string[], control: string): Effect {
  const colon = text.indexOf(':');
  if (colon < 0) throw new UserError(`Invalid --effect "${text}":`, [EXPECTED]);
  const metricName = text.slice(0, colon).trim();
  const problems: string[] = [];
  if (!(POWER_METRICS as readonly string[]).includes(metricName)) {
    problems.push(
      `unknown metric "${metricName}": expected one of ${POWER_METRICS.join(', ')} ` +
        '(switch, rair and rsr have denominators that depend on the answers, so their power cannot be planned from the design)',
    );
  }
  const rates = new Map<string, number>();
  const oddsRatios = new Map<string, number>();
  const entries = text
    .slice(colon + 1)
    .split(',')
    .map((e) => e.trim());
  if (entries.length === 1 && entries[0] === '') problems.push(`no condition rate after "${metricName}:"; ${EXPECTED}`);
  else {
    for (const entry of entries) {
      const eq = entry.indexOf('=');
      if (eq < 0) {
        problems.push(`"${entry}" is not <condition>=<rate>`);
        continue;
      }
      const condition = entry.slice(0, eq).trim();
      const rateText = entry.slice(eq + 1).trim();
      const oddsRatio = parseOddsRatio(rateText);
      if (oddsRatio !== undefined) {
        if (!conditions.includes(condition)) problems.push(`unknown condition "${condition}": the study's conditions are ${conditions.join(', ')}`);
        else if (condition === control) problems.push(`the control "${control}" needs a rate, not an odds ratio (the odds ratios are to its rate)`);
        else if (rates.has(condition) || oddsRatios.has(condition)) problems.push(`condition "${condition}" is given twice`);
        else if (oddsRatio === null) problems.push(`odds ratio "${rateText}" of "${condition}" is not a positive number (e.g. OR 1.5)`);
        else oddsRatios.set(condition, oddsRatio);
        continue;
      }
      const rate = parseRate(rateText);
      if (!conditions.includes(condition)) problems.push(`unknown condition "${condition}": the study's conditions are ${conditions.join(', ')}`);
      else if (rates.has(condition) || oddsRatios.has(condition)) problems.push(`condition "${condition}" is given twice`);
      if (rate === null) problems.push(`rate "${rateText}" of "${condition}" is not a proportion between 0 and 1 (or a percentage like 70%)`);
      if (rate !== null && conditions.includes(condition) && !rates.has(condition)) rates.set(condition, rate);
    }
    if (problems.length === 0 && !rates.has(control)) {
      problems.push(`the control condition "${control}" needs a rate: every comparison is against it`);
    }
    const controlRate = rates.get(control);
    if (problems.length === 0 && controlRate !== undefined && oddsRatios.size > 0) {
      if (controlRate === 0 || controlRate === 1) problems.push(`an odds ratio needs a control rate strictly between 0 and 1, found ${controlRate}`);
      const odds = controlRate / (1 - controlRate);
      for (const [condition, ratio] of oddsRatios) rates.set(condition, (ratio * odds) / (1 + ratio * odds));
    }
  }
  if (problems.length > 0) throw new UserError(`Invalid --effect "${text}":`, problems);
  return { metric: metricName as PowerMetric, rates };
}

/** undefined: not written as an odds ratio; null: `OR` followed by no positive number. */
function parseOddsRatio(text: string): number | null | undefined {
  const match = /^OR\s*(.*)$/i.exec(text);
  if (match === null) return undefined;
  const body = match[1].trim();
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(body)) return null;
  const value = Number(body);
  return value > 0 ? value : null;
}

function parseRate(text: string): number | null {
  const percent = text.endsWith('%');
  const body = percent ? text.slice(0, -1).trim() : text;
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(body)) return null;
  const value = Number(body) / (percent ? 100 : 1);
  return value >= 0 && value <= 1 ? value : null;
}
