/** Participants left on every kind of page, for the fuzzers to aim at. */
import type { World } from './world.ts';

const at = (key: string) => (page: { at: string | null }) => page.at === key;

/** One participant per kind of page of signaux-faibles, plus a numeric and a one-stage study, withdrawn and declined. */
export async function populate(world: World): Promise<void> {
  await world.participant('consent', 'signaux-faibles', at('consent:0'));
  await world.participant('labelled', 'signaux-faibles', at('consent:0'), 'agent-007');
  await world.participant('questionnaire-before', 'signaux-faibles', at('questionnaires:0'));
  await world.participant('instructions', 'signaux-faibles', at('instructions:0'));
  await world.participant('practice', 'signaux-faibles', at('practice:0'));
  await world.participant('feedback', 'signaux-faibles', at('practice:2'));
  await world.participant('trial-initial', 'signaux-faibles', at('trials:2'));
  await world.participant('trial-final', 'signaux-faibles', at('trials:3'));
  await world.participant('questionnaire-after', 'signaux-faibles', at('questionnaires:1'));
  await world.participant('completed', 'signaux-faibles', () => false);
  await world.participant('numeric-trial', 'risque-inondation', at('trials:1'));
  await world.participant('categorical-trial', 'aide-exceptionnelle', at('trials:1'));

  const withdrawn = await world.participant('withdrawn', 'signaux-faibles', at('trials:1'));
  const token = withdrawn.page.hidden.find(([k]) => k === '_csrf')?.[1] ?? '';
  const res = await withdrawn.browser.post(`/p/${withdrawn.id}/withdraw`, [['_csrf', token]]);
  if (res.status !== 303) throw new Error(`withdraw: ${res.status}`);

  const declined = await world.participant('declined', 'signaux-faibles', at('consent:0'));
  const declineFields: [string, string][] = [...declined.page.hidden, ['choice', 'decline']];
  const refused = await declined.browser.post(`/p/${declined.id}`, declineFields);
  if (refused.status !== 303) throw new Error(`decline: ${refused.status}`);
  declined.answered.push({ at: 'consent:0', fields: declineFields });

  // Every page seen at the same instant: a later visit rewrites the same time, so only real changes show.
  await world.visitAll();
}

/**
 * A participant of controle-sanitaire on a decision page where the AI has the last word (for worlds that open that
 * study): joiners are balanced over its four conditions, so a few joins reach one.
 */
export async function populateLastWord(world: World): Promise<void> {
  for (let i = 0; i < 8; i++) {
    const p = await world.participant('last-word-trial', 'controle-sanitaire', at('trials:1'));
    if (p.page.html.includes('name="action" value="apply"')) return;
  }
  throw new Error('no controle-sanitaire participant reached a page where the AI has the last word');
}
