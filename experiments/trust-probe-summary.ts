/** The words `confiance validate` prints for a condition's in-task trust probe and first-error position. */
import type { Condition } from './model.ts';
import type { Language } from './schema.ts';

const WORDS = {
  en: { trust: (every: number, points: number) => `trust rating every ${every} trials (1-${points})`, self: 'with self-confidence', first: (at: number) => `first AI error at trial ${at}` },
  fr: { trust: (every: number, points: number) => `confiance demandée tous les ${every} essais (1-${points})`, self: 'avec confiance en soi', first: (at: number) => `première erreur de l'IA à l'essai ${at}` },
} as const;

export function trustAndFirstErrorParts(c: Condition, lang: Language): string[] {
  const w = WORDS[lang];
  const parts: string[] = [];
  if (c.trustProbe) parts.push(`${w.trust(c.trustProbe.every, c.trustProbe.scalePoints)}${c.trustProbe.selfConfidence ? ` ${w.self}` : ''}`);
  if (c.firstErrorAt !== undefined) parts.push(w.first(c.firstErrorAt));
  return parts;
}
