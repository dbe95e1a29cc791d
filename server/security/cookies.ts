import type { RequestHandler } from 'express';

/**
 * `req.cookies` with only the cookies the app reads (the browser session, the CSRF cookie, the researcher session),
 * parsed as cookie-parser parses them (the `cookie` package's rules: `;`-separated pairs, the first pair of a name
 * wins, spaces and tabs around names and values trimmed, one pair of double quotes removed (a lone `"` gives an empty value), percent-decoded when
 * that is valid). Left out on purpose: cookie-parser's signed cookies (the app signs none) and its `j:` JSON
 * cookies (a value is always a string here, so no cookie can turn into an object). Any other cookie a browser sends
 * is not read at all.
 */
export function requestCookies(names: readonly string[]): RequestHandler {
  const wanted = new Set(names);
  return (req, _res, next) => {
    req.cookies = parseCookies(req.headers.cookie, wanted);
    next();
  };
}

/** The wanted cookies of a Cookie header, by name (a null-prototype record, so no name can reach a prototype). */
export function parseCookies(header: string | undefined, wanted: ReadonlySet<string>): Record<string, string> {
  const cookies: Record<string, string> = Object.create(null) as Record<string, string>;
  if (header === undefined || header.length < 2) return cookies;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq < 0) continue;
    const name = trimSpaces(pair.slice(0, eq));
    if (!wanted.has(name) || name in cookies) continue;
    let value = trimSpaces(pair.slice(eq + 1));
    if (value.charCodeAt(0) === 0x22 && value.charCodeAt(value.length - 1) === 0x22) value = value.slice(1, -1);
    cookies[name] = decode(value);
  }
  return cookies;
}

/** Removes spaces and tabs at both ends (what the `cookie` package trims; other characters are kept). */
function trimSpaces(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && (text.charCodeAt(start) === 0x20 || text.charCodeAt(start) === 0x09)) start++;
  while (end > start && (text.charCodeAt(end - 1) === 0x20 || text.charCodeAt(end - 1) === 0x09)) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

function decode(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
