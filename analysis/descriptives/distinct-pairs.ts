/**
 * Visits each distinct (group, participant) pair of the trial columns once, e.g. to count a condition's or a case's
 * participants. A bitmap of groups x participants marks the pairs seen when it fits in 16 MB (one bit per pair: a
 * million trials of 20,000 participants and 200 cases take 500 KB), otherwise one Set per group; either way
 * `visit` is called once per pair, in the order of their first trial.
 */
export function forEachDistinctPair(
  groups: Int32Array,
  participants: Int32Array,
  groupCount: number,
  participantCount: number,
  visit: (group: number, participant: number) => void,
): void {
  const pairs = groupCount * participantCount;
  if (pairs <= 2 ** 27) {
    const seen = new Uint32Array(Math.ceil(pairs / 32));
    for (let i = 0; i < groups.length; i++) {
      const pair = groups[i] * participantCount + participants[i];
      const word = pair >>> 5;
      const bit = 1 << (pair & 31);
      if ((seen[word] & bit) !== 0) continue;
      seen[word] |= bit;
      visit(groups[i], participants[i]);
    }
    return;
  }
  const seen = Array.from({ length: groupCount }, () => new Set<number>());
  for (let i = 0; i < groups.length; i++) {
    const set = seen[groups[i]];
    if (set.has(participants[i])) continue;
    set.add(participants[i]);
    visit(groups[i], participants[i]);
  }
}
