/**
 * The researcher routes (server/researcher/api/router.ts, study-routes.ts; pages/router.ts, study-pages.ts) and how
 * each is fuzzed: every request comes without a token, with a wrong or malformed one, or with the right one, and a
 * request that could act (open, close, invite, withdraw, erase) always carries something that must stop it when its
 * credentials are right (an unknown study, a bad body, a participant that cannot be withdrawn, a wrong confirmation).
 */
import type { RawRequest } from './http-client.ts';
import { formBody } from './http-client.ts';
import type { FuzzRoute } from './runner.ts';
import { CONTENT_TYPES, encode, type Gen } from './values.ts';
import { TOKEN, type World } from './world.ts';

type Acts = 'experiment' | 'invitations' | 'withdraw' | 'erase' | 'sign-in' | 'sign-out';

interface Spec {
  method: 'GET' | 'POST';
  /** With :id (experiment), :file (export name), :pid (participant). */
  pattern: string;
  acts?: Acts;
}

const API: Spec[] = [
  { method: 'GET', pattern: '/api/experiments' },
  { method: 'GET', pattern: '/api/experiments/:id' },
  { method: 'POST', pattern: '/api/experiments/:id/open', acts: 'experiment' },
  { method: 'POST', pattern: '/api/experiments/:id/close', acts: 'experiment' },
  { method: 'POST', pattern: '/api/experiments/:id/reopen', acts: 'experiment' },
  { method: 'GET', pattern: '/api/experiments/:id/export/:file' },
  { method: 'GET', pattern: '/api/experiments/:id/monitoring' },
  { method: 'GET', pattern: '/api/experiments/:id/quality' },
  { method: 'GET', pattern: '/api/experiments/:id/participants' },
  { method: 'POST', pattern: '/api/experiments/:id/invitations', acts: 'invitations' },
  { method: 'GET', pattern: '/api/experiments/:id/open-link' },
  { method: 'GET', pattern: '/api/experiments/:id/audit' },
  { method: 'GET', pattern: '/api/experiments/:id/audit/verify' },
  { method: 'GET', pattern: '/api/participants/:pid' },
  { method: 'POST', pattern: '/api/participants/:pid/withdraw', acts: 'withdraw' },
  { method: 'POST', pattern: '/api/participants/:pid/erase', acts: 'erase' },
];

const PAGES: Spec[] = [
  { method: 'GET', pattern: '/admin/sign-in' },
  { method: 'POST', pattern: '/admin/sign-in', acts: 'sign-in' },
  { method: 'POST', pattern: '/admin/sign-out', acts: 'sign-out' },
  { method: 'GET', pattern: '/admin/' },
  { method: 'GET', pattern: '/admin/experiments/:id' },
  { method: 'POST', pattern: '/admin/experiments/:id/open', acts: 'experiment' },
  { method: 'POST', pattern: '/admin/experiments/:id/close', acts: 'experiment' },
  { method: 'POST', pattern: '/admin/experiments/:id/reopen', acts: 'experiment' },
  { method: 'GET', pattern: '/admin/experiments/:id/monitoring.json' },
  { method: 'GET', pattern: '/admin/experiments/:id/quality' },
  { method: 'POST', pattern: '/admin/experiments/:id/invitations', acts: 'invitations' },
  { method: 'GET', pattern: '/admin/experiments/:id/invitations.csv' },
  { method: 'GET', pattern: '/admin/experiments/:id/export/:file' },
  { method: 'GET', pattern: '/admin/experiments/:id/audit' },
  { method: 'GET', pattern: '/admin/participants/:pid' },
  { method: 'POST', pattern: '/admin/participants/:pid/withdraw', acts: 'withdraw' },
  { method: 'GET', pattern: '/admin/participants/:pid/erase' },
  { method: 'POST', pattern: '/admin/participants/:pid/erase', acts: 'erase' },
];

const STUDIES = ['signaux-faibles', 'risque-inondation', 'aide-exceptionnelle'];
const UNKNOWN_STUDIES = ['unknown-study', 'signaux-faibles-v2', 'a', 'x'.repeat(64)];
const EXPORTS = ['trials.csv', 'responses.csv', 'all.jsonl'];
const BAD_EXPORTS = ['trials.json', 'TRIALS.CSV', '..%2F..%2Fsecret', 'constructor', '__proto__', 'hasOwnProperty', 'trials.csv%00', '%', ''];

/** Participants that cannot be withdrawn (already withdrawn, or declined): withdrawing them is refused. */
const NOT_ACTIVE = ['withdrawn', 'declined'];

