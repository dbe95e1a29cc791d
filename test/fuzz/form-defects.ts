/**
 * Bad versions of a form submission. A draft starts as the exact form a browser would send (with its cookies and
 * CSRF token) and receives one to three defects, each enough on its own for the server to refuse the request.
 */
import type { RawRequest } from './http-client.ts';
import { formBody } from './http-client.ts';
import type { Browser, World } from './world.ts';
import { CONTENT_TYPES, type Fields, type Gen, MALFORMED_FORMS, manyParameters } from './values.ts';

export interface Draft {
  method: string;
  path: string;
  fields: Fields;
  headers: Record<string, string>;
  /** Replaces the encoded fields when set (malformed or oversized bodies). */
  rawBody?: string;
  defects: string[];
}

export function draftFrom(g: Gen, browser: Browser, path: string, fields: Fields): Draft {
  return {
    method: 'POST',
    path,
    fields: fields.map(([k, v]) => [k, v]),
    headers: { ...browser.baseHeaders(), 'x-forwarded-for': g.address(), 'content-type': 'application/x-www-form-urlencoded' },
    defects: [],
  };
}

export function toRequest(d: Draft): RawRequest {
  return { method: d.method, path: d.path, headers: d.headers, body: d.rawBody ?? formBody(d.fields) };
}

/** A defect: changes the draft so that the request must be refused. `valid(name, value)` says what the form accepts. */
export type Defect = (g: Gen, d: Draft, ctx: DefectContext) => void;

export interface DefectContext {
  world: World;
  /** True when `value` would be an acceptable answer for field `name` (such a value is not a defect). */
  acceptable(name: string, value: string): boolean;
}

export const missingField: Defect = (g, d, ctx) => {
  if (d.fields.length === 0) return extraField(g, d, ctx);
  const i = g.int(0, d.fields.length - 1);
  d.defects.push(`missing ${d.fields[i][0]}`);
  d.fields.splice(i, 1);
};

export const extraField: Defect = (g, d) => {
  const key = g.badKey();
  const value = g.badValue();
  d.defects.push(`extra field ${JSON.stringify(key.slice(0, 40))}`);
  d.fields.splice(g.int(0, d.fields.length), 0, [key, value]);
};

export const badValue: Defect = (g, d, ctx) => {
  if (d.fields.length === 0) return extraField(g, d, ctx);
  const i = g.int(0, d.fields.length - 1);
  const name = d.fields[i][0];
  let value = g.badValue();
  // No field accepts 20,000 characters: the fallback when the bad value drawn happens to be acceptable.
  if (value === d.fields[i][1] || ctx.acceptable(name, value)) value = 'z'.repeat(20_000);
  d.defects.push(`bad value for ${name}: ${JSON.stringify(value.slice(0, 40))}${value.length > 40 ? `…(${value.length})` : ''}`);
  d.fields[i] = [name, value];
};

export const duplicateField: Defect = (g, d, ctx) => {
  if (d.fields.length === 0) return extraField(g, d, ctx);
  const [name, value] = g.pick(d.fields);
  d.defects.push(`field ${name} repeated`);
  d.fields.push([name, g.chance(0.5) ? value : g.badValue()]);
};

export const operatorKey: Defect = (g, d) => {
  const name = d.fields.length > 0 ? g.pick(d.fields)[0] : 'decision';
  const key = g.pick([`${name}[$ne]`, `${name}[$gt]`, '$where', `${name}.$`, `$or[0][${name}]`, `${name}[__proto__][x]`]);
  d.defects.push(`operator key ${key}`);
  d.fields.push([key, g.pick(['', '1', 'null', '{"$gt":""}'])]);
};

export const wrongContentType: Defect = (g, d) => {
  const type = g.pick(CONTENT_TYPES);
  d.defects.push(`content-type ${JSON.stringify(type)}`);
  if (type === '') delete d.headers['content-type'];
  else d.headers['content-type'] = type;
  if (type === 'application/json' && g.chance(0.6)) d.rawBody = JSON.stringify(Object.fromEntries(d.fields.map(([k, v]) => [k, g.chance(0.3) ? { $gt: '' } : v])));
};

