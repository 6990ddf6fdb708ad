/**
 * The one message the page and its workers agree on outside Comlink: a worker posts
 * `{ [READY_MESSAGE]: true }` once its module has evaluated, so the WorkerBridge
 * (src/lib/client/worker-bridge.ts) can tell a load failure from a later crash. It lives in
 * core because both sides may import core, while workers must not import the client.
 */
export const READY_MESSAGE = '__workerReady';
