/**
 * The bundled questionnaires of issue 14 (Körber 2019, Hoffman et al. 2018, raw NASA-TLX, self-assessed competence)
 * scored by their published rules, with their wording marks in the result; and the generic questions tabulated by
 * condition from responses rows, as the store and a responses CSV give them.
 */
import { Readable } from 'node:stream';
import { describe, it, expect } from 'vitest';
import { analyze } from '../../analysis/analyze.ts';
import { readResponsesCsv, type ResponseRow } from '../../analysis/input/responses-csv.ts';
import { HOFFMAN_TRUST, KORBER_TIA, NASA_TLX, SELF_COMPETENCE, scoreScale, markValues } from '../../experiments/scales/index.ts';
import { renderCsv } from '../../analysis/report/csv.ts';
import { renderHtml } from '../../analysis/report/html.ts';
import { reportTables } from '../../analysis/report/report-tables.ts';
import { FIVE_PARTICIPANTS, trial } from './rows.ts';

const trials = FIVE_PARTICIPANTS;

type Row = Omit<ResponseRow, 'line'>;
async function* rows(list: Row[]): AsyncGenerator<ResponseRow> {
  let line = 1;
  for (const r of list) yield { ...r, line: ++line };
}
const scaleRow = (participantId: string, scale: string, item: string, value: number): Row => ({ participantId, scale, item, value });
const q = (participantId: string, item: string, type: Row['type'], value: number, valueText: string | null = null): Row => ({ participantId, scale: 'profil', item, value, type, valueText });

describe('bundled scales of issue 14', () => {
  it('Körber (2019) TiA: 19 items, six subscales, items 5, 7, 10, 15, 16 reversed as 6 - x', () => {
    expect(KORBER_TIA.items).toHaveLength(19);
    expect(KORBER_TIA.items[9].text.en).toBe('A system malfunction is likely.');
    const all4 = Object.fromEntries(KORBER_TIA.items.map((i) => [i.id, 4]));
    expect(scoreScale(KORBER_TIA, all4)).toEqual({
      reliability_competence: (4 + 4 + 2 + 4 + 2 + 4) / 6,
      understanding_predictability: (4 + 2 + 4 + 2) / 4,
      familiarity: 4,
      intention_of_developers: 4,
      propensity_to_trust: (2 + 4 + 4) / 3,
      trust_in_automation: 4,
    });
    // Every item in exactly one subscale.
    const used = Object.values(KORBER_TIA.subscales).flatMap((s) => s.items).sort();
    expect(used).toEqual(KORBER_TIA.items.map((i) => i.id).sort());
  });

  it('Hoffman et al. (2018) trust scale: 8 items, 1-5, item 6 ("wary") reversed', () => {
    const answers = Object.fromEntries(HOFFMAN_TRUST.items.map((i) => [i.id, i.id === 'hoffman_6' ? 2 : 4]));
    expect(scoreScale(HOFFMAN_TRUST, answers)).toEqual({ trust: (7 * 4 + (6 - 2)) / 8 });
    expect(HOFFMAN_TRUST.items[5].text.en).toBe('I am wary of the system.');
  });

  it('raw NASA-TLX: six ratings on 21 marks 0-100 by 5, Performance from Perfect to Failure, raw TLX their mean', () => {
    expect(markValues(NASA_TLX)).toEqual(Array.from({ length: 21 }, (_, i) => 5 * i));
    expect(NASA_TLX.items.find((i) => i.id === 'tlx_performance')!.anchors).toEqual({ low: { fr: 'Parfaite', en: 'Perfect' }, high: { fr: 'Échec', en: 'Failure' } });
    const ratings = { tlx_mental: 50, tlx_physical: 10, tlx_temporal: 40, tlx_performance: 30, tlx_effort: 60, tlx_frustration: 20 };
    const scores = scoreScale(NASA_TLX, ratings);
    expect(scores.raw_tlx).toBe(35);
    expect(scores.performance).toBe(30);
    expect(() => scoreScale(NASA_TLX, { tlx_mental: 52 })).toThrow(/0-100 in steps of 5/);
  });

  it('self-assessed competence: an estimate in percent, 0-100 by 10, marked as an adaptation in both languages', () => {
    expect(scoreScale(SELF_COMPETENCE, { competence_1: 70 })).toEqual({ estimated_accuracy: 70 });
    expect(SELF_COMPETENCE.wording.en.status).toBe('custom');
    expect(SELF_COMPETENCE.wording.fr.status).toBe('translation');
  });

  it('scored per condition by analyze, with the source and the wording marks next to the results (JSON, tables, CSV)', async () => {
    const tlx = (p: string, v: number) => NASA_TLX.items.map((i) => scaleRow(p, 'nasa_tlx', i.id, v));
    const result = await analyze(trials, rows([...tlx('p1', 20), ...tlx('p2', 40), ...tlx('p3', 60), ...tlx('p4', 100), ...tlx('p5', 80)]), {
      experiment: 's',
      resamples: 0,
    });
    const raw = result.scales.find((s) => s.scale === 'nasa_tlx' && s.subscale === 'raw_tlx')!;
    expect(raw.conditions.map((c) => [c.condition, c.n, c.mean])).toEqual([['none', 3, 40], ['x', 2, 90]]);
    expect(raw.conditions[0].sd).toBeCloseTo(20, 12);
    expect(raw.wording).toEqual(NASA_TLX.wording);
    expect(raw.source).toMatch(/Hart & Staveland \(1988\)/);
    expect(result.scales.filter((s) => s.scale === 'nasa_tlx').map((s) => s.subscale)).toEqual([
      'raw_tlx', 'mental', 'physical', 'temporal', 'performance', 'effort', 'frustration',
    ]);
    const tables = reportTables(result);
    const sources = tables.find((t) => t.title === 'Questionnaire scales: sources and wording')!;
    expect(sources.rows[0][0]).toBe('nasa_tlx');
    expect(sources.rows[0][3]).toMatch(/^translation NOT validated/);
    expect(tables.find((t) => t.title === 'Questionnaire scales')!.rows[0][0]).toBe('nasa_tlx †');
    expect(renderCsv(result)).toContain("en: authors' wording; fr: translation NOT validated");
    const html = renderHtml(result);
    expect(html).toContain('Questionnaire scales: sources and wording');
    expect(html).toMatch(/<td[^>]*>nasa_tlx †<\/td>/);
    expect(html).toContain("translation NOT validated (Confiance's own translation, not the validated French version of Cegarra &amp; Morgado (2009))");
  });
});

