import type { CollectionSpec } from './collection.ts';

/** Collections and their indexes; both drivers create exactly these at start-up. */
export const COLLECTIONS = {
  experiments: 'experiments',
  participants: 'participants',
  trials: 'trials',
  responses: 'responses',
  /** One trial plan per participant, written at join (see plans.ts). */
  plans: 'plans',
  events: 'events',
  /** One document per experiment: the version number that makes condition claims atomic (see assignment.ts). */
  assignments: 'assignments',
  /** Researcher dashboard sessions, so that signing out ends them on the server (see sessions.ts). */
  sessions: 'sessions',
  /** Labels and platform ids taken by a join, one participant each across processes (see join-keys.ts). */
  joinKeys: 'joinKeys',
} as const;

export const COLLECTION_SPECS: readonly CollectionSpec[] = [
  { name: COLLECTIONS.experiments, indexes: [{ fields: { id: 1, configHash: 1 }, unique: true }] },
  {
    name: COLLECTIONS.participants,
    embeddedLayout: 'keyed',
    // What the condition claim and the monitoring view count by (participants.ts).
    embeddedCounts: {
      fields: ['configHash', 'condition', 'status', 'step', 'invited', 'pendingClaim'],
      narrowBy: 'status',
      rangeField: 'lastActivityAt',
      span: { from: 'createdAt', to: 'completedAt' },
    },
    // Every request of a participant names them by id: one shard; per-study counts are gathered from every shard.
    shardKey: { id: 'hashed' },
    indexes: [
      { fields: { id: 1 }, unique: true },
      { fields: { experimentId: 1, configHash: 1, condition: 1, status: 1 } },
      { fields: { experimentId: 1, labelHash: 1 } },
      { fields: { experimentId: 1, platformIdHash: 1 } },
      { fields: { experimentId: 1, createdAt: 1, id: 1 } },
    ],
  },
  {
    name: COLLECTIONS.trials,
    perParticipant: true,
    // A participant's records on one shard, participants spread evenly; the unique key starts with participantId.
    shardKey: { participantId: 'hashed' },
    indexes: [
      // Idempotency of a trial phase; practice is part of the key so practice and main trials may share indices.
      { fields: { participantId: 1, practice: 1, trialIndex: 1, phase: 1 }, unique: true },
      // Export order (see trials() in decisions.ts).
      { fields: { experimentId: 1, participantId: 1, practice: -1, trialIndex: 1, phase: -1 } },
    ],
  },
  {
    name: COLLECTIONS.responses,
    perParticipant: true,
    shardKey: { participantId: 'hashed' },
    indexes: [
      { fields: { participantId: 1, scale: 1, item: 1 }, unique: true },
      { fields: { experimentId: 1, participantId: 1, scale: 1, item: 1 } },
    ],
  },
  { name: COLLECTIONS.plans, perParticipant: true, shardKey: { participantId: 'hashed' }, indexes: [{ fields: { participantId: 1 }, unique: true }] },
  {
    name: COLLECTIONS.events,
    embeddedLayout: 'sequence',
    // One chain per study, appended at its head: ranged on (experimentId, seq), a study's chain stays in order.
    shardKey: { experimentId: 1, seq: 1 },
    indexes: [
      // Two appends computing the same seq cannot both land: the chain cannot fork, even across processes.
      { fields: { experimentId: 1, seq: 1 }, unique: true },
      { fields: { participantId: 1 } },
    ],
  },
  { name: COLLECTIONS.assignments, indexes: [{ fields: { experimentId: 1 }, unique: true }] },
  { name: COLLECTIONS.sessions, indexes: [{ fields: { digest: 1 }, unique: true }] },
  // Keys are keyed hashes: ranged on the key, they spread evenly, and the unique index is the shard key's own.
  { name: COLLECTIONS.joinKeys, shardKey: { key: 1 }, indexes: [{ fields: { key: 1 }, unique: true }] },
];