function studyId(g: Gen, mayAct: boolean): string {
  if (!mayAct && g.chance(0.55)) return g.pick(STUDIES);
  return g.chance(0.4) ? g.pick(UNKNOWN_STUDIES) : g.badId();
}

function participantId(g: Gen, world: World, choices: readonly string[] | null): string {
  if (g.chance(0.55)) {
    const names = choices ?? [...world.participants.keys()];
    const p = world.participants.get(g.pick(names));
    if (p) return p.id;
  }
  return g.chance(0.5) ? g.badId() : g.unusedParticipantId();
}

function junkQuery(g: Gen): string {
  const parts = [
    () => `configHash=${encode(g.pick(['', 'abc', '{"$ne":null}', 'x'.repeat(300)]))}`,
    () => 'configHash[$ne]=x',
    () => `page=${encode(g.pick(['0', '-1', '1.5', '2', '1e9', 'NaN', '1000001', 'x', '']))}`,
    () => 'page=1&page=2',
    () => `status=${encode(g.pick(['active', 'completed', 'ACTIVE', '$ne', '', 'deleted']))}`,
    () => 'status[$ne]=active',
    () => `verify=${g.pick(['1', '0', 'true'])}`,
    () => `notice=${encode(g.pick(['opened', '<script>alert(1)</script>', g.badValue()]))}`,
    () => `next=${encode(g.pick(['/admin/', '//evil.example', 'https://evil.example/admin', '/admin//x', '/admin/../p', '/admin/sign-in', 'javascript:alert(1)']))}`,
    () => `${encode(g.badKey())}=${encode(g.badValue())}`,
  ];
  const n = g.int(0, 3);
  const q = Array.from({ length: n }, () => g.pick(parts)());
  return q.length > 0 ? `?${q.join('&')}` : '';
}

/** Authorization headers for the API: right, wrong, malformed or missing. */
function apiAuth(g: Gen, valid: boolean): { header: Record<string, string>; label: string } {
  if (valid) return { header: { authorization: `Bearer ${TOKEN}` }, label: 'right token' };
  const wrong: Record<string, string> = g.pick<() => Record<string, string>>([
    () => ({}),
    () => ({ authorization: 'Bearer wrong-token-0123456789abcdef0123456789' }),
    () => ({ authorization: `Bearer ${TOKEN.slice(0, -1)}` }),
    () => ({ authorization: `bearer ${TOKEN}x` }),
    () => ({ authorization: `Basic ${Buffer.from(`researcher:${TOKEN}`).toString('base64')}` }),
    () => ({ authorization: `Bearer ${TOKEN}${TOKEN}` }),
    () => ({ authorization: 'Bearer' }),
    () => ({ authorization: 'Bearer $gt' }),
    () => ({ authorization: `Bearer ${'A'.repeat(8000)}` }),
    () => ({ cookie: `confiance_researcher=${Date.now()}.${'A'.repeat(43)}` }),
  ])();
  return { header: wrong, label: `wrong credentials (${Object.values(wrong)[0]?.slice(0, 30) ?? 'none'})` };
}

/** Cookies for the dashboard: the signed-in researcher's, or a forged, expired-looking or missing session. */
function pageCookies(g: Gen, world: World, valid: boolean): { cookie: string; label: string } {
  const jar = world.researcher.jar.header();
  if (valid) return { cookie: jar, label: 'signed in' };
  const kind = g.int(0, 4);
  const csrfOnly = jar.replace(/confiance_researcher=[^;]*;?\s*/, '');
  const forged = [
    '',
    `confiance_researcher=${Date.now() - 13 * 3600 * 1000}.${'A'.repeat(43)}; ${csrfOnly}`,
    `confiance_researcher=${encode(g.badValue()).slice(0, 200)}; ${csrfOnly}`,
    `confiance_researcher=99999999999999.${'B'.repeat(43)}; ${csrfOnly}`,
    csrfOnly,
  ][kind];
  return { cookie: forged, label: 'not signed in' };
}

