/** `none`: the recommendation alone — the control condition. */
import { z } from 'zod';
import { defineExplanation } from './explanation-type.ts';

export const noneSchema = z.object({ type: z.literal('none') }).strict();
export type NoneOptions = z.infer<typeof noneSchema>;
export interface NoneContent { type: 'none' }

export function buildNone(): NoneContent {
  return { type: 'none' };
}

export const noneExplanation = defineExplanation({
  type: 'none',
  schema: noneSchema,
  usesContributions: false,
  build: buildNone,
  view: null,
});
