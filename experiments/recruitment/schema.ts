/**
 * `recruitment`: how participants arrive from a panel (Prolific first; any panel that passes ids in the URL) and
 * where they are sent at each end of the study. Read by the open link (capture, resume by platform id), by the end
 * pages (completion, declined consent, withdrawal, screen-out) and by the payments (the platform id of the bonus CSV).
 */
import { z } from 'zod';

export const PLATFORMS = ['prolific', 'generic'] as const;

/** A URL parameter name as panels write them (PROLIFIC_PID, STUDY_ID, pid...). */
const parameterName = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'must be 1-64 letters, digits or "_", starting with a letter')
  .refine((n) => !['lang', 'label', 'at', '_csrf'].includes(n), 'is a name Confiance uses itself (lang, label, at, _csrf)');

const parameterSchema = z
  .object({
    name: parameterName,
    store: z
      .enum(['as_given', 'hashed'])
      .default('as_given')
      .describe('as_given: kept as received (needed to pay people); hashed: only a salted hash is kept'),
  })
  .strict();

const codeSchema = z.string().regex(/^[A-Za-z0-9-]{4,32}$/, 'must be 4-32 letters, digits or "-"');

/** Where one end of the study sends the participant: a code to paste back, and/or a link back to the platform. */
const endSchema = z
  .object({
    code: codeSchema.optional().describe('code shown to the participant (Prolific: the completion code of this outcome)'),
    url: z.url({ protocol: /^https?$/ }).optional().describe('link back to the platform (default on Prolific: its completion URL with the code)'),
  })
  .strict();
export type RecruitmentEnd = z.infer<typeof endSchema>;

export const recruitmentSchema = z
  .object({
    platform: z.enum(PLATFORMS).describe('prolific: PROLIFIC_PID, STUDY_ID and SESSION_ID are captured by default'),
    parameters: z
      .array(parameterSchema)
      .optional()
      .describe('URL parameters of the open link to keep with the participant (default on Prolific: PROLIFIC_PID, STUDY_ID, SESSION_ID, as given)'),
    participant_id_parameter: parameterName
      .optional()
      .describe('the parameter that identifies the participant on the platform: the same value resumes the same participant (default on Prolific: PROLIFIC_PID)'),
    completion: endSchema
      .extend({
        per_participant: z
          .boolean()
          .default(false)
          .describe('true: each participant gets their own code (a keyed hash of their id, checkable by the researcher) instead of `code`'),
      })
      .strict()
      .describe('after the debrief'),
    declined: endSchema.optional().describe('after declining consent'),
    withdrawn: endSchema.optional().describe('after withdrawing'),
    screened_out: endSchema.optional().describe('after failing the comprehension check (or another eligibility criterion)'),
  })
  .strict();
export type Recruitment = z.infer<typeof recruitmentSchema>;

/** The parameters captured, with Prolific's defaults. */
export function recruitmentParameters(r: Recruitment): { name: string; store: 'as_given' | 'hashed' }[] {
  if (r.parameters) return r.parameters;
  return r.platform === 'prolific'
    ? ['PROLIFIC_PID', 'STUDY_ID', 'SESSION_ID'].map((name) => ({ name, store: 'as_given' as const }))
    : [];
}

/** The parameter whose value identifies a participant on the platform, if any. */
export function participantIdParameter(r: Recruitment): string | undefined {
  return r.participant_id_parameter ?? (r.platform === 'prolific' ? 'PROLIFIC_PID' : undefined);
}

export type EndKind = 'completion' | 'declined' | 'withdrawn' | 'screened_out';

/** Prolific's completion URL for a code (the "redirect" option of a Prolific study). */
export function prolificCompletionUrl(code: string): string {
  return `https://app.prolific.com/submissions/complete?cc=${encodeURIComponent(code)}`;
}
