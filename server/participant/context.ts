import type { Experiment, TrialPlan } from '../../experiments/model.ts';
import type { Translator } from '../i18n.ts';
import type { NextStep, ParticipantDoc, Store, TrialRecord } from '../store/index.ts';
import type { Page } from './pages.ts';
import type { MovedParticipant } from './just-moved.ts';

/** Everything a step needs to render its page or accept its answer; rebuilt on every request (no server state). */
export interface FlowContext {
  store: Store;
  secret: string;
  now: Date;
  experiment: Experiment;
  participant: ParticipantDoc;
  plan: TrialPlan;
  pages: readonly Page[];
  tr: Translator;
  /** `?since=` of the request: a serving stamp a delayed-advice page handed out (advice-gate.ts), unchecked here. */
  since?: string;
  /** On the GET right after a decision POST of this process: the trial that POST stored (just-moved.ts). */
  justStored?: TrialRecord;
}

/**
 * What a valid answer leads to: the next page, the same page again (a failed attempt), or the end of the flow with a
 * status. `moved`: the step already made the move to `next` itself, in the same store call as its write (true: it
 * moved; false: another request moved first), and `after`, what that write left, when it moved.
 */
export type Outcome =
  | { kind: 'advance'; moved?: boolean; after?: MovedParticipant }
  | { kind: 'stay' }
  | { kind: 'end'; status: 'declined' | 'screened_out' }
  /** Nothing stored, nothing moved: answer the POST with this page (a justification still to write). */
  | { kind: 'page'; status: number; view: string; model: object };

/** One step of the flow, oTree style: what it shows (view + model) and what it accepts. */
export interface StepModule<P extends Page> {
  view: string;
  model(ctx: FlowContext, page: P): object | Promise<object>;
  /**
   * Parses the body (zod), stores, and says where to go. Absent: the page has a plain "continue" button. `next` is
   * the position an `advance` moves to, for a step that stores and moves in one call (the router moves otherwise).
   */
  accept?(ctx: FlowContext, page: P, body: unknown, next: NextStep): Promise<Outcome>;
  /**
   * An answer refused (InvalidSubmission) shows this page again, status 400, with what was wrong above the form and
   * what was sent filled in (the view reads `problems` and `sent`), instead of a message page whose way back loses
   * what the participant typed. For pages of several answers (questionnaires, question pages).
   */
  keepsAnswers?: true;
}
