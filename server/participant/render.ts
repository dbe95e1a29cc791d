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
 * Renders a participant view and sends it, as `res.status(status).render(view, data)` would (text/html, UTF-8),
 * with the view compiled here instead of going through app.render and ejs.renderFile, which copy the locals into new
 * objects on every call.
 *
 * The locals are one object without a prototype, built once per page: ejs would otherwise copy them into such an
 * object for the page and for each partial (`unsafePrototypeLocals` only skips that copy; what a template sees is the
 * same: the page's locals, no name inherited from Object.prototype).
 */
export function renderPage(res: Response, status: number, view: string, locals: PageLocals): void {
  const data: Record<string, unknown> = Object.assign(Object.create(null) as Record<string, unknown>, res.app.locals, res.locals, { lang: locals.tr.lang, t: locals.tr.t }, locals);
  data.partial = null;
  const views = viewSettings(res);
  const names = Object.keys(data);
  const known = new Set(names);
  const pageKey = names.join(',');
  data.partial = (name: string, extra?: Record<string, unknown>): string => {
    if (!PARTIAL_NAME.test(name)) throw new Error(`not a partial: ${name}`);
    if (!extra) return compiledView(views, name, names, pageKey)(data);
    // The partial's own locals in front of the page's (inherited, not copied): a template sees both, its own first.
    const added = Object.keys(extra).filter((key) => !known.has(key));
    const own = Object.assign(Object.create(data) as Record<string, unknown>, extra);
    return compiledView(views, name, added.length > 0 ? [...names, ...added] : names, added.length > 0 ? `${pageKey};${added.join(',')}` : pageKey)(own);
  };
  const html = compiledView(views, view, names, pageKey)(data);
  // What res.status(status).send(html) sends for a page (UTF-8 HTML, its length, no body on HEAD, where Node drops
  // it), without send's type lookup, ETag setting and freshness check, none of which applies to a page never cached.
  const body = Buffer.from(html, 'utf8');
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Content-Length', body.length);
  res.end(body);
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
/**
 * ejs 7's option (not in its type definitions) to use the locals object as given (renderPage builds it without a
 * prototype), and the escaping of `<%= %>` (escapeHtml below).
 */
const OWN_LOCALS = { unsafePrototypeLocals: true, escape: escapeHtml };
/** Compiled views and partials by views directory, then name, then list of local names. */
const compiled = new Map<string, Map<string, Map<string, ejs.TemplateFunction>>>();
/** Bound of the compiled variants kept per view (a few: the routes give each view the same locals). */
const VARIANTS_KEPT = 100;

/**
 * The compiled template of views/<name>.ejs for locals named `names` (`key`: those names joined). Kept when the app
 * keeps its views. Then compiled without ejs's debug line tracking (`compileDebug`), which only serves to name the
 * template line of an error at the cost of a statement per line on every render, and with the locals as variables
 * (`destructuredLocals`) instead of ejs's `with (locals)`, in which every name the template uses, down to ejs's own
 * output function, is looked up in the locals object first: measured on the trial page, 8-13 us a render instead of
 * 28-38 us. The output is the same: a template reads its locals (it never assigns to one); a view that declares a
 * variable of a local's name cannot take them as variables, and is compiled with `with` as before. When views are
 * not kept (development), each render compiles afresh, with `with` and the debug lines.
 */
function compiledView(views: ViewSettings, name: string, names: readonly string[], key: string): ejs.TemplateFunction {
  const text = () => readFileSync(join(views.dir, `${name}.ejs`), 'utf8');
  const filename = join(views.dir, `${name}.ejs`);
  if (!views.keep) return ejs.compile(text(), { filename, async: false, ...OWN_LOCALS });
  let inDir = compiled.get(views.dir);
  if (!inDir) compiled.set(views.dir, (inDir = new Map()));
  let variants = inDir.get(name);
  if (!variants) inDir.set(name, (variants = new Map()));
  const kept = variants.get(key);
  if (kept) return kept;
  const source = text();
  const asVariables = names.filter((local) => IDENTIFIER.test(local) && !RESERVED.has(local));
  let fn: ejs.TemplateFunction;
  try {
    fn = ejs.compile(source, { filename, async: false, compileDebug: false, _with: false, destructuredLocals: asVariables, ...OWN_LOCALS });
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    fn = ejs.compile(source, { filename, async: false, compileDebug: false, ...OWN_LOCALS });
  }
  if (variants.size >= VARIANTS_KEPT) variants.delete(variants.keys().next().value as string);
  variants.set(key, fn);
  return fn;
}

/** A name a template can use as a variable (ejs's own test), and names it cannot: keywords, ejs's own variables. */
const IDENTIFIER = /^[a-zA-Z_$][0-9a-zA-Z_$]*$/;
const RESERVED = new Set([
  ...'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await arguments eval undefined NaN Infinity'.split(' '),
  'locals', 'escapeFn', 'include', 'rethrow', '__output', '__append', '__locals', '__line', '__lines', '__filename',
]);

/**
 * ejs's `<%= %>` escaping (utils.escapeXML: & < > " ' as &amp; &lt; &gt; &#34; &#39;, null and undefined as
 * nothing), the same output in one pass over the text instead of a regular expression with a function called per
 * character found: about twice as fast, and a trial page escapes some hundred values.
 */
export function escapeHtml(markup: unknown): string {
  if (markup === undefined || markup === null) return '';
  const text = typeof markup === 'string' ? markup : String(markup);
  let out = '';
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    let entity: string;
    switch (text.charCodeAt(i)) {
      case 38:
        entity = '&amp;';
        break;
      case 60:
        entity = '&lt;';
        break;
      case 62:
        entity = '&gt;';
        break;
      case 34:
        entity = '&#34;';
        break;
      case 39:
        entity = '&#39;';
        break;
      default:
        continue;
    }
    if (last !== i) out += text.slice(last, i);
    out += entity;
    last = i + 1;
  }
  return last === 0 ? text : last === text.length ? out : out + text.slice(last);
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
