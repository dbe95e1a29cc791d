/** A typed array that grows by doubling: one column of the trial table, filled as trials stream in. */
export class GrowableColumn<T extends Float64Array | Int32Array | Uint8Array> {
  private data: T;
  length = 0;

  constructor(private readonly make: (size: number) => T) {
    this.data = make(1024);
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = this.make(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  /** The filled part (a view, not a copy). */
  values(): T {
    return this.data.subarray(0, this.length) as T;
  }
}
