/**
 * A model's manifest lists its customer ids (1,000,000 strings at 1M customers). Kept in the
 * run's listing record they were read, cloned and held by every page that lists runs, on its
 * main thread, once per run. The store keeps them beside the weights instead, as one JSON text
 * (one string clones fast; 1M strings do not), and puts them back when the run is read whole.
 */
import type { RunMeta } from './runs.ts';

type WithIds = { userIds?: unknown };

/** The listing record without the manifest's customer ids, and those ids as JSON text. */
export function idsApart(meta: RunMeta): { meta: RunMeta; userIdsJson?: string } {
  const manifest = meta.manifest as WithIds | null | undefined;
  if (!manifest || typeof manifest !== 'object' || !Array.isArray(manifest.userIds)) return { meta };
  const { userIds, ...rest } = manifest;
  return {
    meta: { ...meta, manifest: { ...rest, userIdsApart: true } },
    userIdsJson: JSON.stringify(userIds)
  };
}

/** The record with its manifest whole again (for `getRun`). */
export function idsJoined(meta: RunMeta, userIdsJson: string | undefined): RunMeta {
  const manifest = meta.manifest as (WithIds & { userIdsApart?: boolean }) | null | undefined;
  if (!manifest?.userIdsApart || userIdsJson === undefined) return meta;
  const { userIdsApart: _apart, ...rest } = manifest;
  return { ...meta, manifest: { ...rest, userIds: JSON.parse(userIdsJson) as string[] } };
}
