/**
 * What `simulate` shares between a simulated campaign and the offline replay estimate: policy
 * names, usage errors, the models it trains (once per loss) or reads from run files.
 */
import { existsSync, readFileSync } from 'node:fs';
import { LOSSES, resolveConfig, type LossName } from '../lib/core/model/config.ts';
import { modelSpace } from '../lib/core/model/fit-partial.ts';
import { deserializeModel } from '../lib/core/model/format.ts';
import type { TrainedModel } from '../lib/core/model/model.ts';
import { scoreUsers } from '../lib/core/model/predict.ts';
import { train } from '../lib/core/model/train.ts';
import { modelScoreMatrix } from '../lib/core/impact/model-scores.ts';
import { unpackRun } from '../lib/core/pipeline/run-file.ts';
import type { DeepModelParts } from '../lib/core/recommend/tower-scoring.ts';
import type { TrainTestData } from '../lib/core/types.ts';

/** A mistake in the command line or its files: exit code 2 with the usage. */
export class UsageError extends Error {}

export const BUILT_IN_POLICIES = [
  'oracle',
  'popularity',
  'random',
  'none',
  'ensemble',
  'cold-start'
] as const;

/** The loss of a model policy ("warp", "warp@0.5"), null for the built-in ones; throws on an unknown name. */
export function policyLoss(name: string): { loss: LossName; lambda?: number } | null {
  if ((BUILT_IN_POLICIES as readonly string[]).includes(name)) return null;
  const [loss, lam] = name.split('@');
  if (!LOSSES.includes(loss as LossName))
    throw new UsageError(
      `unknown policy "${name}": use ${BUILT_IN_POLICIES.join(', ')}, ${LOSSES.join(', ')} or LOSS@λ`
    );
  if (lam === undefined) return { loss: loss as LossName };
  const lambda = Number(lam);
  if (lam.trim() === '' || !(lambda >= 0 && Number.isFinite(lambda)))
    throw new UsageError(`λ in "${name}" must be a number ≥ 0`);
  return { loss: loss as LossName, lambda };
}

/** The losses the ensemble policy combines: every loss policy listed (not run files), once each. */
export function ensembleLosses(policies: readonly string[], files: Record<string, string>): LossName[] {
  const losses = [
    ...new Set(
      policies
        .filter((p) => !(p in files))
        .map(policyLoss)
        .filter((x) => x !== null)
        .map((x) => x.loss)
    )
  ];
  if (losses.length === 0)
    throw new UsageError(
      'the ensemble policy needs at least one model policy in --policies (e.g. warp,bpr,ensemble)'
    );
  return losses;
}

export interface PolicyModel {
  model: TrainedModel;
  scores: Float32Array;
}

/**
 * The models of the policies: each loss trained once with the CLI's defaults on `data` (seeded),
 * and the run files of --model read and checked against the dataset's ids.
 */
export class PolicyModels {
  private readonly trained = new Map<string, PolicyModel>();
  constructor(
    private readonly data: TrainTestData,
    private readonly seed: number
  ) {}

  /** Reads NAME=FILE run files (exported on the Train page). */
  load(files: Record<string, string>): void {
    for (const [name, path] of Object.entries(files)) {
      if (!existsSync(path)) throw new UsageError(`--model ${name}=${path}: no such file`);
      const bytes = readFileSync(path);
      const run = unpackRun(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), path);
      if (!run.manifest) throw new UsageError(`${path} holds no model (the run ${run.status})`);
      const model = deserializeModel(run.manifest, run.weights);
      const { userIds, itemIds } = this.data.space;
      const scores = modelScoreMatrix({
        weights: model.weights,
        space: modelSpace(model),
        tower: model.tower,
        name: run.name,
        customerIds: userIds,
        planIds: itemIds
      });
      this.trained.set(name, { model, scores });
    }
  }

  /** A policy read from a run file (by its policy name), if any. */
  file(name: string): PolicyModel | undefined {
    return this.trained.get(name);
  }

  async forLoss(loss: LossName): Promise<PolicyModel> {
    let t = this.trained.get(loss);
    if (!t) {
      const model = await train({ data: this.data, config: resolveConfig({ loss }), seed: this.seed });
      t = { model, scores: scoreUsers({ model }) };
      this.trained.set(loss, t);
    }
    return t;
  }

  /**
   * The model the cold-start blend scores attributes with: that of the first model policy listed
   * (a run file or a loss), as the Impact page uses the first run; null when none is listed.
   */
  async coldStartModel(
    policies: readonly string[],
    files: Record<string, string>
  ): Promise<{ parts: DeepModelParts; name: string } | null> {
    for (const p of policies) {
      const m =
        p in files ? this.file(p) : policyLoss(p) ? await this.forLoss(policyLoss(p)!.loss) : undefined;
      if (m)
        return {
          name: p,
          parts: { weights: m.model.weights, space: modelSpace(m.model), tower: m.model.tower }
        };
    }
    return null;
  }
}
