import { UserError } from '../../experiments/user-error.ts';

const EXPECTED = 'expected "<from>..<to> step <k>" (e.g. "20..200 step 20"), "<from>..<to>" (step 10), or a list "20,50,100"';

/**
 * Participants per condition to simulate, from `--participants`: a range `20..200 step 20` (both ends included when
 * the step lands on them), `20..200` (step 10), a list `20,50,100`, or one number. Every value must be >= 2 (a
 * Welch test needs two participants per group). Returned sorted, without duplicates.
 */
export function parseParticipantRange(text: string): number[] {
  const fail = (why: string): never => {
    throw new UserError(`Invalid --participants "${text}":`, [why, EXPECTED]);
  };
  const range = /^\s*(\d+)\s*\.\.\s*(\d+)\s*(?:step\s+(\d+))?\s*$/.exec(text);
  let values: number[];
  if (range) {
    const from = Number(range[1]);
    const to = Number(range[2]);
    const step = range[3] === undefined ? 10 : Number(range[3]);
    if (step < 1) fail('the step must be at least 1');
    if (to < from) fail(`the range ends (${to}) before it starts (${from})`);
    if ((to - from) / step > 1000) fail('more than 1000 sample sizes');
    values = [];
    for (let n = from; n <= to; n += step) values.push(n);
  } else if (/^\s*\d+\s*(,\s*\d+\s*)*$/.test(text)) {
    values = text.split(',').map((v) => Number(v.trim()));
  } else {
    return fail('not a range or a list of integers');
  }
  const small = values.filter((n) => n < 2);
  if (small.length > 0) fail(`every sample size must be at least 2 participants per condition, found ${small[0]}`);
  if (values.some((n) => n > 100_000)) fail('sample sizes above 100000 per condition are not simulated');
  return [...new Set(values)].sort((a, b) => a - b);
}
