/**
 * Line and column of a field in a YAML or JSON source. JSON files are parsed with the YAML parser too (JSON is
 * YAML 1.2 flow syntax), so both report positions the same way.
 */
import { LineCounter, parseDocument, isMap, isSeq, isScalar, visit, type Document, type Node } from 'yaml';
import type { PathSegment } from './problems.ts';

export interface ParsedSource {
  /** The plain value (objects, arrays, scalars), or undefined if the source has syntax errors. */
  value: unknown;
  syntaxErrors: { line: number; col: number; message: string }[];
  /** Position of the node at `path`: its key when `atKey` or when it is a mapping/list, the value otherwise. */
  locate(path: readonly PathSegment[], atKey?: boolean): { line: number; col: number };
}

export function parseSource(text: string): ParsedSource {
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const syntaxErrors = doc.errors.map((e) => {
    const pos = e.linePos?.[0] ?? lineCounter.linePos(e.pos[0]);
    return { line: pos.line, col: pos.col, message: firstLine(e.message) };
  });
  const value = syntaxErrors.length === 0 ? toPlainValue(doc, lineCounter, syntaxErrors) : undefined;

  function at(offset: number | undefined): { line: number; col: number } {
    return offset === undefined ? { line: 1, col: 1 } : lineCounter.linePos(offset);
  }

  function locate(path: readonly PathSegment[], atKey = false): { line: number; col: number } {
    let node: unknown = doc.contents;
    let keyNode: Node | null = null;
    for (const seg of path) {
      const next = child(node, seg);
      // A missing key: point at the mapping that should hold it (its key line when it has one).
      if (next === null) return at(keyNode?.range?.[0] ?? (node as Node | null)?.range?.[0]);
      node = next.value;
      keyNode = next.key;
    }
    const target = node as Node | null;
    const preferKey = atKey || isMap(target) || isSeq(target) || target === null;
    if (preferKey && keyNode?.range) return at(keyNode.range[0]);
    return at(target?.range?.[0] ?? keyNode?.range?.[0]);
  }

  return { value, syntaxErrors, locate };
}

/**
 * The document as plain values. yaml throws (a ReferenceError) when aliases expand past `maxAliasCount` — an
 * "alias bomb" that would otherwise take gigabytes — or point at nothing: that is a problem of this file, reported
 * at the first alias, never an exception that could stop a server serving other files.
 */
function toPlainValue(doc: Document, lineCounter: LineCounter, syntaxErrors: ParsedSource['syntaxErrors']): unknown {
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    let aliasAt: number | undefined;
    visit(doc, { Alias: (_key, node) => void (aliasAt ??= node.range?.[0]) });
    const pos = aliasAt === undefined ? { line: 1, col: 1 } : lineCounter.linePos(aliasAt);
    const why = /alias count/i.test((err as Error).message)
      ? 'aliases (*name) expand to too many values (more than 100 uses of an anchor): write the values out'
      : firstLine((err as Error).message);
    syntaxErrors.push({ line: pos.line, col: pos.col, message: why });
    return undefined;
  }
}

function child(node: unknown, seg: PathSegment): { value: unknown; key: Node | null } | null {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = pair.key;
      const name = isScalar(key) ? String(key.value) : String(key);
      if (name === String(seg)) return { value: pair.value, key: isScalar(key) ? key : null };
    }
    return null;
  }
  if (isSeq(node) && typeof seg === 'number') {
    const item = node.items[seg];
    return item === undefined ? null : { value: item, key: null };
  }
  return null;
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}
