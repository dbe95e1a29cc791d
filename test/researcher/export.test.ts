import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Command } from 'commander';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readResponsesCsv, type ResponseRow } from '../../analysis/input/responses-csv.ts';
import { readTrialCsv, TRIAL_CSV_HEADER } from '../../analysis/input/trial-csv.ts';
import type { TrialRow } from '../../analysis/input/trial-row.ts';
import { registerExport } from '../../bin/commands/export.ts';
import { main } from '../../bin/cli.ts';
import { encodeName } from '../../server/store/embedded/partition-files.ts';
import { openStore, type ExperimentDoc, type ParticipantDoc } from '../../server/store/index.ts';
import { csvCell, csvLine } from '../../server/store/tidy/csv-cell.ts';
import { auth, makeHarness, STUDY, type Harness } from './harness.ts';
import { Population } from './population.ts';

async function trialRows(csv: string): Promise<TrialRow[]> {
  const rows: TrialRow[] = [];
  // The reader yields rows one by one or in batches, depending on its version: accept both.
  for await (const item of readTrialCsv(Readable.from([csv]), 'export') as AsyncIterable<TrialRow | TrialRow[]>) {
    if (Array.isArray(item)) rows.push(...item);
    else rows.push(item);
  }
  return rows;
}

describe('CSV cells', () => {
  it('escapes text that a spreadsheet would run as a formula, and leaves numbers as numbers', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+33 1 23')).toBe("'+33 1 23");
    expect(csvCell('-x')).toBe("'-x");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(0.25)).toBe('0.25');
    expect(csvCell('a=b')).toBe('a=b');
  });

  it('quotes commas, quotes and line breaks per RFC 4180, and writes null as empty', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=a,b')).toBe(`"'=a,b"`);
    expect(csvCell(null)).toBe('');
    expect(csvLine(['x', 1, null, true])).toBe('x,1,,1\r\n');
  });
});

