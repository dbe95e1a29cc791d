import { DuplicateKeyError, type Collection } from './collection.ts';
import { assertSafeDocument, safeDate, safeString, withoutUndefined } from './safe-input.ts';
import { fromStoredExperiment, toStoredExperiment, type StoredExperiment } from './stored-docs.ts';
import type { ExperimentDoc, ExperimentStatus } from './types.ts';

/** Opened experiment versions: one document per (id, configHash). */
export class ExperimentRepository {
  constructor(private readonly experiments: Collection<StoredExperiment>) {}

  async open(doc: ExperimentDoc): Promise<ExperimentDoc> {
    const stored = withoutUndefined(toStoredExperiment(doc));
    assertSafeDocument(stored, 'experiment');
    try {
      await this.experiments.insertOne(stored);
      return fromStoredExperiment(stored);
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
      const existing = await this.get(doc.id, doc.configHash);
      if (!existing) throw error;
      return existing;
    }
  }

  async get(id: string, configHash?: string): Promise<ExperimentDoc | null> {
    const filter = { id: safeString(id, 'id'), ...(configHash === undefined ? {} : { configHash: safeString(configHash, 'configHash') }) };
    const stored = await this.experiments.findOne(filter, { sort: { openedAt: -1 } });
    return stored ? fromStoredExperiment(stored) : null;
  }

  async list(): Promise<ExperimentDoc[]> {
    const all: ExperimentDoc[] = [];
    for await (const stored of this.experiments.find({}, { sort: { id: 1, openedAt: 1 } })) all.push(fromStoredExperiment(stored));
    return all;
  }

  async setStatus(id: string, configHash: string, status: ExperimentStatus, at = new Date()): Promise<boolean> {
    if (status !== 'open' && status !== 'closed') throw new Error(`unknown experiment status ${String(status)}`);
    const filter = { id: safeString(id, 'id'), configHash: safeString(configHash, 'configHash') };
    return status === 'closed'
      ? this.experiments.updateOne(filter, { set: { status, closedAt: safeDate(at, 'at') } })
      : this.experiments.updateOne(filter, { set: { status }, unset: ['closedAt'] });
  }
}
