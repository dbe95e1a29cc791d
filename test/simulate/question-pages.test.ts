/**
 * Bots on a study with a page of every generic question type and NASA-TLX (aide-exceptionnelle): every bot gets
 * through (the server accepted every answer: a 400 would stop it), and what is stored is plausible: a choice among
 * the options, check boxes within the limit, numbers on the grid within the range, short comments within their
 * length, TLX ratings on the 0-100 grid. The page reader is also run on the rendered page itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcess, type InProcessServer } from '../../server/simulate/in-process.ts';
import { parsePolicy } from '../../server/simulate/policies.ts';
import { runSimulation } from '../../server/simulate/runner.ts';
import { answerQuestions, readQuestions } from '../../server/simulate/question-page.ts';
import { readForms } from '../../server/simulate/html-form.ts';
import { createRng } from '../../experiments/random.ts';
import type { ResponseRecord } from '../../server/store/index.ts';

const STUDY = 'aide-exceptionnelle';
let server: InProcessServer;
const responses: ResponseRecord[] = [];

beforeAll(async () => {
  server = await startInProcess({ experimentId: STUDY, experimentsDir: 'experiments/studies' });
  const summary = await runSimulation({
    experiment: server.experiment,
    target: { url: server.url },
    participants: 8,
    concurrency: 4,
    policy: parsePolicy('random:0.5'),
    seed: 11,
    speed: Infinity,
    dropout: 0,
    inattentive: 0,
    distinctAddresses: true,
  });
  expect(summary.completed).toBe(8);
  for await (const r of server.store.responses(STUDY)) responses.push(r);
}, 120_000);
afterAll(async () => server?.close());

describe('bots on question pages', () => {
  it('answer every question type plausibly, and the server stores them', () => {
    const profile = responses.filter((r) => r.scale === 'profil');
    const of = (item: string) => profile.filter((r) => r.item === item);
    // Required: every bot answered it, with one of the options and its position.
    const roles = ['instructeur', 'encadrant', 'travailleur_social', 'autre'];
    expect(of('fonction')).toHaveLength(8);
    for (const r of of('fonction')) expect(roles[r.value - 1]).toBe(r.text);
    for (const r of of('anciennete')) expect(Number.isInteger(r.value) && r.value >= 0 && r.value <= 45).toBe(true);
    for (const r of of('outils')) {
      const chosen = r.text === '' ? [] : r.text!.split(' ');
      expect(chosen.length).toBe(r.value);
      expect(chosen.length).toBeLessThanOrEqual(3);
      for (const v of chosen) expect(['logiciel_metier', 'tableur', 'outil_ia']).toContain(v);
    }
    for (const r of of('commentaire')) expect(r.text!.length).toBe(r.value);
    // Optional questions are sometimes skipped, but over 8 bots each type shows up.
    for (const item of ['anciennete', 'outils', 'commentaire']) expect(of(item).length).toBeGreaterThan(0);
    const tlx = responses.filter((r) => r.scale === 'nasa_tlx');
    expect(tlx).toHaveLength(8 * 6);
    for (const r of tlx) expect(r.value % 5 === 0 && r.value >= 0 && r.value <= 100).toBe(true);
  });

  it('reads the limits of each question from the page, and answers within them', () => {
    const html = `<form method="post" action="/p/x"><input type="hidden" name="at" value="questionnaires:3">
<fieldset class="question" data-question-type="multiple_choice" data-name="q_tools" data-min="1" data-max="2" data-required="1">
<input type="checkbox" id="q_tools-0" name="q_tools" value="a"><input type="checkbox" id="q_tools-1" name="q_tools" value="b"><input type="checkbox" id="q_tools-2" name="q_tools" value="c"></fieldset>
<div class="question field" data-question-type="number" data-name="q_rate" data-required="0" data-min="0" data-max="1" data-step="0.1"><input type="number" id="q_rate-1" name="q_rate"></div>
<div class="question field" data-question-type="text" data-name="q_note" data-required="1" data-max="5"><input type="text" id="q_note-2" name="q_note" maxlength="5"></div>
</form>`;
    const questions = readQuestions(html, readForms(html)[0]);
    expect(questions).toEqual([
      { type: 'multiple_choice', name: 'q_tools', required: true, min: 1, max: 2, step: null, options: ['a', 'b', 'c'] },
      { type: 'number', name: 'q_rate', required: false, min: 0, max: 1, step: 0.1, options: [] },
      { type: 'text', name: 'q_note', required: true, min: null, max: 5, step: null, options: [] },
    ]);
    for (let seed = 1; seed <= 50; seed++) {
      const { single, multi } = answerQuestions(questions, createRng(seed), 'en');
      expect(multi.q_tools.length).toBeGreaterThanOrEqual(1);
      expect(multi.q_tools.length).toBeLessThanOrEqual(2);
      if (single.q_rate !== undefined) expect(single.q_rate).toMatch(/^(0\.\d|1\.0)$/);
      expect(single.q_note.length).toBeLessThanOrEqual(5);
    }
  });
});
