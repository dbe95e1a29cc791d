/**
 * Recruitment through Prolific (signaux-faibles declares a `recruitment` block): the link's ids are kept with the
 * participant (as given or hashed, as declared), the same PROLIFIC_PID resumes the same participant in any browser,
 * and each end of the study shows its code and the link back to Prolific.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, snapshot, startHarness, walkToEnd, SECRET, type Harness } from './harness.ts';
import { participantCompletionCode, participantReference } from '../../server/security/participant-codes.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness(['signaux-faibles', 'aide-exceptionnelle']);
});
afterAll(async () => {
  await h?.close();
});

const PID = '5f3a9c0e1b2d4e6f7a8b9c0d';
const prolificQuery = (pid: string) => `?PROLIFIC_PID=${pid}&STUDY_ID=60aa11bb22cc33dd44ee55ff&SESSION_ID=sess-0001&utm_source=mail`;

describe('Prolific link', () => {
  it('keeps the declared parameters (SESSION_ID only hashed), ignores the others, and resumes on the same PROLIFIC_PID', async () => {
    const c = new Client(h, 'en-GB');
    const welcome = await c.get(`/e/signaux-faibles${prolificQuery(PID)}`);
    expect(welcome.hidden.PROLIFIC_PID).toBe(PID);
    expect(welcome.hidden.utm_source).toBeUndefined();
    await c.join('signaux-faibles', prolificQuery(PID));
    const stored = (await snapshot(h.store, 'signaux-faibles', c.participantId)).participant;
    expect(stored?.recruitment?.PROLIFIC_PID).toBe(PID);
    expect(stored?.recruitment?.STUDY_ID).toBe('60aa11bb22cc33dd44ee55ff');
    expect(stored?.recruitment?.SESSION_ID).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain('sess-0001');
    expect(JSON.stringify(stored)).not.toContain('utm');

    // Another browser with the same PROLIFIC_PID lands on the same participant, on the link and on the join form.
    const other = new Client(h, 'en-GB');
    const res = await other.agent.get(`/e/signaux-faibles${prolificQuery(PID)}`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/p/${c.participantId}`);
    const third = new Client(h, 'en-GB');
    const form = await third.get('/e/signaux-faibles');
    const join = await third.post('/e/signaux-faibles', { ...form.hidden, PROLIFIC_PID: PID });
    expect(join.location).toBe(`/p/${c.participantId}`);
    // A different id is a different participant.
    const fourth = new Client(h, 'en-GB');
    await fourth.join('signaux-faibles', prolificQuery('aaaaaaaaaaaaaaaaaaaaaaaa'));
    expect(fourth.participantId).not.toBe(c.participantId);
  });

  it('five simultaneous first visits with the same new PROLIFIC_PID make one participant', async () => {
    const pid = 'ffffffffffffffffffffffff';
    const clients = Array.from({ length: 5 }, () => new Client(h, 'en-GB'));
    const forms = await Promise.all(clients.map((c) => c.get(`/e/signaux-faibles${prolificQuery(pid)}`)));
    const joins = await Promise.all(clients.map((c, i) => c.post('/e/signaux-faibles', forms[i].hidden)));
    const landed = new Set(joins.map((j) => j.location));
    expect(landed.size).toBe(1);
    const mine = [];
    for await (const p of h.store.participants('signaux-faibles')) if (p.recruitment?.PROLIFIC_PID === pid) mine.push(p.id);
    expect(mine).toHaveLength(1);
  });

  it('refuses a malformed id silently (not stored, no resume) and joins normally', async () => {
    const c = new Client(h, 'en-GB');
    const welcome = await c.get('/e/signaux-faibles?PROLIFIC_PID=%3Cscript%3E');
    expect(welcome.hidden.PROLIFIC_PID).toBeUndefined();
    const forged = await c.post('/e/signaux-faibles', { ...welcome.hidden, PROLIFIC_PID: '<script>' });
    expect(forged.status).toBe(400);
  });

  it('completes with the Prolific completion code and the link back to Prolific, plus an erasure reference', async () => {
    const c = new Client(h, 'en-GB');
    const { last } = await walkToEnd(c, await c.join('signaux-faibles', prolificQuery('bbbbbbbbbbbbbbbbbbbbbbbb')));
    expect(last.html).toContain('<strong>SIGNAUX-2024</strong>');
    expect(last.html).toContain('href="https://app.prolific.com/submissions/complete?cc=SIGNAUX-2024"');
    expect(last.html).toContain(`<strong class="reference">${participantReference(SECRET, 'signaux-faibles', c.participantId)}</strong>`);
  });

  it('declining consent and withdrawing each show their own code and link', async () => {
    const declines = new Client(h, 'en-GB');
    const consent = await declines.join('signaux-faibles', prolificQuery('cccccccccccccccccccccccc'));
    const declined = await declines.answer(consent, { choice: 'decline' });
    expect(declined.html).toContain('<strong>SF-NOCONSENT</strong>');
    expect(declined.html).toContain('href="https://app.prolific.com/submissions/complete?cc=SF-NOCONSENT"');

    const withdraws = new Client(h, 'en-GB');
    const page = await withdraws.join('signaux-faibles', prolificQuery('dddddddddddddddddddddddd'));
    await withdraws.answer(page, { choice: 'accept' });
    const confirm = await withdraws.get(`${withdraws.path}/withdraw`);
    await withdraws.post(`${withdraws.path}/withdraw`, confirm.hidden);
    const after = await withdraws.current();
    expect(after.html).toContain('<strong>SF-WITHDRAWN</strong>');
    expect(after.html).toContain(`<strong class="reference">${participantReference(SECRET, 'signaux-faibles', withdraws.participantId)}</strong>`);
  });

  it('a study without recruitment keeps nothing from the link and shows its own completion code', async () => {
    const c = new Client(h, 'en-GB');
    await c.join('aide-exceptionnelle', `?PROLIFIC_PID=${PID}`);
    expect((await snapshot(h.store, 'aide-exceptionnelle', c.participantId)).participant?.recruitment).toBeUndefined();
  });
});

describe('per-participant completion codes', () => {
  it('are 10 characters of a keyed hash of the participant id: stable, distinct, unforgeable without the secret', () => {
    const a = participantCompletionCode(SECRET, 'study', 'participant-a');
    expect(a).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
    expect(participantCompletionCode(SECRET, 'study', 'participant-a')).toBe(a);
    expect(participantCompletionCode(SECRET, 'study', 'participant-b')).not.toBe(a);
    expect(participantCompletionCode(`${SECRET}x`, 'study', 'participant-a')).not.toBe(a);
    expect(participantReference(SECRET, 'study', 'participant-a')).not.toBe(a);
  });
});

describe('payment (signaux-faibles: £3.75 fixed, £0.05 per right final decision, at most £1.00)', () => {
  it('shows the bonus computed from the stored decisions on the debrief, and exports it per participant and for Prolific', async () => {
    const { participantsCsvLines, prolificBonusLines } = await import('../../server/researcher/export/participants-csv.ts');
    const paid = new Client(h, 'en-GB');
    const { last } = await walkToEnd(paid, await paid.join('signaux-faibles', prolificQuery('eeeeeeeeeeeeeeeeeeeeeeee')));
    const s = await snapshot(h.store, 'signaux-faibles', paid.participantId);
    const finals = s.trials.filter((t) => !t.practice && !t.attentionCheck && t.phase === 'final');
    expect(finals).toHaveLength(20);
    const right = finals.filter((t) => String(t.decision) === String(t.truth)).length;
    const bonus = Math.min(1, right * 0.05);
    expect(last.html).toContain('For taking part: £3.75');
    expect(last.html).toContain(`Your bonus: £${bonus.toFixed(2)} (${right} right final decisions out of 20)`);

    const doc = (await h.store.getExperiment('signaux-faibles'))!;
    const lines: string[] = [];
    for await (const l of prolificBonusLines(h.store, doc)) lines.push(l);
    // Prolific's bulk bonus format: "<PROLIFIC_PID>,<amount>", two decimals, no header; only completed participants.
    if (bonus > 0) expect(lines).toContain(`eeeeeeeeeeeeeeeeeeeeeeee,${bonus.toFixed(2)}\n`);
    for (const l of lines) expect(l).toMatch(/^[0-9a-f]{24},\d+\.\d{2}\n$/);
    expect(lines.join('')).not.toContain(PID); // PID never completed

    const csv: string[] = [];
    for await (const l of participantsCsvLines(h.store, doc, { secret: SECRET })) csv.push(l);
    expect(csv[0]).toBe('participant_id,condition,status,created_at,completed_at,PROLIFIC_PID,STUDY_ID,SESSION_ID,completion_code,reference,currency,fixed_payment,bonus,correct_decisions,decisions\r\n');
    const row = csv.find((l) => l.startsWith(paid.participantId))!.trim().split(',');
    expect(row.slice(5, 7)).toEqual(['eeeeeeeeeeeeeeeeeeeeeeee', '60aa11bb22cc33dd44ee55ff']);
    expect(row.slice(8)).toEqual(['SIGNAUX-2024', participantReference(SECRET, 'signaux-faibles', paid.participantId), 'GBP', '3.75', bonus.toFixed(2), String(right), '20']);
  });
});

describe('consent information (signaux-faibles declares every item)', () => {
  it('shows the data controller, legal basis, rights, contact, DPO, ethics approval and withdrawal, with a printable copy', async () => {
    for (const [lang, expected] of [
      ['en', ['Who is responsible for your data (data controller)', 'Legal basis', 'GDPR art. 6.1.e', 'What is not recorded', 'recherche-decision@example.org', 'Data protection officer', 'dpo@example.org', 'CER Université Exemple', 'Your right to withdraw']],
      ['fr', ['Responsable du traitement de vos données', 'Base légale', 'RGPD, art. 6.1.e', "Ce qui n&#39;est pas enregistré", 'Délégué à la protection des données', "Avis du comité d&#39;éthique"]],
    ] as const) {
      const c = new Client(h, lang === 'en' ? 'en-GB' : 'fr-FR');
      const consent = await c.join('signaux-faibles');
      for (const text of expected) expect(consent.html).toContain(text);
      const print = /<p class="print-link"><a href="([^"]+)">/.exec(consent.html)?.[1];
      expect(print).toBe(`/e/signaux-faibles/information?lang=${lang}`);
      const copy = await c.get(print!.replace(/&amp;/g, '&'));
      expect(copy.status).toBe(200);
      for (const text of expected) expect(copy.html).toContain(text);
      expect(copy.html).not.toContain('<form');
    }
  });

  it('after withdrawing, names the contact to write to for erasure and the reference to quote', async () => {
    const c = new Client(h, 'en-GB');
    const consent = await c.join('signaux-faibles');
    await c.answer(consent, { choice: 'accept' });
    const confirm = await c.get(`${c.path}/withdraw`);
    expect(confirm.html).toContain('a reference to quote');
    await c.post(`${c.path}/withdraw`, confirm.hidden);
    const after = await c.current();
    expect(after.html).toContain('To have your answers erased, write to recherche-decision@example.org quoting this reference:');
    expect(after.html).toContain(`<strong class="reference">${participantReference(SECRET, 'signaux-faibles', c.participantId)}</strong>`);
  });
});
