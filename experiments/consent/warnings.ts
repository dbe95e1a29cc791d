/**
 * Warnings (not errors: a pilot may run without them) for a study meant for real participants — it declares a
 * `recruitment` or `real_participants: true` — whose consent information lacks what an ethics board and the CNIL
 * expect to read before consent (GDPR art. 13).
 */
import type { Problem } from '../problems.ts';
import type { ExperimentFile } from '../schema.ts';
import { CONSENT_ITEMS } from './schema.ts';

export function consentWarnings(file: ExperimentFile): Problem[] {
  if (!file.recruitment && !file.real_participants) return [];
  const why = file.recruitment ? 'the study recruits real participants (recruitment)' : 'real_participants is true';
  if (!file.consent) {
    return [{ path: ['texts', 'consent'], message: `${why} but the file has no \`consent\` information (data controller, purpose, legal basis, rights, contact, ethics approval...)` }];
  }
  const missing = CONSENT_ITEMS.filter((item) => file.consent?.[item] === undefined);
  return missing.length === 0 ? [] : [{ path: ['consent'], atKey: true, message: `${why}; consent information missing: ${missing.join(', ')}` }];
}