describe('self-assessed competence against actual accuracy (He, Kuiper & Gadiraju 2023)', () => {
  it('compares the estimate with the accuracy of the unaided initial decisions, per condition', async () => {
    // Initial decisions right: p1 0/1, p2 1/1, p3 1/1 (none); p4 0/1, p5 1/1 (x).
    const estimates: [string, number][] = [['p1', 70], ['p2', 80], ['p3', 100], ['p4', 0], ['p5', 50]];
    const result = await analyze(trials, rows(estimates.map(([p, v]) => scaleRow(p, 'self_competence', 'competence_1', v))), { experiment: 's', resamples: 0 });
    expect(result.self_assessment!.actual).toBe('accuracy_initial');
    const [none, x] = result.self_assessment!.conditions;
    // Reference: numpy 2.4.6, d = [0.7, -0.2, 0.0]: d.mean() = 0.16666666666666666, d.std(ddof=1) = 0.47258156262526085;
    // d = [0.0, -0.5]: -0.25, 0.3535533905932738.
    expect(none).toMatchObject({ condition: 'none', n: 3, overestimated: 1, within: 1, underestimated: 1 });
    expect(none.estimate).toBeCloseTo(2.5 / 3, 12);
    expect(none.actual).toBeCloseTo(2 / 3, 12);
    expect(none.difference).toBeCloseTo(0.16666666666666666, 12);
    expect(none.sd).toBeCloseTo(0.47258156262526085, 12);
    expect(x).toMatchObject({ condition: 'x', n: 2, overestimated: 0, within: 1, underestimated: 1, estimate: 0.25, actual: 0.5, difference: -0.25 });
    expect(x.sd).toBeCloseTo(0.3535533905932738, 12);
    expect(reportTables(result).map((t) => t.title)).toContain('Self-assessed competence against actual accuracy (He, Kuiper & Gadiraju 2023)');
  });

  it('is absent when the item was not asked', async () => {
    const result = await analyze(trials, rows([scaleRow('p1', 'propensity', 'prop_1', 3)]), { experiment: 's', resamples: 0 });
    expect(result.self_assessment).toBeUndefined();
  });
});

