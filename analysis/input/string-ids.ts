const EMPTY = 0;

/**
 * Distinct strings numbered 0, 1, 2... in order of first appearance (an interning table). A value can be looked up as
 * a string or as a slice of a line, without making a string for it when it is already known: the direct CSV reader
 * turns a million cells into ids this way. Equal texts get the same id whichever way they were looked up.
 * Slices are found by an FNV-1a hash of their UTF-16 code units in an open-addressing table (linear probing, kept at
 * most half full); strings through a Map, which holds the same ids.
 */
export class StringIds {
  /** The string of each id. */
  readonly strings: string[] = [];
  private readonly byString = new Map<string, number>();
  private hashes = new Int32Array(64);
  /** Slot -> id + 1 (0: empty). */
  private table = new Int32Array(128);

  get size(): number {
    return this.strings.length;
  }

  idOf(value: string): number {
    return this.byString.get(value) ?? this.add(value, hashOf(value, 0, value.length));
  }

  /** The id of `text` from `start` to `end` (exclusive). */
  idOfSlice(text: string, start: number, end: number): number {
    return this.idOfHashedSlice(text, start, end, hashOf(text, start, end));
  }

  /** The same, given the slice's `textHash` (computed while the caller scanned it). */
  idOfHashedSlice(text: string, start: number, end: number, hash: number): number {
    const mask = this.table.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.table[slot];
      if (entry === EMPTY) break;
      const id = entry - 1;
      if (this.hashes[id] === hash && sameSlice(this.strings[id], text, start, end)) return id;
    }
    return this.add(copyOf(text.slice(start, end)), hash);
  }

  private add(value: string, hash: number): number {
    const id = this.strings.length;
    this.strings.push(value);
    this.byString.set(value, id);
    if (id === this.hashes.length) {
      const hashes = new Int32Array(id * 2);
      hashes.set(this.hashes);
      this.hashes = hashes;
    }
    this.hashes[id] = hash;
    if ((id + 1) * 2 > this.table.length) {
      // Kept at most half full: a bigger table, every known id placed again.
      this.table = new Int32Array(this.table.length * 2);
      for (let known = 0; known < id; known++) this.place(known, this.hashes[known]);
    }
    this.place(id, hash);
    return id;
  }

  private place(id: number, hash: number): void {
    const mask = this.table.length - 1;
    let slot = hash & mask;
    while (this.table[slot] !== EMPTY) slot = (slot + 1) & mask;
    this.table[slot] = id + 1;
  }
}

/**
 * A copy of a slice that does not keep the text it was cut from alive: V8 makes a slice of 13 characters or more a
 * view of its parent (here a 1 MB chunk of the file, which every participant id would otherwise hold in memory).
 * Slicing a concatenation flattens it into a new string first.
 */
const copyOf = (slice: string): string => (slice.length < 13 ? slice : (slice + ' ').slice(0, -1));

export const HASH_SEED = 0x811c9dc5 | 0;

/** One more code unit into an FNV-1a hash. */
export const textHash = (hash: number, code: number): number => Math.imul(hash ^ code, 0x01000193);

/** FNV-1a over the UTF-16 code units of text[start, end). */
function hashOf(text: string, start: number, end: number): number {
  let hash = HASH_SEED;
  for (let i = start; i < end; i++) hash = textHash(hash, text.charCodeAt(i));
  return hash;
}

/** Whether text[start, end) equals value (startsWith compares natively, without a copy). */
export function sameSlice(value: string, text: string, start: number, end: number): boolean {
  return value.length === end - start && text.startsWith(value, start);
}
