/**
 * The stored data, read from the embedded store's own files: every nedb collection (`*.db` in DATA_DIR), replayed the
 * way nedb loads them (one JSON document per line, the last line of an `_id` wins, `$$deleted` removes it), and every
 * per-participant file (`<collection>/<experiment>/<participant>.jsonl`, one document per line, append-only: a line is
 * identified by its number). Reading the
 * files rather than the store's API means nothing the store holds can be left out of the comparison.
 *
 * Every acknowledged write appends to a file and fsyncs it before the answer leaves, so after each request the
 * tracker reads only what was appended and compares each rewritten document with its previous content: a GET that
 * rewrites `lastActivityAt` with the same instant is no change, a new or altered or removed document is.
 */
import { readdirSync, statSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';

interface FileState {
  size: number;
  /** Compaction writes a new file and renames it over the old one: a new inode means "read it whole". */
  ino: number;
  docs: Map<string, string>;
  /** Per-participant files: lines read so far (the next line's number). */
  lines: number;
}

export class StoreTracker {
  private readonly files = new Map<string, FileState>();
  private started = false;
  private constructor(private readonly dataDir: string) {}

  static async start(dataDir: string): Promise<StoreTracker> {
    const tracker = new StoreTracker(dataDir);
    await tracker.changes();
    tracker.started = true;
    return tracker;
  }

  /** The documents that changed since the last call ("<collection> +|-|~ <document>"), empty when none did. */
  async changes(): Promise<string[]> {
    const out: string[] = [];
    // Synchronous stats: a handful of microseconds each, where a trip through the thread pool per file would
    // dominate the time of a fuzz request.
    // sessions.db holds researcher sign-ins, not study data: signing in with the right token is meant to write there.
    const names = readdirSync(this.dataDir, { recursive: true, encoding: 'utf8' })
      .filter((n) => (n.endsWith('.db') || n.endsWith('.jsonl')) && n !== 'sessions.db')
      .sort();
    for (const [name, known] of this.files) {
      if (names.includes(name)) continue;
      // A per-participant file removed (an erasure): all its documents are gone.
      for (const doc of known.docs.values()) out.push(`${name} - ${doc.slice(0, 400)}`);
      this.files.delete(name);
    }
    for (const name of names) {
      const byLine = name.endsWith('.jsonl');
      const path = join(this.dataDir, name);
      const { size, ino } = statSync(path);
      const known = this.files.get(name);
      if (known && size === known.size && ino === known.ino) continue;
      if (!known || size < known.size || ino !== known.ino) {
        // New file, or compacted (rewritten shorter): read it whole and compare every document.
        const text = await readFile(path, 'utf8');
        const docs = new Map<string, string>();
        const complete = text.slice(0, text.lastIndexOf('\n') + 1);
        const { lines } = applyLines(docs, complete, byLine ? 0 : null);
        if (known) diffMaps(name, known.docs, docs, out);
        else if (this.started) for (const doc of docs.values()) out.push(`${name} + ${doc}`);
        this.files.set(name, { size: Buffer.byteLength(complete), ino, docs, lines });
        continue;
      }
      const handle = await open(path, 'r');
      try {
        const length = size - known.size;
        const buffer = Buffer.alloc(length);
        await handle.read(buffer, 0, length, known.size);
        // Only whole lines: a write still being appended is read at the next call.
        const text = buffer.toString('utf8');
        const complete = text.slice(0, text.lastIndexOf('\n') + 1);
        const before = new Map(known.docs);
        const { touched, lines } = applyLines(known.docs, complete, byLine ? known.lines : null);
        known.lines = lines;
        for (const id of touched) {
          const was = before.get(id);
          const now = known.docs.get(id);
          if (was === now) continue;
          out.push(`${name} ${was === undefined ? '+' : now === undefined ? '-' : '~'} ${(now ?? was ?? '').slice(0, 400)}`);
        }
        known.size += Buffer.byteLength(complete);
      } finally {
        await handle.close();
      }
    }
    return out;
  }

  /** All documents of all collections, canonical and sorted (to compare two moments by equality). */
  state(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const [name, file] of [...this.files].sort(([a], [b]) => a.localeCompare(b))) out[name] = [...file.docs.values()].sort();
    return out;
  }
}

/**
 * Applies lines to `docs`; returns the ids written. nedb lines are identified by `_id`; with `firstLine` (a
 * per-participant file) each line is one document identified by its number, counting from `firstLine`.
 */
function applyLines(docs: Map<string, string>, text: string, firstLine: number | null): { touched: Set<string>; lines: number } {
  const touched = new Set<string>();
  let lineNumber = firstLine ?? 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const doc = JSON.parse(line) as Record<string, unknown>;
    if ('$$indexCreated' in doc || '$$indexRemoved' in doc) continue;
    const id = firstLine === null ? String(doc._id) : `line ${lineNumber++}`;
    touched.add(id);
    if (doc.$$deleted === true) docs.delete(id);
    else docs.set(id, canonical(doc));
  }
  return { touched, lines: lineNumber };
}

function diffMaps(name: string, before: Map<string, string>, after: Map<string, string>, out: string[]): void {
  for (const [id, doc] of after) if (before.get(id) !== doc) out.push(`${name} ${before.has(id) ? '~' : '+'} ${doc.slice(0, 400)}`);
  for (const [id, doc] of before) if (!after.has(id)) out.push(`${name} - ${doc.slice(0, 400)}`);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}
