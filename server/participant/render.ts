import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ejs from 'ejs';
import type { Response } from 'express';
import type { Translator } from '../i18n.ts';
import type { Ending } from './page-error.ts';

/** Locals every participant page gets: the translator, the language, and the participant's own links. */
export interface PageLocals {
  tr: Translator;
  title: string;
  /** The participant's own base link, for the "stop and withdraw" link; absent before joining or after ending. */
  participantPath?: string;
  [key: string]: unknown;
}

export function renderPage(res: Response, status: number, view: string, locals: PageLocals): void {
  const data: Record<string, unknown> = { ...res.app.locals, ...res.locals, lang: locals.tr.lang, t: locals.tr.t, ...locals };
  data.partial = partialRenderer(res, data);
  res.status(status).render(view, data);
}

/**
 * `partial('partials/header', { heading })` in a participant view renders views/partials/header.ejs with the page's
 * locals plus the given ones, as ejs's `include` does, but without what made includes a third of a page's render
 * time: include copies every local twice and the options once into fresh objects, and looks the file up on disk,
 * each time. Compiled partials are kept when the app keeps its views (`view cache`).
 */
function partialRenderer(res: Response, data: Record<string, unknown>) {
  const viewsDir = String(res.app.get('views'));
  const keep = Boolean(res.app.get('view cache'));
  return (name: string, extra?: Record<string, unknown>): string =>
    compiledPartial(viewsDir, name, keep)(extra ? { ...data, ...extra } : data);
}

const PARTIAL_NAME = /^(partials|explanations)\/[a-z-]+$/;
/** Compiled partials by views directory and name. */
const compiled = new Map<string, Map<string, ejs.TemplateFunction>>();

function compiledPartial(viewsDir: string, name: string, keep: boolean): ejs.TemplateFunction {
  let inDir = compiled.get(viewsDir);
  const kept = keep ? inDir?.get(name) : undefined;
  if (kept) return kept;
  if (!PARTIAL_NAME.test(name)) throw new Error(`not a partial: ${name}`);
  const filename = join(viewsDir, `${name}.ejs`);
  const fn = ejs.compile(readFileSync(filename, 'utf8'), { filename });
  if (keep) {
    if (!inDir) compiled.set(viewsDir, (inDir = new Map()));
    inDir.set(name, fn);
  }
  return fn;
}

/** The generic message page (errors, study closed, participant ended...). */
export function renderMessage(
  res: Response,
  status: number,
  tr: Translator,
  key: { titleKey: string; messageKey: string; problems?: string[]; backPath?: string; participantPath?: string; ending?: Ending },
): void {
  renderPage(res, status, 'participant/message', {
    tr,
    title: tr.t(key.titleKey),
    heading: tr.t(key.titleKey),
    message: tr.t(key.messageKey),
    problems: key.problems ?? [],
    backPath: key.backPath,
    participantPath: key.participantPath,
    ending: key.ending ?? null,
  });
}
