// One helper thread of the batch-parallel step (loaded by shard-threads.ts): runs its shard until the main thread stops it.
import { parentPort, workerData } from 'node:worker_threads';
import { runShardHelper, type ShardSetup } from '../lib/core/model/batch-parallel.ts';

runShardHelper((workerData as { setup: ShardSetup }).setup, () => parentPort?.postMessage('ready'));
