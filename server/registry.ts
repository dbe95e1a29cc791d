/**
 * The experiments this server knows: files found in EXPERIMENTS_DIR (each `<dir>/<id>/experiment.yaml`) and the
 * versions opened in the store. The running experiment is the file whose configHash equals the open version's: a
 * file edited after opening is reported, and stops being served within a second, until it is opened again as a new
 * version.
 */
import { statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { loadExperiment } from '../experiments/load.ts';
import type { Experiment } from '../experiments/model.ts';
import { UnknownExperimentError, UserError } from '../experiments/user-error.ts';
import type { ExperimentDoc, Store } from './store/index.ts';

export interface AvailableExperiment {
  id: string;
  path: string;
  experiment?: Experiment;
  errors?: string[];
  /** The open version's hash, when one is open. */
  openConfigHash?: string;
  /** True when a version is open but the file no longer matches it (edited after opening). */
  modifiedSinceOpen?: boolean;
}

export interface ExperimentRegistry {
  available(): Promise<AvailableExperiment[]>;
  /** From its file (throws UserError if invalid or unknown). */
  load(id: string): Promise<Experiment>;
  /** Open in the store, and the file matches the open version. */
  running(id: string): Promise<{ doc: ExperimentDoc; experiment: Experiment } | null>;
  /** The experiment as a participant of version `configHash` saw it, or null if the file changed since. */
  version(id: string, configHash: string): Promise<Experiment | null>;
  /** Validates, snapshots config + hash in the store, and makes this version the only open one. */
  open(id: string): Promise<ExperimentDoc>;
  /** Closes every open version of the experiment. */
  close(id: string): Promise<void>;
}

/**
 * A file that makes the loader fail in a way it does not foresee is still only that file's problem: the other
 * studies keep being served and listed. The stack goes to the server's log (it is a bug in Confiance), the researcher
 * sees the file and the message.
 */
function unexpectedLoadError(path: string, err: unknown): UserError {
  console.error(`confiance: unexpected error while reading ${path}:`, err);
  return new UserError(`${path} could not be read`, [err instanceof Error ? `${err.name}: ${err.message}` : String(err)]);
}

const ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;
/** How long a participant request may rely on the last check of an experiment's files. */
const RECHECK_MS = 1000;

export function createRegistry(opts: { dir: string; store: Store; now?: () => Date }): ExperimentRegistry {
  const dir = resolve(opts.dir);
  const now = opts.now ?? (() => new Date());
  // Parsing YAML and a case bank on every request would be wasteful: keep the last load per file, keyed by the
  // modification times of the experiment file and its case bank. `checkedAt` (monotonic ms) is when the stamps were
  // last found equal to the files'.
  const cache = new Map<string, { stamp: string; experiment: Experiment; checkedAt: number }>();

  // Asked on every participant request (recentLoad): joined once per study id. Bounded, since a link can name any id.
  const paths = new Map<string, string>();
  const pathOf = (id: string) => {
    let path = paths.get(id);
    if (path === undefined) {
      if (paths.size >= 1000) paths.clear();
      paths.set(id, (path = join(dir, id, 'experiment.yaml')));
    }
    return path;
  };

  // The check is a synchronous stat on purpose: microseconds on a local file, whereas an async one queues for one of
  // libuv's four threads, which under load are busy with the store's appends and fsyncs (profiled at 200 bots: the
  // async stats were ~4% of the server's samples, plus their wait).
  function fileStamp(path: string): string | null {
    try {
      const s = statSync(path, { throwIfNoEntry: false });
      return s ? `${s.mtimeMs}:${s.size}` : null;
    } catch {
      return null;
    }
  }

  /**
   * Participant requests (`running`, `version`) accept a load checked against the files less than a second ago:
   * two stats per request were ~4% of a submission's CPU time, and an edited file still stops being served within a
   * second. The researcher's actions (`open`, `available`, `load`) always check, so opening right after an edit
   * serves the edited file.
   */
  function recentLoad(id: string): Experiment | undefined {
    const cached = ID.test(id) ? cache.get(pathOf(id)) : undefined;
    return cached && performance.now() - cached.checkedAt < RECHECK_MS ? cached.experiment : undefined;
  }

  async function load(id: string): Promise<Experiment> {
    if (!ID.test(id)) throw new UnknownExperimentError(`Unknown experiment "${id}"`);
    const path = pathOf(id);
    const own = fileStamp(path);
    if (own === null) throw new UnknownExperimentError(`Unknown experiment "${id}": no file ${path}`);
    const cached = cache.get(path);
    if (cached) {
      const bank = fileStamp(join(cached.experiment.dir, cached.experiment.file.cases.file));
      if (cached.stamp === `${own}|${bank}`) {
        cached.checkedAt = performance.now();
        return cached.experiment;
      }
    }
    const experiment = await loadExperiment(path).catch((err: unknown) => {
      throw err instanceof UserError ? err : unexpectedLoadError(path, err);
    });
    if (experiment.file.id !== id) {
      throw new UserError(`${path}: the id in the file ("${experiment.file.id}") must equal its folder name ("${id}")`);
    }
    const bank = fileStamp(join(experiment.dir, experiment.file.cases.file));
    cache.set(path, { stamp: `${own}|${bank}`, experiment, checkedAt: performance.now() });
    return experiment;
  }

  async function openVersions(id: string): Promise<ExperimentDoc[]> {
    return (await opts.store.listExperiments()).filter((d) => d.id === id && d.status === 'open');
  }

  async function tryLoad(id: string): Promise<Experiment | null> {
    const recent = recentLoad(id);
    if (recent) return recent;
    try {
      return await load(id);
    } catch (err) {
      if (err instanceof UserError) return null;
      throw err;
    }
  }

  return {
    load,

    async available() {
      let entries: string[];
      try {
        entries = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
      } catch {
        return [];
      }
      const docs = await opts.store.listExperiments();
      const out: AvailableExperiment[] = [];
      for (const id of entries.sort()) {
        const path = pathOf(id);
        if (fileStamp(path) === null) continue;
        const open = docs.find((d) => d.id === id && d.status === 'open');
        try {
          const experiment = await load(id);
          out.push({
            id,
            path,
            experiment,
            openConfigHash: open?.configHash,
            modifiedSinceOpen: open ? open.configHash !== experiment.configHash : undefined,
          });
        } catch (err) {
          if (!(err instanceof UserError)) throw err;
          out.push({ id, path, errors: [err.message, ...err.details], openConfigHash: open?.configHash });
        }
      }
      return out;
    },

    async running(id) {
      if (!ID.test(id)) return null;
      const open = await openVersions(id);
      if (open.length === 0) return null;
      const experiment = await tryLoad(id);
      if (!experiment) return null;
      const doc = open.find((d) => d.configHash === experiment.configHash);
      return doc ? { doc, experiment } : null;
    },

    async version(id, configHash) {
      const experiment = await tryLoad(id);
      return experiment && experiment.configHash === configHash ? experiment : null;
    },

    async open(id) {
      const experiment = await load(id);
      const doc = await opts.store.openExperiment({
        id,
        configHash: experiment.configHash,
        version: experiment.file.version,
        config: experiment.file,
        status: 'open',
        openedAt: now(),
      });
      for (const other of await openVersions(id)) {
        if (other.configHash !== experiment.configHash) await opts.store.setExperimentStatus(id, other.configHash, 'closed', now());
      }
      if (doc.status !== 'open') await opts.store.setExperimentStatus(id, experiment.configHash, 'open', now());
      return (await opts.store.getExperiment(id, experiment.configHash)) ?? doc;
    },

    async close(id) {
      for (const doc of await openVersions(id)) await opts.store.setExperimentStatus(id, doc.configHash, 'closed', now());
    },
  };
}
