/**
 * Which runs are training right now in some tab: the tab that trains a run holds a Web Lock
 * named after it until the run ends. A checkpoint whose lock nobody holds belongs to a run
 * whose tab was reloaded, closed or crashed: it is interrupted, and can be resumed. (The
 * browser releases a tab's locks when the tab goes away, however it goes.)
 */
const PREFIX = 'telco-lab:run:';

type Locks = {
  request(name: string, callback: () => Promise<void>): Promise<void>;
  request(name: string, options: { mode: 'shared' }, callback: () => Promise<void>): Promise<void>;
  query(): Promise<{ held?: { name?: string }[] }>;
};
const locks = (): Locks | undefined => (globalThis.navigator as { locks?: Locks } | undefined)?.locks;

/** Holds the run's lock until the returned release is called. */
export function holdRunLock(runId: string): () => void {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  void locks()
    ?.request(PREFIX + runId, () => held)
    .catch(() => undefined);
  return release;
}

/** Ids of the runs some tab of this origin is training now. */
export async function runsTrainingNow(): Promise<Set<string>> {
  const l = locks();
  if (!l) return new Set();
  const { held = [] } = await l.query();
  return new Set(held.flatMap((h) => (h.name?.startsWith(PREFIX) ? [h.name.slice(PREFIX.length)] : [])));
}

/**
 * Resolves once nobody trains the run any more (its tab finished it, or went away: a closed or
 * crashed tab announces nothing, so this is how the others learn it). Acquiring the lock in
 * shared mode waits for the trainer's exclusive hold; it is released at once.
 */
export async function whenRunStops(runId: string): Promise<void> {
  await locks()?.request(PREFIX + runId, { mode: 'shared' }, async () => {});
}
