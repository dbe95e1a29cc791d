import { describe, it, expect } from 'vitest';
import { Readable } from 'node:stream';
import { CsvTokenizer, CsvSyntaxError } from '../../analysis/input/csv-tokenizer.ts';
import { readTrialCsv, TRIAL_CSV_HEADER } from '../../analysis/input/trial-csv.ts';
import { readResponsesCsv } from '../../analysis/input/responses-csv.ts';
import type { TrialRow } from '../../analysis/input/trial-row.ts';
import { UserError } from '../../experiments/user-error.ts';

function tokenize(text: string, chunk = text.length): { fields: string[]; line: number }[] {
  const t = new CsvTokenizer();
  const out = [];
  for (let i = 0; i < text.length; i += chunk) out.push(...t.push(text.slice(i, i + chunk)));
  out.push(...t.end());
  return out.map(({ fields, line }) => ({ fields, line }));
}

async function readAll(csv: string): Promise<TrialRow[]> {
  const rows: TrialRow[] = [];
  for await (const batch of readTrialCsv(Readable.from([csv]), 'trials.csv')) rows.push(...batch);
  return rows;
}

async function failure(csv: string): Promise<UserError> {
  try {
    await readAll(csv);
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error('expected a UserError');
}

const HEADER = TRIAL_CSV_HEADER.join(',');

describe('CSV tokenizer (RFC 4180)', () => {
  const text = '\uFEFFa,b,c\r\n1,"x, ""y""",3\n\n4,"multi\nline",6\n7,,"" \n';

  it('reads quoted fields, escaped quotes, embedded newlines, CRLF, empty lines and a BOM', () => {
    expect(tokenize('\uFEFFa,b,c\r\n1,"x, ""y""",3\n\n4,"multi\nline",6\n7,,""\n')).toEqual([
      { fields: ['a', 'b', 'c'], line: 1 },
      { fields: ['1', 'x, "y"', '3'], line: 2 },
      { fields: ['4', 'multi\nline', '6'], line: 4 },
      { fields: ['7', '', ''], line: 6 },
    ]);
  });

  it('gives the same records whatever the chunk boundaries', () => {
    const clean = text.replace('"" \n', '""\n');
    const whole = tokenize(clean);
    for (const chunk of [1, 2, 3, 5, 7]) expect(tokenize(clean, chunk)).toEqual(whole);
  });

  it('gives the same records at every chunk size, a quoted field over several lines and chunks included', () => {
    const tricky = 'h1,h2,h3\r\n1,"a\nb\r\nc",x\n\n2,plain,y\r\n3,"""q""\n\n",z\n4,last,w';
    const whole = tokenize(tricky);
    expect(whole.map((r) => r.line)).toEqual([1, 2, 6, 7, 10]);
    expect(whole[3].fields).toEqual(['3', '"q"\n\n', 'z']);
    for (let chunk = 1; chunk <= tricky.length; chunk++) expect(tokenize(tricky, chunk), `chunks of ${chunk}`).toEqual(whole);
  });

  it('reads a last record without a final newline', () => {
    expect(tokenize('a,b\n1,2')).toEqual([
      { fields: ['a', 'b'], line: 1 },
      { fields: ['1', '2'], line: 2 },
    ]);
  });

  it('rejects text after a closing quote and a quote inside an unquoted field, with the line', () => {
    expect(() => tokenize(text)).toThrow(CsvSyntaxError);
    expect(() => tokenize('a\nx"y\n')).toThrow(/line|quote/);
    try {
      tokenize('a,b\n1,2\n3,"open\n');
    } catch (err) {
      expect(err).toBeInstanceOf(CsvSyntaxError);
      expect((err as CsvSyntaxError).line).toBe(3);
    }
  });
});

describe('trial CSV reader (METRICS.md section 5)', () => {
  const good = `${HEADER},exclusion_reason,note\np1,none,0,c1,A,B,0.8,A,B,1200,900,,,extra\np1,none,1,c2,A,A,,,A,,,1,too fast,\n`;

  it('reads typed rows, keeps extra columns out, and reads the exclusion reason', async () => {
    const rows = await readAll(good);
    expect(rows).toEqual([
      { participantId: 'p1', condition: 'none', trialIndex: 0, caseId: 'c1', truth: 'A', aiAdvice: 'B', aiConfidence: 0.8, initial: 'A', final: 'B', initialRtMs: 1200, finalRtMs: 900, exclusion: null, line: 2 },
      { participantId: 'p1', condition: 'none', trialIndex: 1, caseId: 'c2', truth: 'A', aiAdvice: 'A', aiConfidence: null, initial: null, final: 'A', initialRtMs: null, finalRtMs: null, exclusion: 'too fast', line: 3 },
    ]);
  });

  it('accepts a file with only the required columns, in any order', async () => {
    const rows = await readAll('final,truth,ai_advice,case_id,trial_index,condition,participant_id\nB,A,B,c1,3,none,p1\n');
    expect(rows).toEqual([
      { participantId: 'p1', condition: 'none', trialIndex: 3, caseId: 'c1', truth: 'A', aiAdvice: 'B', aiConfidence: null, initial: null, final: 'B', initialRtMs: null, finalRtMs: null, exclusion: null, line: 2 },
    ]);
  });

  it('names a missing required column', async () => {
    const err = await failure('participant_id,condition,trial_index,case_id,truth,final\np1,none,0,c,A,A\n');
    expect(err.details).toEqual(['line 1: required column "ai_advice" is missing']);
  });

  it('gives the line and column of a bad number and of an empty required field', async () => {
    const err = await failure(`${HEADER}\np1,none,zero,c1,A,B,,A,B,,,\np2,none,1,c1,,B,1.5,A,B,,,\n`);
    expect(err.details).toEqual([
      'line 2, column "trial_index": expected an integer, got "zero"',
      'line 3, column "truth": required value is empty',
      'line 3, column "ai_confidence": expected a number in [0, 1], got "1.5"',
    ]);
  });

  it('rejects a bad excluded flag and a row with a different number of fields', async () => {
    expect((await failure(`${HEADER}\np1,none,0,c1,A,B,,A,B,,,yes\n`)).details).toEqual([
      'line 2, column "excluded": expected 1, 0 or empty, got "yes"',
    ]);
    expect((await failure(`${HEADER}\np1,none,0,c1,A,B,,A,B\n`)).details).toEqual(['line 2: expected 12 fields as in the header, found 9']);
  });

  it('rejects an empty file and a missing file as user errors', async () => {
    expect((await failure('')).details).toEqual(['line 1: the file is empty (a header row is required)']);
    const missing = readTrialCsv('/nonexistent/trials.csv', 'trials.csv');
    await expect(missing.next()).rejects.toThrow(/Cannot read trials.csv/);
  });
});

describe('responses CSV reader', () => {
  it('reads answers and reports a non-numeric value with its line', async () => {
    const rows = [];
    for await (const r of readResponsesCsv(Readable.from(['participant_id,scale,item,value\np1,jian_trust,jian_1,3\n']), 'r.csv')) rows.push(r);
    expect(rows).toEqual([{ participantId: 'p1', scale: 'jian_trust', type: 'scale', valueText: null, item: 'jian_1', value: 3, line: 2 }]);
    const bad = readResponsesCsv(Readable.from(['participant_id,scale,item,value\np1,jian_trust,1,high\n']), 'r.csv');
    await expect(bad.next()).rejects.toMatchObject({ details: ['line 2, column "value": expected a number, got "high"'] });
  });
});
