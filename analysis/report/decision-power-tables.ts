/** The decision-power tables of the report (analysis/metrics/decision-power.ts; docs/ANALYSIS.md, decision power). */
import type { AnalysisResult } from '../result.ts';
import type { DecisionPowerRatio } from '../metrics/decision-power.ts';
import { fixed, interval, pValue } from './number-format.ts';
import type { ReportTable } from './report-tables.ts';

const RATIOS = [
  ['override_rate', 'override rate (final != advice)'],
  ['override_appropriate', 'appropriate overrides (AI wrong | override)'],
  ['acceptance_appropriate', 'appropriate acceptances (AI right | acceptance)'],
] as const;

export function decisionPowerTables(result: AnalysisResult): ReportTable[] {
  const power = result.decision_power;
  if (!power) return [];
  const setting = (c: (typeof power.conditions)[number]) =>
    `last word ${c.last_word}${c.justify_min_chars === null ? '' : `, justified >= ${c.justify_min_chars} chars`}`;
  const tables: ReportTable[] = [
    {
      title: 'Decision power: overrides',
      note: 'Wilson: trial-level, descriptive. Participant mean: mean of the participants\' own ratios (defined/undefined: n > 0 or n = 0). Override rate = 1 - agreement: its participant-level tests are those of agreement.',
      columns: ['metric', 'condition', 'setting', 'k/n', 'value', 'Wilson 95%', 'participant mean', 'defined/undefined'],
      rows: power.conditions.flatMap((c) => RATIOS.map(([key, name]) => [name, c.condition, setting(c), ...ratioCells(c[key])])),
    },
    {
      title: 'Decision power: justifications of overrides',
      note: 'Characters: trimmed, Unicode code points. Time: server clock, from the justification page served to the justification accepted (refused attempts included).',
      columns: ['condition', 'justified overrides', 'characters mean', 'characters median', 'time mean (s)', 'time median (s)'],
      rows: power.conditions.map((c) => [
        c.condition,
        String(c.justification_chars.n),
        fixed(c.justification_chars.mean, 1),
        fixed(c.justification_chars.median, 1),
        fixed(seconds(c.justification_ms.mean), 1),
        fixed(seconds(c.justification_ms.median), 1),
      ]),
    },
  ];
  if (power.factorial) {
    tables.push({
      title: 'Decision power: factors on the participants\' override rates',
      note: `Type II ANOVA of per-participant override rates (= R car::Anova(lm(rate ~ A * B), type = 2)), ${power.factorial.n} participants.`,
      columns: ['term', 'df', 'sum of squares', 'F', 'p'],
      rows: [
        ...power.factorial.terms.map((t) => [t.term, String(t.df), fixed(t.sum_sq, 4), fixed(t.F, 3), pValue(t.p)]),
        ...(power.factorial.residual ? [['residual', String(power.factorial.residual.df), fixed(power.factorial.residual.sum_sq, 4), '', '']] : []),
      ],
    });
  }
  return tables;
}

const seconds = (ms: number | null): number | null => (ms === null ? null : ms / 1000);

function ratioCells(m: DecisionPowerRatio): string[] {
  return [`${m.k}/${m.n}`, fixed(m.value), interval(m.wilson), fixed(m.participant_mean), `${m.participants_defined}/${m.participants_undefined}`];
}
