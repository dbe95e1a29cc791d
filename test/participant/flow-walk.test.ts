/**
 * Complete participants walked through each bundled study by plain form posts (as with JavaScript disabled), and the
 * records the store holds afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, defaultAnswers, snapshot, startHarness, walkToEnd, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness(['signaux-faibles', 'aide-exceptionnelle', 'risque-inondation', 'controle-sanitaire']);
});
afterAll(async () => {
  await h?.close();
});

describe('signaux-faibles (binary, two-stage, between-subjects)', () => {
  it('walks a participant from the link to the debrief and stores every phase and answer', async () => {
    const c = new Client(h);
    const first = await c.join('signaux-faibles');
    expect(first.at).toBe('consent:0');
    expect(first.html).toContain('<html lang="fr">');
    const { visited, last } = await walkToEnd(c, first);
    expect(visited[0]).toBe('consent:0');
    expect(visited).toContain('instructions:0');
    // propensity before (questionnaires:0), jian after (questionnaires:1)
    expect(visited.indexOf('questionnaires:0')).toBeLessThan(visited.indexOf('instructions:0'));
    expect(visited[visited.length - 1]).toBe('questionnaires:1');
    // 2 practice trials x (2 phases + feedback) = 6 pages; 20 trials x 2 phases + 1 attention case, two phases with
    // advice like its neighbours = 42 pages.
    expect(visited.filter((a) => a.startsWith('practice:'))).toHaveLength(6);
    expect(visited.filter((a) => a.startsWith('trials:'))).toHaveLength(42);
    expect(last.html).toContain('SIGNAUX-2024');

    const s = await snapshot(h.store, 'signaux-faibles', c.participantId);
    expect(s.participant?.status).toBe('completed');
    expect(s.participant?.step).toBe('debrief');
    expect(s.participant?.completedAt).toBeInstanceOf(Date);
    const main = s.trials.filter((t) => !t.practice);
    expect(main).toHaveLength(42);
    expect(s.trials.filter((t) => t.practice)).toHaveLength(4);
    const initial = main.filter((t) => t.phase === 'initial');
    const final = main.filter((t) => t.phase === 'final');
    expect(initial.every((t) => t.advice === null)).toBe(true);
    expect(final).toHaveLength(21);
    expect(final.filter((t) => !t.attentionCheck).every((t) => t.advice !== null && typeof t.advice.correct === 'boolean')).toBe(true);
    // The simulated advisor is wrong on exactly 5 of the 20 decision trials.
    expect(final.filter((t) => t.advice !== null && !t.advice.correct)).toHaveLength(5);
    expect(final.filter((t) => t.attentionCheck)).toHaveLength(1);
    // The clock advances 4 s between a page and its answer: the server-side time is exactly that.
    expect(main.every((t) => t.serverRtMs === 4000)).toBe(true);
    // Confidence asked (1-7): the cooperative client answers the middle point.
    expect(main.every((t) => t.confidence === 4)).toBe(true);
    expect(new Set(main.map((t) => t.condition))).toEqual(new Set([s.participant!.condition]));
    expect(s.responses.filter((r) => r.scale === 'propensity')).toHaveLength(6);
    expect(s.responses.filter((r) => r.scale === 'jian_trust')).toHaveLength(12);
    const types = s.events.filter((e) => e.participantId === c.participantId).map((e) => e.type);
    expect(types).toEqual(['participant_joined', 'consent_given', 'comprehension_passed', 'participant_completed']);
  });

  it('shows the English texts when the browser asks for English', async () => {
    const c = new Client(h, 'en-GB,en;q=0.8');
    const first = await c.join('signaux-faibles');
    expect(first.html).toContain('<html lang="en">');
    expect(first.html).toContain('Do you agree to take part?');
    expect((await h.store.getParticipant(c.participantId))?.language).toBe('en');
  });

  it('lets the link choose the language among the experiment languages', async () => {
    const c = new Client(h, 'fr-FR');
    const first = await c.join('signaux-faibles', '?lang=en');
    expect(first.html).toContain('<html lang="en">');
  });
});

describe('aide-exceptionnelle (categorical, one-stage, 3x2 factorial)', () => {
  it('walks a participant to the debrief with one final phase per trial and the attention checks flagged', async () => {
    const c = new Client(h);
    const { last } = await walkToEnd(c, await c.join('aide-exceptionnelle'));
    expect(last.html).toMatch(/Merci/);
    const s = await snapshot(h.store, 'aide-exceptionnelle', c.participantId);
    expect(s.participant?.status).toBe('completed');
    const main = s.trials.filter((t) => !t.practice);
    expect(main.every((t) => t.phase === 'final')).toBe(true);
    expect(main).toHaveLength(17);
    expect(main.filter((t) => t.attentionCheck)).toHaveLength(2);
    // The instructed-response check stores the expected answer as its truth; attention checks show a real dossier and
    // advice like every other trial.
    expect(main.filter((t) => t.attentionCheck).map((t) => t.truth)).toContain('pieces');
    expect(main.filter((t) => t.advice !== null)).toHaveLength(17);
    expect(main.filter((t) => t.attentionCheck).every((t) => /^ae-a\d$/.test(t.caseId))).toBe(true);
  });
});

describe('what accompanies the advice comes from the participant condition', () => {
  it('aide-exceptionnelle shows the framing of the condition of the participant only', async () => {
    const framings = {
      outil: 'Suggestion de l&#39;outil d&#39;aide à l&#39;instruction.',
      autorite: 'Recommandation du service d&#39;expertise de la direction',
    };
    for (let i = 0; i < 2; i++) {
      const c = new Client(h);
      let page = await c.join('aide-exceptionnelle');
      while (!(page.at?.startsWith('trials:') && page.html.includes('id="advice-title"'))) page = await c.answer(page, defaultAnswers(page));
      const condition = (await h.store.getParticipant(c.participantId))!.condition;
      const level = condition.split('+')[1] as keyof typeof framings;
      expect(page.html).toContain(framings[level]);
      const other = level === 'outil' ? 'autorite' : 'outil';
      expect(page.html).not.toContain(framings[other]);
    }
  });
});

describe('risque-inondation (numeric, two-stage, within-subjects)', () => {
  it('walks a participant through both blocks with numeric answers', async () => {
    const c = new Client(h);
    const first = await c.join('risque-inondation');
    const notices: string[] = [];
    const { last } = await walkToEnd(c, first, (page) => {
      if (page.html.includes('Nouvelle série de dossiers')) notices.push(page.at ?? '');
    });
    // One notice, on the first page of the second block.
    expect(notices).toHaveLength(1);
    expect(last.html).toMatch(/Merci/);
    const s = await snapshot(h.store, 'risque-inondation', c.participantId);
    expect(s.participant?.status).toBe('completed');
    const finals = s.trials.filter((t) => !t.practice && t.phase === 'final');
    expect(finals.every((t) => typeof t.decision === 'number')).toBe(true);
    // Within-subjects: the trials carry both conditions, in blocks.
    expect(new Set(finals.filter((t) => !t.attentionCheck).map((t) => t.condition)).size).toBe(2);
  });

  it('refuses a number outside the task bounds with a 400 page and stores nothing', async () => {
    const c = new Client(h);
    let page = await c.join('risque-inondation');
    while (!page.numberInput) page = await c.answer(page, defaultAnswers(page));
    const before = await snapshot(h.store, 'risque-inondation', c.participantId);
    const res = await c.post(c.path, { ...page.hidden, ...defaultAnswers(page), decision: String(page.numberInput.max + 1) });
    expect(res.status).toBe(400);
    expect(res.html).toContain('indiquez un nombre entre');
    expect(await snapshot(h.store, 'risque-inondation', c.participantId)).toEqual(before);
    // French decimal comma is accepted.
    const ok = await c.post(c.path, { ...page.hidden, ...defaultAnswers(page), decision: '12,5' });
    expect(ok.status).toBe(303);
  });
});
