/**
 * What a simulated participant makes of one page of the flow, from the HTML alone (as a person reads the screen):
 * which kind of page it is, the form to send, and on a decision page the dossier, the AI's recommendation and the
 * confidence figures shown. Nothing here can see the truth: it is not in the page.
 */
import { readForms, textOf, type HtmlForm, type RadioOption } from './html-form.ts';
import { readQuestions, type QuestionSeen } from './question-page.ts';

export interface DossierRow {
  label: string;
  value: string;
}

export interface AdviceSeen {
  /** The recommendation as written on the page (a label's text, or a number with its unit). */
  text: string;
  /** The model's confidence from a `confidence` explanation, in [0, 1]. */
  confidence: number | null;
  /** The accuracy the designers claim for the AI ("right in about 80% of cases"), in [0, 1]. */
  statedAccuracy: number | null;
}

export type FlowPage =
  | { kind: 'welcome'; form: HtmlForm }
  | { kind: 'consent'; form: HtmlForm }
  | { kind: 'questionnaire'; form: HtmlForm; items: { name: string; values: string[] }[] }
  /** A page of generic questions (choices, numbers, texts). */
  | { kind: 'questions'; form: HtmlForm; questions: QuestionSeen[] }
  | { kind: 'trial'; form: HtmlForm; trial: TrialSeen }
  /** Instructions, practice feedback: read, then press the only button. */
  | { kind: 'continue'; form: HtmlForm }
  | { kind: 'debrief'; completionCode: string }
  /** Any page without a form of the flow: an error or an end page (declined, withdrawn, full, closed...). */
  | { kind: 'message'; title: string; text: string };

export interface TrialSeen {
  dossier: DossierRow[];
  /** Texts of the notices on the page (an instructed-response check, a new block...), paragraphs joined by a space. */
  notices: string[];
  advice: AdviceSeen | null;
  options: RadioOption[] | null;
  numeric: { min: number | null; max: number | null } | null;
  askCertainty: string[] | null;
  /** The in-task trust probe on this page: the values offered for trust and, when asked, for self-confidence. */
  probe: { trust: string[]; selfConfidence: string[] | null } | null;
  /** Advice on request, not asked yet: the "see the recommendation" form. */
  adviceRequest: HtmlForm | null;
  /** Delayed advice, still waiting: the seconds left and the page's "show" link (after the wait). */
  wait: { seconds: number; showPath: string } | null;
  /** The AI's proposal is applied unless overridden (an "apply" button; `options` are then the other answers). */
  lastWord?: boolean;
  /** The page says an override must be justified. */
  justificationAsked?: boolean;
}