/** JSON bodies the invitation API must refuse (each alone is enough). */
function badInvitationJson(g: Gen): string {
  return g.pick([
    () => JSON.stringify({ count: g.pick([0, -1, 1.5, 10_001, 1e308, null, '3', true, [], {}]) }),
    () => JSON.stringify({ count: { $gt: 0 } }),
    () => JSON.stringify({ labels: g.pick([[], ['a', 'a'], [''], ['  '], 'abc', [1, 2], [{ $ne: null }], ['x'.repeat(201)]]) }),
    () => JSON.stringify({ labelsCsv: g.pick(['', 'a,b\n1,2', 'label\nx\nx', 'label\n""', '"unclosed']) }),
    () => JSON.stringify({ count: 1, labels: ['only-one-of-them'] }),
    () => JSON.stringify({ count: 1, extra: true }),
    () => JSON.stringify({ $where: 'sleep(100)', count: 1 }),
    () => JSON.stringify({ __proto__: { count: 1 } }).replace('{}', '{"__proto__":{"count":1}}'),
    () => JSON.stringify({}),
    () => g.pick(['[]', 'null', '"count"', '1', '{', '{"count":', '{"count":1,}', '\u0000']),
    () => JSON.stringify({ labelsCsv: 'label\n' + 'x\n'.repeat(3) }),
    () => `{"labels":[${Array.from({ length: 40_000 }, (_, i) => `"l${i}"`).join(',')}]}`,
  ])();
}

function badInvitationCsv(g: Gen): string {
  return g.pick(['', '\n\n', 'label\n', 'a,b\n1,2', 'label\nx\nx', 'label\n""\n', '"unclosed\n', 'label\n' + 'y'.repeat(300) + '\n' + 'y'.repeat(300)]);
}

function badInvitationForm(g: Gen): [string, string][] {
  return g.pick([
    () => [['count', g.pick(['0', '-1', '1.5', 'abc', '', '10001', '1e9', '$gt', ' '])]],
    () => [['count', '1'], ['count', '2']],
    () => [['labels', g.pick(['a\na', 'label\n""', 'a,b\n1,2', '"unclosed'])]],
    () => [['labels', 'a\na'], ['format', 'csv']],
    () => [['count', 'x'], ['format', g.pick(['csv', 'page', '$ne', ''])]],
    () => [],
  ])() as [string, string][];
}

