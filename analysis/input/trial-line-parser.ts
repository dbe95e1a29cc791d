import type { LineParser } from './csv-tokenizer.ts';
import { HASH_SEED, textHash, type StringIds } from './string-ids.ts';
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
const DOT = 46;
/** Up to 15 digits an integer is read digit by digit exactly as Number() reads it (below 2^53). */
const EXACT_DIGITS = 15;

/**
 * What the parser does with each field of a line: skip it, or read it as one of the values below (plain constants, not
 * an enum: the build compiles an enum to an object whose properties optimised code would load on every comparison).
 */
const SKIP = 0;
const PARTICIPANT = 1;
const CONDITION = 2;
const CASE = 3;
const TRUTH = 4;
const ADVICE = 5;
const INITIAL = 6;
/** The last text field: roles up to it are texts. */
const FINAL = 7;
const TRIAL_INDEX = 8;
const INITIAL_RT = 9;
/** The last integer field: roles after FINAL up to it are integers. */
const FINAL_RT = 10;
const CONFIDENCE = 11;
const EXCLUDED = 12;

/**
 * A LineParser for the trial CSV (trial-csv.ts): reads a plain line straight into the columns of `into`, field by
 * field: a text is compared with the field's value on the previous line, else hashed as it is scanned and found among
 * the known values by that hash (no string made for a value seen before); an integer is read digit by digit. So a million rows make no object
 * per row and few strings. It reads only lines that are valid as they stand: the header's number of fields, every
 * required value present, no space around a value, integers of at most 15 digits, a confidence in [0, 1], `excluded`
 * empty or 0. Any other line is left to the general path (returns false), which reads it, or names its problem,
 * exactly as before; so both paths give the same rows.
 */
