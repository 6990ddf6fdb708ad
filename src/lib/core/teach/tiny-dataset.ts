import { createRng } from '../data/rng.ts';
import { buildFeatureMatrix } from '../features/matrix.ts';
import type { Interactions, TrainTestData } from '../types.ts';

/**
 * A classroom-sized world for the step-by-step view: a handful of customers in two segments and
 * six plans in two kinds, identity features only (each customer and plan has its own embedding,
 * so a point on the 2-D plot is exactly one learned row). Seeded: the same seed, the same world.
 */
export interface TinyWorld {
  data: TrainTestData;
  customerNames: string[];
  customerSegments: string[];
  planNames: string[];
  planKinds: string[];
}

export const TINY_PLANS: readonly { name: string; kind: 'data' | 'voice' }[] = [
  { name: 'Data XL', kind: 'data' },
  { name: 'Data M', kind: 'data' },
  { name: 'Stream+', kind: 'data' },
  { name: 'Talk Plus', kind: 'voice' },
  { name: 'Talk Basic', kind: 'voice' },
  { name: 'Family Voice', kind: 'voice' }
];

export interface TinyWorldOptions {
  /** Customers, split evenly between "streamers" (data plans) and "talkers" (voice plans). Default 8. */
  customers?: number;
  /** Plans each customer adopted, all of their segment's kind. Default 2. */
  adoptionsEach?: number;
  seed: number;
}

export function tinyWorld(opts: TinyWorldOptions): TinyWorld {
  const nUsers = opts.customers ?? 8;
  const each = opts.adoptionsEach ?? 2;
  const rng = createRng(opts.seed);
  const nItems = TINY_PLANS.length;
  const customerNames = Array.from({ length: nUsers }, (_, u) => `C${u + 1}`);
  const customerSegments = customerNames.map((_, u) => (u % 2 === 0 ? 'streamer' : 'talker'));
  const users: number[] = [];
  const items: number[] = [];
  for (let u = 0; u < nUsers; u++) {
    const kind = customerSegments[u] === 'streamer' ? 'data' : 'voice';
    const pool = TINY_PLANS.flatMap((p, i) => (p.kind === kind ? [i] : []));
    rng.shuffle(pool);
    for (const i of pool.slice(0, Math.min(each, pool.length))) {
      users.push(u);
      items.push(i);
    }
  }
  const none = (n: number) => Array.from({ length: n }, () => [] as string[]);
  const uf = buildFeatureMatrix({ ids: customerNames, features: none(nUsers), identityPrefix: 'user:' });
  const itf = buildFeatureMatrix({
    ids: TINY_PLANS.map((p) => p.name),
    features: none(nItems),
    identityPrefix: 'item:'
  });
  const train: Interactions = {
    userIdx: Int32Array.from(users),
    itemIdx: Int32Array.from(items),
    weight: new Float32Array(users.length).fill(1)
  };
  const empty: Interactions = {
    userIdx: new Int32Array(0),
    itemIdx: new Int32Array(0),
    weight: new Float32Array(0)
  };
  return {
    data: {
      space: {
        userIds: customerNames,
        itemIds: TINY_PLANS.map((p) => p.name),
        userFeatureNames: uf.names,
        itemFeatureNames: itf.names,
        userFeatures: uf.matrix,
        itemFeatures: itf.matrix
      },
      train,
      test: empty
    },
    customerNames,
    customerSegments,
    planNames: TINY_PLANS.map((p) => p.name),
    planKinds: TINY_PLANS.map((p) => p.kind)
  };
}
