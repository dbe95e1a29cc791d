/** `to - from` in ms for each document whose two fields are Dates (others are left out). */
export function spans(docs: Iterable<Record<string, unknown>>, from: string, to: string): Float64Array {
  const out: number[] = [];
  for (const doc of docs) {
    const start = doc[from];
    const end = doc[to];
    if (start instanceof Date && end instanceof Date) out.push(end.getTime() - start.getTime());
  }
  return Float64Array.from(out);
}
