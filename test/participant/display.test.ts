/** How case values and AI estimates read on the pages: one formatter (experiments/format-value.ts), fr-FR / en-GB. */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadExperiment } from '../../experiments/load.ts';
import type { Experiment } from '../../experiments/model.ts';
import { translator } from '../../server/i18n.ts';
import { answerText, dossierOf } from '../../server/participant/display.ts';

const NBSP = '\u00a0';
const NNBSP = '\u202f';
const MINUS = '\u2212';

let aide: Experiment;
let signaux: Experiment;
let flood: Experiment;
beforeAll(async () => {
  aide = await loadExperiment('experiments/studies/aide-exceptionnelle/experiment.yaml');
  signaux = await loadExperiment('experiments/studies/signaux-faibles/experiment.yaml');
  flood = await loadExperiment('experiments/studies/risque-inondation/experiment.yaml');
});

const valueOf = (exp: Experiment, caseId: string, lang: 'fr' | 'en', label: string) =>
  dossierOf(exp, caseId, translator(lang)).find((r) => r.label === label)?.value;

describe('dossier values', () => {
  it('euros keep their cents when they have them (ae-001: reste à vivre 30.26), whole amounts none', () => {
    expect(valueOf(aide, 'ae-001', 'fr', 'Reste à vivre')).toBe(`30,26${NBSP}€${NBSP}par jour et par personne`);
    expect(valueOf(aide, 'ae-001', 'en', 'Remaining income')).toBe(`€30.26${NBSP}a day per person`);
    expect(valueOf(aide, 'ae-001', 'fr', 'Ressources mensuelles du foyer')).toBe(`2${NNBSP}130${NBSP}€`);
    expect(valueOf(aide, 'ae-001', 'en', 'Monthly household income')).toBe('€2,130');
  });

  it('negative percentages take the minus sign; French puts a narrow no-break space before %, English none', () => {
    expect(valueOf(signaux, 'sf-001', 'fr', "Évolution du chiffre d'affaires sur 12 mois")).toBe(`${MINUS}8,1${NNBSP}%`);
    expect(valueOf(signaux, 'sf-001', 'en', 'Change in turnover over 12 months')).toBe(`${MINUS}8.1%`);
    expect(valueOf(signaux, 'sf-001', 'fr', 'Cotisations URSSAF impayées')).toBe(`1,5${NBSP}mois de cotisations`);
  });
});

describe('AI estimates and answers on a numeric task', () => {
  it('are the number in the task unit, grouped by language, decimals only when there are some', () => {
    expect(answerText(flood, 1727, translator('fr'))).toBe(`1${NNBSP}727${NBSP}ménages`);
    expect(answerText(flood, '1727.5', translator('fr'))).toBe(`1${NNBSP}727,5${NBSP}ménages`);
    expect(answerText(flood, 1727, translator('en'))).toBe(`1,727${NBSP}households`);
  });
});
