/**
 * One helper core of the batch-parallel step (core/model/batch-parallel.ts), started by the
 * trainer worker (shard-pool.ts): its first message is the shard's setup; it then runs that
 * shard's part of every batch until the trainer stops it. It says 'ready' once, then blocks in
 * Atomics.wait, so it receives no further messages.
 */
import { runShardHelper, type ShardSetup } from '$lib/core/model/batch-parallel';

self.onmessage = (e: MessageEvent<ShardSetup>) => runShardHelper(e.data, () => self.postMessage('ready'));
