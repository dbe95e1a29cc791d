/**
 * No participant page ever contains the truth of a decision trial, the AI's correctness, or the name of a condition.
 * Complete participants of every bundled study, and of the legal_crpa test study (its explanation lists the case's
 * data, parameters and weights), are walked to the end; every page they received is searched.
 *
 * Label tasks: the truth is one of the labels, and every label legitimately appears as an answer option
 * (`value="..."` of the radio buttons) — so the options are removed first, and then no label value may remain
 * anywhere (texts show label texts, never values). Numeric tasks: the truth number may not appear, except where the
 * same number is visibly part of the dossier, the advice or the questions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadExperiment } from '../../experiments/load.ts';
import { Client, snapshot, startHarness, walkToEnd, type Harness } from './harness.ts';

const BUNDLED = ['signaux-faibles', 'aide-exceptionnelle', 'risque-inondation', 'controle-sanitaire'];
const FIXTURES_DIR = 'test/simulate/fixtures/studies';
const STUDIES: [string, string][] = [...BUNDLED.map((id): [string, string] => [id, `experiments/studies/${id}`]), ['sim-crpa', `${FIXTURES_DIR}/sim-crpa`]];
const harnesses: Record<string, Harness> = {};
beforeAll(async () => {
  const bundled = await startHarness(BUNDLED);
  for (const id of BUNDLED) harnesses[id] = bundled;
  harnesses['sim-crpa'] = await startHarness(['sim-crpa'], { dir: FIXTURES_DIR });
});
afterAll(async () => {
  for (const h of new Set(Object.values(harnesses))) await h.close();
});

/** Every occurrence of `needle` as a whole token (not inside a longer identifier or number). */
function containsToken(haystack: string, needle: string): boolean {
  const escaped = needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9_+>-])${escaped}($|[^A-Za-z0-9_+>-])`).test(haystack);
}

describe.each(STUDIES)('%s', (studyId, dir) => {
  it.each(['fr-FR', 'en-GB'])('pages of a full run (%s) contain no truth, no correctness and no condition name', async (lang) => {
    const h = harnesses[studyId];
    const exp = await loadExperiment(`${dir}/experiment.yaml`);
    const c = new Client(h, lang);
    await walkToEnd(c, await c.join(studyId));
    const s = await snapshot(h.store, studyId, c.participantId);
    expect(s.participant?.status).toBe('completed');
    const decisions = s.trials.filter((t) => !t.practice);
    expect(decisions.length).toBeGreaterThan(10);

    const conditions = new Set([s.participant!.condition, ...decisions.map((t) => t.condition), ...exp.conditions.map((x) => x.id)]);
    const pages = c.seen.filter((p) => p.startsWith('<!DOCTYPE html>'));
    expect(pages.length).toBeGreaterThan(20);
    for (const html of pages) {
      for (const condition of conditions) expect(containsToken(html, condition), `condition ${condition}`).toBe(false);
      // Markup only (tags and attributes, text removed): no hidden field, attribute or comment about the truth.
      const markup = html.replace(/>[^<]*</g, '><');
      expect(markup).not.toMatch(/truth|correct|vérité|verite|expected|attention|practice_|condition/i);
      expect(html).not.toMatch(/<!--/);
      // Label values may be ordinary words of the visible text ("Faut-il contacter ..."): look in the markup, minus
      // the answer options that carry every label alike.
      // (A justification page carries the participant's own decision back as a hidden field: their answer, not the truth.)
      const markupWithoutOptions = markup.replace(/<input type="radio"[^>]*>/g, '').replace(/<input type="hidden" name="decision"[^>]*>/g, '');
      if (exp.file.task.type !== 'numeric') {
        for (const label of exp.file.task.labels) expect(containsToken(markupWithoutOptions, label.value), `label ${label.value}`).toBe(false);
      }
    }
    if (exp.file.task.type === 'numeric') {
      const shown = (html: string) => html.replace(/<[^>]+>/g, ' ');
      // Chart geometry (SVG coordinates) is drawn from the factor weights, not from the truth.
      const withoutGeometry = (html: string) => html.replace(/\s(x|y|x1|x2|y1|y2|width|height|viewBox)="[^"]*"/g, '');
      for (const t of decisions) {
        // Rendered the way the page would render it (French or English grouping), only where not visibly shown.
        const n = Number(t.truth);
        const forms = new Set([String(n), n.toLocaleString('fr-FR'), n.toLocaleString('en-GB')]);
        for (const html of pages.map(withoutGeometry)) {
          for (const form of forms) {
            if (containsToken(html, form)) expect(containsToken(shown(html), form), `truth ${form} only in markup`).toBe(true);
          }
        }
      }
    }
    // Another participant's id never appears.
    const other = new Client(h, lang);
    await other.join(studyId);
    for (const html of pages) expect(html).not.toContain(other.participantId);
  });
});
