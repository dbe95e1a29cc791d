/**
 * `confiance simulate` on controle-sanitaire: bots that override the AI when their own judgement disagrees (less
 * often when an override must be justified), apply the proposal where the AI has the last word, and justify their
 * overrides, too short a first time in about one case out of four, then long enough after the refusal. What they did
 * is what the store holds, and the analysis from the store equals the analysis of the exported CSV.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcess, type InProcessServer } from '../../server/simulate/in-process.ts';
import { parsePolicy } from '../../server/simulate/policies.ts';
import { runSimulation, type SimulationSummary } from '../../server/simulate/runner.ts';
import type { AcknowledgedAnswer } from '../../server/simulate/bot.ts';
import { TOO_SHORT_FIRST } from '../../server/simulate/decision-power.ts';
import { createRng, seedFor } from '../../experiments/random.ts';
import type { TrialRecord } from '../../server/store/index.ts';
import { analyzeStoredRun } from '../../server/simulate/analyze-run.ts';
import { trialCsvLines } from '../../server/store/tidy/trial-csv.ts';
import { analyze } from '../../analysis/analyze.ts';
import { readTrialCsv } from '../../analysis/input/trial-csv.ts';
import { storeDesignOptions } from '../../analysis/input/store-design.ts';
import { expectReadAsShown } from '../simulate/reading-harness.ts';
import { storedDecisions } from '../simulate/stored-decisions.ts';

let server: InProcessServer;
let summary: SimulationSummary;
const acks: AcknowledgedAnswer[] = [];
const records: TrialRecord[] = [];
let dir: string;
const SPEED = 2000;
const SEED = 11;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'confiance-power-sim-'));
  // The server's clock and the bots' waits run 2000 times faster: server-measured times are the simulated ones
  // (the study excludes decisions faster than 2 s), a simulated 11 s decision takes 5.5 ms.
  server = await startInProcess({ experimentId: 'controle-sanitaire', experimentsDir: 'experiments/studies', speed: SPEED });
  summary = await runSimulation({
    experiment: server.experiment,
    target: { url: server.url },
    participants: 16,
    concurrency: 16,
    policy: parsePolicy('override:0.9,p_justified=0.1,own=0.7'),
    seed: SEED,
    speed: SPEED,
    dropout: 0,
    inattentive: 0,
    language: 'fr',
    distinctAddresses: true,
    onAcknowledged: (a) => acks.push(a),
  });
  for await (const t of server.store.trials('controle-sanitaire', {})) records.push(t);
}, 180_000);
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

const decisionsIn = (condition: string) => records.filter((t) => t.condition === condition && !t.practice && t.attentionCheck !== true);
const overrideRate = (condition: string) => decisionsIn(condition).filter((t) => t.overridden).length / decisionsIn(condition).length;

describe('simulated participants of controle-sanitaire', () => {
  it('all complete, and what each bot decided is what the store holds', async () => {
    expect(summary.errors).toEqual([]);
    expect(summary.completed).toBe(16);
    expectReadAsShown(await storedDecisions(server.store, server.experiment, acks));
  });

  it('every record says who had the last word and whether it overrides the advice shown', () => {
    for (const t of records) {
      expect(t.lastWord).toBe(t.condition.startsWith('ia+') ? 'ai' : 'agent');
      expect(t.overridden).toBe(String(t.decision) !== String(t.advice!.recommendation));
      expect(t.justifyMinChars).toBe(t.condition.endsWith('+justifiee') ? 40 : undefined);
    }
    // Where the AI has the last word, bots both applied the proposal and overrode it.
    const ai = decisionsIn('ia+libre');
    expect(ai.some((t) => t.overridden) && ai.some((t) => !t.overridden)).toBe(true);
  });

  it('every override in a justified condition has its justification (>= 40 characters, time measured); none elsewhere', () => {
    for (const t of records) {
      if (t.overridden && t.condition.endsWith('+justifiee')) {
        expect(t.justificationChars).toBeGreaterThanOrEqual(40);
        expect(t.justificationChars).toBe([...t.justification!].length);
        // The bots take a log-normal time of median 25 s to write (simulated).
        expect(t.justificationMs).toBeGreaterThan(2000);
      } else {
        expect(t.justification).toBeUndefined();
      }
    }
    const justified = acks.filter((a) => a.justification);
    expect(justified.length).toBeGreaterThan(0);
    // A bot writes too short a text first where its seeded draw says so (one case in four): refused once, then
    // accepted; otherwise accepted at once. Which ones is recomputed from the same seed, so this holds for every run.
    const shortFirst = (a: AcknowledgedAnswer) => createRng(seedFor(SEED, a.participantId, a.at, 'justification')).float() < TOO_SHORT_FIRST;
    expect(justified.map((a) => a.justification!.refused)).toEqual(justified.map((a) => (shortFirst(a) ? 1 : 0)));
  });

  it('the policy shows: overrides are rarer when they must be justified (p 0.9 against 0.1 when bots disagree)', () => {
    expect(overrideRate('agent+libre')).toBeGreaterThan(overrideRate('agent+justifiee') + 0.1);
    expect(overrideRate('ia+libre')).toBeGreaterThan(overrideRate('ia+justifiee') + 0.1);
  });

  it('the analysis from the store equals the analysis of the exported trial CSV', async () => {
    const fromStore = await analyzeStoredRun(server.store, 'controle-sanitaire', { resamples: 0 });
    const doc = (await server.store.getExperiment('controle-sanitaire'))!;
    let csv = '';
    for await (const line of trialCsvLines(server.store, doc)) csv += line;
    const file = join(dir, 'trials.csv');
    await writeFile(file, csv);
    const fromCsv = await analyze(readTrialCsv(file), null, { ...storeDesignOptions(doc), experiment: 'controle-sanitaire', resamples: 0, models: false });
    expect(fromCsv.decision_power).toEqual(fromStore.decision_power);
    const power = fromStore.decision_power!;
    expect(power.conditions.map((c) => [c.condition, c.last_word, c.justify_min_chars])).toEqual([
      ['agent+libre', 'agent', null],
      ['agent+justifiee', 'agent', 40],
      ['ia+libre', 'ai', null],
      ['ia+justifiee', 'ai', 40],
    ]);
    expect(power.factorial?.terms.map((t) => t.term)).toEqual(['dernier_mot', 'redevabilite', 'dernier_mot:redevabilite']);
    const agentFree = power.conditions[0];
    expect(agentFree.override_rate.value).toBeCloseTo(overrideRate('agent+libre'), 12);
  });
});
