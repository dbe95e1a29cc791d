import { describe, expect, it } from 'vitest';
import { loadExperiment } from '../../experiments/load.ts';
import { translator } from '../../server/i18n.ts';
import { dossierOf } from '../../server/participant/display.ts';
import { expertKnowledge } from '../../server/simulate/expert-knowledge.ts';

const STUDIES = ['signaux-faibles', 'aide-exceptionnelle', 'risque-inondation', 'controle-sanitaire'];

describe("the bots' private knowledge (the case bank)", () => {
  it.each(STUDIES)('every case of %s is recognised from its dossier, in both languages, with its truth', async (id) => {
    const experiment = await loadExperiment(`experiments/studies/${id}/experiment.yaml`);
    for (const lang of ['fr', 'en'] as const) {
      const knowledge = expertKnowledge(experiment, lang);
      for (const c of experiment.cases) {
        const found = knowledge.recognise(dossierOf(experiment, c.id, translator(lang)));
        expect(found?.truth, `${id} ${lang} ${c.id}`).toBe(c.truth);
      }
    }
  });

  it('an unknown dossier is not recognised; instructed checks are found by their text; numeric answers use the tolerance', async () => {
    const experiment = await loadExperiment('test/simulate/fixtures/studies/sim-crash/experiment.yaml');
    const knowledge = expertKnowledge(experiment, 'fr');
    expect(knowledge.recognise([{ label: 'Secteur', value: 'pêche' }])).toBeNull();
    expect(knowledge.instructedAnswer('Choisissez « Ne pas contacter ».')).toBe('ne_pas_contacter');
    expect(knowledge.instructedAnswer('Autre chose')).toBeNull();
    const flood = expertKnowledge(await loadExperiment('experiments/studies/risque-inondation/experiment.yaml'), 'fr');
    expect(flood.same('700', 650)).toBe(true);
    expect(flood.same('701', 650)).toBe(false);
  });
});