describe('export of a known population', () => {
  let h: Harness;
  let doc: ExperimentDoc;
  let p1: ParticipantDoc;
  let p2: ParticipantDoc;

  beforeEach(async () => {
    h = await makeHarness();
    await request(h.app).post(`/api/experiments/${STUDY}/open`).set(auth).expect(200);
    doc = (await h.store.getExperiment(STUDY)) as ExperimentDoc;
    const pop = new Population(h.store, STUDY, doc.configHash, new Date());
    p1 = await pop.participant('none', 'completed', { recruitment: { PROLIFIC_PID: '5f3a9c0e1b2d4e6f7a8b9c0d', STUDY_ID: 'st' } });
    p2 = await pop.participant('confidence', 'active');
    // p1: a practice trial (not exported), two clean trials, one too fast, a passed attention check, wrong advice.
    await pop.trial(p1, 0, { practice: true, caseId: 'sf-p1', decision: 'contacter' }, { practice: true, caseId: 'sf-p1', decision: 'contacter' });
    await pop.trial(
      p1,
      0,
      { decision: 'ne_pas_contacter', serverRtMs: 5000, clientRtMs: 4800, confidence: 3 },
      { decision: 'contacter', serverRtMs: 3000, clientRtMs: 2900, confidence: 6 },
    );
    await pop.trial(p1, 1, { decision: 'contacter', serverRtMs: 900 }, { decision: 'contacter', serverRtMs: 2000 });
    await pop.trial(p1, 2, { decision: 'contacter', caseId: 'sf-a1', attentionCheck: true }, { decision: 'contacter', caseId: 'sf-a1', attentionCheck: true });
    await pop.trial(
      p1,
      3,
      { decision: 'contacter', truth: 'ne_pas_contacter' },
      { decision: 'contacter', truth: 'ne_pas_contacter', advice: { recommendation: 'contacter', confidence: 0.55, explanation: 'none', correct: false } },
    );
    // p2: one trial with a hostile case id, a failed attention check, then an unfinished trial (initial only).
    await pop.trial(p2, 0, { decision: 'contacter', caseId: '=1+1' }, { decision: 'ne_pas_contacter', caseId: '=1+1' });
    await pop.trial(p2, 1, { decision: 'contacter', caseId: 'sf-a1', attentionCheck: true }, { decision: 'ne_pas_contacter', caseId: 'sf-a1', attentionCheck: true });
    await pop.phase(p2, 2, 'initial', { decision: 'contacter' });
    await h.store.recordResponses(
      [1, 2, 3].map((item) => ({
        experimentId: STUDY,
        configHash: doc.configHash,
        participantId: p1.id,
        condition: 'none',
        scale: 'jian_trust',
        item: `jian_${item}`,
        value: item + 2,
        createdAt: new Date(),
      })),
    );
  });
  afterEach(async () => {
    await h.close();
  });

  it('streams the trial CSV with the METRICS.md columns first, as a download', async () => {
    const res = await request(h.app).get(`/api/experiments/${STUDY}/export/trials.csv`).set(auth);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${STUDY}-1.0-trials.csv"`);
    const header = res.text.split('\r\n')[0].split(',');
    expect(header.slice(0, TRIAL_CSV_HEADER.length)).toEqual([...TRIAL_CSV_HEADER]);
    expect(header.slice(TRIAL_CSV_HEADER.length)).toEqual([
      'exclusion_reason',
      'attention_failed',
      'ai_correct',
      'ai_model_confidence',
      'explanation',
      'initial_confidence',
      'final_confidence',
      'initial_client_rt_ms',
      'final_client_rt_ms',
      'participant_status',
      'config_hash',
    ]);
  });

  it('parses back with the analysis reader, one row per complete decision trial, matching the store field by field', async () => {
    const res = await request(h.app).get(`/api/experiments/${STUDY}/export/trials.csv`).set(auth);
    const rows = await trialRows(res.text);
    const strip = (r: TrialRow) => ({ ...r, line: 0 });
    expect(rows.map(strip)).toEqual([
      {
        participantId: p1.id, condition: 'none', trialIndex: 0, caseId: 'sf-001', truth: 'contacter', aiAdvice: 'contacter',
        aiConfidence: null, initial: 'ne_pas_contacter', final: 'contacter', initialRtMs: 5000, finalRtMs: 3000, exclusion: null, line: 0,
      },
      {
        participantId: p1.id, condition: 'none', trialIndex: 1, caseId: 'sf-002', truth: 'contacter', aiAdvice: 'contacter',
        aiConfidence: null, initial: 'contacter', final: 'contacter', initialRtMs: 900, finalRtMs: 2000, exclusion: 'too_fast', line: 0,
      },
      {
        participantId: p1.id, condition: 'none', trialIndex: 3, caseId: 'sf-004', truth: 'ne_pas_contacter', aiAdvice: 'contacter',
        aiConfidence: null, initial: 'contacter', final: 'contacter', initialRtMs: 4003, finalRtMs: 4003, exclusion: null, line: 0,
      },
      {
        // Shown confidence only in the confidence condition; the failed attention check excludes all of p2's trials.
        participantId: p2.id, condition: 'confidence', trialIndex: 0, caseId: "'=1+1", truth: 'contacter', aiAdvice: 'contacter',
        aiConfidence: 0.8, initial: 'contacter', final: 'ne_pas_contacter', initialRtMs: 4000, finalRtMs: 4000,
        exclusion: 'failed_attention_check', line: 0,
      },
    ]);
  });

  it('writes the extra columns from the stored records', async () => {
    const res = await request(h.app).get(`/api/experiments/${STUDY}/export/trials.csv`).set(auth);
    const records = parse(res.text, { columns: true }) as Record<string, string>[];
    expect(records[0]).toMatchObject({
      excluded: '0', exclusion_reason: '', attention_failed: '0', ai_correct: '1', ai_model_confidence: '0.8', explanation: 'none',
      initial_confidence: '3', final_confidence: '6', initial_client_rt_ms: '4800', final_client_rt_ms: '2900',
      participant_status: 'completed', config_hash: doc.configHash,
    });
    expect(records[1]).toMatchObject({ excluded: '1', exclusion_reason: 'too_fast', initial_client_rt_ms: '' });
    expect(records[2]).toMatchObject({ ai_correct: '0', ai_model_confidence: '0.55' });
    expect(records[3]).toMatchObject({ excluded: '1', attention_failed: '1', participant_status: 'active', explanation: 'confidence' });
    // The hostile cell is neutralised in the raw file.
    expect(res.text).toContain(`,'=1+1,`);
    expect(res.text).not.toMatch(/,=1\+1,/);
  });

  it('keeps the participant but not the exclusion when the study only flags failed attention checks', async () => {
    await h.editStudy('failed_attention: exclude_participant', 'failed_attention: flag_only');
    await h.editStudy('version: "1.0"', 'version: "1.1"');
    await request(h.app).post(`/api/experiments/${STUDY}/open`).set(auth).expect(200);
    const v2 = (await h.store.getExperiment(STUDY)) as ExperimentDoc;
    const pop = new Population(h.store, STUDY, v2.configHash, new Date());
    const p = await pop.participant('none', 'completed');
    await pop.trial(p, 0, { decision: 'contacter' }, { decision: 'contacter' });
    await pop.trial(p, 1, { decision: 'contacter', attentionCheck: true }, { decision: 'ne_pas_contacter', attentionCheck: true });
    const res = await request(h.app).get(`/api/experiments/${STUDY}/export/trials.csv`).set(auth);
    const records = parse(res.text, { columns: true }) as Record<string, string>[];
    // Only the new version's participant: versions never mix.
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ participant_id: p.id, excluded: '0', attention_failed: '1', config_hash: v2.configHash });
    const old = await request(h.app).get(`/api/experiments/${STUDY}/export/trials.csv?configHash=${doc.configHash}`).set(auth);
    expect((await trialRows(old.text)).map((r) => r.participantId)).toEqual([p1.id, p1.id, p1.id, p2.id]);
  });

  it('exports the responses CSV that the analysis reader accepts', async () => {
    const res = await request(h.app).get(`/api/experiments/${STUDY}/export/responses.csv`).set(auth);
    expect(res.status).toBe(200);
    const rows: ResponseRow[] = [];
    for await (const r of readResponsesCsv(Readable.from([res.text]), 'responses') as AsyncIterable<ResponseRow | ResponseRow[]>) {
      if (Array.isArray(r)) rows.push(...r);
      else rows.push(r);
    }
    expect(rows.map(({ participantId, scale, item, value }) => ({ participantId, scale, item, value }))).toEqual([
      { participantId: p1.id, scale: 'jian_trust', item: 'jian_1', value: 3 },
      { participantId: p1.id, scale: 'jian_trust', item: 'jian_2', value: 4 },
      { participantId: p1.id, scale: 'jian_trust', item: 'jian_3', value: 5 },
    ]);
  });

  it('exports every stored document as JSON lines, equal to the store', async () => {
    const res = await request(h.app).get(`/api/experiments/${STUDY}/export/all.jsonl`).set(auth);
    expect(res.status).toBe(200);
    const lines = res.text.trimEnd().split('\n').map((l) => JSON.parse(l) as { collection: string });
    const of = (c: string) => lines.filter((l) => l.collection === c).map(({ collection: _c, ...rest }) => rest);
    const json = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;
    const trials = [];
    for await (const t of h.store.trials(STUDY, { configHash: doc.configHash })) trials.push(json(t));
    expect(of('trials')).toEqual(trials);
    expect(trials).toHaveLength(15);
    expect(of('participants')).toEqual([json(await h.store.getParticipant(p1.id)), json(await h.store.getParticipant(p2.id))]);
    expect(of('responses')).toHaveLength(3);
    expect(of('experiments')).toEqual([json(doc)]);
    expect(of('events').map((e) => (e as { type: string }).type)).toEqual(['experiment_opened']);
  });

  it("exports the payments per participant, and Prolific's bulk-bonus CSV for the completed ones", async () => {
    // p1 (completed): 2 right final decisions of 3 (practice and the attention check excluded): 2 x £0.05.
    const bonuses = (await request(h.app).get(`/api/experiments/${STUDY}/export/bonuses.csv`).set(auth).expect(200)).text;
    expect(bonuses).toBe('5f3a9c0e1b2d4e6f7a8b9c0d,0.10\n');
    const participants = (await request(h.app).get(`/api/experiments/${STUDY}/export/participants.csv`).set(auth).expect(200)).text.split('\r\n');
    const header = participants[0].split(',');
    const row = participants.find((l) => l.startsWith(p1.id))!.split(',');
    const cell = (name: string) => row[header.indexOf(name)];
    expect([cell('status'), cell('PROLIFIC_PID'), cell('completion_code'), cell('currency'), cell('fixed_payment'), cell('bonus'), cell('correct_decisions'), cell('decisions')]).toEqual(
      ['completed', '5f3a9c0e1b2d4e6f7a8b9c0d', 'SIGNAUX-2024', 'GBP', '3.75', '0.10', '2', '3'],
    );
    // The participant API shows the same payment.
    const detail = (await request(h.app).get(`/api/participants/${p1.id}`).set(auth).expect(200)).body as { participant: { payment: unknown; completionCode: string; reference: string } };
    expect(detail.participant.payment).toEqual({ currency: 'GBP', fixed: 3.75, bonus: 0.1, correct: 2, decisions: 3 });
    expect(detail.participant.completionCode).toBe('SIGNAUX-2024');
    // The reference a participant quotes for erasure finds them; a made-up code finds no one.
    const lookup = async (query: string) =>
      ((await request(h.app).get(`/api/experiments/${STUDY}/participants?${query}`).set(auth).expect(200)).body as { matches: { id: string; matched: string }[] }).matches;
    expect((await lookup(`reference=${detail.participant.reference.toLowerCase()}`)).map((m) => [m.id, m.matched])).toEqual([[p1.id, 'reference']]);
    expect(await lookup('code=ZZZZZZZZZZ')).toEqual([]);
  });

  it('answers 404 for an unknown export file or a never-opened experiment', async () => {
    expect((await request(h.app).get(`/api/experiments/${STUDY}/export/secrets.txt`).set(auth)).status).toBe(404);
    expect((await request(h.app).get('/api/experiments/other/export/trials.csv').set(auth)).status).toBe(404);
  });

  it('`confiance export <id> --out dir/` writes the same three files from the configured store', async () => {
    const viaApi = (await request(h.app).get(`/api/experiments/${STUDY}/export/trials.csv`).set(auth)).text;
    const dataDir = h.deps.config.DATA_DIR;
    await h.store.close(); // the embedded store is single-process: the CLI opens it after the server let go
    const out = await mkdtemp(join(tmpdir(), 'confiance-export-'));
    const saved = process.env.DATA_DIR;
    process.env.DATA_DIR = dataDir;
    const written: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((chunk: string) => written.push(chunk) > 0) as unknown as typeof process.stdout.write;
    try {
      const program = new Command().exitOverride();
      registerExport(program);
      await program.parseAsync(['node', 'confiance', 'export', STUDY, '--out', out]);
    } finally {
      process.stdout.write = write;
      if (saved === undefined) delete process.env.DATA_DIR;
      else process.env.DATA_DIR = saved;
    }
    expect(written.join('')).toContain(join(out, `${STUDY}-1.0-trials.csv`));
    expect(await readFile(join(out, `${STUDY}-1.0-trials.csv`), 'utf8')).toBe(viaApi);
    expect((await readFile(join(out, `${STUDY}-1.0-responses.csv`), 'utf8')).split('\r\n')[0]).toBe(
      'participant_id,scale,item,value,condition,config_hash,type,value_text',
    );
    expect((await readFile(join(out, `${STUDY}-1.0-all.jsonl`), 'utf8')).split('\n').length).toBeGreaterThan(20);
    expect(await readFile(join(out, `${STUDY}-1.0-bonuses.csv`), 'utf8')).toBe('5f3a9c0e1b2d4e6f7a8b9c0d,0.10\n');
    expect((await readFile(join(out, `${STUDY}-1.0-participants.csv`), 'utf8')).split('\r\n')[0]).toMatch(/^participant_id,condition,status,.*,PROLIFIC_PID,STUDY_ID,SESSION_ID,completion_code,reference,currency,fixed_payment,bonus,correct_decisions,decisions$/);
    await rm(out, { recursive: true, force: true });
    h.store = await openStore({ dataDir }); // for afterEach
  });

  describe('a damaged line in a participant\'s trial file', () => {
    /** Garbles line 2 of p1's trial file, as a disk fault or a careless edit would; returns the file. */
    async function damageP1(): Promise<string> {
      const file = join(h.deps.config.DATA_DIR, 'trials', STUDY, `${encodeName(p1.id)}.jsonl`);
      const lines = (await readFile(file, 'utf8')).split('\n');
      lines[1] = lines[1].slice(0, 30);
      await writeFile(file, lines.join('\n'));
      return file;
    }

    it('is named (file and line) before any download starts, in the API and its participant page', async () => {
      const file = await damageP1();
      for (const name of ['trials.csv', 'responses.csv', 'all.jsonl']) {
        const res = await request(h.app).get(`/api/experiments/${STUDY}/export/${name}`).set(auth);
        expect(res.status).toBe(500);
        expect(res.headers['content-disposition']).toBeUndefined();
        expect(res.body).toMatchObject({ file, line: 2 });
        expect(res.body.error).toContain(`${file} line 2`);
      }
      // The participant's page reads the file from disk once the store no longer holds it in memory.
      const dataDir = h.deps.config.DATA_DIR;
      await h.store.close();
      h.deps.store = h.store = await openStore({ dataDir });
      const page = await request(h.app).get(`/api/participants/${p1.id}`).set(auth);
      expect(page.status).toBe(500);
      expect(page.body).toMatchObject({ file, line: 2 });
      // The other participant is unaffected.
      expect((await request(h.app).get(`/api/participants/${p2.id}`).set(auth)).status).toBe(200);
    });

    it('names a damaged line of the study\'s audit events before any download starts', async () => {
      const file = join(h.deps.config.DATA_DIR, 'events', `${STUDY}.jsonl`);
      const lines = (await readFile(file, 'utf8')).split('\n');
      lines[0] = lines[0].slice(0, 25);
      await writeFile(file, lines.join('\n'));
      const res = await request(h.app).get(`/api/experiments/${STUDY}/export/all.jsonl`).set(auth);
      expect(res.status).toBe(500);
      expect(res.body).toMatchObject({ file, line: 1 });
    });

    it('`confiance export` exits 1 naming the file and line, without a stack trace, and writes no file', async () => {
      const file = await damageP1();
      const dataDir = h.deps.config.DATA_DIR;
      await h.store.close();
      const out = await mkdtemp(join(tmpdir(), 'confiance-export-'));
      const saved = process.env.DATA_DIR;
      process.env.DATA_DIR = dataDir;
      let stdout = '';
      let stderr = '';
      const write = { out: process.stdout.write, err: process.stderr.write };
      process.stdout.write = ((chunk: string) => (stdout += chunk).length > 0) as unknown as typeof process.stdout.write;
      process.stderr.write = ((chunk: string) => (stderr += chunk).length > 0) as unknown as typeof process.stderr.write;
      process.exitCode = undefined;
      try {
        await main(['node', 'confiance', 'export', STUDY, '--out', out]);
      } finally {
        process.stdout.write = write.out;
        process.stderr.write = write.err;
        if (saved === undefined) delete process.env.DATA_DIR;
        else process.env.DATA_DIR = saved;
      }
      expect(process.exitCode).toBe(1);
      process.exitCode = undefined;
      expect(stderr).toContain(`${file} line 2`);
      expect(stderr).not.toMatch(/\bat .*\.ts:\d+/);
      expect(stdout).toBe('');
      expect(await readdir(out)).toEqual([]);
      await rm(out, { recursive: true, force: true });
      h.store = await openStore({ dataDir }); // for afterEach
    });
  });
});
