/**
 * The participant routes and how each is fuzzed (server/participant/router.ts):
 *   GET  /                           GET  /e/:experimentId   POST /e/:experimentId (join)
 *   GET  /p/:participantId           POST /p/:participantId, once per kind of page the participant can be on
 *   GET  /p/:participantId/withdraw  POST /p/:participantId/withdraw
 */
import type { RawRequest } from './http-client.ts';
import { applyDefects, badValue, type Defect, type DefectContext, draftFrom, type Draft, GENERIC_DEFECTS, toRequest } from './form-defects.ts';
import type { FuzzCase, FuzzRoute } from './runner.ts';
import { encode, type Fields, type Gen } from './values.ts';
import { cooperativeAnswers, type Participant, type World } from './world.ts';

const LANGS = ['fr', 'en', 'de', 'FR', '', 'fr-FR', '$gt', 'fr,en', '../en', 'x'.repeat(500)];

/** Query strings a link may carry, good or bad (GET routes never store anything but the visit time). */
function junkQuery(g: Gen): string {
  const parts = [
    () => `lang=${encode(g.pick(LANGS))}`,
    () => 'lang=fr&lang=en',
    () => 'lang[$ne]=fr',
    () => `label=${encode(g.badValue())}`,
    () => `label=${encode('agent-' + g.int(0, 20))}`,
    () => 'label=agent-007',
    () => 'label[]=a&label[]=b',
    () => `${encode(g.badKey())}=${encode(g.badValue())}`,
    () => '__proto__[x]=1',
    () => `page=${g.int(-5, 5)}`,
    () => '%zz',
    () => `x=${'y'.repeat(g.int(100, 6000))}`,
  ];
  const n = g.int(0, 3);
  const q = Array.from({ length: n }, () => g.pick(parts)());
  return q.length > 0 ? `?${q.join('&')}` : '';
}

function junkHeaders(g: Gen): Record<string, string> {
  const h: Record<string, string> = {};
  if (g.chance(0.3)) h['accept-language'] = g.pick(['*', '', 'en-US', 'zz', 'fr;q=abc', ';;;,,,', 'x'.repeat(3000), 'de-DE,en;q=0.1']);
  if (g.chance(0.1)) h.accept = g.pick(['application/json', 'text/csv', '*/*', '']);
  if (g.chance(0.1)) h['x-forwarded-proto'] = g.pick(['https', 'gopher', '']);
  if (g.chance(0.1))
    h.cookie = g.pick([
      'confiance_sid=../../x',
      'confiance_sid=' + 'A'.repeat(22),
      '=;=;',
      'a'.repeat(4000),
      // Forged "this browser already takes part" cookies (server/participant/browser-binding.ts): they open nothing.
      'confiance_participant=' + 'A'.repeat(66),
      'confiance_participant=' + encode(g.badValue()).slice(0, 300),
      'confiance_participant=' + 'B'.repeat(500),
    ]);
  return h;
}

function someParticipant(g: Gen, world: World): Participant {
  return g.pick([...world.participants.values()]);
}

/** A path segment that names no participant: malformed, or well-formed but unknown. */
function unknownParticipantId(g: Gen): string {
  return g.chance(0.5) ? g.badId() : g.unusedParticipantId();
}

function getCase(g: Gen, world: World, path: string, defect: string): FuzzCase {
  const browser = g.chance(0.5) ? someParticipant(g, world).browser : world.newBrowser();
  const request: RawRequest = {
    method: g.chance(0.1) ? 'HEAD' : 'GET',
    path: path + junkQuery(g),
    headers: { ...browser.baseHeaders(), 'x-forwarded-for': g.address(), ...junkHeaders(g) },
  };
  return { defect, request };
}

/** What a page's form accepts, so that a "bad value" is never accidentally a good answer. */
function acceptor(p: Participant | null, world: World): DefectContext {
  return {
    world,
    acceptable(name, value) {
      if (!p) return false;
      const offered = p.page.radios.get(name);
      if (offered?.includes(value)) return true;
      if (name === 'decision' && p.page.numeric) {
        const text = value.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
        return /^-?\d+(\.\d+)?$/.test(text) && Number(text) >= p.page.numeric.min && Number(text) <= p.page.numeric.max;
      }
      return false;
    },
  };
}

/** The page's own form, as the participant's browser would send it with cooperative answers. */
function template(p: Participant): Fields {
  return [...p.page.hidden, ...cooperativeAnswers(p.page)];
}

