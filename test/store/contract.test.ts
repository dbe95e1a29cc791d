import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, joinKey, UnsafeInputError, type ConditionCountMap, type ParticipantDoc, type Store } from '../../server/store/index.ts';
import { collect, experiment, minutesAfter, participant, response, T0, trial, unassigned } from './fixtures.ts';
import { embeddedHarness, mongoHarness, type DriverHarness } from './harness.ts';

/**
 * One contract, every driver: the embedded store always, MongoDB when MONGODB_URI is set.
 * Both must behave identically, so every test here runs unchanged on each.
 */
const harnesses: DriverHarness[] = [embeddedHarness()];
if (process.env.MONGODB_URI) {
  harnesses.push(mongoHarness(process.env.MONGODB_URI));
} else {
  console.log('MongoDB driver skipped: MONGODB_URI is not set (the store contract ran on the embedded driver only)');
  describe.skip('MongoDB driver skipped: MONGODB_URI is not set', () => {
    it('runs the whole store contract against MongoDB', () => undefined);
  });
}

const STALE_BEFORE = minutesAfter(T0, -30);

for (const harness of harnesses) {
  describe(`store contract (${harness.name})`, () => {
    let store: Store;

    beforeEach(async () => {
      store = await harness.open();
    });
    afterEach(async () => {
      await store.close();
    });
    afterAll(async () => {
      await harness.cleanup();
    });

    async function insert(overrides: Partial<ParticipantDoc> = {}): Promise<ParticipantDoc> {
      const p = participant(overrides);
      await store.insertParticipant(p);
      return p;
    }

    describe('experiments', () => {
      it('opens a version once and keeps its config snapshot exactly, $schema key included', async () => {
        const opened = await store.openExperiment(experiment());
        expect(opened.config).toEqual(experiment().config);
        const again = await store.openExperiment(experiment({ version: 'ignored', openedAt: minutesAfter(T0, 5) }));
        expect(again.version).toBe('1.0.0');
        expect(again.openedAt).toEqual(T0);
        expect(await store.listExperiments()).toHaveLength(1);
      });

      it('returns the latest opened version, or the one asked for', async () => {
        await store.openExperiment(experiment());
        await store.openExperiment(experiment({ configHash: 'hash-v2', version: '2.0.0', openedAt: minutesAfter(T0, 60) }));
        expect((await store.getExperiment('signaux-faibles'))?.version).toBe('2.0.0');
        expect((await store.getExperiment('signaux-faibles', 'hash-v1'))?.version).toBe('1.0.0');
        expect(await store.getExperiment('unknown')).toBeNull();
        expect((await store.listExperiments()).map((e) => e.configHash)).toEqual(['hash-v1', 'hash-v2']);
      });

      it('closes and reopens a version', async () => {
        await store.openExperiment(experiment());
        const closedAt = minutesAfter(T0, 90);
        expect(await store.setExperimentStatus('signaux-faibles', 'hash-v1', 'closed', closedAt)).toBe(true);
        expect(await store.getExperiment('signaux-faibles')).toMatchObject({ status: 'closed', closedAt });
        expect(await store.setExperimentStatus('signaux-faibles', 'hash-v1', 'open')).toBe(true);
        const reopened = await store.getExperiment('signaux-faibles');
        expect(reopened?.status).toBe('open');
        expect(reopened).not.toHaveProperty('closedAt');
        expect(await store.setExperimentStatus('nope', 'hash-v1', 'closed')).toBe(false);
      });
    });

    describe('participants', () => {
      it('stores a participant and reads it back identically, plan included', async () => {
        const p = await insert({ labelHash: 'label-hash-1', invited: true });
        expect(await store.getParticipant(p.id)).toEqual(p);
        expect(await store.getParticipant('missing')).toBeNull();
      });

      it('refuses a second participant with the same id', async () => {
        const p = await insert();
        await expect(store.insertParticipant({ ...p, condition: 'other' })).rejects.toThrow();
        expect((await store.getParticipant(p.id))?.condition).toBe('none');
      });

      it('finds a participant by label hash within an experiment', async () => {
        const p = await insert({ labelHash: 'agent-hash' });
        expect((await store.findParticipantByLabel('signaux-faibles', 'agent-hash'))?.id).toBe(p.id);
        expect(await store.findParticipantByLabel('other-study', 'agent-hash')).toBeNull();
      });

      it('advances the step only from the expected position', async () => {
        const p = await insert();
        const at = minutesAfter(T0, 2);
        expect(await store.advanceStep(p.id, { step: 'consent', stepIndex: 0 }, { step: 'instructions', stepIndex: 0, at })).toBe(true);
        expect(await store.advanceStep(p.id, { step: 'consent', stepIndex: 0 }, { step: 'practice', stepIndex: 0 })).toBe(false);
        expect(await store.getParticipant(p.id)).toMatchObject({ step: 'instructions', stepIndex: 0, lastActivityAt: at });
      });

      it('lets exactly one of two concurrent submissions advance', async () => {
        const p = await insert({ step: 'trials', stepIndex: 3 });
        const results = await Promise.all([
          store.advanceStep(p.id, { step: 'trials', stepIndex: 3 }, { step: 'trials', stepIndex: 4 }),
          store.advanceStep(p.id, { step: 'trials', stepIndex: 3 }, { step: 'trials', stepIndex: 4 }),
        ]);
        expect(results.filter(Boolean)).toHaveLength(1);
        expect((await store.getParticipant(p.id))?.stepIndex).toBe(4);
      });

      it('lets exactly one of ten concurrent submissions advance', async () => {
        const p = await insert({ step: 'trials', stepIndex: 0 });
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, i) => store.advanceStep(p.id, { step: 'trials', stepIndex: 0 }, { step: 'trials', stepIndex: i + 1 })),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
        expect((await store.getParticipant(p.id))?.stepIndex).toBe(results.indexOf(true) + 1);
      });

      it('completes a participant with status and completedAt, and no longer advances them', async () => {
        const p = await insert({ step: 'questionnaires', stepIndex: 0 });
        const done = minutesAfter(T0, 40);
        expect(
          await store.advanceStep(p.id, { step: 'questionnaires', stepIndex: 0 }, { step: 'debrief', stepIndex: 0, status: 'completed', completedAt: done, at: done }),
        ).toBe(true);
        expect(await store.getParticipant(p.id)).toMatchObject({ status: 'completed', completedAt: done, step: 'debrief' });
        expect(await store.advanceStep(p.id, { step: 'debrief', stepIndex: 0 }, { step: 'debrief', stepIndex: 1 })).toBe(false);
      });

      it('touches lastActivityAt and sets a status, optionally only from an expected one', async () => {
        const p = await insert();
        await store.touch(p.id, minutesAfter(T0, 7));
        expect((await store.getParticipant(p.id))?.lastActivityAt).toEqual(minutesAfter(T0, 7));
        expect(await store.setStatus(p.id, 'withdrawn', { expected: 'completed' })).toBe(false);
        expect(await store.setStatus(p.id, 'withdrawn', { expected: 'active', at: minutesAfter(T0, 8) })).toBe(true);
        expect(await store.getParticipant(p.id)).toMatchObject({ status: 'withdrawn', lastActivityAt: minutesAfter(T0, 8) });
      });

      it('sets the language, optionally only while the participant is active at an expected step', async () => {
        const p = await insert({ step: 'consent', stepIndex: 0, language: 'fr' });
        expect(await store.setLanguage(p.id, 'en', { expectedStep: 'trials' })).toBe(false);
        expect((await store.getParticipant(p.id))?.language).toBe('fr');
        expect(await store.setLanguage(p.id, 'en', { expectedStep: 'consent' })).toBe(true);
        expect(await store.getParticipant(p.id)).toMatchObject({ language: 'en', step: 'consent', stepIndex: 0, status: 'active' });
        await store.setStatus(p.id, 'declined');
        expect(await store.setLanguage(p.id, 'fr', { expectedStep: 'consent' })).toBe(false);
        expect(await store.setLanguage(p.id, 'fr')).toBe(true);
        expect((await store.getParticipant(p.id))?.language).toBe('fr');
        expect(await store.setLanguage('p-unknown', 'fr')).toBe(false);
        await expect(store.setLanguage(p.id, 'de' as 'fr')).rejects.toThrow(/unknown language/);
      });

      it('counts per condition and status, separating stale from in-progress, per config version', async () => {
        const fresh = minutesAfter(T0, -5);
        const old = minutesAfter(T0, -60);
        await insert({ condition: 'A', lastActivityAt: fresh });
        await insert({ condition: 'A', lastActivityAt: fresh });
        await insert({ condition: 'A', lastActivityAt: old });
        await insert({ condition: 'A', status: 'completed', lastActivityAt: old });
        await insert({ condition: 'B', status: 'withdrawn' });
        await insert({ condition: 'B', status: 'declined' });
        await insert({ condition: 'B', status: 'screened_out', lastActivityAt: old });
        await insert({ condition: 'B', configHash: 'hash-v2' });
        await insert({ condition: 'A', experimentId: 'other-study' });
        expect(await store.countByCondition('signaux-faibles', 'hash-v1', STALE_BEFORE)).toEqual({
          A: { completed: 1, inProgress: 2, stale: 1, withdrawn: 0, declined: 0, screenedOut: 0 },
          B: { completed: 0, inProgress: 0, stale: 0, withdrawn: 1, declined: 1, screenedOut: 1 },
        });
      });

      it('stores the comprehension outcome only while the participant is still on the check', async () => {
        const p = await insert({ step: 'instructions', stepIndex: 1 });
        expect(await store.recordComprehension(p.id, { step: 'instructions', stepIndex: 1 }, { attempts: 1, passed: false })).toBe(true);
        expect((await store.getParticipant(p.id))?.comprehension).toEqual({ attempts: 1, passed: false });
        // A stale submission for a page the participant has left changes nothing.
        expect(await store.recordComprehension(p.id, { step: 'instructions', stepIndex: 0 }, { attempts: 2, passed: false })).toBe(false);
        expect((await store.getParticipant(p.id))?.comprehension).toEqual({ attempts: 1, passed: false });
      });

      it('stores an advice request only while the participant is still on its page', async () => {
        const p = await insert({ step: 'trials', stepIndex: 3 });
        expect(await store.recordAdviceRequest(p.id, { step: 'trials', stepIndex: 3 }, { servedAt: 1_700_000_000_000, ms: 2500 })).toBe(true);
        expect((await store.getParticipant(p.id))?.adviceRequest).toEqual({ at: 'trials:3', servedAt: 1_700_000_000_000, ms: 2500 });
        expect(await store.recordAdviceRequest(p.id, { step: 'trials', stepIndex: 2 }, { servedAt: 1, ms: 1 })).toBe(false);
        expect((await store.getParticipant(p.id))?.adviceRequest).toEqual({ at: 'trials:3', servedAt: 1_700_000_000_000, ms: 2500 });
      });

      it('releases open-link participants who never consented at the earlier cut-off, and no one else', async () => {
        const cutoff = { staleBefore: STALE_BEFORE, unconsentedBefore: minutesAfter(T0, -10) };
        await insert({ condition: 'A', step: 'consent', lastActivityAt: minutesAfter(T0, -15) }); // released early
        await insert({ condition: 'A', step: 'consent', lastActivityAt: minutesAfter(T0, -5) }); // still holds a place
        await insert({ condition: 'A', step: 'consent', lastActivityAt: minutesAfter(T0, -40) }); // stale either way, counted once
        await insert({ condition: 'A', step: 'consent', invited: true, lastActivityAt: minutesAfter(T0, -15) }); // invitation: normal timeout
        await insert({ condition: 'B', step: 'trials', lastActivityAt: minutesAfter(T0, -15) }); // working: normal timeout
        await insert({ condition: 'B', step: 'consent', status: 'declined', lastActivityAt: minutesAfter(T0, -15) });
        const expected = {
          A: { completed: 0, inProgress: 2, stale: 2, withdrawn: 0, declined: 0, screenedOut: 0 },
          B: { completed: 0, inProgress: 1, stale: 0, withdrawn: 0, declined: 1, screenedOut: 0 },
        };
        expect(await store.countByCondition('signaux-faibles', 'hash-v1', cutoff)).toEqual(expected);
        expect((await store.participantSummary('signaux-faibles', cutoff)).byCondition).toEqual(expected);
        // A bare date is one cut-off for everyone, as before.
        expect((await store.countByCondition('signaux-faibles', 'hash-v1', STALE_BEFORE)).A).toMatchObject({ inProgress: 3, stale: 1 });
        let seen: ConditionCountMap = {};
        await store.claimCondition(unassigned(), (counts) => ((seen = counts), 'B'), { staleBefore: cutoff });
        expect(seen.A).toEqual(expected.A);
      });

      it('summarises participants per condition x status and active ones per step', async () => {
        await insert({ condition: 'A', step: 'trials', lastActivityAt: minutesAfter(T0, -5) });
        await insert({ condition: 'A', step: 'trials', lastActivityAt: minutesAfter(T0, -50) });
        await insert({ condition: 'B', step: 'practice' });
        await insert({ condition: 'B', step: 'debrief', status: 'completed' });
        await insert({ condition: 'B', configHash: 'hash-v2', step: 'consent' });
        const summary = await store.participantSummary('signaux-faibles', STALE_BEFORE);
        expect(summary.total).toBe(5);
        expect(summary.byCondition.A).toEqual({ completed: 0, inProgress: 1, stale: 1, withdrawn: 0, declined: 0, screenedOut: 0 });
        expect(summary.byCondition.B).toEqual({ completed: 1, inProgress: 2, stale: 0, withdrawn: 0, declined: 0, screenedOut: 0 });
        expect(summary.activeByStep).toEqual({ consent: 1, instructions: 0, practice: 1, trials: 2, questionnaires: 0, debrief: 0 });
        expect((await store.participantSummary('signaux-faibles', STALE_BEFORE, 'hash-v2')).total).toBe(1);
      });

      it('summarises drop-outs by step, invitations never used and the median completion time, from counts', async () => {
        const at = (minutes: number) => minutesAfter(T0, minutes);
        await insert({ condition: 'A', step: 'trials', status: 'withdrawn' });
        await insert({ condition: 'A', step: 'trials', lastActivityAt: at(-50) }); // stale at trials: a drop-out
        await insert({ condition: 'B', step: 'consent', invited: true, lastActivityAt: at(-50) }); // never started, stale
        await insert({ condition: 'B', step: 'consent', invited: true }); // never started, recent
        await insert({ condition: 'B', step: 'consent', lastActivityAt: at(-50) }); // open link, stale at consent
        for (const minutes of [10, 30, 20]) {
          await insert({ condition: 'A', step: 'debrief', status: 'completed', createdAt: T0, completedAt: at(minutes) });
        }
        await insert({ condition: 'A', configHash: 'hash-v2', step: 'debrief', status: 'completed', createdAt: T0, completedAt: at(90) });
        const summary = await store.participantSummary('signaux-faibles', STALE_BEFORE, 'hash-v1');
        expect(summary.dropoutByStep).toEqual({ consent: 1, instructions: 0, practice: 0, trials: 2, questionnaires: 0, debrief: 0 });
        expect(summary.invitedNotStarted).toBe(2);
        expect(summary.medianCompletionMs).toBe(20 * 60_000);
        expect((await store.participantSummary('signaux-faibles', STALE_BEFORE)).medianCompletionMs).toBe(25 * 60_000);
        expect((await store.participantSummary('other-study', STALE_BEFORE)).medianCompletionMs).toBeNull();
      });

      it('streams participants in creation order with status, skip and limit', async () => {
        const ps: ParticipantDoc[] = [];
        for (let i = 0; i < 5; i += 1) ps.push(await insert({ createdAt: minutesAfter(T0, i), status: i === 2 ? 'completed' : 'active' }));
        expect((await collect(store.participants('signaux-faibles'))).map((p) => p.id)).toEqual(ps.map((p) => p.id));
        expect((await collect(store.participants('signaux-faibles', { status: 'completed' }))).map((p) => p.id)).toEqual([ps[2].id]);
        expect((await collect(store.participants('signaux-faibles', { skip: 1, limit: 2 }))).map((p) => p.id)).toEqual([ps[1].id, ps[2].id]);
        expect(await collect(store.participants('other-study'))).toEqual([]);
      });
    });

    describe('condition claims', () => {
      /** Least-filled condition among A and B, each capped at `cap` (completed + in progress). */
      function balancedCapped(cap: number) {
        return (counts: ConditionCountMap): string | null => {
          const used = (c: string) => (counts[c] ? counts[c].completed + counts[c].inProgress : 0);
          const open = ['A', 'B'].filter((c) => used(c) < cap);
          if (open.length === 0) return null;
          return open.reduce((best, c) => (used(c) < used(best) ? c : best));
        };
      }

      it('claims a condition and stores the participant with it', async () => {
        const claimed = await store.claimCondition(unassigned(), () => 'B', { staleBefore: STALE_BEFORE });
        expect(claimed?.condition).toBe('B');
        expect(await store.getParticipant(claimed!.id)).toEqual(claimed);
      });

      it('builds the trial plan for the chosen condition', async () => {
        const claimed = await store.claimCondition(unassigned(), () => 'B', {
          staleBefore: STALE_BEFORE,
          planFor: (condition) => ({ condition, cases: ['c3', 'c1'] }),
        });
        expect((await store.getParticipant(claimed!.id))?.plan).toEqual({ condition: 'B', cases: ['c3', 'c1'] });
      });

      it('stores nothing when choose says the study is full', async () => {
        const p = unassigned();
        expect(await store.claimCondition(p, () => null, { staleBefore: STALE_BEFORE })).toBeNull();
        expect(await store.getParticipant(p.id)).toBeNull();
      });

      it('never overbooks 50 parallel claims for 40 slots and keeps the conditions balanced', async () => {
        const results = await Promise.all(
          Array.from({ length: 50 }, () =>
            store.claimCondition(unassigned(), balancedCapped(20), { staleBefore: STALE_BEFORE, planFor: (condition) => ({ condition }) }),
          ),
        );
        const claimed = results.filter((r): r is ParticipantDoc => r !== null);
        expect(claimed).toHaveLength(40);
        expect(claimed.filter((p) => p.condition === 'A')).toHaveLength(20);
        expect(claimed.filter((p) => p.condition === 'B')).toHaveLength(20);
        const stored = await collect(store.participants('signaux-faibles'));
        expect(stored).toHaveLength(40);
        // A claim retried under contention may change condition: its plan must follow.
        for (const p of stored) expect((await store.getParticipant(p.id))?.plan).toEqual({ condition: p.condition });
        expect(await store.countByCondition('signaux-faibles', 'hash-v1', STALE_BEFORE)).toEqual({
          A: { completed: 0, inProgress: 20, stale: 0, withdrawn: 0, declined: 0, screenedOut: 0 },
          B: { completed: 0, inProgress: 20, stale: 0, withdrawn: 0, declined: 0, screenedOut: 0 },
        });
      });

      it('sees participants claimed earlier and counts them as stale when inactive', async () => {
        await store.claimCondition(unassigned({ lastActivityAt: minutesAfter(T0, -90) }), () => 'A', { staleBefore: STALE_BEFORE });
        let seen: ConditionCountMap = {};
        await store.claimCondition(unassigned(), (counts) => ((seen = counts), 'B'), { staleBefore: STALE_BEFORE });
        expect(seen).toEqual({ A: { completed: 0, inProgress: 0, stale: 1, withdrawn: 0, declined: 0, screenedOut: 0 } });
      });
    });

    describe('trials', () => {
      it('records a phase once: the same answer again returns the stored record', async () => {
        const p = await insert();
        const first = await store.recordTrial(trial(p));
        expect(first.created).toBe(true);
        const again = await store.recordTrial(trial(p, { serverRtMs: 9999, createdAt: minutesAfter(T0, 1) }));
        expect(again).toEqual({ created: false, record: trial(p) });
        expect(await collect(store.trials('signaux-faibles'))).toHaveLength(1);
      });

      it('refuses a different answer for a stored phase with a ConflictError', async () => {
        const p = await insert();
        await store.recordTrial(trial(p));
        await expect(store.recordTrial(trial(p, { decision: 'wait' }))).rejects.toBeInstanceOf(ConflictError);
        await expect(store.recordTrial(trial(p, { confidence: 20 }))).rejects.toBeInstanceOf(ConflictError);
        expect((await collect(store.trials('signaux-faibles')))[0].decision).toBe('contact');
      });

      it('stores the optional trust probe ratings with the decision; a different rating for a stored phase is a conflict', async () => {
        const p = await insert();
        const rated = trial(p, { trustRating: 5, selfConfidenceRating: 2 });
        await store.recordTrial(rated);
        expect(await store.recordTrial(trial(p, { trustRating: 5, selfConfidenceRating: 2, serverRtMs: 1 }))).toEqual({ created: false, record: rated });
        await expect(store.recordTrial(trial(p, { trustRating: 6, selfConfidenceRating: 2 }))).rejects.toBeInstanceOf(ConflictError);
        await expect(store.recordTrial(trial(p))).rejects.toBeInstanceOf(ConflictError);
        const [stored] = await collect(store.trials('signaux-faibles'));
        expect([stored.trustRating, stored.selfConfidenceRating]).toEqual([5, 2]);
      });

      it('keeps initial and final phases, and practice and main trials with the same index, apart', async () => {
        const p = await insert();
        await store.recordTrial(trial(p, { phase: 'initial' }));
        await store.recordTrial(trial(p, { phase: 'final', decision: 'wait' }));
        await store.recordTrial(trial(p, { practice: true, decision: 'wait' }));
        expect(await collect(store.trials('signaux-faibles'))).toHaveLength(3);
      });

      it('records a phase and moves the step in one call; sent again, it stores nothing twice and moves nothing', async () => {
        const p = await insert();
        const advance = { expected: p, next: { step: p.step, stepIndex: p.stepIndex + 1, at: minutesAfter(T0, 3), language: 'en' as const } };
        const { participant: after, ...first } = await store.recordTrial(trial(p), { participant: p, advance });
        expect(first).toEqual({ created: true, record: trial(p), moved: true });
        const moved = await store.getParticipant(p.id);
        expect(moved).toMatchObject({ step: p.step, stepIndex: p.stepIndex + 1, language: 'en', lastActivityAt: minutesAfter(T0, 3) });
        // The participant as the move left them, read in the same operation: what a read now gives (plan apart).
        expect(after).toEqual(await store.getParticipant(p.id, { withPlan: false }));
        expect(after).toMatchObject({ stepIndex: p.stepIndex + 1, language: 'en' });
        const again = await store.recordTrial(trial(p), { participant: p, advance });
        expect(again).toEqual({ created: false, record: trial(p), moved: false });
        expect(await store.getParticipant(p.id)).toEqual(moved);
        expect(await collect(store.trials('signaux-faibles'))).toHaveLength(1);
        // The participant passed in is checked like the stored one.
        await expect(store.recordTrial(trial(p, { condition: 'B' }), { participant: p, advance })).rejects.toThrow(/condition/);
        await expect(store.recordTrial(trial({ ...p, id: 'someone-else' }), { participant: p, advance })).rejects.toThrow(/participantId/);
      });

      it('records concurrent identical submissions exactly once', async () => {
        const p = await insert();
        const results = await Promise.all(Array.from({ length: 5 }, () => store.recordTrial(trial(p))));
        expect(results.filter((r) => r.created)).toHaveLength(1);
        expect(await collect(store.trials('signaux-faibles'))).toHaveLength(1);
      });

      it('refuses a trial whose config version or condition differs from its participant', async () => {
        const p = await insert();
        await expect(store.recordTrial(trial(p, { configHash: 'hash-v2' }))).rejects.toThrow(/configHash/);
        await expect(store.recordTrial(trial(p, { condition: 'B' }))).rejects.toThrow(/condition/);
        await expect(store.recordTrial(trial({ ...p, id: 'nobody' }))).rejects.toThrow(/unknown participant/);
      });

      it('streams trials by participant, practice first, trial index, initial before final', async () => {
        const a = await insert({ id: 'a-participant' });
        const b = await insert({ id: 'b-participant' });
        const advice = { recommendation: 'contact', confidence: 0.8, explanation: 'retards de cotisations', correct: true };
        await store.recordTrial(trial(b, { trialIndex: 0 }));
        await store.recordTrial(trial(a, { trialIndex: 1, phase: 'final', advice }));
        await store.recordTrial(trial(a, { trialIndex: 1, phase: 'initial' }));
        await store.recordTrial(trial(a, { trialIndex: 0, phase: 'final' }));
        await store.recordTrial(trial(a, { trialIndex: 0, phase: 'initial' }));
        await store.recordTrial(trial(a, { trialIndex: 5, practice: true }));
        const order = (await collect(store.trials('signaux-faibles'))).map((t) => `${t.participantId[0]}${t.practice ? 'p' : ''}${t.trialIndex}${t.phase[0]}`);
        expect(order).toEqual(['ap5i', 'a0i', 'a0f', 'a1i', 'a1f', 'b0i']);
        const onlyB = await collect(store.trials('signaux-faibles', { participantId: b.id }));
        expect(onlyB).toEqual([trial(b, { trialIndex: 0 })]);
        expect(await collect(store.trials('signaux-faibles', { practice: true }))).toHaveLength(1);
        const withAdvice = (await collect(store.trials('signaux-faibles'))).find((t) => t.advice !== null);
        expect(withAdvice?.advice).toEqual(advice);
      });
    });

    describe('questionnaire responses', () => {
      it('records answers idempotently and returns them in order', async () => {
        const p = await insert();
        const batch = [response(p, { item: 'q2', value: 5 }), response(p, { item: 'q1', value: 3 })];
        const first = await store.recordResponses(batch);
        expect(first.map((r) => r.created)).toEqual([true, true]);
        const again = await store.recordResponses(batch);
        expect(again.map((r) => r.created)).toEqual([false, false]);
        expect((await collect(store.responses('signaux-faibles'))).map((r) => `${r.item}=${r.value}`)).toEqual(['q1=3', 'q2=5']);
      });

      it('refuses a changed answer and writes nothing of that batch', async () => {
        const p = await insert();
        await store.recordResponses([response(p, { item: 'q1', value: 3 })]);
        await expect(
          store.recordResponses([response(p, { item: 'q2', value: 1 }), response(p, { item: 'q1', value: 4 })]),
        ).rejects.toBeInstanceOf(ConflictError);
        expect((await collect(store.responses('signaux-faibles'))).map((r) => r.item)).toEqual(['q1']);
      });

      it('keeps the type and text of a generic question, compares the text for idempotency, and erases free text', async () => {
        const p = await insert();
        const comment = response(p, { scale: 'profil', item: 'commentaire', type: 'text', value: 19, text: 'Très clair, merci.\n=1+1' });
        const role = response(p, { scale: 'profil', item: 'fonction', type: 'single_choice', value: 2, text: 'encadrant' });
        expect((await store.recordResponses([comment, role])).map((r) => r.created)).toEqual([true, true]);
        expect((await store.recordResponses([comment])).map((r) => r.created)).toEqual([false]);
        // Same value (length), another text: a different answer.
        await expect(store.recordResponses([{ ...comment, text: 'Autre texte, 19 car' }])).rejects.toBeInstanceOf(ConflictError);
        const stored = await collect(store.responses('signaux-faibles', { participantId: p.id }));
        expect(stored.map((r) => [r.item, r.type, r.value, r.text])).toEqual([
          ['commentaire', 'text', 19, 'Très clair, merci.\n=1+1'],
          ['fonction', 'single_choice', 2, 'encadrant'],
        ]);
        // A scale answer keeps no type nor text (records of earlier versions read the same).
        await store.recordResponses([response(p, { item: 'q1', value: 3 })]);
        const scale = (await collect(store.responses('signaux-faibles', { participantId: p.id }))).find((r) => r.scale === 'trust')!;
        expect('type' in scale || 'text' in scale).toBe(false);
        expect(await store.eraseParticipant(p.id)).toMatchObject({ responses: 3 });
        expect(await harness.rawDump(store)).not.toContain('Très clair');
      });
    });

    describe('audit events', () => {
      it('chains events: seq from 1, each prevHash the previous hash, and the chain verifies', async () => {
        const p = await insert();
        const e1 = await store.appendEvent('signaux-faibles', { type: 'experiment.opened', at: T0, data: { version: '1.0.0' } });
        const e2 = await store.appendEvent('signaux-faibles', { type: 'participant.joined', participantId: p.id, at: T0 });
        expect(e1.seq).toBe(1);
        expect(e1.prevHash).toBe('0'.repeat(64));
        expect(e2).toMatchObject({ seq: 2, prevHash: e1.hash });
        expect(e1.hash).toMatch(/^[0-9a-f]{64}$/);
        expect(await collect(store.events('signaux-faibles'))).toEqual([e1, e2]);
        expect(await store.verifyChain('signaux-faibles')).toEqual({ ok: true, count: 2, head: e2.hash });
      });

      it('never forks the chain under 30 concurrent appends', async () => {
        await Promise.all(Array.from({ length: 30 }, (_, i) => store.appendEvent('signaux-faibles', { type: 'tick', data: { i } })));
        const events = await collect(store.events('signaux-faibles'));
        expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
        expect(await store.verifyChain('signaux-faibles')).toMatchObject({ ok: true, count: 30 });
      });

      it('detects a removed event in the middle of the chain', async () => {
        for (let i = 0; i < 3; i += 1) await store.appendEvent('signaux-faibles', { type: 'tick', data: { i } });
        store = await harness.tamperEvent(store, 'signaux-faibles', 2, null);
        expect(await store.verifyChain('signaux-faibles')).toMatchObject({ ok: false, seq: 3, count: 1 });
      });

      it('detects changed event data through the content hash', async () => {
        const p = await insert();
        await store.appendEvent('signaux-faibles', { type: 'tick', participantId: p.id, data: { decision: 'contact' } });
        store = await harness.tamperEvent(store, 'signaux-faibles', 1, 'tick', { decision: 'wait' });
        expect(await store.verifyChain('signaux-faibles')).toMatchObject({ ok: false, seq: 1, reason: 'participant or data were modified' });
      });

      it('keeps one chain per experiment', async () => {
        await store.appendEvent('study-a', { type: 'x' });
        const b = await store.appendEvent('study-b', { type: 'x' });
        expect(b.seq).toBe(1);
      });

      it('detects an event modified in the database and names the first broken link', async () => {
        for (let i = 0; i < 4; i += 1) await store.appendEvent('signaux-faibles', { type: 'tick', data: { i } });
        store = await harness.tamperEvent(store, 'signaux-faibles', 3, 'forged');
        const result = await store.verifyChain('signaux-faibles');
        expect(result).toMatchObject({ ok: false, seq: 3, count: 2, reason: 'hash does not match the event' });
      });
    });

    describe('erasure', () => {
      it('removes every document of a participant, leaves nothing of them in any collection, keeps the chain valid', async () => {
        await store.openExperiment(experiment());
        const kept = await insert();
        // Its join took its label as a join key; the erasure gives it back (the dump below finds no trace of it).
        expect(await store.claimJoinKey(joinKey('signaux-faibles', 'label', 'erased-label-hash'), T0)).toEqual({ claimed: true });
        const erased = (await store.claimCondition(unassigned({ labelHash: 'erased-label-hash' }), () => 'A', { staleBefore: STALE_BEFORE }))!;
        for (const p of [kept, erased]) {
          await store.recordTrial(trial(p));
          await store.recordTrial(trial(p, { phase: 'final' }));
          await store.recordResponses([response(p)]);
          await store.appendEvent('signaux-faibles', { type: 'participant.joined', participantId: p.id, data: { condition: p.condition } });
        }
        const result = await store.eraseParticipant(erased.id);
        expect(result).toEqual({ participant: true, trials: 2, responses: 1, redactedEvents: 1 });
        expect(await store.getParticipant(erased.id)).toBeNull();
        expect(await collect(store.trials('signaux-faibles', { participantId: erased.id }))).toEqual([]);
        expect(await collect(store.responses('signaux-faibles', { participantId: erased.id }))).toEqual([]);
        const dump = await harness.rawDump(store);
        expect(dump).not.toContain(erased.id);
        expect(dump).not.toContain('erased-label-hash');
        expect(dump).toContain(kept.id);
        const events = await collect(store.events('signaux-faibles'));
        expect(events.at(-1)).toMatchObject({ type: 'participant.erased', data: { trials: 2, responses: 1, redactedEvents: 1 } });
        expect(events.filter((e) => e.redacted)).toHaveLength(1);
        expect(await store.verifyChain('signaux-faibles')).toMatchObject({ ok: true, count: 3 });
        expect((await collect(store.trials('signaux-faibles'))).length).toBe(2);
        expect(await store.claimJoinKey(joinKey('signaux-faibles', 'label', 'erased-label-hash'), T0)).toEqual({ claimed: true });
      });
      it('leaves no record of the participant in any file once later participants claimed after them', async () => {
        await store.openExperiment(experiment());
        const erased = (await store.claimCondition(unassigned(), () => 'A', { staleBefore: STALE_BEFORE }))!;
        // Later claims replace the assignment document that named the erased participant as its last claimant.
        const later = [];
        for (let i = 0; i < 3; i += 1) later.push((await store.claimCondition(unassigned(), () => 'B', { staleBefore: STALE_BEFORE }))!);
        await store.advanceStep(erased.id, { step: 'consent', stepIndex: 0 }, { step: 'instructions', stepIndex: 0 });
        await store.eraseParticipant(erased.id);
        const dump = await harness.rawDump(store);
        expect(dump).not.toContain(erased.id);
        for (const p of later) expect(dump).toContain(p.id);
      });

      it('keeps nothing of trials, answers and events written while the erasure runs, and refuses them afterwards', async () => {
        await store.openExperiment(experiment());
        const erased = (await store.claimCondition(unassigned(), () => 'A', { staleBefore: STALE_BEFORE }))!;
        await store.recordTrial(trial(erased, { trialIndex: 0 }));
        // Writes started at every moment of the erasure: before it, with it, and at each turn of the event loop after.
        const writes: Promise<unknown>[] = [];
        const settled = (write: Promise<unknown>) => writes.push(write.catch((error: unknown) => error));
        const erasing = store.eraseParticipant(erased.id);
        for (let i = 1; i <= 40; i += 1) {
          settled(store.recordTrial(trial(erased, { trialIndex: i })));
          // The decision route's write: the participant as read before, the trial and the move of the step in one call.
          const advance = { expected: { step: erased.step, stepIndex: erased.stepIndex + i - 1 }, next: { step: erased.step, stepIndex: erased.stepIndex + i } };
          settled(store.recordTrial(trial(erased, { trialIndex: 100 + i }), { participant: erased, advance }));
          settled(store.recordResponses([response(erased, { item: `item-${i}` })]));
          settled(store.appendEvent('signaux-faibles', { type: 'tick', participantId: erased.id, data: { i } }));
          await new Promise((resolve) => setImmediate(resolve));
        }
        await erasing;
        await Promise.all(writes);
        await expect(store.recordTrial(trial(erased, { trialIndex: 99 }))).rejects.toThrow(/erased|unknown participant/);
        await expect(store.appendEvent('signaux-faibles', { type: 'late', participantId: erased.id })).rejects.toThrow(/erased/);
        expect(await harness.rawDump(store)).not.toContain(erased.id);
        store = await harness.reopen(store);
        expect(await harness.rawDump(store)).not.toContain(erased.id);
        expect(await store.verifyChain('signaux-faibles')).toMatchObject({ ok: true });
      });
    });

    describe('defence in depth', () => {
      it('refuses strings and keys starting with $ in written documents', async () => {
        await expect(store.insertParticipant(participant({ labelHash: '$ne' }))).rejects.toBeInstanceOf(UnsafeInputError);
        const p = await insert();
        await expect(store.recordTrial(trial(p, { caseId: '$gt' }))).rejects.toBeInstanceOf(UnsafeInputError);
        await expect(store.appendEvent('signaux-faibles', { type: 'x', data: { $where: 'sleep(1000)' } })).rejects.toBeInstanceOf(UnsafeInputError);
        await expect(store.recordResponses([response(p, { item: '$where' })])).rejects.toBeInstanceOf(UnsafeInputError);
        expect(await collect(store.trials('signaux-faibles'))).toEqual([]);
      });

      it('refuses an operator object where an id is expected', async () => {
        await insert();
        const injected = { $ne: null } as unknown as string;
        await expect(store.getParticipant(injected)).rejects.toBeInstanceOf(UnsafeInputError);
        await expect(store.advanceStep(injected, { step: 'consent', stepIndex: 0 }, { step: 'debrief', stepIndex: 0 })).rejects.toBeInstanceOf(UnsafeInputError);
        await expect(store.eraseParticipant(injected)).rejects.toBeInstanceOf(UnsafeInputError);
        expect(await collect(store.participants('signaux-faibles'))).toHaveLength(1);
      });
    });

    describe('join keys', () => {
      const key = joinKey('signaux-faibles', 'platform', 'pid-hash');
      it('one claim of a key wins; the others learn since when it is held', async () => {
        const claims = await Promise.all([0, 1, 2, 3].map((i) => store.claimJoinKey(key, minutesAfter(T0, i))));
        expect(claims.filter((c) => c.claimed)).toHaveLength(1);
        const winner = claims.findIndex((c) => c.claimed);
        for (const c of claims) if (!c.claimed) expect(c.heldSince).toEqual(minutesAfter(T0, winner));
        store = await harness.reopen(store);
        expect(await store.claimJoinKey(key, minutesAfter(T0, 5))).toEqual({ claimed: false, heldSince: minutesAfter(T0, winner) });
        // Another key of the same study, or the same hash as a label, is free.
        expect(await store.claimJoinKey(joinKey('signaux-faibles', 'label', 'pid-hash'), T0)).toEqual({ claimed: true });
      });

      it('a take-over succeeds once, only against the time it saw; a released key can be claimed again', async () => {
        await store.claimJoinKey(key, T0);
        expect(await store.takeOverJoinKey(key, minutesAfter(T0, 1), minutesAfter(T0, 2))).toBe(false);
        const both = await Promise.all([store.takeOverJoinKey(key, T0, minutesAfter(T0, 2)), store.takeOverJoinKey(key, T0, minutesAfter(T0, 3))]);
        expect(both.filter(Boolean)).toHaveLength(1);
        const holder = both[0] ? minutesAfter(T0, 2) : minutesAfter(T0, 3);
        expect(await store.claimJoinKey(key, minutesAfter(T0, 4))).toEqual({ claimed: false, heldSince: holder });
        await store.releaseJoinKeys([key]);
        expect(await store.claimJoinKey(key, minutesAfter(T0, 5))).toEqual({ claimed: true });
        await expect(store.claimJoinKey('$where', T0)).rejects.toBeInstanceOf(UnsafeInputError);
      });
    });

    describe('researcher sessions', () => {
      it('a session is active until its end, ended by sign-out, and refuses $ input', async () => {
        const end = minutesAfter(T0, 720);
        await store.startSession('digest-a', end, T0);
        await store.startSession('digest-b', end, T0);
        expect(await store.sessionActive('digest-a', minutesAfter(T0, 1))).toBe(true);
        expect(await store.sessionActive('digest-a', end)).toBe(false);
        expect(await store.sessionActive('unknown', T0)).toBe(false);
        await store.endSession('digest-a');
        expect(await store.sessionActive('digest-a', minutesAfter(T0, 1))).toBe(false);
        expect(await store.sessionActive('digest-b', minutesAfter(T0, 1))).toBe(true);
        await expect(store.sessionActive('$where', T0)).rejects.toBeInstanceOf(UnsafeInputError);
      });

      it('forgets expired sessions when a new one starts, and keeps live ones across a reopen', async () => {
        await store.startSession('old', minutesAfter(T0, 10), T0);
        await store.startSession('live', minutesAfter(T0, 720), T0);
        await store.startSession('new', minutesAfter(T0, 740), minutesAfter(T0, 20));
        store = await harness.reopen(store);
        // 'old' was deleted, not just expired: even a clock set back does not revive it.
        expect(await store.sessionActive('old', T0)).toBe(false);
        expect(await store.sessionActive('live', minutesAfter(T0, 30))).toBe(true);
        expect(await store.sessionActive('new', minutesAfter(T0, 30))).toBe(true);
      });
    });

    describe('durability', () => {
      it('sees everything again after closing and reopening', async () => {
        await store.openExperiment(experiment());
        const p = (await store.claimCondition(unassigned({ plan: { order: [3, 1, 2] } }), () => 'A', { staleBefore: STALE_BEFORE }))!;
        await store.advanceStep(p.id, { step: 'consent', stepIndex: 0 }, { step: 'trials', stepIndex: 1, at: minutesAfter(T0, 3) });
        await store.recordTrial(trial(p));
        await store.recordResponses([response(p)]);
        await store.appendEvent('signaux-faibles', { type: 'participant.joined', participantId: p.id });
        store = await harness.reopen(store);
        expect(await store.getExperiment('signaux-faibles')).toEqual(experiment());
        expect(await store.getParticipant(p.id)).toEqual({ ...p, step: 'trials', stepIndex: 1, lastActivityAt: minutesAfter(T0, 3) });
        expect(await collect(store.trials('signaux-faibles'))).toEqual([trial(p)]);
        expect(await collect(store.responses('signaux-faibles'))).toEqual([response(p)]);
        expect(await store.verifyChain('signaux-faibles')).toMatchObject({ ok: true, count: 1 });
        // The claim's version document survived too: the next claim still sees the first participant.
        let seen: ConditionCountMap = {};
        await store.claimCondition(unassigned(), (counts) => ((seen = counts), 'B'), { staleBefore: STALE_BEFORE });
        expect(seen.A?.inProgress).toBe(1);
      });
    });
  });
}
