/** The registry of explanation types: each module is one place, and its template and texts are where convention says. */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EXPLANATIONS, EXPLANATION_TYPES, explanationSchema } from '../../experiments/explanations/index.ts';
import { templateName } from '../../experiments/explanations/explanation-type.ts';
import { translator } from '../../server/i18n.ts';
import { LANGUAGES } from '../../experiments/schema.ts';

describe('explanation registry', () => {
  it('derives the list of types from the modules, one module per type', () => {
    expect(EXPLANATION_TYPES).toEqual(EXPLANATIONS.map((m) => m.type));
    expect(new Set(EXPLANATION_TYPES).size).toBe(EXPLANATION_TYPES.length);
  });

  it("declares in each module the type its schema's literal admits", () => {
    for (const m of EXPLANATIONS) {
      const shape = m.schema.shape as { type: z.ZodLiteral<string> };
      expect(shape.type.value).toBe(m.type);
      expect(explanationSchema.safeParse({ type: m.type }).success).toBe(true);
    }
    expect(explanationSchema.safeParse({ type: 'no_such_type' }).success).toBe(false);
  });

  it('finds the template of every type that shows something under views/explanations/, named from the type', () => {
    for (const m of EXPLANATIONS) {
      if (m.view === null) continue;
      expect(existsSync(`views/explanations/${templateName(m.type)}.ejs`), m.type).toBe(true);
    }
    expect(templateName('feature_importance')).toBe('feature-importance');
  });

  it('has the introduction of every shown type in both languages', () => {
    for (const lang of LANGUAGES) {
      const tr = translator(lang);
      for (const m of EXPLANATIONS.filter((x) => x.view !== null)) {
        const key = `explanations.${m.type}.intro`;
        expect(tr.t(key), `${lang} ${key}`).not.toBe(key);
      }
    }
  });
});