/** Participant-specific defects for POST /p/:id. */
function flowDefects(p: Participant): Defect[] {
  const wrongParticipant: Defect = (g, d, ctx) => {
    const at = d.fields.find(([k]) => k === 'at')?.[1];
    // Another participant's link with this form: never one at the same page (the form would be a valid answer there).
    const others = [...ctx.world.participants.values()].filter((o) => o.id !== p.id && o.page.at !== at && o.page.at !== null);
    const choice = g.int(0, 2);
    if (choice === 0 && others.length > 0) {
      const other = g.pick(others);
      d.path = `/p/${other.id}`;
      d.defects.push(`posted to another participant (${other.name})`);
    } else {
      const id = unknownParticipantId(g);
      d.path = `/p/${id}`;
      d.defects.push(`unknown participant ${JSON.stringify(id.slice(0, 40))}`);
    }
  };
  const outOfOrder: Defect = (g, d, ctx) => {
    const i = d.fields.findIndex(([k]) => k === 'at');
    const at = g.pick(['trials:40', 'trials:100', 'questionnaires:1', 'debrief:0', 'practice:5', 'consent:1', 'trials:-1', 'trials:1.5', 'trials:', ':', 'trials:0 ', 'TRIALS:0']);
    if (at === p.page.at) return badValue(g, d, ctx);
    if (i >= 0) d.fields[i] = ['at', at];
    else d.fields.push(['at', at]);
    d.defects.push(`out-of-order at=${at}`);
  };
  const staleServed: Defect = (g, d, ctx) => {
    const i = d.fields.findIndex(([k]) => k === 'served');
    if (i < 0) return outOfOrder(g, d, ctx);
    const earlier = p.answered.map((a) => a.fields.find(([k]) => k === 'served')?.[1]).filter((s): s is string => s !== undefined);
    const current = d.fields[i][1];
    const [ms = '0', mac = ''] = current.split('.');
    const served = g.pick([
      earlier.length > 0 ? g.pick(earlier) : `${ms}.${mac.slice(1)}x`,
      `${Number(ms) - 1000}.${mac}`,
      `${ms}.${'A'.repeat(43)}`,
      `${ms}`,
      `999999999999999.${mac}`,
      `${ms}.${mac}.${mac}`,
    ]);
    d.fields[i] = ['served', served];
    d.defects.push(`served stamp not issued for this page: ${served.slice(0, 30)}`);
  };
  const changedReplay: Defect = (g, d, ctx) => {
    const trials = p.answered.filter((a) => a.fields.some(([k]) => k === 'served'));
    if (trials.length === 0) return outOfOrder(g, d, ctx);
    const earlier = g.pick(trials);
    d.fields = earlier.fields.map(([k, v]): [string, string] => {
      if (k === 'decision') return [k, p.page.numeric ? String((Number(v) + 7) % 4000) : (p.page.radios.get('decision') ?? [v]).find((o) => o !== v) ?? `${v}x`];
      if (k === 'certainty') return [k, v === '1' ? '2' : '1'];
      return [k, v];
    });
    d.defects.push(`a different answer to ${earlier.at}, already answered`);
  };
  return [...GENERIC_DEFECTS, wrongParticipant, wrongParticipant, outOfOrder, staleServed, staleServed, changedReplay];
}

/** POST /p/:id for one participant of the world: their own page's form with defects, or an exact replay. */
function stepPostRoute(name: string, label: string): FuzzRoute {
  return {
    name: `POST /p/:participantId [${label}]`,
    generate(g, world) {
      const p = world.participants.get(name);
      if (!p) throw new Error(`no participant ${name}`);
      if (p.answered.length > 0 && g.chance(0.1)) {
        const earlier = g.pick(p.answered);
        const d = draftFrom(g, p.browser, `/p/${p.id}`, earlier.fields);
        return { defect: `exact replay of the answer to ${earlier.at}`, request: toRequest(d) };
      }
      const d = draftFrom(g, p.browser, `/p/${p.id}`, template(p));
      applyDefects(g, d, acceptor(p, world), flowDefects(p));
      return { defect: d.defects.join('; '), request: toRequest(d) };
    },
  };
}

/** POST /e/:id: the welcome form with defects; or an existing label (a resume, which stores nothing). */
function joinRoute(study: string): FuzzRoute {
  return {
    name: `POST /e/:experimentId [${study}]`,
    generate(g, world) {
      const browser = world.participants.get('labelled')?.browser ?? world.newBrowser();
      const welcome = welcomeFields(browser);
      if (g.chance(0.08)) {
        const d = draftFrom(g, browser, `/e/${study}`, [...welcome, ['label', g.pick(['agent-007', ' agent-007 ', 'agent-007\t'])]]);
        return { defect: 'join with a label that already has a participant (resume)', request: toRequest(d) };
      }
      const d = draftFrom(g, browser, `/e/${study}`, welcome);
      const badStudy: Defect = (gg, dd) => {
        const id = gg.chance(0.3) ? gg.pick(['unknown-study', 'signaux-faibles-2', 'signaux_faibles']) : gg.badId();
        dd.path = `/e/${id}`;
        dd.defects.push(`study ${JSON.stringify(id.slice(0, 40))} not open`);
      };
      const badLabel: Defect = (gg, dd) => {
        const label = gg.pick(['', '   ', 'x'.repeat(129), 'y'.repeat(5000)]);
        dd.fields.push(['label', label]);
        dd.defects.push(`label of ${label.length} characters`);
      };
      const badLang: Defect = (gg, dd) => {
        const i = dd.fields.findIndex(([k]) => k === 'lang');
        const lang = gg.pick(LANGS.filter((l) => l !== 'fr' && l !== 'en'));
        if (i >= 0) dd.fields[i] = ['lang', lang];
        dd.defects.push(`lang ${JSON.stringify(lang.slice(0, 20))}`);
      };
      // The join form's `at` is any short text (it names no page yet).
      const acceptable = (n: string, v: string) =>
        (n === 'lang' && (v === 'fr' || v === 'en')) || (n === 'at' && v.length <= 64) || (n === 'label' && v.trim().length >= 1 && v.trim().length <= 128);
      applyDefects(g, d, { world, acceptable }, [...GENERIC_DEFECTS, badStudy, badLabel, badLang]);
      return { defect: d.defects.join('; '), request: toRequest(d) };
    },
  };
}

