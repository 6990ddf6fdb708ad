// The blob bootstrap lives outside the client so that workers can start workers with it too.
export { startModuleWorker } from '../worker-start';
