/**
 * A model's manifest lists its customer ids (1,000,000 strings at 1M customers) and, with
 * identity features, as many customer feature names ("user:<id>"). Kept in the run's listing
 * record they were read, cloned and held by every page that lists runs, on its main thread, once
 * per run (at 1M the Train page's longest tasks were that copy and its garbage collection when
 * a run finished). The store keeps them beside the weights instead, each list as one JSON text
 * (one string clones fast; 1M strings do not), and puts them back when the run is read whole.
 */
import type { RunMeta } from './runs.ts';

type WithIds = { userIds?: unknown; userFeatureNames?: unknown };
type Apart = { userIdsApart?: boolean; userFeatureNamesApart?: boolean };

/** The listing record without the manifest's per-customer lists, and those lists as JSON text. */
export function idsApart(meta: RunMeta): {
  meta: RunMeta;
  userIdsJson?: string;
  userFeatureNamesJson?: string;
} {
  const manifest = meta.manifest as WithIds | null | undefined;
  if (!manifest || typeof manifest !== 'object' || !Array.isArray(manifest.userIds)) return { meta };
  const { userIds, userFeatureNames, ...rest } = manifest;
  const names = Array.isArray(userFeatureNames);
  return {
    meta: {
      ...meta,
      manifest: { ...rest, userIdsApart: true, ...(names ? { userFeatureNamesApart: true } : {}) }
    },
    userIdsJson: JSON.stringify(userIds),
    ...(names ? { userFeatureNamesJson: JSON.stringify(userFeatureNames) } : {})
  };
}

/** The record with its manifest whole again (for `getRun`). */
export function idsJoined(
  meta: RunMeta,
  userIdsJson: string | undefined,
  userFeatureNamesJson?: string
): RunMeta {
  const manifest = meta.manifest as (WithIds & Apart) | null | undefined;
  if (!manifest?.userIdsApart || userIdsJson === undefined) return meta;
  const { userIdsApart: _ids, userFeatureNamesApart: names, ...rest } = manifest;
  const whole: Record<string, unknown> = { ...rest, userIds: JSON.parse(userIdsJson) as string[] };
  if (names && userFeatureNamesJson !== undefined)
    whole.userFeatureNames = JSON.parse(userFeatureNamesJson) as string[];
  return { ...meta, manifest: whole as unknown as RunMeta['manifest'] };
}
