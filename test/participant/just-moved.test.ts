import { describe, expect, it } from 'vitest';
import { JUST_MOVED_MS, JustMoved, type MovedParticipant } from '../../server/participant/just-moved.ts';
import type { ParticipantDoc, TrialRecord } from '../../server/store/index.ts';

const T0 = new Date('2026-03-02T09:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

function moved(id: string, stepIndex: number): MovedParticipant {
  const participant = { id, step: 'trials', stepIndex } as ParticipantDoc;
  const trial = { participantId: id, trialIndex: stepIndex - 1, phase: 'final', practice: false } as TrialRecord;
  return { participant, trial };
}

describe('JustMoved: what a decision POST wrote, for the GET of its redirect', () => {
  it('gives the entry once, to its participant and the token of the POST that made it only', () => {
    const kept = new JustMoved();
    const token = kept.remember(moved('p1', 4), T0);
    expect(token).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(kept.take('p2', token, T0)).toBeNull();
    expect(kept.take('p1', undefined, T0)).toBeNull();
    expect(kept.take('p1', `${token}x`, T0)).toBeNull();
    expect(kept.take('p1', token, at(10))?.participant.stepIndex).toBe(4);
    expect(kept.take('p1', token, at(20))).toBeNull();
  });

  it('keeps it JUST_MOVED_MS, not a millisecond more', () => {
    const kept = new JustMoved();
    const first = kept.remember(moved('p1', 4), T0);
    expect(kept.take('p1', first, at(JUST_MOVED_MS))?.trial.trialIndex).toBe(3);
    const second = kept.remember(moved('p1', 5), T0);
    expect(kept.take('p1', second, at(JUST_MOVED_MS + 1))).toBeNull();
  });

  it('the latest write of a participant replaces the earlier one (whose token no longer opens it); forget drops it', () => {
    const kept = new JustMoved();
    const earlier = kept.remember(moved('p1', 4), T0);
    const later = kept.remember(moved('p1', 5), at(5));
    expect(later).not.toBe(earlier);
    expect(kept.take('p1', earlier, at(6))).toBeNull();
    expect(kept.take('p1', later, at(6))?.participant.stepIndex).toBe(5);
    const again = kept.remember(moved('p1', 6), at(7));
    kept.forget('p1');
    expect(kept.take('p1', again, at(8))).toBeNull();
  });

  it('holds at most 10,000 participants, dropping the oldest first', () => {
    const kept = new JustMoved();
    const tokens = Array.from({ length: 10_001 }, (_, i) => kept.remember(moved(`p${i}`, 1), T0));
    expect(kept.take('p0', tokens[0], T0)).toBeNull();
    expect(kept.take('p1', tokens[1], T0)?.participant.id).toBe('p1');
    expect(kept.take('p10000', tokens[10_000], T0)?.participant.id).toBe('p10000');
  });
});
