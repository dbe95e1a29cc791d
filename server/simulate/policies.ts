/**
 * Reliance policies of simulated participants: when a bot follows the AI's advice. Written `name[:params]`, params
 * positional (`random:0.4`) or named (`accuracy-based:p_right=0.9,p_wrong=0.3`); every policy also takes
 * `own=<q>`, the bot's own accuracy (default 0.7), which decides how often its own answer is right.
 *
 *   always-follow              follows every advice
 *   never-follow               never follows
 *   random:p                   follows with probability p, whatever the advice
 *   accuracy-based:p_right,p_wrong
 *                              follows right advice with probability p_right, wrong advice with p_wrong (the bot
 *                              knows which is which from the case bank: a simulated expert's private knowledge)
 *   confidence-threshold:t     follows when the confidence shown is >= t: the model's confidence from a `confidence`
 *                              explanation, else the accuracy the designers state; with neither, does not follow
 *   calibrated:q               own accuracy q; when the advice differs from its own answer, follows when q is lower
 *                              than the confidence shown (as above; none shown: keeps its own answer)
 *   override:p[,p_justified=q]  decision power: follows when its own answer agrees with the advice; when it
 *                              disagrees, overrides the advice with probability p (q when the page says an override
 *                              must be justified; default q = p), keeping its own answer; otherwise follows
 *
 * Every policy also takes the cognitive-forcing behaviour (experiments/manipulations/advice-timing.ts):
 *   ask=<p>     on a page whose advice is on request, asks for it with probability p (default 0.5); a bot that does
 *               not ask decides on its own answer (it has no advice to follow)
 *   hasty=<p>   on a page whose advice is delayed, sends its decision at once with probability p (default 0): the
 *               server refuses it, and the bot waits for the advice and decides again (the refusals are counted)
 *
 * "Follow" means the final answer is the advice. For every policy but `calibrated`, a bot that does not follow gives
 * an answer other than the advice even when its own first answer agreed with it, so that agreement, over-reliance
 * (follow | AI wrong) and under-reliance (not follow | AI right) equal the policy's probabilities exactly.
 */
import { UserError } from '../../experiments/user-error.ts';

/** How a bot meets advice on request and delayed advice (`ask`, `hasty`: probabilities). */
export interface ForcingBehaviour {
  ask?: number;
  hasty?: number;
}

export const DEFAULT_ASK = 0.5;

export type Policy = ForcingBehaviour & (
  | { name: 'always-follow'; own: number }
  | { name: 'never-follow'; own: number }
  | { name: 'random'; p: number; own: number }
  | { name: 'accuracy-based'; pRight: number; pWrong: number; own: number }
  | { name: 'confidence-threshold'; t: number; own: number }
  | { name: 'calibrated'; own: number }
  | { name: 'override'; p: number; pJustified: number; own: number });

export const POLICY_NAMES = ['always-follow', 'never-follow', 'random', 'accuracy-based', 'confidence-threshold', 'calibrated', 'override'] as const;

/** What a bot knows when it decides, on a page with advice. */
export interface RelianceSituation {
  /** From the case bank (private knowledge); null when the dossier was not recognised. */
  adviceRight: boolean | null;
  /** The confidence shown on the page (model confidence, else stated accuracy), in [0, 1]. */
  shownConfidence: number | null;
  /** The bot's own answer equals the advice. */
  ownAgrees: boolean;
  /** The page says an override must be justified (justify_overrides). */
  justificationAsked?: boolean;
}

export const DEFAULT_OWN_ACCURACY = 0.7;

