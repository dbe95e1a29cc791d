/**
 * A bot's own answers: its judgement of a case before (or without) the advice, right with its own accuracy, and the
 * answer it gives when it does not follow the advice.
 */
import type { Rng } from '../../experiments/random.ts';
import type { ExperimentFile } from '../../experiments/schema.ts';

type Task = ExperimentFile['task'];

/** Right with probability `accuracy` when the truth is known; a uniform guess when it is not. */
export function ownAnswer(task: Task, truth: string | number | null, accuracy: number, rng: Rng): string {
  if (task.type === 'numeric') {
    const { min, max, correct_within: tol } = task;
    if (truth === null) return formatNumber(task, min + rng.float() * (max - min));
    const t = Number(truth);
    if (rng.float() < accuracy) return formatNumber(task, clamp(t + (rng.float() * 2 - 1) * tol * 0.8, min, max));
    // Wrong: clearly outside the tolerance, on either side when the range allows it.
    const off = Math.max(tol * (1.5 + 2 * rng.float()), Math.abs(t) * 0.1 + 1);
    const up = t + off <= max;
    const down = t - off >= min;
    const sign = up && down ? (rng.float() < 0.5 ? 1 : -1) : up ? 1 : -1;
    return formatNumber(task, clamp(t + sign * off, min, max));
  }
  const labels = task.labels.map((l) => l.value);
  if (truth === null) return rng.pick(labels);
  if (rng.float() < accuracy) return String(truth);
  return rng.pick(labels.filter((l) => l !== String(truth)));
}

/** An answer that is not the advice: the bot's own one when it differs, else the nearest different one. */
export function answerOtherThan(task: Task, own: string, advice: string, same: (a: string, b: string) => boolean, rng: Rng): string {
  if (!same(own, advice)) return own;
  if (task.type === 'numeric') {
    const a = Number(advice);
    const off = task.correct_within * 1.5 + Math.max(1, Math.abs(a) * 0.1);
    const up = a + off <= task.max;
    return formatNumber(task, clamp(up ? a + off : a - off, task.min, task.max));
  }
  return rng.pick(task.labels.map((l) => l.value).filter((l) => l !== advice));
}

/** Numbers as a person types them: whole when the task's step is whole, else two decimals at most. */
function formatNumber(task: Extract<Task, { type: 'numeric' }>, x: number): string {
  const step = task.step;
  return Number.isInteger(step) ? String(Math.round(x)) : String(Math.round(x * 100) / 100);
}

function clamp(x: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, x));
}
