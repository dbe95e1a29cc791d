import { UserError } from '../../experiments/user-error.ts';
import { POWER_METRICS, type PowerMetric } from './power-design.ts';

/** The effect to detect: one metric and its expected rate in some conditions. */
export interface Effect {
  metric: PowerMetric;
  /** Condition id -> expected rate (0..1), in the order written. */
  rates: Map<string, number>;
}

const EXPECTED = 'expected "<metric>: <condition>=<rate>, <condition>=<rate>", e.g. "agreement: none=0.60, feature_importance=0.70"';

/**
 * Parses `--effect` text such as `agreement: none=0.60, feature_importance=0.70` against the study's conditions.
 * Rates are proportions in [0, 1] or percentages (`70%`). The control must be given; every problem is reported.
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
      const rate = parseRate(rateText);
      if (!conditions.includes(condition)) problems.push(`unknown condition "${condition}": the study's conditions are ${conditions.join(', ')}`);
      else if (rates.has(condition)) problems.push(`condition "${condition}" is given twice`);
      if (rate === null) problems.push(`rate "${rateText}" of "${condition}" is not a proportion between 0 and 1 (or a percentage like 70%)`);
      if (rate !== null && conditions.includes(condition) && !rates.has(condition)) rates.set(condition, rate);
    }
    if (problems.length === 0 && !rates.has(control)) {
      problems.push(`the control condition "${control}" needs a rate: every comparison is against it`);
    }
  }
  if (problems.length > 0) throw new UserError(`Invalid --effect "${text}":`, problems);
  return { metric: metricName as PowerMetric, rates };
}

function parseRate(text: string): number | null {
  const percent = text.endsWith('%');
  const body = percent ? text.slice(0, -1).trim() : text;
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(body)) return null;
  const value = Number(body) / (percent ? 100 : 1);
  return value >= 0 && value <= 1 ? value : null;
}
