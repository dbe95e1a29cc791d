/**
 * Every localized text of the file ({ fr, en }) must have exactly the declared languages: a text in a language that
 * is not declared is a mistake (it will never be shown), a declared language missing from a text would show a hole.
 */
import type { ExperimentFile } from './schema.ts';
import type { PathSegment, Problem } from './problems.ts';

const ALL_LANGUAGES = ['fr', 'en'];

export function checkTextLanguages(file: ExperimentFile): Problem[] {
  const declared = file.languages;
  const problems: Problem[] = [];
  walk(file, [], (text, path) => {
    for (const lang of Object.keys(text)) {
      if (!declared.includes(lang as 'fr' | 'en'))
        problems.push({ path: [...path, lang], atKey: true, message: `text in "${lang}", but languages declares only ${declared.join(', ')}` });
    }
    for (const lang of declared) {
      if (text[lang] === undefined) problems.push({ path, message: `missing the "${lang}" text (languages declares ${declared.join(', ')})` });
    }
  });
  return problems;
}

/** Calls `visit` on every localized text: an object whose keys are all language codes and whose values are strings. */
function walk(node: unknown, path: PathSegment[], visit: (text: Record<string, string>, path: PathSegment[]) => void): void {
  if (Array.isArray(node)) {
    node.forEach((item, i) => walk(item, [...path, i], visit));
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const entries = Object.entries(node as Record<string, unknown>);
  const isText = entries.length > 0 && entries.every(([k, v]) => ALL_LANGUAGES.includes(k) && typeof v === 'string');
  if (isText) {
    visit(node as Record<string, string>, path);
    return;
  }
  for (const [key, value] of entries) walk(value, [...path, key], visit);
}
