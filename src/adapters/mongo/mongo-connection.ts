import { MongoClient, type MongoClientOptions } from 'mongodb';
import { callMongo } from './mongo-errors.js';

export interface MongoConnectionOptions {
  /**
   * How long a call waits for a reachable server before failing. The driver's 30 s default
   * would hold a job (and its queue message) for half a minute per call; failing fast lets the
   * broker's delayed retry take over.
   */
  readonly serverSelectionTimeoutMS?: number;
  /** Extra driver options (e.g. `monitorCommands` in tests). */
  readonly client?: MongoClientOptions;
}

export const DEFAULT_SERVER_SELECTION_TIMEOUT_MS = 5_000;

/** Opens a client and makes sure a server answers; an unreachable server is UpstreamUnavailableError. */
export async function connectMongo(url: string, options: MongoConnectionOptions = {}): Promise<MongoClient> {
  // Driver options given in code override the URL's: a timeout the URL sets is left to win.
  const timeouts: MongoClientOptions = {};
  const serverSelectionTimeoutMS = options.serverSelectionTimeoutMS ?? DEFAULT_SERVER_SELECTION_TIMEOUT_MS;
  if (options.serverSelectionTimeoutMS !== undefined || !urlSets(url, 'serverSelectionTimeoutMS')) timeouts.serverSelectionTimeoutMS = serverSelectionTimeoutMS;
  if (!urlSets(url, 'connectTimeoutMS')) timeouts.connectTimeoutMS = serverSelectionTimeoutMS;
  const client = new MongoClient(url, { ...timeouts, ...options.client });
  try {
    await callMongo('connect', () => client.connect());
  } catch (error) {
    await client.close().catch(() => undefined);
    throw error;
  }
  return client;
}

/** Whether a connection string sets an option (names are case-insensitive in MongoDB URLs). */
function urlSets(url: string, option: string): boolean {
  return new RegExp(`[?&]${option}=`, 'i').test(url);
}
