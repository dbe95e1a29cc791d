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

/**
 * Renders a participant view and sends it, as `res.status(status).render(view, data)` followed by Express's
 * `res.send(html)` would (text/html, UTF-8), with the view compiled by `compiledView` instead of going through
 * app.render and ejs.renderFile, which copy the locals into new objects on every call.
 *
 * The locals are one object without a prototype, built once per page: ejs would otherwise copy them into such an
 * object for the page and for each partial (`unsafePrototypeLocals` only skips that copy; what a template sees is the
 * same: the page's locals, no name inherited from Object.prototype).
 */
export function renderPage(res: Response, status: number, view: string, locals: PageLocals): void {
  const data: Record<string, unknown> = Object.assign(Object.create(null) as Record<string, unknown>, res.app.locals, res.locals, { lang: locals.tr.lang, t: locals.tr.t }, locals);
  const views = viewSettings(res);
  data.partial = (name: string, extra?: Record<string, unknown>): string => {
    if (!PARTIAL_NAME.test(name)) throw new Error(`not a partial: ${name}`);
    // The partial's own locals in front of the page's (inherited, not copied): a template sees both, its own first.
    return compiledView(views, name)(extra ? Object.assign(Object.create(data) as Record<string, unknown>, extra) : data);
  };
  const html = compiledView(views, view)(data);
  res.status(status).send(html);
}

interface ViewSettings {
  dir: string;
  /** The app keeps compiled views (`view cache`, on unless NODE_ENV=development). */
  keep: boolean;
}

function viewSettings(res: Response): ViewSettings {
  return { dir: String(res.app.get('views')), keep: Boolean(res.app.get('view cache')) };
}

/**
 * `partial('partials/header', { heading })` in a participant view renders views/partials/header.ejs with the page's
 * locals plus the given ones, as ejs's `include` does, but without what made includes a third of a page's render
 * time: include copies every local twice and the options once into fresh objects, and looks the file up on disk,
 * each time.
 */
const PARTIAL_NAME = /^(partials|explanations)\/[a-z-]+$/;
/** ejs 7's option (not in its type definitions) to use the locals object as given: renderPage builds it without a prototype. */
const OWN_LOCALS = { unsafePrototypeLocals: true };
/** Compiled views and partials by views directory and name. */
const compiled = new Map<string, Map<string, ejs.TemplateFunction>>();

/**
 * The compiled template of views/<name>.ejs. Kept when the app keeps its views; then compiled without ejs's debug
 * line tracking (`compileDebug`), which only serves to name the template line of an error, at the cost of a
 * statement per line on every render. When views are not kept (development), each render compiles afresh, with it.
 */
function compiledView(views: ViewSettings, name: string): ejs.TemplateFunction {
  let inDir = compiled.get(views.dir);
  const kept = views.keep ? inDir?.get(name) : undefined;
  if (kept) return kept;
  const filename = join(views.dir, `${name}.ejs`);
  const fn = ejs.compile(readFileSync(filename, 'utf8'), { filename, async: false, compileDebug: !views.keep, ...OWN_LOCALS });
  if (views.keep) {
    if (!inDir) compiled.set(views.dir, (inDir = new Map()));
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