/** A JSON body with the CSRF token in the header (valid token): the form parser leaves req.body undefined. */
export const jsonBodyWithHeaderToken: Defect = (g, d) => {
  const token = d.fields.find(([k]) => k === '_csrf')?.[1];
  if (token && /^[\x21-\x7e]+$/.test(token)) d.headers['x-csrf-token'] = token;
  d.headers['content-type'] = g.pick(['application/json', 'text/plain', 'application/octet-stream']);
  d.rawBody = g.chance(0.5) ? JSON.stringify(Object.fromEntries(d.fields)) : JSON.stringify({ decision: { $gt: '' }, at: { $ne: null } });
  d.defects.push(`${d.headers['content-type']} body, token in header`);
};

export const hugeBody: Defect = (g, d) => {
  const size = g.pick([16 * 1024 + 1, 20_000, 100_000, 1_000_000]);
  d.rawBody = `${formBody(d.fields)}&pad=${'x'.repeat(size)}`;
  d.defects.push(`body of ${d.rawBody.length} bytes`);
};

export const tooManyFields: Defect = (g, d) => {
  const n = g.int(201, 1500);
  d.rawBody = `${formBody(d.fields)}&${manyParameters(n)}`;
  d.defects.push(`${n} extra parameters`);
};

export const malformedForm: Defect = (g, d) => {
  const tail = g.pick(MALFORMED_FORMS);
  d.rawBody = `${formBody(d.fields)}&${tail}`;
  d.defects.push(`malformed form tail ${JSON.stringify(tail)}`);
};

export const wrongCsrf: Defect = (g, d, ctx) => {
  const kind = g.int(0, 5);
  const i = d.fields.findIndex(([k]) => k === '_csrf');
  const token = i >= 0 ? d.fields[i][1] : '';
  if (kind === 0) {
    delete d.headers.cookie;
    d.defects.push('no cookies');
  } else if (kind === 1) {
    d.headers.cookie = ctx.world.stranger.jar.header();
    d.defects.push("another browser's cookies");
  } else if (kind === 2 && i >= 0) {
    d.fields[i] = ['_csrf', ctx.world.researcherCsrf];
    d.defects.push("another browser's CSRF token");
  } else if (kind === 3 && i >= 0) {
    const flipped = token.length > 0 ? token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A') : 'A';
    d.fields[i] = ['_csrf', flipped];
    d.defects.push('tampered CSRF token');
  } else if (kind === 4) {
    d.headers.cookie = (d.headers.cookie ?? '').replace(/confiance_csrf=[^;]*/, 'confiance_csrf=' + g.pick(['', 'x', 'A'.repeat(64), '%00', 'a.b', '..']));
    d.defects.push('CSRF cookie replaced');
    if (!/confiance_csrf=/.test(d.headers.cookie)) d.headers.cookie = '';
  } else {
    if (i >= 0) d.fields.splice(i, 1);
    d.defects.push('no CSRF token');
  }
};

export const wrongMethod: Defect = (g, d) => {
  d.method = g.pick(['PUT', 'PATCH', 'DELETE']);
  d.defects.push(`method ${d.method}`);
};

export const GENERIC_DEFECTS: Defect[] = [
  missingField,
  extraField,
  badValue,
  badValue,
  duplicateField,
  operatorKey,
  wrongContentType,
  jsonBodyWithHeaderToken,
  hugeBody,
  tooManyFields,
  malformedForm,
  wrongCsrf,
  wrongCsrf,
  wrongMethod,
];

/**
 * Applies one to three defects picked from `defects`. Removals go first, so that a later defect is never undone
 * (a missing field removing the extra one just added would leave a valid form).
 */
export function applyDefects(g: Gen, d: Draft, ctx: DefectContext, defects: readonly Defect[]): void {
  const n = g.chance(0.7) ? 1 : g.int(2, 3);
  const chosen = Array.from({ length: n }, () => g.pick(defects));
  chosen.sort((a, b) => Number(b === missingField) - Number(a === missingField));
  for (const defect of chosen) defect(g, d, ctx);
}
