/**
 * Parts of pages and forms that depend only on the experiment version and a few keys (language, case...), built once
 * and shared by every request instead of rebuilt per request. Entries live with the Experiment object, which the
 * registry replaces when the file changes, so an edited study never meets the parts of the old one. Callers must
 * treat what they get as read-only.
 */
export class VersionCache<T> {
  private readonly byExperiment = new WeakMap<object, Map<string, T>>();

  /** `limit` bounds the entries per experiment when keys come from data (oldest dropped first). */
  constructor(private readonly limit = Infinity) {}

  get(experiment: object, key: string, build: () => T): T {
    let entries = this.byExperiment.get(experiment);
    if (!entries) this.byExperiment.set(experiment, (entries = new Map()));
    const kept = entries.get(key);
    if (kept !== undefined) return kept;
    const built = build();
    if (entries.size >= this.limit) entries.delete(entries.keys().next().value as string);
    entries.set(key, built);
    return built;
  }
}