/** Parses `name[:params]`; a UserError says what is wrong and what is expected. */
export function parsePolicy(spec: string): Policy {
  const [name, rest = ''] = splitOnce(spec.trim(), ':');
  const positional: number[] = [];
  const named: Record<string, number> = {};
  for (const part of rest.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [key, value] = part.includes('=') ? splitOnce(part, '=') : [null, part];
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) {
      throw new UserError(`Invalid --policy "${spec}":`, [`"${part}": expected a probability between 0 and 1`]);
    }
    if (key === null) positional.push(n);
    else named[key.trim().replace(/-/g, '_')] = n;
  }
  const take = (keys: string[], index: number, fallback?: number): number => {
    for (const k of keys) if (k in named) return named[k];
    if (positional[index] !== undefined) return positional[index];
    if (fallback !== undefined) return fallback;
    throw new UserError(`Invalid --policy "${spec}":`, [`missing parameter ${keys[0]} (${usage(name)})`]);
  };
  const known = (keys: string[], maxPositional: number) => {
    const unknown = Object.keys(named).filter((k) => !keys.includes(k) && !['own', 'ask', 'hasty'].includes(k));
    if (unknown.length > 0 || positional.length > maxPositional) {
      throw new UserError(`Invalid --policy "${spec}":`, [`unexpected parameter ${unknown[0] ?? positional[maxPositional]} (${usage(name)})`]);
    }
  };
  const own = named.own ?? DEFAULT_OWN_ACCURACY;
  const forcing: ForcingBehaviour = { ...(named.ask !== undefined && { ask: named.ask }), ...(named.hasty !== undefined && { hasty: named.hasty }) };
  return { ...reliance(), ...forcing };
  function reliance(): Policy {
    switch (name) {
      case 'always-follow':
      case 'never-follow':
        known([], 0);
        return { name, own };
      case 'random':
        known(['p'], 1);
        return { name, p: take(['p'], 0), own };
      case 'accuracy-based':
        known(['p_right', 'p_wrong'], 2);
        return { name, pRight: take(['p_right'], 0), pWrong: take(['p_wrong'], 1), own };
      case 'confidence-threshold':
        known(['t'], 1);
        return { name, t: take(['t'], 0), own };
      case 'calibrated':
        known(['q'], 1);
        return { name, own: take(['q', 'own'], 0, DEFAULT_OWN_ACCURACY) };
      case 'override': {
        known(['p', 'p_justified'], 2);
        const p = take(['p'], 0);
        return { name, p, pJustified: take(['p_justified'], 1, p), own };
      }
      default:
        throw new UserError(`Unknown policy "${name}":`, [`expected one of ${POLICY_NAMES.join(', ')}`]);
    }
  }
}

/** Whether the bot follows; `u` is a uniform draw in [0, 1) (the bot's own seeded randomness). */
export function follows(policy: Policy, s: RelianceSituation, u: number): boolean {
  switch (policy.name) {
    case 'always-follow':
      return true;
    case 'never-follow':
      return false;
    case 'random':
      return u < policy.p;
    case 'accuracy-based':
      if (s.adviceRight === null) throw new Error('accuracy-based policy: the dossier was not recognised in the case bank');
      return u < (s.adviceRight ? policy.pRight : policy.pWrong);
    case 'confidence-threshold':
      return s.shownConfidence !== null && s.shownConfidence >= policy.t;
    case 'calibrated':
      if (s.ownAgrees) return true;
      return s.shownConfidence !== null && policy.own < s.shownConfidence;
    case 'override':
      if (s.ownAgrees) return true;
      return u >= (s.justificationAsked ? policy.pJustified : policy.p);
  }
}

export function describePolicy(p: Policy): string {
  const forcing = [p.ask !== undefined ? `ask ${p.ask}` : '', p.hasty !== undefined ? `hasty ${p.hasty}` : ''].filter(Boolean).join(', ');
  const own = `own accuracy ${p.own}${forcing ? `, ${forcing}` : ''}`;
  switch (p.name) {
    case 'random':
      return `random (p=${p.p}, ${own})`;
    case 'accuracy-based':
      return `accuracy-based (p_right=${p.pRight}, p_wrong=${p.pWrong}, ${own})`;
    case 'confidence-threshold':
      return `confidence-threshold (t=${p.t}, ${own})`;
    case 'override':
      return `override (p=${p.p}, p_justified=${p.pJustified}, ${own})`;
    default:
      return `${p.name} (${own})`;
  }
}

function usage(name: string): string {
  switch (name) {
    case 'random':
      return 'random:p';
    case 'accuracy-based':
      return 'accuracy-based:p_right,p_wrong';
    case 'confidence-threshold':
      return 'confidence-threshold:t';
    case 'calibrated':
      return 'calibrated:q';
    case 'override':
      return 'override:p[,p_justified]';
    default:
      return `${name} takes only own=<q>`;
  }
}

function splitOnce(text: string, sep: string): [string, string] {
  const i = text.indexOf(sep);
  return i < 0 ? [text, ''] : [text.slice(0, i), text.slice(i + 1)];
}
