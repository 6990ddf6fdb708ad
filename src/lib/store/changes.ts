/**
 * Tells every other page and worker of this origin that the store changed, so lists open in
 * two tabs stay the same (BroadcastChannel: same origin only, nothing leaves the browser).
 * Writers announce after their transaction committed; readers re-read what they show.
 */
export type StoreTopic = 'datasets' | 'runs' | 'checkpoints';

const CHANNEL = 'telco-recommender-lab:store';

type Channel = {
  postMessage(message: unknown): void;
  close(): void;
  onmessage: ((event: { data: unknown }) => void) | null;
};
const Ctor = (globalThis as { BroadcastChannel?: new (name: string) => Channel }).BroadcastChannel;

/** Announces a committed change of `topic` (a no-op where BroadcastChannel does not exist). */
export function announce(topic: StoreTopic): void {
  if (!Ctor) return;
  // A short-lived sender: delivery is queued at postMessage, so closing it at once loses nothing,
  // and no open channel keeps a Node test process alive.
  const ch = new Ctor(CHANNEL);
  ch.postMessage({ topic });
  ch.close();
}

/** Calls `listener` on every change another context announces; returns the unsubscribe. */
export function onStoreChange(listener: (topic: StoreTopic) => void): () => void {
  if (!Ctor) return () => undefined;
  const ch = new Ctor(CHANNEL);
  ch.onmessage = (e) => {
    const topic = (e.data as { topic?: StoreTopic } | null)?.topic;
    if (topic) listener(topic);
  };
  return () => ch.close();
}
