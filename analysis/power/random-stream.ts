/**
 * A fast seeded stream of uniform and normal variates for Monte Carlo power: millions of draws per run, so a plain
 * mutable generator over 32-bit integers rather than the design engine's pure-rand wrapper.
 *
 * Generator: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, PractRand-clean to 2^50+ bytes), state
 * seeded from one 32-bit integer by splitmix32 and warmed up by 12 outputs. Uniforms carry 32 random bits, enough
 * for probabilities compared with rates and for Box-Muller normals (the smallest uniform is 2^-33, |z| <= 6.8).
 */
export interface RandomStream {
  /** Uniform in (0, 1): never 0, so logs are finite. */
  uniform(): number;
  /** Standard normal. */
  normal(): number;
}

export function randomStream(seed: number): RandomStream {
  let s = seed >>> 0;
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = 1;
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) next();

  let spare = 0;
  let hasSpare = false;
  const uniform = (): number => (next() + 0.5) * 2.3283064365386963e-10; // (k + 1/2) / 2^32
  return {
    uniform,
    normal: () => {
      if (hasSpare) {
        hasSpare = false;
        return spare;
      }
      // Box-Muller: two independent normals per pair of uniforms.
      const r = Math.sqrt(-2 * Math.log(uniform()));
      const theta = 2 * Math.PI * uniform();
      spare = r * Math.sin(theta);
      hasSpare = true;
      return r * Math.cos(theta);
    },
  };
}
