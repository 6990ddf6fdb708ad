import type { BatchContext, BatchOutcome } from './batch-context.ts';
import { searchDeepViolators } from './deep-search.ts';
import type { KernelTower } from './kernels/tower-kernel.ts';

/**
 * One Hybrid Deep batch on the CPU path with nothing in TF.js: the same steps as
 * deepSampledBatch (deep-sampled.ts, the readable reference with TF.js towers), with the
 * factor side in the pairwise kernel and the towers in the tower kernel over the same memory.
 * The search runs in TypeScript on the tower outputs (same random stream as the reference);
 * the updating samples are compacted into the kernel's arrays by batch row, not copied.
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
  const { train } = ctx;
  const s = ctx.scratch;
  for (let b = 0; b < count; b++) {
    const k = order[start + b];
    s.users[b] = train.userIdx[k];
    s.items[b] = train.itemIdx[k];
    s.weights[b] = train.weight[k];
  }
  kernel.representUsers(order, start, count);
  const q = kernel.representItems();
  tower.forward(count);
  const qb = q.bias;
  let n = 0;
  const score = (b: number, it: number) => qb[it] + tower.score(b, it);
  const loss = searchDeepViolators(ctx, { ...s, count }, score, (b, j, coef) => {
    tower.rows[n] = b;
    kernel.users[n] = s.users[b];
    kernel.items[n] = s.items[b];
    kernel.negatives[n] = j;
    kernel.coefficient[n] = coef;
    n++;
  });
  if (n === 0) return { loss, updated: 0 };
  tower.backward(n);
  kernel.grads(n);
  return { loss, updated: n };
}
