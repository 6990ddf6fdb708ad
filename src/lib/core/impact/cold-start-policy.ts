import type { TelcoDataset } from '../data/schema.ts';
import { blendRow, contentShareForTenure } from '../recommend/cold-start.ts';
import { contentScores, profileFromCustomer } from '../recommend/content-rules.ts';
import { featuresOnlyRow } from '../recommend/page-data.ts';
import { scoreUserRow, scoringItems, scoringUser, type DeepModelParts } from '../recommend/tower-scoring.ts';

/**
 * The Recommend page's cold-start blend as a campaign policy: every targeted customer is scored
 * as if they had joined `days` ago: content rules on their observed profile (usage, lines,
 * segment; no hidden traits), blended by tenure with the model's scores from attributes alone
 * (identity dropped). Shows what offers to brand-new customers would do.
 */
export interface ColdStartScoresOptions {
  dataset: TelcoDataset;
  /** The model whose attribute-only scores are blended in; null = content rules only. */
  model: DeepModelParts | null;
  /** Days since joining, which sets the content share (cold-start.ts). */
  days: number;
}

export function coldStartScores(o: ColdStartScoresOptions): Float32Array {
  const { dataset, model } = o;
  const nC = dataset.customers.ids.length,
    nP = dataset.plans.length;
  const share = contentShareForTenure(o.days);
  const items = model && share < 1 ? scoringItems(model) : null;
  const out = new Float32Array(nC * nP);
  for (let c = 0; c < nC; c++) {
    const content = contentScores({
      profile: { ...profileFromCustomer(dataset, c), daysSinceJoining: o.days },
      plans: dataset.plans
    }).scores;
    const row =
      model && items ? featuresOnlyRow(model.space.userFeatures, model.space.userFeatureNames, c) : null;
    const modelRow = model && items && row ? scoreUserRow(scoringUser(model, row), items) : null;
    out.set(blendRow({ content, model: modelRow, contentShare: share }), c * nP);
  }
  return out;
}

/** What the policy is called in results: the day, the content share, and the model blended in (null: none). */
export function coldStartLabel(days: number, modelName: string | null): string {
  const share = contentShareForTenure(days);
  return `Cold-start blend as new customers (day ${days}: ${Math.round(100 * share)}% content rules${share < 1 && modelName !== null ? ` + ${modelName} from attributes` : ''})`;
}
