/**
 * Checkpoints of runs in progress: the listing meta in `checkpoints`, the training state in
 * `checkpointState`, its arrays over the chunk size in `chunks` (chunked.ts), owner "ckpt:<id>:…".
 */
import { announce } from './changes.ts';
import {
  chunkOwner,
  deleteChunks,
  eachChunk,
  joinChunks,
  otherOwnersRanges,
  splitLarge,
  writeChunks
} from './chunked.ts';
import type { LabDb } from './db.ts';
import { toStoreError } from './errors.ts';
import type { CheckpointMeta } from './runs.ts';

/**
 * Replaces a run's checkpoint (listing meta + state): the state's large arrays first, in
 * bounded chunks, then one transaction for the records that also drops the previous
 * checkpoint's chunks.
 */
export async function putCheckpoint(
  db: LabDb,
  meta: Pick<CheckpointMeta, 'id' | 'epoch' | 'updatedAt'>,
  state: unknown,
  chunkBytes: number
): Promise<void> {
  const owner = chunkOwner(`ckpt:${meta.id}:`);
  const big = splitLarge(state, owner, chunkBytes);
  try {
    await writeChunks(db, owner, big.arrays, chunkBytes);
  } catch (e) {
    throw toStoreError(e, `checkpointing run ${meta.id}`);
  }
  const tx = db.transaction(['checkpoints', 'checkpointState', 'chunks'], 'readwrite');
  const pending = [
    tx.objectStore('checkpoints').put(meta as CheckpointMeta),
    tx.objectStore('checkpointState').put({ id: meta.id, state: big.value }),
    ...otherOwnersRanges(`ckpt:${meta.id}:`, owner).map((r) => tx.objectStore('chunks').delete(r))
  ];
  try {
    await Promise.all([...pending, tx.done]);
  } catch (e) {
    try {
      tx.abort();
    } catch {
      /* already aborted */
    }
    await Promise.allSettled([...pending, tx.done]);
    await deleteChunks(db, owner).catch(() => undefined);
    throw toStoreError(e, `checkpointing run ${meta.id}`);
  }
  announce('checkpoints');
}

export async function getCheckpoint(
  db: LabDb,
  id: string
): Promise<{ meta: CheckpointMeta; state: unknown } | undefined> {
  const tx = db.transaction(['checkpoints', 'checkpointState', 'chunks'], 'readonly');
  const read = await Promise.all([
    tx.objectStore('checkpoints').get(id),
    tx.objectStore('checkpointState').get(id)
  ]);
  const [meta, s] = await joinChunks(read, eachChunk(tx.objectStore('chunks')));
  await tx.done;
  return meta && s ? { meta, state: s.state } : undefined;
}