export function trialLineParser(at: TrialColumnPositions, width: number, into: TrialBatchBuilder): LineParser {
  const fields = new Uint8Array(width);
  const roles: [number, number][] = [
    [at.participant_id, PARTICIPANT],
    [at.condition, CONDITION],
    [at.case_id, CASE],
    [at.truth, TRUTH],
    [at.ai_advice, ADVICE],
    [at.initial, INITIAL],
    [at.final, FINAL],
    [at.trial_index, TRIAL_INDEX],
    [at.initial_rt_ms, INITIAL_RT],
    [at.final_rt_ms, FINAL_RT],
    [at.ai_confidence, CONFIDENCE],
    [at.excluded, EXCLUDED],
  ];
  for (const [column, role] of roles) if (column !== -1) fields[column] = role;
  const { ids } = into;
  const spaces: (StringIds | null)[] = [null, ids.participants, ids.conditions, ids.cases, ids.labels, ids.labels, ids.labels, ids.labels];
  // The values of the line being read, by role: each line writes those of its columns (empty: NONE or NaN); a role
  // without a column keeps its empty value.
  const texts = new Int32Array(FINAL + 1).fill(NONE);
  const numbers = new Float64Array(CONFIDENCE + 1).fill(NaN);
  // The id of each text field's value on the last line that had one (NONE: none yet).
  const previousId = new Int32Array(FINAL + 1).fill(NONE);

  return (line, start, end, lineNumber): boolean => {
    let pos = start;
    for (let column = 0; column < width; column++) {
      const role = fields[column];
      let i = pos;
      if (role === SKIP) {
        i = line.indexOf(',', pos);
        if (i === -1 || i > end) i = end;
      } else if (role <= FINAL) {
        // First compared with the previous line's value of the field (the participant and condition repeat line after
        // line): equal, its id, with no hash and no lookup.
        // (A value never holds a newline, so a match cannot run past the end of the line.)
        const space = spaces[role]!;
        const before = previousId[role];
        const after = before === NONE ? -1 : pos + space.lengthOf(before);
        if (before !== NONE && after <= end && space.occursAt(before, line, pos) && (after === end || line.charCodeAt(after) === COMMA)) {
          texts[role] = before;
          i = after;
        } else {
          let hash = HASH_SEED;
          for (i = pos; i < end; i++) {
            const c = line.charCodeAt(i);
            if (c === COMMA) break;
            hash = textHash(hash, c);
          }
          if (i > pos) {
            if (line.charCodeAt(pos) <= SPACE || line.charCodeAt(i - 1) <= SPACE) return false;
            const id = space.idOfHashedSlice(line, pos, i, hash);
            texts[role] = id;
            previousId[role] = id;
          } else texts[role] = NONE;
        }
      } else if (role <= FINAL_RT) {
        // An integer: empty (NaN), or an optional minus then 1 to 15 digits.
        const negative = i < end && line.charCodeAt(i) === MINUS;
        if (negative) i++;
        const digits = i;
        let value = 0;
        for (; i < end; i++) {
          const c = line.charCodeAt(i);
          if (c === COMMA) break;
          if (c < ZERO || c > NINE) return false;
          value = value * 10 + (c - ZERO);
        }
        if (i === digits) {
          if (negative) return false;
          numbers[role] = NaN;
        } else {
          if (i - digits > EXACT_DIGITS) return false;
          numbers[role] = negative ? -value : value;
        }
      } else {
        while (i < end && line.charCodeAt(i) !== COMMA) i++;
        if (i > pos) {
          if (role === EXCLUDED) {
            if (i - pos > 1 || line.charCodeAt(pos) !== ZERO) return false;
          } else {
            if (line.charCodeAt(pos) <= SPACE || line.charCodeAt(i - 1) <= SPACE) return false;
            const n = unitDecimal(line, pos, i);
            if (!(Number.isFinite(n) && n >= 0 && n <= 1)) return false;
            numbers[CONFIDENCE] = n;
          }
        } else if (role === CONFIDENCE) numbers[CONFIDENCE] = NaN;
      }
      // Each field but the last ends at a comma; the last at the end of the line.
      if ((i === end) !== (column === width - 1)) return false;
      pos = i + 1;
    }
    const participant = texts[PARTICIPANT];
    const condition = texts[CONDITION];
    const caseId = texts[CASE];
    const truth = texts[TRUTH];
    const aiAdvice = texts[ADVICE];
    const final = texts[FINAL];
    const trialIndex = numbers[TRIAL_INDEX];
    if (participant === NONE || condition === NONE || caseId === NONE || truth === NONE || aiAdvice === NONE || final === NONE || Number.isNaN(trialIndex)) {
      return false;
    }
    into.reserve();
    const row = into.length++;
    into.participant[row] = participant;
    into.condition[row] = condition;
    into.caseId[row] = caseId;
    into.truth[row] = truth;
    into.aiAdvice[row] = aiAdvice;
    into.initial[row] = texts[INITIAL];
    into.final[row] = final;
    into.exclusion[row] = NONE;
    into.trialIndex[row] = trialIndex;
    into.aiConfidence[row] = numbers[CONFIDENCE];
    into.initialRt[row] = numbers[INITIAL_RT];
    into.finalRt[row] = numbers[FINAL_RT];
    into.line[row] = lineNumber;
    return true;
  };
}

/** 10^k for k = 0..15, exact doubles. */
const POWERS_OF_TEN = Array.from({ length: EXACT_DIGITS + 1 }, (_, k) => 10 ** k);

/**
 * Number(text[start, end)), read without a string for the usual confidence "0" / "1" / "0.ddd" (up to 15 decimals):
 * the integer of its digits divided by 10^k, both exact doubles, so the one correctly rounded quotient, which is what
 * Number() gives. Any other form is left to Number().
 */
function unitDecimal(text: string, start: number, end: number): number {
  const first = text.charCodeAt(start) - ZERO;
  const decimals = end - start - 2;
  if ((first === 0 || first === 1) && (end - start === 1 || (text.charCodeAt(start + 1) === DOT && decimals >= 1 && decimals <= EXACT_DIGITS))) {
    let digits = first;
    for (let i = start + 2; i < end; i++) {
      const c = text.charCodeAt(i) - ZERO;
      if (c < 0 || c > 9) return Number(text.slice(start, end));
      digits = digits * 10 + c;
    }
    return end - start === 1 ? digits : digits / POWERS_OF_TEN[decimals];
  }
  return Number(text.slice(start, end));
}
