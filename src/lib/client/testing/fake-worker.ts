import * as Comlink from 'comlink';
import { READY_MESSAGE, type WorkerLike } from '../worker-bridge.ts';

/** A Worker stand-in over a MessageChannel: the "worker" side runs `api` through Comlink. */
export function fakeWorker(api: object, opts: { ready?: boolean } = {}) {
  const { port1, port2 } = new MessageChannel();
  Comlink.expose(api, port2 as unknown as Comlink.Endpoint);
  const errors = new EventTarget();
  let terminated = false;
  const worker: WorkerLike & { crash(message: string): void; terminated(): boolean } = {
    postMessage: (m, t) => port1.postMessage(m, (t ?? []) as never),
    addEventListener: (type, fn) =>
      type === 'message' ? port1.addEventListener('message', fn as never) : errors.addEventListener(type, fn),
    removeEventListener: (type, fn) =>
      type === 'message'
        ? port1.removeEventListener('message', fn as never)
        : errors.removeEventListener(type, fn),
    terminate: () => {
      terminated = true;
      port1.close();
      port2.close();
    },
    crash: (message) => {
      const e = new Event('error') as Event & { message: string };
      e.message = message;
      errors.dispatchEvent(e);
    },
    terminated: () => terminated
  };
  port1.start();
  if (opts.ready !== false) port2.postMessage({ [READY_MESSAGE]: true });
  return worker;
}

export type FakeWorker = ReturnType<typeof fakeWorker>;

/** Rejects with "hung" if `p` has not settled within `ms`: a test must never wait forever. */
export const settleWithin = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<never>((_, r) => setTimeout(() => r(new Error('hung')), ms))]);
