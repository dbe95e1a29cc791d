import type { LineParser } from './csv-tokenizer.ts';
import type { StringIds } from './string-ids.ts';
import { sameSlice } from './string-ids.ts';
import { NONE, type TrialBatchBuilder } from './trial-batch.ts';

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
/** A text cell the direct path does not read (empty where required, or with spaces around it). */
const UNREAD = -2;

/**
 * A LineParser for the trial CSV (trial-csv.ts): reads a plain line straight into the columns of `into`, finding the
 * fields by their commas and turning each text into its id without making a string for a value seen before (the
 * previous line's value of the column is tried first: the participant and condition repeat line after line), so that
 * a million rows make no object per row and few strings. It reads only lines that are valid as they stand: the
 * header's number of fields, every required value present, no space around a value, integers of at most 15 digits, a
 * confidence in [0, 1], `excluded` empty or 0. Any other line is left to the general path (returns false), which reads
 * it, or names its problem, exactly as before; so both paths give the same rows.
 */
export function trialLineParser(at: TrialColumnPositions, width: number, into: TrialBatchBuilder): LineParser {
  const starts = new Int32Array(width + 1);
  const previous = new Int32Array(width).fill(NONE);
  const { ids } = into;

  /** The id of a text cell: NONE when empty, UNREAD when it has spaces around it. */
  const text = (line: string, column: number, space: StringIds): number => {
    const start = starts[column];
    const end = starts[column + 1] - 1;
    if (end === start) return NONE;
    if (line.charCodeAt(start) <= SPACE || line.charCodeAt(end - 1) <= SPACE) return UNREAD;
    const last = previous[column];
    if (last !== NONE && sameSlice(space.strings[last], line, start, end)) return last;
    return (previous[column] = space.idOfSlice(line, start, end));
  };
  /** An integer field: NaN when empty (or the column absent), undefined when not a plain integer. */
  const integer = (line: string, column: number): number | undefined => {
    if (column === -1) return NaN;
    let i = starts[column];
    const end = starts[column + 1] - 1;
    if (i === end) return NaN;
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

  return (line, start, end, lineNumber): boolean => {
    // The field starts, and one past the end: field k spans starts[k] to starts[k + 1] - 1.
    starts[0] = start;
    let fields = 1;
    for (let i = start; i < end; i++) {
      if (line.charCodeAt(i) !== COMMA) continue;
      if (fields === width) return false;
      starts[fields++] = i + 1;
    }
    if (fields !== width) return false;
    starts[width] = end + 1;

    if (at.excluded !== -1) {
      const from = starts[at.excluded];
      const length = starts[at.excluded + 1] - 1 - from;
      if (length > 1 || (length === 1 && line.charCodeAt(from) !== ZERO)) return false;
    }
    const trialIndex = integer(line, at.trial_index);
    const initialRt = integer(line, at.initial_rt_ms);
    const finalRt = integer(line, at.final_rt_ms);
    const aiConfidence = confidence(line, at.ai_confidence, starts);
    if (trialIndex === undefined || Number.isNaN(trialIndex) || initialRt === undefined || finalRt === undefined || aiConfidence === undefined) {
      return false;
    }
    const participant = text(line, at.participant_id, ids.participants);
    const condition = text(line, at.condition, ids.conditions);
    const caseId = text(line, at.case_id, ids.cases);
    const truth = text(line, at.truth, ids.labels);
    const aiAdvice = text(line, at.ai_advice, ids.labels);
    const final = text(line, at.final, ids.labels);
    const initial = at.initial === -1 ? NONE : text(line, at.initial, ids.labels);
    if (participant < 0 || condition < 0 || caseId < 0 || truth < 0 || aiAdvice < 0 || final < 0 || initial === UNREAD) return false;

    into.reserve();
    const i = into.length++;
    into.participant[i] = participant;
    into.condition[i] = condition;
    into.caseId[i] = caseId;
    into.truth[i] = truth;
    into.aiAdvice[i] = aiAdvice;
    into.initial[i] = initial;
    into.final[i] = final;
    into.exclusion[i] = NONE;
    into.trialIndex[i] = trialIndex;
    into.aiConfidence[i] = aiConfidence;
    into.initialRt[i] = initialRt;
    into.finalRt[i] = finalRt;
    into.line[i] = lineNumber;
    return true;
  };
}

/** ai_confidence: NaN when empty or absent, the number when in [0, 1], undefined otherwise (the general path says why). */
function confidence(line: string, column: number, starts: Int32Array): number | undefined {
  if (column === -1) return NaN;
  const start = starts[column];
  const end = starts[column + 1] - 1;
  if (start === end) return NaN;
  if (line.charCodeAt(start) <= SPACE || line.charCodeAt(end - 1) <= SPACE) return undefined;
  const n = Number(line.slice(start, end));
  return Number.isFinite(n) && n >= 0 && n <= 1 ? n : undefined;
}
