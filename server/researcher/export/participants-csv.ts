/**
 * Per-participant exports: `participants.csv` (status, the recruitment parameters kept from their link, their
 * completion code and erasure reference, and the payment the server computed) and `bonuses.csv`, the file Prolific's
 * bulk bonus accepts: one `<PROLIFIC_PID>,<amount>` line per completed participant with a bonus, amounts with two
 * decimals, no header.
 */
import { participantIdParameter, recruitmentParameters } from '../../../experiments/recruitment/schema.ts';
import type { ExperimentFile } from '../../../experiments/schema.ts';
import { bonusRules, participantPayment } from '../../payment/participant-payment.ts';
import { completionCodeOf, participantReference } from '../../security/participant-codes.ts';
import type { ExperimentDoc, Store } from '../../store/index.ts';
import { csvLine } from '../../store/tidy/csv-cell.ts';

/** What the per-participant exports need beyond the store: the SECRET the codes are keyed with. */
export interface ExportContext {
  secret: string;
}

export async function* participantsCsvLines(store: Store, doc: ExperimentDoc, ctx: ExportContext): AsyncGenerator<string> {
  const file = doc.config as ExperimentFile;
  const parameters = file.recruitment ? recruitmentParameters(file.recruitment).map((p) => p.name) : [];
  const paid = file.payment !== undefined;
  yield csvLine([
    'participant_id',
    'condition',
    'status',
    'created_at',
    'completed_at',
    ...parameters,
    'completion_code',
    'reference',
    ...(paid ? ['currency', 'fixed_payment', 'bonus', 'correct_decisions', 'decisions'] : []),
  ]);
  const bonusOf = bonusRules(file);
  for await (const p of store.participants(doc.id, { configHash: doc.configHash })) {
    const payment = paid ? await participantPayment(store, file, p.id, bonusOf) : null;
    yield csvLine([
      p.id,
      p.condition,
      p.status,
      p.createdAt.toISOString(),
      p.completedAt?.toISOString() ?? '',
      ...parameters.map((name) => p.recruitment?.[name] ?? ''),
      p.status === 'completed' ? completionCodeOf(file, p.id, ctx.secret) : '',
      participantReference(ctx.secret, doc.id, p.id),
      ...(payment ? [payment.currency, payment.fixed.toFixed(2), payment.bonus.toFixed(2), payment.correct, payment.decisions] : []),
    ]);
  }
}

export async function* prolificBonusLines(store: Store, doc: ExperimentDoc): AsyncGenerator<string> {
  const file = doc.config as ExperimentFile;
  const idName = file.recruitment ? participantIdParameter(file.recruitment) : undefined;
  if (!file.payment || idName === undefined) return;
  const bonusOf = bonusRules(file);
  for await (const p of store.participants(doc.id, { configHash: doc.configHash, status: 'completed' })) {
    const platformId = p.recruitment?.[idName];
    if (!platformId) continue;
    const payment = await participantPayment(store, file, p.id, bonusOf);
    if (payment && payment.bonus > 0) yield `${platformId},${payment.bonus.toFixed(2)}\n`;
  }
}
