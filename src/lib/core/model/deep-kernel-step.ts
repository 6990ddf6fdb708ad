import type { BatchContext, BatchOutcome } from './batch-context.ts';
import type { KernelTower } from './kernels/tower-kernel.ts';

/**
 * Rows per chunk. The batch's users pass through representation, tower, search and backward in
 * chunks, so their buffers (p, p', activations, gradients: a few rows × d floats each) stay in
 * the cache instead of streaming B × d floats through memory per stage. Parameters only change at
 * the batch's end, and every sum takes its terms in sample order, so the chunk size changes no bit.
 */
const CHUNK_ROWS = 64;

/**
 * One Hybrid Deep batch on the CPU path with nothing in TF.js: the same steps as
 * deepSampledBatch (deep-sampled.ts, the readable reference with TF.js towers), with the
 * factor side in the pairwise kernel and the towers in the tower kernel over the same memory.
 * The search runs in the tower kernel on the tower outputs, continuing the run's random stream
 * as the reference's search (deep-search.ts) does; the updating samples are compacted into the
 * kernel's arrays by chunk row, not copied.
 */
export function deepKernelBatch(
  ctx: BatchContext,
  tower: KernelTower,
  order: Int32Array,
  start: number,
  count: number
): BatchOutcome {
  const kernel = ctx.kernel?.deep;
  if (!kernel) throw new Error('the tower kernel needs the pairwise kernel of a hybrid-deep run');
  kernel.representItems();
  tower.forwardItems();
  tower.beginBatch();
  let loss = 0;
  let updated = 0;
  for (let done = 0; done < count; done += CHUNK_ROWS) {
    const rows = Math.min(CHUNK_ROWS, count - done);
    kernel.representUsers(order, start + done, rows);
    tower.forwardUsers(rows);
    const chunk = tower.search(rows, ctx.rng);
    loss += chunk.loss;
    if (chunk.updated === 0) continue;
    updated += chunk.updated;
    tower.backwardChunk(chunk.updated);
    kernel.spread(chunk.updated, !tower.trainsItem);
  }
  if (updated === 0) return { loss, updated };
  tower.endBatch();
  kernel.finish();
  return { loss, updated };
}
