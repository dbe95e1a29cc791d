import type { Config } from '../config.ts';
import type { ExperimentDoc, Store } from '../store/index.ts';
import type { Experiment } from '../../experiments/model.ts';

/**
 * What the researcher side needs from the experiment registry (server/registry.ts). Declared here structurally so
 * this folder depends on the agreed signatures only.
 */
export interface ResearcherRegistry {
  available(): Promise<{ id: string; path: string; experiment?: Experiment; errors?: string[] }[]>;
  load(id: string): Promise<Experiment>;
  running(id: string): Promise<{ doc: ExperimentDoc; experiment: Experiment } | null>;
  /** The experiment as version `configHash` was opened, or null when the file changed since. */
  version(id: string, configHash: string): Promise<Experiment | null>;
  open(id: string): Promise<ExperimentDoc>;
  close(id: string): Promise<void>;
}

/** The same dependencies as the app (AppDeps in server/app.ts). */
export interface ResearcherDeps {
  config: Config;
  store: Store;
  registry: ResearcherRegistry;
  /** SECRET: signs the session cookie, CSRF tokens and salts label hashes. */
  secret: string;
  now?: () => Date;
}

export interface ResearcherOptions {
  /** Failed sign-ins / unauthorized API calls allowed per client and 15 minutes (default 20). */
  failedAuthLimit?: number;
  /** Where the "researcher routes disabled" message goes (default console.error). */
  log?: (message: string) => void;
}

export function clock(deps: ResearcherDeps): () => Date {
  return deps.now ?? (() => new Date());
}
