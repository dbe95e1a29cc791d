import type { Experiment } from '../../../experiments/model.ts';
import { UnknownExperimentError, UserError } from '../../../experiments/user-error.ts';
import type { ExperimentDoc, ExperimentStatus } from '../../store/index.ts';
import type { ResearcherDeps } from '../context.ts';
import { clock } from '../context.ts';

export interface VersionInfo {
  version: string;
  configHash: string;
  status: ExperimentStatus;
  openedAt: string;
  closedAt: string | null;
}

export interface CatalogEntry {
  id: string;
  /** The experiment file, when one is found in EXPERIMENTS_DIR. */
  path: string | null;
  valid: boolean;
  errors: string[];
  title: string | null;
  /** Version and hash of the file as it is now. */
  fileVersion: string | null;
  fileConfigHash: string | null;
  /** Opened versions in the store, oldest first. */
  versions: VersionInfo[];
  /** Status of the latest opened version, or "not_opened". */
  status: ExperimentStatus | 'not_opened';
  /** The file changed since the latest version was opened (participants still get the opened snapshot's hash). */
  fileChangedSinceOpen: boolean;
}

export function versionInfo(doc: ExperimentDoc): VersionInfo {
  return {
    version: doc.version,
    configHash: doc.configHash,
    status: doc.status,
    openedAt: doc.openedAt.toISOString(),
    closedAt: doc.closedAt ? doc.closedAt.toISOString() : null,
  };
}

/** Every experiment file found plus every experiment opened in the store (a file may have been removed since). */
export async function listCatalog(deps: ResearcherDeps): Promise<CatalogEntry[]> {
  const [files, docs] = await Promise.all([deps.registry.available(), deps.store.listExperiments()]);
  const byId = new Map<string, CatalogEntry>();
  for (const f of files) {
    const exp = f.experiment;
    byId.set(f.id, {
      id: f.id,
      path: f.path,
      valid: exp !== undefined && (f.errors ?? []).length === 0,
      errors: f.errors ?? [],
      title: exp ? (exp.file.title.fr ?? exp.file.title.en ?? null) : null,
      fileVersion: exp ? exp.file.version : null,
      fileConfigHash: exp ? exp.configHash : null,
      versions: [],
      status: 'not_opened',
      fileChangedSinceOpen: false,
    });
  }
  for (const doc of docs) {
    let entry = byId.get(doc.id);
    if (!entry) {
      entry = {
        id: doc.id,
        path: null,
        valid: false,
        errors: ['no experiment file with this id in EXPERIMENTS_DIR'],
        title: null,
        fileVersion: null,
        fileConfigHash: null,
        versions: [],
        status: 'not_opened',
        fileChangedSinceOpen: false,
      };
      byId.set(doc.id, entry);
    }
    entry.versions.push(versionInfo(doc));
  }
  for (const entry of byId.values()) {
    entry.versions.sort((a, b) => a.openedAt.localeCompare(b.openedAt));
    const latest = entry.versions.at(-1);
    if (latest) {
      entry.status = latest.status;
      entry.fileChangedSinceOpen = entry.fileConfigHash !== null && entry.fileConfigHash !== latest.configHash;
    }
  }
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * The experiment file of `id` as it is now: validated, or the problems that keep it from being served (each with its
 * file, line and field), or neither when there is no such file.
 */
export async function fileState(deps: ResearcherDeps, id: string): Promise<{ experiment: Experiment | null; errors: string[] }> {
  try {
    return { experiment: await deps.registry.load(id), errors: [] };
  } catch (err) {
    if (err instanceof UnknownExperimentError || !(err instanceof UserError)) return { experiment: null, errors: [] };
    return { experiment: null, errors: [err.message, ...err.details] };
  }
}

/** The latest opened version, or a UserError naming the experiment. */
export async function requireOpened(deps: ResearcherDeps, id: string, configHash?: string): Promise<ExperimentDoc> {
  const doc = await deps.store.getExperiment(id, configHash);
  if (!doc) {
    throw new NotFoundError(
      configHash ? `Experiment "${id}" has no opened version ${configHash}.` : `Experiment "${id}" has not been opened.`,
    );
  }
  return doc;
}

/** Something asked for does not exist: 404 on the API and pages. */
export class NotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}

/**
 * Opens the experiment file as it is now. A file edited after opening must carry a new `version`: opening a changed
 * file under a version already used would mix two designs under one name. Other open versions are closed, so exactly
 * one version of an experiment takes participants.
 */
export async function openExperiment(deps: ResearcherDeps, id: string): Promise<ExperimentDoc> {
  const experiment = await deps.registry.load(id);
  const versions = (await deps.store.listExperiments()).filter((d) => d.id === id);
  const clash = versions.find((d) => d.version === experiment.file.version && d.configHash !== experiment.configHash);
  if (clash) {
    throw new UserError(`Cannot open "${id}": version "${clash.version}" was already opened with different content.`, [
      `${experiment.path}: change "version" in the file to open the edited study as a new version`,
    ]);
  }
  const now = clock(deps)();
  const doc = await deps.registry.open(id);
  if (doc.status !== 'open') await deps.store.setExperimentStatus(id, doc.configHash, 'open', now);
  for (const other of versions) {
    if (other.configHash !== doc.configHash && other.status === 'open') {
      await deps.store.setExperimentStatus(id, other.configHash, 'closed', now);
    }
  }
  await deps.store.appendEvent(id, {
    type: 'experiment_opened',
    at: now,
    data: { version: doc.version, configHash: doc.configHash },
  });
  return (await deps.store.getExperiment(id, doc.configHash)) ?? doc;
}

/**
 * Closes the latest version: new participants are refused, those in progress can finish (flow decides). Closing a
 * closed study changes nothing and logs nothing (a double click, a retried request).
 */
export async function closeExperiment(deps: ResearcherDeps, id: string): Promise<ExperimentDoc> {
  const doc = await requireOpened(deps, id);
  if (doc.status === 'closed') return doc;
  const now = clock(deps)();
  await deps.store.setExperimentStatus(id, doc.configHash, 'closed', now);
  await deps.store.appendEvent(id, {
    type: 'experiment_closed',
    at: now,
    data: { version: doc.version, configHash: doc.configHash },
  });
  return requireOpened(deps, id, doc.configHash);
}

/** Reopens the latest version as it was snapshotted (not the file as edited since); an open one is left as it is. */
export async function reopenExperiment(deps: ResearcherDeps, id: string): Promise<ExperimentDoc> {
  const doc = await requireOpened(deps, id);
  if (doc.status === 'open') return doc;
  const now = clock(deps)();
  await deps.store.setExperimentStatus(id, doc.configHash, 'open', now);
  await deps.store.appendEvent(id, {
    type: 'experiment_reopened',
    at: now,
    data: { version: doc.version, configHash: doc.configHash },
  });
  return requireOpened(deps, id, doc.configHash);
}
