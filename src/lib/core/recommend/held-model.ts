/**
 * One trained model held in ONE place (the recommend worker, issue 14 §1) and asked for small
 * answers: one customer's scores, the explanation of one plan's score, a new profile's scores.
 * At 1M customers the model is ~260 MB (216 MB of it the user-feature matrix); the page keeps
 * none of it and receives rows of one customer × the catalogue instead.
 */
import type { TrainedModel } from '../model/model.ts';
import { CoreError } from '../types.ts';
import { identityFeatureName } from './explain.ts';
import { explanationLines, type ExplanationLinesResult } from './explanation-lines.ts';
import { featureRowFromNames, type Representations } from './scoring.ts';
import { explainModelScore, scoringItems, scoringUser, scoreUserRow } from './tower-scoring.ts';

export interface HeldModel {
  model: TrainedModel;
  /** Item representations as the model scores with them (item tower applied), computed once. */
  items: Representations;
}

/** What the Recommend page's "why this plan" panel shows (explanation-lines.ts). */
export type PlanExplanation = ExplanationLinesResult & { item: number; deep: boolean };

/** Holds a model, checked against the dataset it is used on (customers × plans). */
export function holdModel(model: TrainedModel, dataset?: { customers: number; plans: number }): HeldModel {
  if (dataset && (model.userIds.length !== dataset.customers || model.itemIds.length !== dataset.plans))
    throw new CoreError(
      'bad_model',
      `the model was trained on ${model.userIds.length} customers × ${model.itemIds.length} plans, the dataset has ${dataset.customers} × ${dataset.plans}`
    );
  return { model, items: scoringItems({ weights: model.weights, space: model, tower: model.tower }) };
}

const partsOf = (m: HeldModel) => ({ weights: m.model.weights, space: m.model, tower: m.model.tower });

function checkCustomer(m: HeldModel, customer: number): void {
  if (!(Number.isInteger(customer) && customer >= 0 && customer < m.model.userIds.length))
    throw new CoreError(
      'bad_input',
      `customer ${customer} is not one of the model's ${m.model.userIds.length} customers`
    );
}

/** One customer's score for every plan (towers included). */
export function customerScores(m: HeldModel, customer: number): Float64Array {
  checkCustomer(m, customer);
  return scoreUserRow(scoringUser(partsOf(m), customer), m.items);
}

/** The scores of the given customers only (users.length × plans, row-major), e.g. a seeded sample. */
export function customersScores(m: HeldModel, users: ArrayLike<number>): Float32Array {
  const n = m.items.nRows;
  const out = new Float32Array(users.length * n);
  for (let k = 0; k < users.length; k++) out.set(customerScores(m, users[k]), k * n);
  return out;
}

/** The exact split of one plan's score for one customer, as the explanation panel lists it. */
export function planExplanation(m: HeldModel, customer: number, item: number): PlanExplanation {
  checkCustomer(m, customer);
  if (!(Number.isInteger(item) && item >= 0 && item < m.items.nRows))
    throw new CoreError('bad_input', `plan ${item} is not one of the model's ${m.items.nRows} plans`);
  const space = m.model;
  const e = explainModelScore({ ...partsOf(m), user: customer, item });
  const u = space.userFeatures;
  const it = space.itemFeatures;
  const context = {
    userIdentity: identityFeatureName(
      space.userFeatureNames,
      u.indices.subarray(u.indptr[customer], u.indptr[customer + 1]),
      space.userIds[customer]
    ),
    itemIdentity: identityFeatureName(
      space.itemFeatureNames,
      it.indices.subarray(it.indptr[item], it.indptr[item + 1]),
      space.itemIds[item]
    )
  };
  return { ...explanationLines({ explanation: e, top: 4, context }), item, deep: Boolean(space.tower) };
}

/**
 * A new customer's scores from named features alone (cold start): `scores` is null when the
 * model knows none of them; `unknown` counts the names it does not know (ignored).
 */
export function profileScores(
  m: HeldModel,
  features: readonly string[]
): { scores: Float64Array | null; unknown: number } {
  const { row, unknown } = featureRowFromNames({ featureNames: m.model.userFeatureNames, features });
  if (row.indices.length === 0) return { scores: null, unknown: unknown.length };
  return { scores: scoreUserRow(scoringUser(partsOf(m), row), m.items), unknown: unknown.length };
}