export function readFlowPage(html: string): FlowPage {
  // A decision page may have a second form (advice on request): the decision form is the page's form.
  const forms = readForms(html).filter((f) => f.method === 'post' && 'at' in f.hidden);
  const form = forms.find((f) => 'decision' in f.radios || 'decision' in f.numbers) ?? forms[0];
  if (!form) {
    const code = /<p class="code">([\s\S]*?)<\/p>/.exec(html);
    if (code) return { kind: 'debrief', completionCode: textOf(code[1]) };
    return { kind: 'message', title: textOf(/<h1\b[^>]*>([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? ''), text: textOf(/<main\b[^>]*>([\s\S]*?)<\/main>/.exec(html)?.[1] ?? html) };
  }
  if (form.hidden.at === 'join') return { kind: 'welcome', form };
  if (form.buttons.some((b) => b.name === 'choice' && b.value === 'accept')) return { kind: 'consent', form };
  if ('decision' in form.radios || 'decision' in form.numbers || form.buttons.some((b) => b.name === 'action')) return { kind: 'trial', form, trial: readTrial(html, form, forms) };
  const questions = readQuestions(html, form);
  if (questions.length > 0) return { kind: 'questions', form, questions };
  const items = Object.entries(form.radios).map(([name, options]) => ({ name, values: options.map((o) => o.value) }));
  if (items.length > 0) return { kind: 'questionnaire', form, items };
  return { kind: 'continue', form };
}

function readTrial(html: string, form: HtmlForm, forms: HtmlForm[]): TrialSeen {
  const dossierHtml = /<section\b[^>]*class="dossier"[^>]*>([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '';
  const dossier = [...dossierHtml.matchAll(/<dt>([\s\S]*?)<\/dt>\s*<dd>([\s\S]*?)<\/dd>/g)].map((m) => ({ label: textOf(m[1]), value: textOf(m[2]) }));
  const notices = [...html.matchAll(/<div class="notice">([\s\S]*?)<\/div>/g)].map((n) =>
    [...n[1].matchAll(/<p>([\s\S]*?)<\/p>/g)].map((m) => textOf(m[1])).join(' '),
  );
  return {
    dossier,
    notices,
    advice: readAdvice(html),
    options: form.radios.decision ?? null,
    numeric: form.numbers.decision ?? null,
    askCertainty: form.radios.certainty?.map((o) => o.value) ?? null,
    probe: form.radios.trust_rating
      ? { trust: form.radios.trust_rating.map((o) => o.value), selfConfidence: form.radios.self_confidence_rating?.map((o) => o.value) ?? null }
      : null,
    adviceRequest: forms.find((f) => f.buttons.some((b) => b.name === 'request_advice')) ?? null,
    wait: readWait(html),
    lastWord: form.buttons.some((b) => b.name === 'action' && b.value === 'apply'),
    justificationAsked: html.includes('class="hint justify-note"'),
  };
}

/** A delayed advice still to come: `data-advice-wait` (seconds left) and the "show" link. */
function readWait(html: string): TrialSeen['wait'] {
  const seconds = /data-advice-wait="(\d+)"/.exec(html);
  const show = /<a\b[^>]*href="([^"]*)"[^>]*data-advice-show/.exec(html);
  if (!seconds || !show) return null;
  return { seconds: Number(seconds[1]), showPath: show[1].replace(/&amp;/g, '&').replace(/#.*$/, '') };
}

function readAdvice(html: string): AdviceSeen | null {
  const section = /<section\b[^>]*class="advice"[^>]*>([\s\S]*?)<\/section>/.exec(html)?.[1];
  if (!section) return null;
  const rec = /<p class="recommendation">[\s\S]*?<strong>([\s\S]*?)<\/strong>/.exec(section);
  if (!rec) return null;
  // The stated accuracy comes before the recommendation; the explanation after it may quote percentages of its own.
  const before = section.slice(0, rec.index).replace(/<p class="framing">[\s\S]*?<\/p>/g, '');
  const stated = [...before.matchAll(/<p>([\s\S]*?)<\/p>/g)].map((m) => percentIn(textOf(m[1]))).find((v) => v !== null) ?? null;
  const conf = /<p class="expl-conf">[\s\S]*?<strong>([\s\S]*?)<\/strong>/.exec(section);
  return { text: textOf(rec[1]), confidence: conf ? percentIn(textOf(conf[1])) : null, statedAccuracy: stated };
}

/** The first percentage of a text ("87 %", "87%", "87,5 %") as a fraction, or null. */
export function percentIn(text: string): number | null {
  const m = /(\d+(?:[.,]\d+)?)\s*%/.exec(text);
  return m ? Number(m[1].replace(',', '.')) / 100 : null;
}

/**
 * The number at the start of a formatted value ("1 234,5 ménages", "1,234.5 households", "−12"): French uses a comma
 * for decimals and (narrow) spaces between thousands; English a point and commas.
 */
export function leadingNumber(text: string, lang: 'fr' | 'en'): number | null {
  const m = /^[-\u2212]?[\d\s\u00a0\u202f.,]*\d/.exec(text.trim());
  if (!m) return null;
  let s = m[0].replace(/\u2212/, '-').replace(/[\s\u00a0\u202f]/g, '');
  s = lang === 'fr' ? s.replace(/\./g, '').replace(',', '.') : s.replace(/,/g, '');
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}
