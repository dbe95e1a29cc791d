import { z } from 'zod';
import { UserError } from '../experiments/user-error.ts';

/**
 * Every setting of Confiance comes from the environment (and `.env`, loaded by dotenv at start-up).
 * Each variable is documented in the README; a bad value stops the start with the variable's name.
 */
export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000).describe('HTTP port of the server'),
  HOST: z.string().min(1).default('127.0.0.1').describe('interface the server listens on'),
  DATA_DIR: z.string().min(1).default('./data').describe('directory of the embedded store'),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
    .optional()
    .describe('when set, use this MongoDB instead of the embedded store'),
  MONGODB_DB: z.string().min(1).optional().describe('database name when the URI has none (default "confiance")'),
  MONGODB_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(600_000)
    .default(5000)
    .describe('time limit of each MongoDB operation (ms); past it the request answers 503'),
  EXPERIMENTS_DIR: z.string().min(1).default('./experiments/studies').describe('where experiment files are found'),
  RESEARCHER_TOKEN: z
    .string()
    .min(32, 'must be at least 32 characters (researcher routes stay closed otherwise)')
    .optional()
    .describe('bearer token of the researcher dashboard and API'),
  SECRET: z
    .string()
    .min(32, 'must be at least 32 characters')
    .optional()
    .describe('secret for CSRF tokens, cookies and label hashing; generated and kept in DATA_DIR when unset'),
  PUBLIC_URL: z.string().url().optional().describe('base URL used in invitation links'),
  TRUST_PROXY: z
    .enum(['0', '1', 'true', 'false'])
    .default('0')
    .transform((v) => v === '1' || v === 'true')
    .describe('trust X-Forwarded-* headers from one reverse proxy'),
});

export type Config = z.infer<typeof configSchema>;

/** Parses the environment; throws a UserError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const known = Object.keys(configSchema.shape);
  const present = Object.fromEntries(
    known.filter((k) => env[k] !== undefined && env[k] !== '').map((k) => [k, env[k]]),
  );
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) {
    throw new UserError(
      'Invalid configuration (environment variables or .env):',
      parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
    );
  }
  return parsed.data;
}
