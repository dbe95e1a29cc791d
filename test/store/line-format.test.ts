/**
 * The embedded store's line format (line-format.ts) is nedb's `model.serialize`, computed without a replacer: the
 * same text for every document, the same refusals with the same messages. Checked on the records the store writes
 * and on 3,000 random documents (seeded) mixing every kind of value nedb accepts.
 */
import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../../experiments/random.ts';
import { nedbModel } from '../../server/store/embedded/nedb.ts';
import { serializeDoc } from '../../server/store/embedded/line-format.ts';

const KEYS = ['a', 'decision', 'servedAt', 'é', 'x y', '_id', 'n0', 'k-1', '$$date', '$$deleted', '$$indexCreated', '$bad', 'dotted.key'];

function randomValue(rng: Rng, depth: number): unknown {
  switch (rng.int(0, depth > 2 ? 9 : 11)) {
    case 0:
      return null;
    case 1:
      return undefined;
    case 2:
      return rng.pick([0, -0, 1.5, -3, 1e21, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY, rng.float()]);
    case 3:
      return rng.pick(['', 'contacter', 'guillemets " et \\ barre', 'ligne\nnouvelle', '\u2028\u0000', 'émoji 🙂', '$$date']);
    case 4:
      return rng.int(0, 1) === 1;
    case 5:
      return new Date(rng.int(0, 2_000_000_000_000));
    case 6:
      return new Date(Number.NaN);
    case 7:
      return rng.int(-1000, 1000);
    case 8:
      return () => 1;
    case 9:
      return 'texte';
    case 10:
      return Array.from({ length: rng.int(0, 4) }, () => randomValue(rng, depth + 1));
    default:
      return randomObject(rng, depth + 1, false);
  }
}

function randomObject(rng: Rng, depth: number, allowBadKeys: boolean): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (let i = rng.int(0, 5); i > 0; i--) {
    const key = rng.pick(allowBadKeys ? KEYS : KEYS.filter((k) => !k.startsWith('$') && !k.includes('.')));
    object[key] = key === '$$date' ? rng.pick([rng.int(0, 10), 'x']) : key === '$$deleted' ? rng.pick([true, false]) : randomValue(rng, depth);
  }
  return object;
}

/** What serializing gives: the text, or the error message. */
function outcome(serialize: (doc: object) => string, doc: object): string {
  try {
    return `text ${serialize(doc)}`;
  } catch (error) {
    return `error ${(error as Error).message}`;
  }
}

describe('serializeDoc', () => {
  it('writes the records the store writes as nedb does', () => {
    const trial = {
      _id: 'p1:0',
      participantId: 'p1',
      experimentId: 'signaux-faibles',
      trialIndex: 0,
      practice: false,
      decision: 'contacter',
      confidence: 5,
      servedAt: new Date('2026-12-06T10:00:00.000Z'),
      decidedAt: new Date('2026-12-06T10:00:07.250Z'),
      advice: { recommendation: 'contacter', shown: true, at: new Date(1_800_000_000_000) },
      probes: [{ item: 'trust', value: 4, at: new Date(1) }],
      note: undefined,
    };
    expect(serializeDoc(trial)).toBe(nedbModel.serialize(trial));
    expect(serializeDoc(trial)).toContain('"servedAt":{"$$date":1796551200000}');
    expect(serializeDoc({ $$deleted: true, _id: 'k' })).toBe('{"$$deleted":true,"_id":"k"}');
  });

  it('leaves the document it serializes unchanged', () => {
    const at = new Date(5);
    const doc = { at, list: [at, { at }] };
    serializeDoc(doc);
    expect(doc.at).toBe(at);
    expect(doc.list[0]).toBe(at);
    expect((doc.list[1] as { at: Date }).at).toBe(at);
  });

  it('gives the same text or the same refusal as nedb for 3,000 random documents', () => {
    const rng = createRng(20261206);
    let refused = 0;
    let withDates = 0;
    for (let i = 0; i < 3000; i++) {
      const doc = randomObject(rng, 0, i % 3 === 0);
      const expected = outcome(nedbModel.serialize, doc);
      expect(outcome(serializeDoc, doc), JSON.stringify(doc)).toBe(expected);
      if (expected.startsWith('error')) refused++;
      if (expected.includes('$$date')) withDates++;
    }
    // The sample covers both refusals and dates, nested or not.
    expect(refused).toBeGreaterThan(100);
    expect(withDates).toBeGreaterThan(300);
  });

  it('leaves a value with a toJSON or a getTime of its own to nedb', () => {
    const docs = [
      { a: 1, b: { toJSON: () => ({ c: new Date(3) }) } },
      { d: Object.assign(new Date(3), { toJSON: () => null }) },
      { t: { getTime: () => 5 } },
    ];
    for (const doc of docs) expect(serializeDoc(doc)).toBe(nedbModel.serialize(doc));
  });
});
