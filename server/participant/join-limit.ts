/**
 * Joins per client address and study, in proportion to the study's size: one client may start at most a quarter of
 * the study's places (never fewer than 20) per 10 minutes. A script joining again and again without cookies cannot
 * fill a study (210 joins from one client took 118 of 120 places before), while a training room of agents behind one
 * address still fits; a larger room behind one address should get personal links, which this does not limit. The
 * places a script does take are released after UNCONSENTED_STALE_MINUTES (stale-cutoff.ts), since it never consents.
 */
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Experiment } from '../../experiments/model.ts';
import type { ExperimentRegistry } from '../registry.ts';
import { assignmentOptions, targetPerOption } from './plan.ts';

export const JOIN_WINDOW_MS = 10 * 60 * 1000;
const SHARE_OF_PLACES = 0.25;
const MIN_JOINS = 20;

/** The joins one client may make in a window: a quarter of the study's places, at least MIN_JOINS. */
export function joinsPerClient(experiment: Experiment): number {
  const places = targetPerOption(experiment) * assignmentOptions(experiment).length;
  return Math.max(MIN_JOINS, Math.ceil(places * SHARE_OF_PLACES));
}

export function joinLimitPerStudy(
  registry: Pick<ExperimentRegistry, 'running'>,
  onLimit: (req: Request, res: Response, next: NextFunction) => void,
): RequestHandler {
  const studyOf = (req: Request) => String(req.params.experimentId ?? '');
  return rateLimit({
    windowMs: JOIN_WINDOW_MS,
    limit: async (req) => {
      const running = await registry.running(studyOf(req));
      return running ? joinsPerClient(running.experiment) : MIN_JOINS;
    },
    keyGenerator: (req) => `${ipKeyGenerator(req.ip ?? '')}|${studyOf(req)}`,
    identifier: 'joins-per-study',
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: onLimit,
  });
}
