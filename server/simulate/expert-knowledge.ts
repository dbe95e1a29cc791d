/**
 * What a simulated participant privately knows, as a domain expert would: the case bank of the experiment file. The
 * bot recognises the dossier it reads on the page among the bank's cases (formatted exactly as the page formats
 * them) and so knows the case's true answer. That is how an `accuracy-based` bot knows whether the advice is right
 * and how every bot's own answer is right with its own accuracy: never from the page, which has no truth in it.
 */
import type { Case, Experiment } from '../../experiments/model.ts';
import { translator } from '../i18n.ts';
import { dossierOf } from '../participant/display.ts';
import type { DossierRow } from './flow-page.ts';

export interface ExpertKnowledge {
  /** The case whose dossier reads exactly like this, or null when none or several different truths match. */
  recognise(dossier: readonly DossierRow[]): Case | null;
  /** The answer an instructed-response check asks for, from its text on the page. */
  instructedAnswer(text: string): string | null;
  /** The right answer to a comprehension question, by its field name (`q_<id>`), from the experiment file. */
  comprehensionAnswer(field: string): string | null;
  /** Whether an answer is right for a truth (numeric tasks: within correct_within). */
  same(answer: string | number, truth: string | number): boolean;
}

export function expertKnowledge(experiment: Experiment, lang: 'fr' | 'en'): ExpertKnowledge {
  const tr = translator(lang);
  const byDossier = new Map<string, Case[]>();
  for (const c of experiment.cases) {
    const key = signature(dossierOf(experiment, c.id, tr));
    const list = byDossier.get(key) ?? [];
    list.push(c);
    byDossier.set(key, list);
  }
  const instructed = new Map<string, string>();
  for (const check of experiment.file.procedure.attention_checks) {
    if (check.kind !== 'instructed_response') continue;
    instructed.set(normalise(tr.text(check.text)), check.expected);
  }
  const task = experiment.file.task;
  const same = (answer: string | number, truth: string | number) =>
    task.type === 'numeric' ? Math.abs(Number(answer) - Number(truth)) <= task.correct_within + 1e-9 : String(answer) === String(truth);
  return {
    recognise(dossier) {
      const matches = byDossier.get(signature(dossier)) ?? [];
      if (matches.length === 0) return null;
      // Twin dossiers are fine as long as they share their truth.
      return matches.every((c) => same(c.truth, matches[0].truth)) ? matches[0] : null;
    },
    instructedAnswer(text) {
      return instructed.get(normalise(text)) ?? null;
    },
    comprehensionAnswer(field) {
      return experiment.file.procedure.comprehension?.questions.find((q) => `q_${q.id}` === field)?.correct ?? null;
    },
    same,
  };
}

function signature(rows: readonly DossierRow[]): string {
  return rows.map((r) => `${normalise(r.label)}\u001f${normalise(r.value)}`).join('\u001e');
}

/** The page's text as a reader collapses it: runs of white space, no-break spaces included (French typography), become one space. */
function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
