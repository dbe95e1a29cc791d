/**
 * Seeded randomness for the design engine: every random choice of a plan comes from here, so a plan is a pure
 * function of its seeds and can be recomputed on any machine (no Math.random, no Date, no locale).
 *
 * Generator: xoroshiro128+ from pure-rand 8 (mutable generators since v7), integers via its rejection-sampling
 * `uniformInt` (no modulo bias), floats via `uniformFloat64` (53 random bits).
 */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';

/** A seeded random source. Not shareable across plans: each call advances it. */
export interface Rng {
  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** Uniform float in [0, 1). */
  float(): number;
  /** One element, uniformly. Throws on an empty list. */
  pick<T>(items: readonly T[]): T;
  /** A uniformly shuffled copy (Fisher-Yates). */
  shuffle<T>(items: readonly T[]): T[];
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const encoder = new TextEncoder();

/**
 * A stable unsigned 32-bit seed from strings and numbers: FNV-1a over the UTF-8 bytes of the parts, each part
 * prefixed by its type and followed by a 0x1f separator (so `('a', 'b')` differs from `('ab')` and `1` from `'1'`).
 * Numbers are written with `String(n)`, which ECMAScript defines exactly (shortest round-trip form).
 * Example: `seedFor(1, 'participant-abc', 'cases')`.
 */
export function seedFor(...parts: (string | number)[]): number {
  let hash = FNV_OFFSET;
  for (const part of parts) {
    const text = `${typeof part === 'number' ? 'n' : 's'}${String(part)}\u001f`;
    for (const byte of encoder.encode(text)) {
      hash ^= byte;
      hash = Math.imul(hash, FNV_PRIME) >>> 0;
    }
  }
  // FNV-1a's low bits mix poorly for short inputs; one final avalanche step (murmur3 fmix32) spreads them.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b) >>> 0;
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35) >>> 0;
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** A generator seeded with a 32-bit integer (e.g. from `seedFor`). */
export function createRng(seed: number): Rng {
  const generator = xoroshiro128plus(seed | 0);
  // pure-rand seeds xoroshiro with a sparse state (-1, ~seed, seed, 0): discard a few outputs so that nearby seeds
  // do not start with correlated values.
  for (let i = 0; i < 16; i++) generator.next();
  const rng: Rng = {
    int: (min, max) => {
      if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
        throw new RangeError(`rng.int: invalid range [${min}, ${max}]`);
      }
      return uniformInt(generator, min, max);
    },
    float: () => uniformFloat64(generator),
    pick: (items) => {
      if (items.length === 0) throw new RangeError('rng.pick: empty list');
      return items[uniformInt(generator, 0, items.length - 1)];
    },
    shuffle: (items) => {
      const out = items.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = uniformInt(generator, 0, i);
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    },
  };
  return rng;
}

/** Accept either a ready generator or a seed (the pure functions take both). */
export function toRng(source: Rng | number): Rng {
  return typeof source === 'number' ? createRng(source) : source;
}
