/**
 * Participant ids: 22 base64url characters of 128 random bits, never starting with "-", so that every CSV export
 * (which protects a cell starting with = + - @ with a leading apostrophe) writes the id exactly as in the link.
 */
import { describe, expect, it } from 'vitest';
import { isParticipantId, newParticipantId } from '../../server/security/ids.ts';
import { csvCell } from '../../server/store/tidy/csv-cell.ts';

describe('newParticipantId', () => {
  it('gives distinct 22-character base64url ids that a CSV cell writes unchanged', () => {
    const ids = Array.from({ length: 5000 }, newParticipantId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
      expect(isParticipantId(id)).toBe(true);
      expect(csvCell(id)).toBe(id);
    }
    // With 5000 draws, an id starting with "-" (1 in 64 before) would have appeared about 78 times.
    expect(ids.some((id) => id.startsWith('_'))).toBe(true);
  });

  it('still accepts the ids of existing data that start with "-"', () => {
    expect(isParticipantId('-bcdefghijklmnopqrstuv')).toBe(true);
  });
});
