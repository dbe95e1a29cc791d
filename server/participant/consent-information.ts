/**
 * The consent information of the experiment file (experiments/consent/schema.ts) as the participant reads it: one
 * heading and text per declared item, in the file's order of items, in the page's language.
 */
import { CONSENT_ITEMS } from '../../experiments/consent/schema.ts';
import type { Experiment } from '../../experiments/model.ts';
import type { Translator } from '../i18n.ts';

export interface InformationItem {
  key: string;
  heading: string;
  text: string;
}

export function consentInformation(exp: Experiment, tr: Translator): InformationItem[] {
  const info = exp.file.consent;
  if (!info) return [];
  return CONSENT_ITEMS.flatMap((key) => {
    const value = info[key];
    if (value === undefined) return [];
    return [{ key, heading: tr.t(`consent.items.${key}`), text: typeof value === 'string' ? value : tr.text(value) }];
  });
}
