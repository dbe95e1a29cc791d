import type { LineParser } from './csv-tokenizer.ts';
import type { TrialRow } from './trial-row.ts';

/** Where each column the analysis reads sits in the header (-1: absent). */
export interface TrialColumnPositions {
  participant_id: number;
  condition: number;
  trial_index: number;
  case_id: number;
  truth: number;
  ai_advice: number;
  ai_confidence: number;
  initial: number;
  final: number;
  initial_rt_ms: number;
  final_rt_ms: number;
  excluded: number;
}

const COMMA = 44;
const MINUS = 45;
const ZERO = 48;
const NINE = 57;
const SPACE = 32;
/** Up to 15 digits an integer is read digit by digit exactly as Number() reads it (below 2^53). */
const EXACT_DIGITS = 15;
/** Distinct values remembered per text column: labels, conditions and the current participant repeat line after line. */
const REMEMBERED = 8;

/**
 * A LineParser for the trial CSV (trial-csv.ts): reads a plain line straight into a TrialRow, finding the fields by
 * their commas and making no string for a value it has seen on a recent line (labels, conditions, the participant of
 * the previous line: compared in place at the field's position), so that a million rows make a million row objects
 * and few strings. It reads only lines that are valid as they stand: the header's number of fields, every required
 * value present, no space around a value, integers of at most 15 digits, a confidence in [0, 1], `excluded` empty or
 * 0. Any other line is left to the general path (returns undefined), which reads it, or names its problem, exactly as
 * before; so both paths give the same rows.
 */
export function trialLineParser(at: TrialColumnPositions, width: number): LineParser {
  const starts = new Int32Array(width + 1);
  const remembered = Array.from({ length: width }, () => [] as string[]);
  const replaced = new Int32Array(width);
  const last = Array.from({ length: width }, () => '');
  // Lookups and hits per column: a column whose values rarely repeat (e.g. many cases) stops being searched.
  const lookups = new Int32Array(width);
  const hits = new Int32Array(width);

  /** The field's text: the previous line's or a remembered string when one matches, else a new one (remembered). */
  const text = (line: string, column: number): string | undefined => {
    const start = starts[column];
    const end = starts[column + 1] - 1;
    if (end === start) return '';
    if (line.charCodeAt(start) <= SPACE || line.charCodeAt(end - 1) <= SPACE) return undefined;
    const length = end - start;
    const previous = last[column];
    if (previous.length === length && sameText(line, start, previous)) return previous;
    const searched = lookups[column] < 4096 || hits[column] * 4 > lookups[column];
    if (searched) {
      lookups[column]++;
      const known = remembered[column];
      for (let i = 0; i < known.length; i++) {
        const value = known[i];
        if (value.length === length && sameText(line, start, value)) {
          hits[column]++;
          last[column] = value;
          return value;
        }
      }
    }
    const value = line.slice(start, end);
    last[column] = value;
    if (searched) {
      const known = remembered[column];
      if (known.length < REMEMBERED) known.push(value);
      else known[replaced[column]++ % REMEMBERED] = value;
    }
    return value;
  };
  const required = (line: string, column: number): string | undefined => {
    const value = text(line, column);
    return value === '' ? undefined : value;
  };
  /** An integer field: null when empty (or the column absent), undefined when not a plain integer. */
  const integer = (line: string, column: number): number | null | undefined => {
    if (column === -1) return null;
    let i = starts[column];
    const end = starts[column + 1] - 1;
    if (i === end) return null;
    const negative = line.charCodeAt(i) === MINUS;
    if (negative) i++;
    if (i === end || end - i > EXACT_DIGITS) return undefined;
    let value = 0;
    for (; i < end; i++) {
      const c = line.charCodeAt(i);
      if (c < ZERO || c > NINE) return undefined;
      value = value * 10 + (c - ZERO);
    }
    return negative ? -value : value;
  };

  return (line, start, end, lineNumber): TrialRow | undefined => {
    // The field starts, and one past the end: field k spans starts[k] to starts[k + 1] - 1.
    starts[0] = start;
    let fields = 1;
    for (let i = start; i < end; i++) {
      if (line.charCodeAt(i) !== COMMA) continue;
      if (fields === width) return undefined;
      starts[fields++] = i + 1;
    }
    if (fields !== width) return undefined;
    starts[width] = end + 1;

    if (at.excluded !== -1) {
      const from = starts[at.excluded];
      const length = starts[at.excluded + 1] - 1 - from;
      if (length > 1 || (length === 1 && line.charCodeAt(from) !== ZERO)) return undefined;
    }
    const participantId = required(line, at.participant_id);
    const condition = required(line, at.condition);
    const trialIndex = integer(line, at.trial_index);
    const caseId = required(line, at.case_id);
    const truth = required(line, at.truth);
    const aiAdvice = required(line, at.ai_advice);
    const final = required(line, at.final);
    const initial = at.initial === -1 ? '' : text(line, at.initial);
    const initialRtMs = integer(line, at.initial_rt_ms);
    const finalRtMs = integer(line, at.final_rt_ms);
    const aiConfidence = confidence(line, at.ai_confidence, starts);
    if (
      participantId === undefined || condition === undefined || trialIndex === undefined || trialIndex === null ||
      caseId === undefined || truth === undefined || aiAdvice === undefined || final === undefined ||
      initial === undefined || initialRtMs === undefined || finalRtMs === undefined || aiConfidence === undefined
    ) {
      return undefined;
    }
    return {
      participantId,
      condition,
      trialIndex,
      caseId,
      truth,
      aiAdvice,
      aiConfidence,
      initial: initial === '' ? null : initial,
      final,
      initialRtMs,
      finalRtMs,
      exclusion: null,
      line: lineNumber,
    };
  };
}

/**
 * Whether `line` holds `value` at `start` (the caller checked the length), compared from the end: ids that share a
 * long prefix (p000123, p000124) differ there.
 */
function sameText(line: string, start: number, value: string): boolean {
  for (let i = value.length - 1; i >= 0; i--) if (line.charCodeAt(start + i) !== value.charCodeAt(i)) return false;
  return true;
}

/** ai_confidence: null when empty or absent, the number when in [0, 1], undefined otherwise (the general path says why). */
function confidence(line: string, column: number, starts: Int32Array): number | null | undefined {
  if (column === -1) return null;
  const start = starts[column];
  const end = starts[column + 1] - 1;
  if (start === end) return null;
  if (line.charCodeAt(start) <= SPACE || line.charCodeAt(end - 1) <= SPACE) return undefined;
  const n = Number(line.slice(start, end));
  return Number.isFinite(n) && n >= 0 && n <= 1 ? n : undefined;
}
