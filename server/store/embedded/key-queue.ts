/**
 * Operations serialized per key (a participant's file, an experiment's log): each runs after every earlier one on the
 * same key, whether it succeeded or failed, so that a check-then-write is atomic for that key within this process.
 */
export class KeyQueue {
  private readonly tails = new Map<string, Promise<void>>();

  run<R>(key: string, fn: () => Promise<R>): Promise<R> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(fn);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Resolves once every operation queued so far has ended. */
  async settled(): Promise<void> {
    await Promise.all([...this.tails.values()]);
  }
}
