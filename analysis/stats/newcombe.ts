import { wilsonInterval, Z_95 } from './wilson.ts';

/**
 * Newcombe's hybrid score interval for a difference of independent proportions p1 - p2 (Newcombe 1998, method 10),
 * built from the two Wilson intervals (l1, u1) and (l2, u2):
 *   lower = d - sqrt((p1 - l1)^2 + (u2 - p2)^2),  upper = d + sqrt((u1 - p1)^2 + (p2 - l2)^2),  d = p1 - p2.
 * Either n = 0 gives null.
 * Source: R. G. Newcombe, "Interval estimation for the difference between independent proportions: comparison of
 * eleven methods", Statistics in Medicine 17:873-890 (1998); worked example there: 56/70 vs 48/80 gives
 * [0.0524, 0.3339].
 */
export function newcombeInterval(k1: number, n1: number, k2: number, n2: number, z: number = Z_95): [number, number] | null {
  const w1 = wilsonInterval(k1, n1, z);
  const w2 = wilsonInterval(k2, n2, z);
  if (w1 === null || w2 === null) return null;
  const p1 = k1 / n1;
  const p2 = k2 / n2;
  const d = p1 - p2;
  const lower = d - Math.sqrt((p1 - w1[0]) ** 2 + (w2[1] - p2) ** 2);
  const upper = d + Math.sqrt((w1[1] - p1) ** 2 + (p2 - w2[0]) ** 2);
  return [lower, upper];
}
