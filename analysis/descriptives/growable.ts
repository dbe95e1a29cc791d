/** A typed array that grows by doubling: one column of the trial table, filled as trials stream in. */
export class GrowableColumn<T extends Float64Array | Int32Array | Uint8Array> {
  private data: T;
  length = 0;

  constructor(private readonly make: (size: number) => T) {
    this.data = make(1024);
  }

  push(value: number): void {
    if (this.length === this.data.length) this.reserve(1);
    this.data[this.length++] = value;
  }

  /**
   * Room for `count` more values; returns the array to write them into, at `length` onwards (the caller then adds
   * `count` to `length`): a batch of values written without a capacity check each.
   */
  reserve(count: number): T {
    if (this.length + count > this.data.length) {
      let size = this.data.length * 2;
      while (size < this.length + count) size *= 2;
      const bigger = this.make(size);
      bigger.set(this.data.subarray(0, this.length));
      this.data = bigger;
    }
    return this.data;
  }

  /** The filled part (a view, not a copy). */
  values(): T {
    return this.data.subarray(0, this.length) as T;
  }
}
