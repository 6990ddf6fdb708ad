import type { BatchContext, BatchOutcome } from './batch-context.ts';
import type { KernelTower } from './kernels/tower-kernel.ts';

/**
 * One Hybrid Deep batch on the CPU path with nothing in TF.js: the same steps as
 * deepSampledBatch (deep-sampled.ts, the readable reference with TF.js towers), with the
 * factor side in the pairwise kernel and the towers in the tower kernel over the same memory.
 * The search runs in the tower kernel on the tower outputs, continuing the run's random stream
 * as the reference's search (deep-search.ts) does; the updating samples are compacted into the
 * kernel's arrays by batch row, not copied.
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
  kernel.representUsers(order, start, count);
  kernel.representItems();
  tower.forward(count);
  const outcome = tower.search(count, ctx.rng);
  if (outcome.updated === 0) return outcome;
  tower.backward(outcome.updated);
  kernel.grads(outcome.updated);
  return outcome;
}
