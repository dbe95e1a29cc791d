/**
 * The comprehension check per condition, read from the store's participants (their stored outcome and status):
 * how many took it, passed at the first try, passed after a retry, were screened out, and the wrong attempts. Null
 * when the experiment declares no comprehension check. Reported as `comprehension` in the analysis JSON.
 */
import type { ExperimentFile } from '../../experiments/schema.ts';
import type { ExperimentDoc, Store } from '../../server/store/index.ts';
import type { ComprehensionCounts } from '../result.ts';

export async function storeComprehension(store: Store, doc: ExperimentDoc): Promise<ComprehensionCounts[] | null> {
  if (!(doc.config as ExperimentFile).procedure.comprehension) return null;
  const byCondition = new Map<string, ComprehensionCounts>();
  for await (const p of store.participants(doc.id, { configHash: doc.configHash })) {
    if (!p.comprehension && p.status !== 'screened_out') continue;
    const c = byCondition.get(p.condition) ?? { condition: p.condition, took: 0, passed_first_try: 0, passed_after_retry: 0, screened_out: 0, wrong_attempts: 0 };
    c.took += 1;
    c.wrong_attempts += p.comprehension?.attempts ?? 0;
    if (p.status === 'screened_out') c.screened_out += 1;
    else if (p.comprehension?.passed) c[p.comprehension.attempts === 0 ? 'passed_first_try' : 'passed_after_retry'] += 1;
    byCondition.set(p.condition, c);
  }
  return [...byCondition.values()].sort((a, b) => a.condition.localeCompare(b.condition));
}
