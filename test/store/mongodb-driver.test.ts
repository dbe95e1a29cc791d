import { describe, expect, it } from 'vitest';
import { describeMongoUri } from '../../server/store/mongodb/open-mongodb.ts';
import { openStore, StoreUnavailableError } from '../../server/store/index.ts';
import {
  MongoNetworkError,
  MongoNetworkTimeoutError,
  MongoOperationTimeoutError,
  MongoServerError,
  MongoServerSelectionError,
  MongoWriteConcernError,
  type Collection as MongoNativeCollection,
  type Document,
} from 'mongodb';
import { MongoCollection } from '../../server/store/mongodb/mongo-collection.ts';
import { DuplicateKeyError } from '../../server/store/collection.ts';

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

describe('MongoDB driver errors (a fake native collection, no server needed)', () => {
  /** A native collection whose every call fails with `error` (the subset MongoCollection calls). */
  function failingNative(error: Error): MongoNativeCollection<Document> {
    const fail = () => Promise.reject(error);
    const cursor = { toArray: fail, close: () => Promise.resolve(), sort: () => cursor, skip: () => cursor, limit: () => cursor,
      [Symbol.asyncIterator]: () => ({ next: fail }) };
    return {
      insertOne: fail, findOne: fail, countDocuments: fail, updateOne: fail, findOneAndUpdate: fail, updateMany: fail, deleteMany: fail,
      find: () => cursor, aggregate: () => cursor,
    } as unknown as MongoNativeCollection<Document>;
  }

  const unavailable: [string, Error][] = [
    ['no primary within serverSelectionTimeoutMS', new MongoServerSelectionError('Server selection timed out after 5000 ms', { error: undefined } as never)],
    ['a majority write concern timing out (code 64)', new MongoWriteConcernError({ ok: 1, writeConcernError: { code: 64, errmsg: 'waiting for replication timed out' } })],
    ['maxTimeMS expired (code 50)', new MongoServerError({ code: 50, errmsg: 'operation exceeded time limit' })],
    ['the primary stepped down (code 189)', new MongoServerError({ code: 189, errmsg: 'PrimarySteppedDown' })],
    ['a socket timing out', new MongoNetworkTimeoutError('connection 3 to 10.0.0.1:27017 timed out')],
    ['a connection reset', new MongoNetworkError('connection 3 to 10.0.0.1:27017 closed')],
    ['a client-side operation timeout', new MongoOperationTimeoutError('Timed out during operation')],
  ];

  it.each(unavailable)('%s becomes StoreUnavailableError on every operation', async (_label, error) => {
    const collection = new MongoCollection<{ id: string }>('participants', failingNative(error), 1000);
    const calls: [string, () => Promise<unknown>][] = [
      ['insertOne', () => collection.insertOne({ id: 'a' })],
      ['findOne', () => collection.findOne({ id: 'a' })],
      ['find', async () => { for await (const doc of collection.find({})) void doc; }],
      ['count', () => collection.count({})],
      ['countBy', () => collection.countBy({}, ['status'])],
      ['medianSpan', () => collection.medianSpan({}, 'createdAt', 'completedAt')],
      ['updateOne', () => collection.updateOne({ id: 'a' }, { set: { step: 'x' } })],
      ['findOneAndUpdate', () => collection.findOneAndUpdate({ id: 'a' }, { set: { step: 'x' } })],
      ['updateMany', () => collection.updateMany({}, { set: { step: 'x' } })],
      ['deleteMany', () => collection.deleteMany({ id: 'a' })],
    ];
    for (const [operation, call] of calls) {
      const thrown = await call().then(() => null, (e: unknown) => e);
      expect(thrown, operation).toBeInstanceOf(StoreUnavailableError);
      expect((thrown as Error).message).toBe(
        `MongoDB did not answer ${operation} on participants in time (no reachable primary or no majority of the replica set): ${error.message}`,
      );
      expect((thrown as Error).cause).toBe(error);
    }
  });

  it('a duplicate key stays DuplicateKeyError, and a bad request stays what it is (not a 503)', async () => {
    const duplicate = new MongoCollection<{ id: string }>('participants', failingNative(new MongoServerError({ code: 11000, errmsg: 'E11000' })));
    await expect(duplicate.insertOne({ id: 'a' })).rejects.toBeInstanceOf(DuplicateKeyError);
    const badValue = new MongoServerError({ code: 2, errmsg: 'unknown operator: $foo' });
    const wrong = new MongoCollection<{ id: string }>('participants', failingNative(badValue));
    await expect(wrong.findOne({ id: 'a' })).rejects.toBe(badValue);
    await expect(wrong.updateOne({ id: 'a' }, { set: { x: 1 } })).rejects.toBe(badValue);
  });
});

describe('MongoDB findOneAndUpdate (a recording fake native collection, no server needed)', () => {
  it('is one findAndModify returning the document after the update, without _id; null when nothing matched', async () => {
    const calls: unknown[][] = [];
    const stored = { id: 'a', step: 'trials', stepIndex: 4 };
    const native = {
      findOneAndUpdate: (...args: unknown[]) => {
        calls.push(args);
        return Promise.resolve((args[0] as { stepIndex: number }).stepIndex === 3 ? stored : null);
      },
    } as unknown as MongoNativeCollection<Document>;
    const collection = new MongoCollection<typeof stored>('participants', native);
    const after = await collection.findOneAndUpdate({ id: 'a', stepIndex: 3 }, { set: { stepIndex: 4 }, unset: ['erasing'] });
    expect(after).toEqual(stored);
    expect(calls).toEqual([
      [{ id: 'a', stepIndex: 3 }, { $set: { stepIndex: 4 }, $unset: { erasing: '' } }, { returnDocument: 'after', projection: { _id: 0 }, includeResultMetadata: false }],
    ]);
    expect(await collection.findOneAndUpdate({ id: 'a', stepIndex: 9 }, { set: { stepIndex: 10 } })).toBeNull();
  });
});
