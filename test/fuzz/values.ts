/**
 * Seeded bad inputs (pure-rand through experiments/random.ts): values, keys, bodies and headers that a careless
 * client, a crawler or an attacker sends. Every fuzz run with the same seed sends the same requests.
 */
import { createRng, seedFor, type Rng } from '../../experiments/random.ts';

export type Fields = [string, string][];

export class Gen {
  readonly rng: Rng;
  constructor(...seed: (string | number)[]) {
    this.rng = createRng(seedFor('fuzz', ...seed));
  }

  pick<T>(items: readonly T[]): T {
    return this.rng.pick(items);
  }

  chance(p: number): boolean {
    return this.rng.float() < p;
  }

  int(min: number, max: number): number {
    return this.rng.int(min, max);
  }

  /** A string a form field should never accept as an answer. */
  badValue(): string {
    return this.pick(BAD_VALUE_MAKERS)(this);
  }

  /** A field name no form has. */
  badKey(): string {
    return this.pick(BAD_KEYS);
  }

  /** A value that is not a well-formed identifier (participant, experiment, file). */
  badId(): string {
    return this.pick(BAD_ID_MAKERS)(this);
  }

  randomText(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += ALPHABET[this.int(0, ALPHABET.length - 1)];
    return out;
  }

  /** A well-formed participant id (22 base64url characters) that no participant has. */
  unusedParticipantId(): string {
    return Array.from({ length: 22 }, () => this.pick(ID_ALPHABET)).join('');
  }

  /** A random client address (every request its own: rate limits count per client). */
  address(): string {
    return `172.${this.int(16, 31)}.${this.int(0, 255)}.${this.int(1, 254)}`;
  }
}

const ID_ALPHABET = Array.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_');

/** Code points (not UTF-16 units: a random pick never splits a surrogate pair). */
const ALPHABET = Array.from('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~!*()$&=+,;:@ é€𝄞\u0000\u202e<>"\'');

/** encodeURIComponent that tolerates lone surrogates (sent as U+FFFD, as a browser would). */
export function encode(text: string): string {
  return encodeURIComponent(text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'));
}

const BAD_VALUE_MAKERS: ((g: Gen) => string)[] = [
  () => '',
  () => ' ',
  () => '$gt',
  () => '{"$gt":""}',
  () => '{"$ne":null}',
  () => '$where: sleep(1000)',
  () => '[object Object]',
  () => '__proto__',
  () => 'constructor',
  () => 'null',
  () => 'undefined',
  () => 'true',
  () => 'NaN',
  () => 'Infinity',
  () => '-Infinity',
  () => '1e309',
  () => '-1',
  () => '0',
  () => '1.5',
  () => '0x10',
  () => ' 4',
  () => '4 ',
  () => '٤',
  () => '8',
  () => '99999999',
  () => '9'.repeat(400),
  () => '-0',
  () => '1,5',
  () => '\u0000',
  () => '\ud800',
  () => '𝄞',
  () => '<script>alert(1)</script>',
  () => '"><img src=x onerror=alert(1)>',
  () => '../../../../etc/passwd',
  () => '%00',
  () => "'; DROP TABLE trials; --",
  () => '=cmd|\' /C calc\'!A0',
  (g) => g.randomText(g.int(1, 40)),
  (g) => g.randomText(g.int(200, 2000)),
  (g) => 'x'.repeat(g.int(5_000, 15_000)),
];

const BAD_KEYS = [
  '$gt',
  '$where',
  '$set',
  'decision[$ne]',
  'at[$gt]',
  '_csrf[]',
  'constructor',
  'prototype',
  'hasOwnProperty',
  'toString',
  'a[b][c]',
  ' ',
  'extra',
  'participantId',
  'condition',
  'status',
  'step',
  'truth',
  'correct',
  'serverRtMs',
  'item_unknown_99',
  'x'.repeat(300),
  'décision',
  'decision ',
  'DECISION',
];

const BAD_ID_MAKERS: ((g: Gen) => string)[] = [
  () => '',
  () => 'x',
  () => '$where',
  () => '%24gt',
  () => '%7B%22%24gt%22%3A%22%22%7D',
  () => '..',
  () => '..%2F..%2Fetc%2Fpasswd',
  () => '%2e%2e%2f%2e%2e%2fserver',
  () => '%00',
  () => '%ZZ',
  () => '%',
  () => '__proto__',
  () => 'constructor',
  () => 'AAAAAAAAAAAAAAAAAAAAAA',
  () => 'AAAAAAAAAAAAAAAAAAAAAA%20',
  () => '%F0%9F%98%80',
  () => '%C0%AE%C0%AE',
  () => 'UPPER-Case',
  () => 'signaux-faibles%00',
  () => 'signaux-faibles.yaml',
  (g) => 'a'.repeat(g.int(65, 3000)),
  (g) => encode(g.randomText(g.int(1, 30))),
  (g) => g.unusedParticipantId(),
];

/** Content types a form route may receive. */
export const CONTENT_TYPES = [
  'application/json',
  'text/plain',
  'multipart/form-data; boundary=xyz',
  'application/x-www-form-urlencoded; charset=utf-16',
  'application/xml',
  'application/octet-stream',
  'text/csv',
  '',
  '*/*',
];

/** Bodies that are not well-formed urlencoded forms. */
/** Each holds at least one key that no form has (an empty key alone would be dropped by the parser). */
export const MALFORMED_FORMS = ['%', '%zz=1', 'a=%E0%A4%A', '&&&==&%', '=&%3D=1', '==x&x', 'a=1&a=2&a=3', '\u0000=\u0000', '%00=%00'];

/** `a=1&a=2...` with `count` parameters (the form parser allows 200). */
export function manyParameters(count: number): string {
  return Array.from({ length: count }, (_, i) => `p${i}=1`).join('&');
}