const welcomeCache = new WeakMap<object, Fields>();
function welcomeFields(browser: object): Fields {
  const fields = welcomeCache.get(browser);
  if (!fields) throw new Error('welcome form not loaded: call loadWelcomeForms first');
  return fields;
}

/** Reads the welcome form once with the browser used for join fuzzing (its CSRF token and language field). */
export async function loadWelcomeForms(world: World, study: string): Promise<void> {
  const p = world.participants.get('labelled');
  if (!p) throw new Error('no labelled participant');
  const res = await p.browser.get(`/e/${study}?lang=fr`);
  const hidden = [...res.text.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m): [string, string] => [m[1], m[2]]);
  welcomeCache.set(p.browser, hidden.filter(([k]) => k !== 'label'));
}

/** POST /p/:id/withdraw: always with a defect, except on participants who cannot withdraw (no change either way). */
function withdrawRoute(): FuzzRoute {
  return {
    name: 'POST /p/:participantId/withdraw',
    generate(g, world) {
      const p = someParticipant(g, world);
      const token = p.page.hidden.find(([k]) => k === '_csrf')?.[1] ?? '';
      const d = draftFrom(g, p.browser, `/p/${p.id}/withdraw`, [['_csrf', token]]);
      if (['withdrawn', 'declined'].includes(p.name) && g.chance(0.3)) {
        return { defect: `withdraw again (${p.name}): nothing to change`, request: toRequest(d) };
      }
      const unknown: Defect = (gg, dd) => {
        const id = unknownParticipantId(gg);
        dd.path = `/p/${id}/withdraw`;
        dd.defects.push(`unknown participant ${JSON.stringify(id.slice(0, 40))}`);
      };
      applyDefects(g, d, acceptor(null, world), [...GENERIC_DEFECTS.filter((x) => x !== badValue), unknown]);
      return { defect: d.defects.join('; '), request: toRequest(d) };
    },
  };
}

/** Which participant of the world is on which kind of page (built by the test's setup). */
export const STEP_TARGETS: { name: string; label: string }[] = [
  { name: 'consent', label: 'consent' },
  { name: 'questionnaire-before', label: 'questionnaire before' },
  { name: 'instructions', label: 'instructions' },
  { name: 'practice', label: 'practice trial, initial decision' },
  { name: 'feedback', label: 'practice feedback' },
  { name: 'trial-initial', label: 'trial, initial decision' },
  { name: 'trial-final', label: 'trial, final decision with advice' },
  { name: 'numeric-trial', label: 'numeric trial (risque-inondation)' },
  { name: 'categorical-trial', label: 'one-stage categorical trial (aide-exceptionnelle)' },
  { name: 'last-word-trial', label: 'trial where the AI has the last word (controle-sanitaire)' },
  { name: 'questionnaire-after', label: 'questionnaire after' },
  { name: 'completed', label: 'debrief (completed)' },
  { name: 'withdrawn', label: 'withdrawn participant' },
  { name: 'declined', label: 'declined participant' },
];

export function participantRoutes(): FuzzRoute[] {
  return [
    { name: 'GET /', generate: (g, world) => getCase(g, world, '/', 'junk query and headers') },
    {
      name: 'GET /e/:experimentId',
      generate(g, world) {
        const id = g.chance(0.5) ? g.pick(['signaux-faibles', 'risque-inondation', 'aide-exceptionnelle', 'closed-or-unknown']) : g.badId();
        return getCase(g, world, `/e/${id}`, `study ${JSON.stringify(id.slice(0, 40))}, junk query and headers`);
      },
    },
    joinRoute('signaux-faibles'),
    {
      name: 'GET /p/:participantId',
      generate(g, world) {
        const id = g.chance(0.5) ? someParticipant(g, world).id : unknownParticipantId(g);
        return getCase(g, world, `/p/${id}`, `participant ${JSON.stringify(id.slice(0, 40))}, junk query and headers`);
      },
    },
    ...STEP_TARGETS.map((t) => stepPostRoute(t.name, t.label)),
    {
      name: 'GET /p/:participantId/withdraw',
      generate(g, world) {
        const id = g.chance(0.5) ? someParticipant(g, world).id : unknownParticipantId(g);
        return getCase(g, world, `/p/${id}/withdraw`, `participant ${JSON.stringify(id.slice(0, 40))}, junk query and headers`);
      },
    },
    withdrawRoute(),
  ];
}
