import { describe, expect, it } from 'vitest';
import { describeMongoUri } from '../../server/store/mongodb/open-mongodb.ts';
import { openStore, StoreUnavailableError } from '../../server/store/index.ts';

describe('MongoDB driver start-up (no server needed)', () => {
  it('reads hosts and database from a URI without exposing credentials', () => {
    expect(describeMongoUri('mongodb://user:secret@db1:27017,db2:27017/etude?replicaSet=rs0')).toEqual({
      hosts: 'db1:27017,db2:27017',
      database: 'etude',
    });
    expect(describeMongoUri('mongodb+srv://cluster0.example.net/?retryWrites=true')).toEqual({
      hosts: 'cluster0.example.net',
      database: undefined,
    });
    expect(describeMongoUri('mongodb://localhost')).toEqual({ hosts: 'localhost', database: undefined });
  });

  it('fails fast with the host and the cause when nothing answers, instead of hanging', async () => {
    const started = Date.now();
    const opening = openStore({ mongodbUri: 'mongodb://admin:hunter2@127.0.0.1:1/etude', mongodbTimeoutMs: 500 });
    await expect(opening).rejects.toBeInstanceOf(StoreUnavailableError);
    const error = (await opening.catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/^Cannot connect to MongoDB at 127\.0\.0\.1:1 \(database "etude"\): /);
    expect(error.message).not.toContain('hunter2');
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