describe('generic questions by condition', () => {
  const answers: Row[] = [
    q('p1', 'fonction', 'single_choice', 1, 'agent'),
    q('p2', 'fonction', 'single_choice', 2, 'manager'),
    q('p3', 'fonction', 'single_choice', 1, 'agent'),
    q('p4', 'fonction', 'single_choice', 2, 'manager'),
    q('p1', 'outils', 'multiple_choice', 1, 'tableur'),
    q('p1', 'outils', 'multiple_choice', 1, 'logiciel'),
    q('p2', 'outils', 'multiple_choice', 0, null),
    q('p3', 'outils', 'multiple_choice', 1, 'logiciel'),
    q('p4', 'outils', 'multiple_choice', 1, 'tableur'),
    q('p1', 'anciennete', 'number', 3),
    q('p2', 'anciennete', 'number', 10),
    q('p3', 'anciennete', 'number', 4),
    q('p4', 'anciennete', 'number', 20),
    q('p5', 'anciennete', 'number', 7.5),
    q('p1', 'commentaire', 'text', 12, 'Des dossiers clairs'),
    q('p3', 'commentaire', 'text', 3, 'RAS'),
  ];

  it('counts choices with proportions of those who answered, summarises numbers, only counts free texts', async () => {
    const result = await analyze(trials, rows([scaleRow('p1', 'propensity', 'prop_1', 3), ...answers]), { experiment: 's', resamples: 0 });
    const question = (id: string) => result.questions!.find((x) => x.question === id)!;
    expect(question('fonction').conditions).toEqual([
      { condition: 'none', answered: 3, options: [{ value: 'agent', count: 2, proportion: 2 / 3 }, { value: 'manager', count: 1, proportion: 1 / 3 }] },
      { condition: 'x', answered: 1, options: [{ value: 'manager', count: 1, proportion: 1 }] },
    ]);
    expect(question('outils').conditions[0]).toEqual({
      condition: 'none',
      answered: 3,
      options: [{ value: 'logiciel', count: 2, proportion: 2 / 3 }, { value: 'tableur', count: 1, proportion: 1 / 3 }, { value: '(none)', count: 1, proportion: 1 / 3 }],
    });
    // Reference: numpy 2.4.6, a = [3, 10, 4]: a.mean() = 5.666666666666667, a.std(ddof=1) = 3.7859388972001824,
    // np.median(a) = 4.0; b = [20, 7.5]: 13.75, 8.838834764831844, 13.75.
    const [none, x] = question('anciennete').conditions;
    expect(none.answered).toBe(3);
    expect(none.mean).toBeCloseTo(5.666666666666667, 12);
    expect(none.sd).toBeCloseTo(3.7859388972001824, 12);
    expect(none.median).toBe(4);
    expect([none.min, none.max]).toEqual([3, 10]);
    expect(x.mean).toBeCloseTo(13.75, 12);
    expect(x.sd).toBeCloseTo(8.838834764831844, 12);
    expect(question('commentaire').conditions).toEqual([{ condition: 'none', answered: 2 }, { condition: 'x', answered: 0 }]);
    // The questions never mix with the scales.
    expect(result.scales.map((s) => s.scale)).toEqual(['propensity']);
    const titles = reportTables(result).map((t) => t.title);
    expect(titles).toContain('Questions: choices by condition');
    expect(titles).toContain('Questions: numbers by condition');
    expect(titles).toContain('Questions: free text (counted, not analysed)');
    expect(JSON.stringify(reportTables(result))).not.toContain('Des dossiers clairs');
    expect(renderCsv(result)).toContain('question_option,profil.fonction.agent,none,,2,3,0.6666666666666666');
  });

  it('within subjects, a question describes the participant: one group `all`', async () => {
    const within = [...FIVE_PARTICIPANTS, trial('p1', 'x', 'A', 'A', 'A', 'A'), trial('p2', 'x', 'A', 'B', 'B', 'B')];
    const result = await analyze(within, rows(answers), { experiment: 's', resamples: 0, design: 'within', models: false });
    expect(result.questions!.find((x) => x.question === 'fonction')!.conditions).toEqual([
      { condition: 'all', answered: 4, options: [{ value: 'agent', count: 2, proportion: 0.5 }, { value: 'manager', count: 2, proportion: 0.5 }] },
    ]);
  });

  it('reads the type and value_text columns of a responses CSV (optional: a file without them is all scale items)', async () => {
    const csv = [
      'participant_id,scale,item,value,condition,config_hash,type,value_text',
      'p1,profil,fonction,1,none,h,single_choice,agent',
      'p1,profil,outils,0,none,h,multiple_choice,',
      'p1,propensity,prop_1,4,none,h,scale,',
      'p1,profil,commentaire,5,none,h,text,"\'=1+1"',
    ].join('\r\n');
    const read: ResponseRow[] = [];
    for await (const r of readResponsesCsv(Readable.from([csv]), 'r.csv')) read.push(r);
    expect(read.map((r) => [r.scale, r.item, r.value, r.type, r.valueText])).toEqual([
      ['profil', 'fonction', 1, 'single_choice', 'agent'],
      ['profil', 'outils', 0, 'multiple_choice', null],
      ['propensity', 'prop_1', 4, 'scale', null],
      ['profil', 'commentaire', 5, 'text', "'=1+1"],
    ]);
    const old: ResponseRow[] = [];
    for await (const r of readResponsesCsv(Readable.from(['participant_id,scale,item,value\r\np1,jian_trust,1,4']), 'old.csv')) old.push(r);
    expect(old[0]).toMatchObject({ type: 'scale', valueText: null });
  });

  it('refuses an unknown type with its line and column', async () => {
    const csv = 'participant_id,scale,item,value,type\r\np1,profil,age,40,slider\r\n';
    const read = async () => {
      for await (const _ of readResponsesCsv(Readable.from([csv]), 'r.csv')) void _;
    };
    await expect(read()).rejects.toMatchObject({
      details: ['line 2, column "type": expected one of scale, single_choice, multiple_choice, number, text, got "slider"'],
    });
  });
});
