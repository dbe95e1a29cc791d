import { z } from 'zod';

/** A text in one or more languages; every declared language must be present (checked in checks.ts). */
export const localizedSchema = z
  .object({ fr: z.string().min(1).optional(), en: z.string().min(1).optional() })
  .strict()
  .refine((t) => t.fr !== undefined || t.en !== undefined, 'needs at least one language (fr or en)')
  .describe('A text per language: { fr: "...", en: "..." }');
export type Localized = z.infer<typeof localizedSchema>;
