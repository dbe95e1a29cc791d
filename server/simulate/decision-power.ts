/**
 * How a simulated participant deals with the decision-power settings (experiments/decision-power): where the AI's
 * proposal is applied unless overridden, it presses "apply the proposal" or chooses another answer and overrides;
 * asked to justify an override, it writes a sentence about the dossier, read from the page like a person would.
 */
import type { Rng } from '../../experiments/random.ts';
import { readForms, attributes, type HtmlForm } from './html-form.ts';
import type { TrialSeen } from './flow-page.ts';

/** Share of justifications written too short at the first try (the server refuses them; the bot then writes more). */
export const TOO_SHORT_FIRST = 0.25;

/** The fields that give `decision`: on a last-word page, "apply" (the advice) or "override" with another answer. */
export function decisionFields(trial: TrialSeen, decision: string, advice: string | null): Record<string, string> {
  if (!trial.lastWord) return { decision };
  return decision === advice ? { action: 'apply' } : { action: 'override', decision };
}

export interface JustificationPage {
  form: HtmlForm;
  minChars: number;
  /** The page shows a refusal (the text sent was too short). */
  refused: boolean;
}

/** The justification page (a form with a `justification` text area), or null for any other page. */
export function readJustificationPage(html: string): JustificationPage | null {
  const form = readForms(html).find((f) => f.method === 'post' && f.texts.includes('justification'));
  if (!form) return null;
  const area = /<textarea\b([^>]*)>/.exec(html);
  const minChars = Number(attributes(area?.[1] ?? '')['data-min-chars'] ?? '1');
  return { form, minChars: Number.isFinite(minChars) && minChars > 0 ? minChars : 1, refused: html.includes('id="justification-error"') };
}

const REASONS = {
  fr: [
    'Le dossier ne correspond pas à la recommandation',
    "Au vu des plaintes et du dernier contrôle, je ne suis pas l'outil",
    "Mon expérience de ce type d'établissement m'amène à une autre conclusion",
  ],
  en: [
    'The dossier does not match the recommendation',
    'Given the complaints and the last inspection, I do not follow the tool',
    'My experience of this type of establishment leads me to another conclusion',
  ],
} as const;

/** A justification: at least `minChars` characters, or (tooShort) about half of them. */
export function justificationText(minChars: number, lang: 'fr' | 'en', rng: Rng, tooShort: boolean): string {
  const reason = rng.pick(REASONS[lang]);
  if (tooShort) return [...reason].slice(0, Math.max(0, Math.floor(minChars / 2))).join('').trim() || '.';
  let text = `${reason}.`;
  while ([...text].length < minChars) text += lang === 'fr' ? ' Je maintiens ma décision.' : ' I keep my decision.';
  return text;
}
