/**
 * A pilot run of more bots than the study's target would see the extra bots turned away ("study full"). For the
 * in-process server only, the study is then served from a copy whose `assignment.target_per_condition` is raised to
 * fit every bot; the study's own file is never changed. The copy keeps the file's comments (yaml Document API).
 */
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import type { Experiment } from '../../experiments/model.ts';

/** Participants the study accepts before it is full. */
export function studyCapacity(exp: Experiment): number {
  const target = exp.file.assignment.target_per_condition;
  // Within-subjects: every participant sees every condition, so the target counts participants.
  return exp.file.design.type === 'within' ? target : target * exp.conditions.length;
}

/** The target per condition that lets `participants` bots all take part. */
export function targetFor(exp: Experiment, participants: number): number {
  return exp.file.design.type === 'within' ? participants : Math.ceil(participants / exp.conditions.length);
}

/**
 * When `participants` exceeds the study's capacity, copies `<experimentsDir>/<id>/` to a temporary experiments
 * directory with the target raised, and returns that directory and the new target; otherwise null.
 */
export async function pilotCopyIfFull(
  experimentsDir: string,
  exp: Experiment,
  participants: number,
): Promise<{ experimentsDir: string; target: number } | null> {
  if (participants <= studyCapacity(exp)) return null;
  const target = targetFor(exp, participants);
  const id = exp.file.id;
  const copyRoot = await mkdtemp(join(tmpdir(), 'confiance-pilot-'));
  await cp(join(experimentsDir, id), join(copyRoot, id), { recursive: true });
  const file = join(copyRoot, id, 'experiment.yaml');
  const doc = parseDocument(await readFile(file, 'utf8'));
  doc.setIn(['assignment', 'target_per_condition'], target);
  await writeFile(file, doc.toString());
  return { experimentsDir: copyRoot, target };
}
