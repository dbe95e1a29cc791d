/**
 * The forms of a page, read the way a browser without JavaScript reads them: every <form> with its action and method,
 * its hidden inputs (CSRF token included), radio groups with their labels, number inputs, selects, text areas and
 * submit buttons. A small regular-expression reader is enough because it only ever reads Confiance's own markup; the
 * tests run it on every page type the flow renders.
 */

export interface RadioOption {
  value: string;
  /** Text of the option's <label for=...>, decoded and with whitespace collapsed. */
  label: string;
}

export interface SubmitButton {
  name: string | null;
  value: string;
  text: string;
}

export interface HtmlForm {
  action: string;
  method: 'get' | 'post';
  /** Hidden inputs, in document order; later duplicates win (as in a URL-encoded body read into an object). */
  hidden: Record<string, string>;
  radios: Record<string, RadioOption[]>;
  numbers: Record<string, { min: number | null; max: number | null }>;
  texts: string[];
  selects: Record<string, string[]>;
  buttons: SubmitButton[];
  /** The page script adds `client_rt_ms` to forms marked `data-timed`. */
  timed: boolean;
}

/** Every form of the page, in document order. */
export function readForms(html: string): HtmlForm[] {
  const forms: HtmlForm[] = [];
  const labels = labelTexts(html);
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const attrs = attributes(m[1]);
    const body = m[2];
    const form: HtmlForm = {
      action: attrs.action ?? '',
      method: (attrs.method ?? 'get').toLowerCase() === 'post' ? 'post' : 'get',
      hidden: {},
      radios: {},
      numbers: {},
      texts: [],
      selects: {},
      buttons: [],
      timed: 'data-timed' in attrs,
    };
    for (const input of body.matchAll(/<input\b([^>]*)>/gi)) {
      const a = attributes(input[1]);
      const name = a.name;
      const type = (a.type ?? 'text').toLowerCase();
      if (type === 'submit') {
        form.buttons.push({ name: name ?? null, value: a.value ?? '', text: a.value ?? '' });
        continue;
      }
      if (!name) continue;
      if (type === 'hidden') form.hidden[name] = a.value ?? '';
      else if (type === 'radio' || type === 'checkbox') {
        (form.radios[name] ??= []).push({ value: a.value ?? 'on', label: a.id ? (labels.get(a.id) ?? '') : '' });
      } else if (type === 'number') form.numbers[name] = { min: numberOrNull(a.min), max: numberOrNull(a.max) };
      else form.texts.push(name);
    }
    for (const select of body.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/gi)) {
      const name = attributes(select[1]).name;
      if (!name) continue;
      form.selects[name] = [...select[2].matchAll(/<option\b([^>]*)>([\s\S]*?)<\/option>/gi)].map((o) => attributes(o[1]).value ?? textOf(o[2]));
    }
    for (const area of body.matchAll(/<textarea\b([^>]*)>/gi)) {
      const name = attributes(area[1]).name;
      if (name) form.texts.push(name);
    }
    for (const button of body.matchAll(/<button\b([^>]*)>([\s\S]*?)<\/button>/gi)) {
      const a = attributes(button[1]);
      if ((a.type ?? 'submit').toLowerCase() !== 'submit') continue;
      form.buttons.push({ name: a.name ?? null, value: a.value ?? '', text: textOf(button[2]) });
    }
    forms.push(form);
  }
  return forms;
}

/** Attributes of a start tag (the part after the tag name), values decoded; a bare attribute maps to ''. */
export function attributes(source: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of source.matchAll(/([a-zA-Z_:][\w:.-]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)) {
    out[m[1].toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return out;
}

/** The text of an HTML fragment: tags removed, entities decoded, whitespace collapsed (no-break spaces kept). */
export function textOf(fragment: string): string {
  return decodeEntities(fragment.replace(/<[^>]*>/g, ' ')).replace(/[ \t\r\n]+/g, ' ').trim();
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g, (whole, code: string) => {
    if (code[0] === '#') {
      const n = code[1] === 'x' || code[1] === 'X' ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
      return Number.isFinite(n) ? String.fromCodePoint(n) : whole;
    }
    return NAMED[code] ?? whole;
  });
}

function labelTexts(html: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of html.matchAll(/<label\b([^>]*)>([\s\S]*?)<\/label>/gi)) {
    const target = attributes(m[1]).for;
    if (target) out.set(target, textOf(m[2]));
  }
  return out;
}

function numberOrNull(text: string | undefined): number | null {
  if (text === undefined || text.trim() === '') return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}
