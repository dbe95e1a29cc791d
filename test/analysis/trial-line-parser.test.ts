/**
 * The direct path of the trial CSV reader (analysis/input/trial-line-parser.ts) against the general one: the same
 * lines read straight into rows and read field by field give the same rows, whatever the columns of the header
 * (every column of the trial CSV format, today's and any added later, plus one the analysis does not know). The
 * general path is forced by quoting every field (a line with a quote is never read directly); the direct path needs
 * the header in an earlier chunk than the rows, as in a real file read by 1 MB chunks.
 */
import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { EXCLUSION_REASON_COLUMN, readTrialCsv, TRIAL_CSV_HEADER } from '../../analysis/input/trial-csv.ts';
import type { TrialRow } from '../../analysis/input/trial-row.ts';
import { UserError } from '../../experiments/user-error.ts';

const HEADER = [...TRIAL_CSV_HEADER, EXCLUSION_REASON_COLUMN, 'note'];

/** Values of the known columns; any other column (added to the format later, or unknown) is left empty. */
function line(values: Partial<Record<string, string>>): string[] {
  return HEADER.map((column) => values[column] ?? '');
}

const LINES: string[][] = [
  line({ participant_id: 'p1', condition: 'none', trial_index: '0', case_id: 'c1', truth: 'yes', ai_advice: 'no', initial: 'yes', final: 'no', initial_rt_ms: '4100', final_rt_ms: '1200', excluded: '0', note: 'x' }),
  line({ participant_id: 'p1', condition: 'none', trial_index: '1', case_id: 'c2', truth: 'no', ai_advice: 'no', initial: 'no', final: 'no', initial_rt_ms: '3900', final_rt_ms: '800' }),
  line({ participant_id: 'p1', condition: 'none', trial_index: '2', case_id: 'c1', truth: 'yes', ai_advice: 'yes', final: 'yes', final_rt_ms: '-3' }),
  line({ participant_id: 'p2', condition: 'confidence', trial_index: '0', case_id: 'c3', truth: '12.5', ai_advice: '10', ai_confidence: '0.85', initial: '11', final: '10.5' }),
  line({ participant_id: 'p2', condition: 'confidence', trial_index: '007', case_id: 'c3', truth: '12.5', ai_advice: '10', ai_confidence: '1', final: '10' }),
  // Confidences read without Number() (0, 1, 0.ddd up to 15 decimals) or with it (other forms): the same numbers.
  line({ participant_id: 'p2', condition: 'confidence', trial_index: '2', case_id: 'c3', truth: '12.5', ai_advice: '10', ai_confidence: '0.123456789012345', final: '10' }),
  line({ participant_id: 'p2', condition: 'confidence', trial_index: '3', case_id: 'c3', truth: '12.5', ai_advice: '10', ai_confidence: '1.0', final: '10' }),
  line({ participant_id: 'p2', condition: 'confidence', trial_index: '4', case_id: 'c3', truth: '12.5', ai_advice: '10', ai_confidence: '.5', final: '10' }),
  line({ participant_id: 'p2', condition: 'confidence', trial_index: '5', case_id: 'c3', truth: '12.5', ai_advice: '10', ai_confidence: '0.7e0', final: '10' }),
  line({ participant_id: 'p2', condition: 'confidence', trial_index: '6', case_id: 'c3', truth: '12.5', ai_advice: '10', ai_confidence: '0', final: '10' }),
  // Read by the general path only: an excluded trial, spaces around values, a 16-digit index, a negative zero.
  line({ participant_id: 'p2', condition: 'confidence', trial_index: '8', case_id: 'c4', truth: 'a', ai_advice: 'b', final: 'b', excluded: '1', exclusion_reason: 'too fast' }),
  line({ participant_id: ' p3', condition: 'none ', trial_index: '0', case_id: 'c1', truth: 'yes', ai_advice: 'no', final: 'yes', ai_confidence: ' 0.5' }),
  line({ participant_id: 'p3', condition: 'none', trial_index: '1234567890123456', case_id: 'c2', truth: 'yes', ai_advice: 'no', final: 'yes' }),
  line({ participant_id: 'p3', condition: 'none', trial_index: '-0', case_id: 'c2', truth: 'yes', ai_advice: 'no', final: 'yes', initial_rt_ms: '0' }),
];

const plain = (fields: string[]) => fields.join(',');
const quoted = (fields: string[]) => fields.map((f) => `"${f}"`).join(',');

async function rowsOf(chunks: string[]): Promise<TrialRow[]> {
  const rows: TrialRow[] = [];
  for await (const batch of readTrialCsv(Readable.from(chunks), 'trials.csv')) rows.push(...batch);
  return rows;
}

describe('the trial CSV read straight into rows', () => {
  it('gives the rows the general reader gives, line for line, with a header of every column plus an unknown one', async () => {
    const direct = await rowsOf([`${HEADER.join(',')}\n`, ...LINES.map((l) => `${plain(l)}\n`)]);
    const general = await rowsOf([`${HEADER.join(',')}\n`, ...LINES.map((l) => `${quoted(l)}\n`)]);
    expect(direct).toHaveLength(LINES.length);
    expect(direct).toStrictEqual(general);
    expect(direct[3]).toMatchObject({ participantId: 'p2', condition: 'confidence', trialIndex: 0, aiConfidence: 0.85, initial: '11', initialRtMs: null, line: 5 });
    expect(direct[2]).toMatchObject({ initial: null, initialRtMs: null, finalRtMs: -3, exclusion: null });
    expect(direct.slice(5, 10).map((r) => r.aiConfidence)).toEqual([0.123456789012345, 1, 0.5, 0.7, 0]);
    expect(direct[10].exclusion).toBe('too fast');
    expect(direct[11]).toMatchObject({ participantId: 'p3', condition: 'none', aiConfidence: 0.5 });
    expect(direct[12].trialIndex).toBe(1234567890123456);
    expect(Object.is(direct[13].trialIndex, -0)).toBe(true);
  });

  it('reads the same rows whatever the chunks (a value, a line or CRLF split between two reads)', async () => {
    const text = LINES.map((l) => `${plain(l)}\r\n`).join('');
    const whole = await rowsOf([`${HEADER.join(',')}\n`, text]);
    for (const size of [1, 7, 64]) {
      const chunks = [`${HEADER.join(',')}\n`];
      for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
      expect(await rowsOf(chunks)).toStrictEqual(whole);
    }
  });

  it('leaves a faulty line to the general reader, which names it (line and column) as before', async () => {
    const bad = [...LINES.slice(0, 2), line({ participant_id: 'p1', condition: 'none', trial_index: '2x', case_id: 'c1', truth: 'yes', ai_advice: 'no', final: '' })];
    const error = await rowsOf([`${HEADER.join(',')}\n`, ...bad.map((l) => `${plain(l)}\n`)]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).details).toEqual([
      'line 4, column "trial_index": expected an integer, got "2x"',
      'line 4, column "final": required value is empty',
    ]);
    const short = await rowsOf([`${HEADER.join(',')}\n`, `${plain(LINES[0])}\n`, `${plain(LINES[1].slice(1))}\n`]).catch((e: unknown) => e);
    expect((short as UserError).details).toEqual([`line 3: expected ${HEADER.length} fields as in the header, found ${HEADER.length - 1}`]);
  });
});
