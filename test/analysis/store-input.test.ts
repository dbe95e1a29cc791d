import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Readable } from 'node:stream';
import request from 'supertest';
import { openStore, type ExperimentDoc } from '../../server/store/index.ts';
import { trialCsvLines } from '../../server/store/tidy/trial-csv.ts';
import { analyze } from '../../analysis/analyze.ts';
import { readTrialCsv } from '../../analysis/input/trial-csv.ts';
import { storeTrials, storeResponses, storeTask, storeScales } from '../../analysis/input/store-trials.ts';
import { main } from '../../bin/cli.ts';
import { auth, makeHarness, STUDY, type Harness } from '../researcher/harness.ts';
import { Population } from '../researcher/population.ts';

/*
 * The store path of `confiance analyze <experimentId>` on the bundled signaux-faibles study (binary, two-stage,
 * min_rt_ms 1500), with a population written straight into an embedded store.
 */
describe('analysis from the store', () => {
  let h: Harness;
  let doc: ExperimentDoc;

  beforeEach(async () => {
    h = await makeHarness();
    await request(h.app).post(`/api/experiments/${STUDY}/open`).set(auth).expect(200);
    doc = (await h.store.getExperiment(STUDY)) as ExperimentDoc;
    const pop = new Population(h.store, STUDY, doc.configHash, new Date());
    const wrong = { recommendation: 'ne_pas_contacter', confidence: 0.6, explanation: 'none', correct: false };
    for (const condition of ['none', 'confidence']) {
      for (let i = 0; i < 3; i++) {
        const p = await pop.participant(condition, 'completed');
        await pop.trial(p, 0, { practice: true, caseId: 'sf-p1', decision: 'contacter' }, { practice: true, caseId: 'sf-p1', decision: 'contacter' });
        // trial 0: initially wrong, AI right, switched; trial 1: AI wrong, followed by the second and third participants
        await pop.trial(p, 0, { decision: 'ne_pas_contacter' }, { decision: 'contacter' });
        await pop.trial(p, 1, { decision: 'contacter' }, { decision: i === 0 ? 'contacter' : 'ne_pas_contacter', advice: wrong });
        // trial 2: too fast (900 ms < 1500 ms): excluded from every statistic
        await pop.trial(p, 2, { decision: 'contacter', serverRtMs: 900 }, { decision: 'contacter' });
        await h.store.recordResponses(
          Array.from({ length: 12 }, (_, k) => ({
            experimentId: STUDY, configHash: doc.configHash, participantId: p.id, condition,
            scale: 'jian_trust', item: `jian_${k + 1}`, value: k < 5 ? 2 : 5 + i, createdAt: new Date(),
          })),
        );
      }
    }
  });
  afterEach(async () => {
    await h.close();
  });

  it('pairs the phases, leaves practice out, applies the study exclusions and scores the scales', async () => {
    const result = await analyze(storeTrials(h.store, doc), storeResponses(h.store, doc), {
      experiment: STUDY,
      resamples: 50,
      ...storeTask(doc),
      scales: storeScales(doc),
    });
    expect(result.task).toBe('binary');
    expect(result.conditions.map((c) => [c.condition, c.participants, c.trials])).toEqual([
      ['none', 3, 6],
      ['confidence', 3, 6],
    ]);
    expect(result.exclusions.by_reason).toEqual([
      { condition: 'none', reason: 'too_fast', trials: 3 },
      { condition: 'confidence', reason: 'too_fast', trials: 3 },
    ]);
    const none = result.conditions[0].metrics;
    expect(none.rair).toMatchObject({ k: 3, n: 3 });
    expect(none.overreliance).toMatchObject({ k: 2, n: 3 });
    expect(none.rsr).toMatchObject({ k: 1, n: 3 });
    const trust = result.scales.find((s) => s.scale === 'jian_trust' && s.subscale === 'trust')!;
    expect(trust.conditions[0]).toMatchObject({ n: 3, mean: 6, sd: 1 }); // 5, 6, 7
  });

  it('gives the same numbers as the analysis of the exported CSV', async () => {
    const options = { experiment: STUDY, resamples: 50, ...storeTask(doc) };
    const fromStore = await analyze(storeTrials(h.store, doc), null, options);
    const fromExport = await analyze(readTrialCsv(Readable.from(trialCsvLines(h.store, doc)), 'export'), null, options);
    expect(fromStore).toEqual(fromExport);
  });

  it('`confiance analyze <experimentId>` reads the configured store', async () => {
    const dataDir = h.deps.config.DATA_DIR;
    await h.store.close(); // the embedded store is single-process: the CLI opens it after the test let go
    const saved = process.env.DATA_DIR;
    process.env.DATA_DIR = dataDir;
    let stdout = '';
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
    try {
      await main(['node', 'confiance', 'analyze', STUDY, '--format', 'json', '--bootstrap', '10']);
    } finally {
      spy.mockRestore();
      if (saved === undefined) delete process.env.DATA_DIR;
      else process.env.DATA_DIR = saved;
      h.store = await openStore({ dataDir }); // for afterEach
    }
    const json = JSON.parse(stdout) as { experiment: string; conditions: { trials: number }[]; scales: unknown[] };
    expect(json.experiment).toBe(STUDY);
    expect(json.conditions.map((c) => c.trials)).toEqual([6, 6]);
    expect(json.scales.length).toBe(3); // jian_trust: distrust, trust, overall
  });
});

describe('the design of an opened experiment, from its snapshot', () => {
  const docWith = (file: object) => ({ id: 'e', config: { file } }) as unknown as ExperimentDoc;

  it('names a factorial crossing by its levels joined by "+", in the order the factors are written', async () => {
    const { storeDesign } = await import('../../analysis/input/store-design.ts');
    const d = storeDesign(
      docWith({
        factors: { explanation: { levels: { none: {}, rationale: {} } }, framing: { levels: { outil: {}, autorite: {} } } },
        design: { type: 'between', conditions: 'factorial', control: 'none+outil' },
        advisor: { source: 'case_bank' },
      }),
    );
    expect(d.conditionOrder).toEqual(['none+outil', 'none+autorite', 'rationale+outil', 'rationale+autorite']);
    expect(d.conditionLevels.get('rationale+autorite')).toEqual(['rationale', 'autorite']);
    expect([d.design, d.control, d.aiAccuracyFixed]).toEqual(['between', 'none+outil', false]);
  });

  it('reads an explicit condition list with its levels, and a simulated advisor with set errors as a fixed AI accuracy', async () => {
    const { storeDesign } = await import('../../analysis/input/store-design.ts');
    const d = storeDesign(
      docWith({
        factors: { explanation: { levels: { none: {}, shap: {} } } },
        design: { type: 'within', conditions: [{ id: 'control', levels: { explanation: 'none' } }, { id: 'xai', levels: { explanation: 'shap' } }] },
        advisor: { source: 'simulated', errors: 2 },
      }),
    );
    expect([...d.conditionLevels]).toEqual([['control', ['none']], ['xai', ['shap']]]);
    expect([d.design, d.aiAccuracyFixed]).toEqual(['within', true]);
  });
});