function build(spec: Spec, g: Gen, world: World): { request: RawRequest; defect: string } {
  const isApi = spec.pattern.startsWith('/api');
  const credentialsValid = g.chance(0.55);
  // An acting route with valid credentials always gets a stopping defect; without, anything may be sent.
  const mustFail = spec.acts !== undefined && spec.acts !== 'sign-in' && spec.acts !== 'sign-out' && credentialsValid;
  const defects: string[] = [];

  let id = studyId(g, mustFail && spec.acts === 'experiment');
  let pidChoices: readonly string[] | null = null;
  if (mustFail && spec.acts === 'withdraw') pidChoices = NOT_ACTIVE;
  const pid = participantId(g, world, pidChoices);
  if (mustFail && spec.acts === 'invitations' && g.chance(0.3)) id = studyId(g, true);
  const file = g.chance(0.6) ? g.pick(EXPORTS) : g.pick(BAD_EXPORTS);
  const path = spec.pattern.replace(':id', id).replace(':pid', pid).replace(':file', file) + junkQuery(g);
  defects.push(`id=${id.slice(0, 30)} pid=${pid.slice(0, 24)}`);

  const headers: Record<string, string> = { 'x-forwarded-for': g.address() };
  if (isApi) {
    const auth = apiAuth(g, credentialsValid);
    Object.assign(headers, auth.header);
    defects.push(auth.label);
  } else {
    const c = pageCookies(g, world, credentialsValid);
    if (c.cookie) headers.cookie = c.cookie;
    defects.push(c.label);
  }
  if (g.chance(0.15)) headers.accept = g.pick(['text/csv', 'application/json', '*/*', 'text/html', '']);

  let body: string | undefined;
  if (spec.method === 'POST') {
    if (isApi) {
      const kind = g.int(0, 9);
      if (spec.acts === 'invitations' && kind < 2) {
        headers['content-type'] = 'text/csv';
        body = badInvitationCsv(g);
        defects.push(`csv body ${JSON.stringify(body.slice(0, 30))}`);
      } else if (kind < 8) {
        headers['content-type'] = 'application/json';
        body = spec.acts === 'invitations' ? badInvitationJson(g) : spec.acts === 'erase' ? eraseJson(g, pid, mustFail) : g.pick(['{}', '{"$where":"1"}', '[]', '{', 'null', JSON.stringify({ confirm: pid })]);
        defects.push(`json body ${JSON.stringify(body.slice(0, 60))}`);
      } else if (mustFail) {
        // Not a CSV (a CSV of one column is a list of labels) and not a parseable JSON request.
        headers['content-type'] = g.pick(CONTENT_TYPES.filter((t) => t !== 'text/csv'));
        body = g.pick(['x'.repeat(g.int(300_000, 400_000)), '']);
        defects.push(`content-type ${headers['content-type']} body of ${body.length} bytes`);
      } else {
        headers['content-type'] = g.pick(CONTENT_TYPES);
        body = g.pick(['{"count":1}', 'count=1', 'x'.repeat(g.int(300_000, 400_000)), '']);
        defects.push(`content-type ${headers['content-type']} body of ${body.length} bytes`);
      }
    } else {
      const fields: [string, string][] = [];
      // A signed-in sign-out with a valid form would end the one researcher session every other route relies on
      // (sign-out ending the session on the server is tested in test/researcher/lock-out.test.ts).
      const csrfValid = !(spec.acts === 'sign-out' && credentialsValid) && g.chance(0.7);
      fields.push(['_csrf', csrfValid ? world.researcherCsrf : g.pick(['', 'x', world.researcherCsrf.slice(0, -2) + 'zz'])]);
      if (!csrfValid) defects.push('wrong CSRF token');
      if (spec.acts === 'invitations') fields.push(...badInvitationForm(g));
      if (spec.acts === 'erase') fields.push(...eraseForm(g, pid, mustFail));
      if (spec.acts === 'sign-in') {
        fields.push(['token', g.pick([TOKEN, '', 'short', TOKEN.toUpperCase(), 'x'.repeat(10_000), `${TOKEN} `])]);
        fields.push(['next', g.pick(['/admin/', '//evil.example', 'https://evil.example', '/admin/sign-in', '/admin/experiments/x?y=1', ''])]);
      }
      if (g.chance(0.2)) fields.push([g.badKey(), g.badValue()]);
      headers['content-type'] = g.chance(0.85) ? 'application/x-www-form-urlencoded' : g.pick(CONTENT_TYPES);
      if (headers['content-type'] === '') delete headers['content-type'];
      // The token may also come in a header: with a body the form parser skips, the route then sees no body at all.
      if (headers['content-type'] !== 'application/x-www-form-urlencoded' && csrfValid && g.chance(0.7)) {
        headers['x-csrf-token'] = world.researcherCsrf;
        defects.push('CSRF token in the header');
      }
      body = g.chance(0.05) ? `${formBody(fields)}&pad=${'x'.repeat(20_000)}` : formBody(fields);
      defects.push(`form ${body.slice(0, 80)}`);
    }
  }
  const method = g.chance(0.05) ? g.pick(['PUT', 'DELETE', 'PATCH', spec.method === 'GET' ? 'POST' : 'GET']) : spec.method;
  if (method !== spec.method) defects.push(`method ${method}`);
  // A GET with the method changed to POST on an acting path is still guarded by the route's own rules; a POST turned
  // into a GET only reads. Neither can act: no POST route matches a GET path with these ids except the ones above.
  return { request: { method, path, headers, body }, defect: defects.join('; ') };
}

function eraseJson(g: Gen, pid: string, mustFail: boolean): string {
  const options = [
    () => '{}',
    () => JSON.stringify({ confirm: `${pid} ` }),
    () => JSON.stringify({ confirm: pid.toUpperCase() === pid ? `${pid}x` : pid.toUpperCase() }),
    () => JSON.stringify({ confirm: [pid] }),
    () => JSON.stringify({ confirm: { $eq: pid } }),
    () => JSON.stringify({ confirm: pid, extra: 1 }),
    () => JSON.stringify({ confirm: 'yes' }),
    () => '[]',
    () => '{',
  ];
  if (!mustFail) options.push(() => JSON.stringify({ confirm: pid }));
  return g.pick(options)();
}

function eraseForm(g: Gen, pid: string, mustFail: boolean): [string, string][] {
  const options: (() => [string, string][])[] = [
    () => [],
    () => [['confirm', `${pid} `]],
    () => [['confirm', 'yes']],
    () => [['confirm', pid], ['confirm', pid]],
    () => [['confirm[$eq]', pid]],
  ];
  if (!mustFail) options.push(() => [['confirm', pid]]);
  return g.pick(options)();
}

function route(spec: Spec): FuzzRoute {
  return {
    name: `${spec.method} ${spec.pattern}`,
    generate(g, world) {
      return build(spec, g, world);
    },
  };
}

export function researcherRoutes(): FuzzRoute[] {
  return [...API, ...PAGES].map(route);
}
