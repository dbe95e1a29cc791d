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
  /**
   * The UTF-16 code units of every string, one after the other: id's from `starts[id]` to `starts[id + 1]`. A slice
   * is compared with these (typed-array loads) rather than with the string itself, whose every charCodeAt goes through
   * its representation (a third less time for the direct CSV reader on 1,000,000 trials).
   */
  private codes = new Uint16Array(1024);
  private starts = new Int32Array(65);

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
      if (this.hashes[id] === hash && this.starts[id + 1] - this.starts[id] === end - start && this.occursAt(id, text, start)) return id;
    }
    return this.add(copyOf(text.slice(start, end)), hash);
  }

  /**
   * Whether the string of `id` occurs in `text` at `start` (text.startsWith(strings[id], start)), the caller having
   * checked that it fits before the end of the slice it looks at.
   */
  occursAt(id: number, text: string, start: number): boolean {
    const codes = this.codes;
    const from = this.starts[id];
    const to = this.starts[id + 1];
    for (let k = from, i = start; k < to; k++, i++) if (text.charCodeAt(i) !== codes[k]) return false;
    return true;
  }

  /** The length of the string of `id`. */
  lengthOf(id: number): number {
    return this.starts[id + 1] - this.starts[id];
  }

  private add(value: string, hash: number): number {
    const id = this.strings.length;
    this.strings.push(value);
    this.storeCodes(id, value);
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

  private storeCodes(id: number, value: string): void {
    const from = this.starts[id];
    if (from + value.length > this.codes.length) {
      const codes = new Uint16Array(Math.max(this.codes.length * 2, from + value.length));
      codes.set(this.codes);
      this.codes = codes;
    }
    for (let k = 0; k < value.length; k++) this.codes[from + k] = value.charCodeAt(k);
    if (id + 2 > this.starts.length) {
      const starts = new Int32Array(this.starts.length * 2);
      starts.set(this.starts);
      this.starts = starts;
    }
    this.starts[id + 1] = from + value.length;
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
