/**
 * The generated rationale (used when the shown advice is not the bank's, or the bank lacks the language), written
 * out in full for real cases of the bundled studies: labels inside the sentence, values by the field's format and
 * the language, French no-break spaces before ":" and ";" and inside « », a sign on quantities that take both signs.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadExperiment } from '../../experiments/load.ts';
import { buildRationale } from '../../experiments/explanations/rationale.ts';
import { contributionsFor } from '../../experiments/explanations/evidence.ts';
import type { Experiment } from '../../experiments/model.ts';

const S = '\u00a0'; // no-break space
const N = '\u202f'; // narrow no-break space (French thousands, before %)
const M = '\u2212'; // minus sign

const studies: Record<string, Experiment> = {};
beforeAll(async () => {
  for (const id of ['signaux-faibles', 'aide-exceptionnelle', 'risque-inondation']) {
    studies[id] = await loadExperiment(`experiments/studies/${id}/experiment.yaml`);
  }
});

function rationale(exp: Experiment, caseId: string, shown: string | number, weights: Record<string, number> | null, maxFactors = 3) {
  const c = exp.caseById.get(caseId)!;
  const evidence = weights
    ? { contributions: exp.file.display.fields.map((f) => ({ field: f.key, weight: weights[f.key] ?? -0.01 })) }
    : contributionsFor(exp, c, shown);
  return buildRationale(
    { type: 'rationale', max_factors: maxFactors },
    { exp, case: c, recommendation: shown, confidence: 0.8, ...evidence, fromBank: false, excludedCaseIds: new Set() },
  ).text;
}

describe('generated rationale, written out', () => {
  it('signaux-faibles sf-001: a signed change in turnover, months of contributions, a headcount', () => {
    const text = rationale(studies['signaux-faibles'], 'sf-001', 'contacter', { evolution_ca: 0.9, dette_urssaf: 0.8, effectif: 0.5 });
    expect(text.fr).toBe(
      `L'IA recommande${S}: «${S}Contacter l'entreprise${S}». Principaux éléments en faveur${S}: ` +
        `évolution du chiffre d'affaires sur 12 mois${S}: ${M}8,1${N}%${S}; cotisations URSSAF impayées${S}: 1,5${S}mois de cotisations${S}; effectif${S}: 16${S}salariés.`,
    );
    expect(text.en).toBe(
      `The AI recommends: “Contact the firm”. Main factors in favour: ` +
        `change in turnover over 12 months: ${M}8.1%; unpaid social contributions (URSSAF): 1.5${S}months of contributions; headcount: 16${S}employees.`,
    );
  });

  it('signaux-faibles: a positive change in turnover shows its +, a ratio without unit its two decimals', () => {
    const text = rationale(studies['signaux-faibles'], 'sf-002', 'ne_pas_contacter', { evolution_ca: 0.9, taux_endettement: 0.5 });
    expect(text.fr).toContain(`évolution du chiffre d'affaires sur 12 mois${S}: +6,7${N}%${S}; dettes financières / capitaux propres${S}: 1,2.`);
    expect(text.en).toContain('change in turnover over 12 months: +6.7%; financial debt / equity: 1.2.');
  });

  it('aide-exceptionnelle ae-001: euros with cents and a unit, whole euros without', () => {
    const text = rationale(studies['aide-exceptionnelle'], 'ae-001', 'accorder', { reste_a_vivre: 0.9, montant: 0.5 });
    expect(text.fr).toBe(
      `L'IA recommande${S}: «${S}Accorder l'aide${S}». Principaux éléments en faveur${S}: ` +
        `reste à vivre${S}: 30,26${S}€${S}par jour et par personne${S}; montant demandé${S}: 760${S}€.`,
    );
    expect(text.en).toBe('The AI recommends: “Grant the aid”. Main factors in favour: remaining income: €30.26\u00a0a day per person; amount requested: €760.');
  });

  it('risque-inondation ri-120 estimated at 415: the estimate, then the factors pulling it down with their share in households', () => {
    // Contributions for 415 (see numeric-contributions.test.ts): flood-zone households -133, soil saturation -78.
    const text = rationale(studies['risque-inondation'], 'ri-120', 415, null, 2);
    expect(text.fr).toBe(
      `Estimation de l'IA${S}: 415${S}ménages. Éléments qui pèsent le plus${S}: ` +
        `ménages en zone inondable${S}: 820 (${M}133${S}ménages)${S}; saturation des sols${S}: 58${N}% (${M}78${S}ménages).`,
    );
    expect(text.en).toBe(
      `The AI's estimate: 415${S}households. Factors that weigh most: ` +
        `households in the flood zone: 820 (${M}133${S}households); soil saturation: 58% (${M}78${S}households).`,
    );
  });

  it('risque-inondation ri-057 estimated at 1,727: thousands grouped by the language', () => {
    const text = rationale(studies['risque-inondation'], 'ri-057', 1727, null, 1);
    expect(text.fr).toMatch(new RegExp(`^Estimation de l'IA${S}: 1${N}727${S}ménages\\. Éléments qui pèsent le plus${S}: ménages en zone inondable${S}: 1${N}861 \\(\\+\\d+${S}ménages\\)\\.$`));
    expect(text.en).toMatch(new RegExp(`^The AI's estimate: 1,727${S}households\\. Factors that weigh most: households in the flood zone: 1,861 \\(\\+\\d+${S}households\\)\\.$`));
  });

  it('keeps an acronym at the start of a label as it is', () => {
    const exp = studies['signaux-faibles'];
    const fields = exp.file.display.fields.map((f) => (f.key === 'dette_urssaf' ? { ...f, label: { fr: 'URSSAF : cotisations impayées', en: 'URSSAF arrears' } } : f));
    const patched = { ...exp, file: { ...exp.file, display: { fields } } } as Experiment;
    const text = rationale(patched, 'sf-001', 'contacter', { dette_urssaf: 1 }, 1);
    expect(text.fr).toContain(`en faveur${S}: URSSAF : cotisations impayées${S}: 1,5`);
    expect(text.en).toContain('in favour: URSSAF arrears: 1.5');
  });
});
