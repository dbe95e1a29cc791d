/** Cross-field checks of `recruitment` (the schema checks each field alone). */
import type { Problem } from '../problems.ts';
import type { ExperimentFile } from '../schema.ts';
import { participantIdParameter, recruitmentParameters } from './schema.ts';

export function checkRecruitment(file: ExperimentFile): Problem[] {
  const r = file.recruitment;
  if (!r) return [];
  const problems: Problem[] = [];
  const names = recruitmentParameters(r).map((p) => p.name);
  const seen = new Set<string>();
  names.forEach((name, i) => {
    if (seen.has(name)) problems.push({ path: ['recruitment', 'parameters', i, 'name'], message: `parameter "${name}" is listed twice` });
    seen.add(name);
  });
  const idParameter = participantIdParameter(r);
  if (idParameter !== undefined && !names.includes(idParameter))
    problems.push({ path: ['recruitment', 'participant_id_parameter'], message: `"${idParameter}" is not among the captured parameters (${names.join(', ') || 'none'})` });
  if (r.platform === 'prolific' && r.completion.code === undefined && !r.completion.per_participant)
    problems.push({ path: ['recruitment', 'completion'], message: 'a Prolific study needs completion.code (the completion code shown in Prolific), or per_participant: true' });
  const hashedId = recruitmentParameters(r).find((p) => p.name === idParameter && p.store === 'hashed');
  const paysBonus = file.payment?.bonus !== undefined || Object.values(file.factors).some((f) => Object.values(f.levels).some((l) => l.bonus !== undefined));
  if (hashedId && paysBonus)
    problems.push({ path: ['recruitment', 'parameters'], message: `${hashedId.name} is stored only as a hash, so bonuses cannot be paid to it: store it as_given` });
  return problems;
}
