/** The Recommend page's worker (workers/recommend.ts), started lazily on the first call. */
import type { RecommendApi } from '../../../../workers/recommend';
import { WorkerBridge } from '../worker-bridge';

export function recommendBridge(): WorkerBridge<RecommendApi> {
  return new WorkerBridge<RecommendApi>({
    label: 'recommend worker',
    create: () =>
      new Worker(new URL('../../../../workers/recommend.ts', import.meta.url), {
        type: 'module',
        name: 'recommend'
      })
  });
}
