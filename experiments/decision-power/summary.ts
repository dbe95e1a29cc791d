/** The decision-power settings of a condition, as `confiance validate` lists them beside its other settings. */
import type { Condition } from '../model.ts';
import type { Language } from '../schema.ts';

const WORDS = {
  en: { ai: 'last word: AI (proposal applied unless overridden)', agent: 'last word: agent', justify: (n: number) => `overrides justified (>= ${n} characters)` },
  fr: { ai: "dernier mot : IA (proposition appliquée sauf dérogation)", agent: "dernier mot : agent", justify: (n: number) => `dérogations justifiées (>= ${n} caractères)` },
} as const;

export function decisionPowerParts(c: Condition, lang: Language): string[] {
  const w = WORDS[lang];
  const parts: string[] = [];
  if (c.lastWord !== undefined) parts.push(w[c.lastWord]);
  if (c.justifyOverrides !== undefined) parts.push(w.justify(c.justifyOverrides.min_chars));
  return parts;
}
