/**
 * `consent`: the information a French ethics board (CER) and the CNIL expect before consent (GDPR art. 13), declared
 * in the file and rendered as a structured page with a printable copy: the data controller, purpose and legal basis,
 * what is collected and what is not, retention, recipients, the participant's rights and how to exercise them
 * (contact, data protection officer), the ethics approval reference and the right to withdraw.
 * `confiance validate` warns when a study meant for real participants lacks any of them (experiments/consent/warnings.ts).
 */
import { z } from 'zod';
import { localizedSchema } from '../localized.ts';

export const consentInformationSchema = z
  .object({
    controller: localizedSchema.optional().describe('data controller: the institution responsible for the processing, and its address'),
    purpose: localizedSchema.optional().describe('what the data are used for'),
    legal_basis: localizedSchema.optional().describe('GDPR legal basis, e.g. public-interest research mission (art. 6.1.e) or consent (art. 6.1.a)'),
    collected: localizedSchema.optional().describe('what is recorded (decisions, response times, questionnaire answers, platform id...)'),
    not_collected: localizedSchema.optional().describe('what is not (name, e-mail, IP address...)'),
    retention: localizedSchema.optional().describe('how long the data are kept, and in what form afterwards'),
    recipients: localizedSchema.optional().describe('who receives the data'),
    rights: localizedSchema.optional().describe('the rights (access, rectification, erasure, objection, complaint to the CNIL) and how to exercise them'),
    contact: z.string().min(3).max(200).optional().describe('where to exercise them and ask for erasure (an e-mail address or postal address)'),
    dpo: z.string().min(3).max(200).optional().describe("the data protection officer's contact"),
    ethics_approval: z.string().min(1).max(200).optional().describe('ethics committee and approval reference, e.g. "CER Université Paris-Saclay, avis n° 2024-012"'),
    withdrawal: localizedSchema.optional().describe('the right to withdraw at any time without giving a reason, and what happens to the data then'),
  })
  .strict();
export type ConsentInformation = z.infer<typeof consentInformationSchema>;

/** The information items in the order the page shows them (each with its heading in the locales). */
export const CONSENT_ITEMS = ['controller', 'purpose', 'legal_basis', 'collected', 'not_collected', 'retention', 'recipients', 'rights', 'contact', 'dpo', 'ethics_approval', 'withdrawal'] as const;
export type ConsentItem = (typeof CONSENT_ITEMS)[number];
