/**
 * What the benchmark jobs (load.ts, pages-job.ts) need to act as a browser without JavaScript on the participant
 * pages: a cookie-keeping HTTP session, a reader of a page's form, and a valid answer to it.
 */

export interface FormPage {
  /** The form's `at` (page position), null on a page without a form (debrief). */
  at: string | null;
  hidden: [string, string][];
  radios: Map<string, string[]>;
  numeric: { min: number; max: number } | null;
  html: string;
}

export function readPage(html: string): FormPage {
  const hidden: [string, string][] = [];
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) hidden.push([m[1], m[2].replace(/&amp;/g, '&')]);
  const radios = new Map<string, string[]>();
  for (const m of html.matchAll(/<input type="radio" id="[^"]+" name="([^"]+)" value="([^"]*)"/g)) radios.set(m[1], [...(radios.get(m[1]) ?? []), m[2]]);
  const num = /<input type="number" id="decision" name="decision" min="([^"]+)" max="([^"]+)"/.exec(html);
  return { at: hidden.find(([k]) => k === 'at')?.[1] ?? null, hidden, radios, numeric: num ? { min: Number(num[1]), max: Number(num[2]) } : null, html };
}

/** A valid answer: consent accepted, the `pick`-th decision (cycling), the middle of every other scale or range. */
export function answers(page: FormPage, pick = 0): [string, string][] {
  const out: [string, string][] = [...page.hidden];
  if (page.at === 'consent:0') out.push(['choice', 'accept']);
  for (const [name, values] of page.radios) {
    if (name === 'choice') continue;
    out.push([name, name === 'decision' ? values[pick % values.length] : values[Math.floor(values.length / 2)]]);
  }
  if (page.numeric) out.push(['decision', String(Math.round((page.numeric.min + page.numeric.max) / 2))]);
  return out;
}

export interface Answer {
  status: number;
  location: string | null;
  text: string;
  bytes: number;
}

/** One browser: keeps its cookies, sends French as its language and its own address (the server trusts one proxy). */
export class Session {
  private cookies = new Map<string, string>();
  constructor(
    readonly base: string,
    readonly address: string,
  ) {}

  async request(method: 'GET' | 'POST', path: string, fields?: [string, string][]): Promise<Answer> {
    const res = await fetch(this.base + path, {
      method,
      redirect: 'manual',
      headers: {
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        'x-forwarded-for': this.address,
        'accept-language': 'fr-FR',
        ...(fields ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: fields ? new URLSearchParams(fields).toString() : undefined,
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    const buffer = Buffer.from(await res.arrayBuffer());
    return { status: res.status, location: res.headers.get('location'), text: buffer.toString('utf8'), bytes: buffer.length };
  }
}
