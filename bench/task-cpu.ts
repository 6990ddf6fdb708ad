/**
 * Thread CPU time of the page's main-thread tasks, from a Chromium trace: each top-level task
 * ('RunTask') carries `dur` (wall time) and `tdur` (time the thread actually ran). On a shared,
 * loaded machine a task's wall time stretches with the time the thread waited for a core (the
 * 2-core bench machine ran 6–13 jobs at once), so the bench reports both: `tdur` is what the
 * same task would take on an idle core, close enough to judge the 100 ms budget.
 */
import type { Browser, Page } from '@playwright/test';

export interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string; data?: { url?: string; functionName?: string } };
}

export async function startTaskTrace(browser: Browser, page: Page): Promise<void> {
  // The timeline category has the tasks; user timings place Plot.svelte's `plot: …` draws in them.
  await browser.startTracing(page, {
    categories: ['disabled-by-default-devtools.timeline', 'devtools.timeline', 'blink.user_timing']
  });
}

/**
 * Stops the trace: the longest main-thread task by thread CPU time (ms), its wall time, and the
 * charts drawn inside it (names of the `plot: …` user timings that began in it).
 */
export async function stopTaskTrace(
  browser: Browser
): Promise<{ cpuMs: number; wallMs: number; draws: string[]; inside: string }> {
  const buffer = await browser.stopTracing();
  const { traceEvents } = JSON.parse(buffer.toString('utf8')) as { traceEvents: TraceEvent[] };
  let best: TraceEvent | undefined;
  for (const e of mainThreadTasks(traceEvents)) if (!best || (e.tdur ?? 0) > (best.tdur ?? 0)) best = e;
  if (!best) return { cpuMs: 0, wallMs: 0, draws: [], inside: '' };
  return {
    cpuMs: (best.tdur ?? 0) / 1000,
    wallMs: (best.dur ?? 0) / 1000,
    draws: drawsIn(traceEvents, best),
    inside: topChildren(traceEvents, best)
  };
}

/** The renderer main thread's top-level tasks ('RunTask' on CrRendererMain). */
export function mainThreadTasks(events: TraceEvent[]): TraceEvent[] {
  const main = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`)
  );
  return events.filter((e) => e.name === 'RunTask' && e.ph === 'X' && main.has(`${e.pid}:${e.tid}`));
}

/** The charts drawn in a task: names of the `plot: …` user timings (Plot.svelte) that began in it. */
export function drawsIn(events: TraceEvent[], task: TraceEvent): string[] {
  const end = task.ts + (task.dur ?? 0);
  return events
    .filter((e) => e.ph === 'b' && e.name.startsWith('plot: ') && e.ts >= task.ts && e.ts < end)
    .map((e) => e.name.slice(6, 40));
}

/**
 * The timeline events inside a task with at least `minMs` of CPU, and the CPU ms of each: an
 * event's thread time, or for events that carry none its wall time scaled by the task's CPU share.
 */
export function eventsInside(
  events: TraceEvent[],
  task: TraceEvent,
  minMs: number
): { inside: TraceEvent[]; cpu: (e: TraceEvent) => number } {
  const end = task.ts + (task.dur ?? 0);
  const share = task.dur ? (task.tdur ?? 0) / task.dur : 1;
  const cpu = (e: TraceEvent) => (e.tdur !== undefined ? e.tdur : (e.dur ?? 0) * share) / 1000;
  const inside = events.filter(
    (e) =>
      e.ph === 'X' &&
      e.pid === task.pid &&
      e.tid === task.tid &&
      e !== task &&
      e.ts >= task.ts &&
      e.ts + (e.dur ?? 0) <= end &&
      e.name !== 'RunTask' &&
      cpu(e) >= minMs
  );
  return { inside, cpu };
}

/** The longest timeline events directly under a task (script runs with their file, GC, layout), by CPU ms. */
function topChildren(events: TraceEvent[], task: TraceEvent): string {
  const { inside: kids, cpu } = eventsInside(events, task, 5);
  // Keep the outermost events: drop any that lies inside another kept one.
  const outer = kids.filter(
    (e) => !kids.some((o) => o !== e && o.ts <= e.ts && o.ts + (o.dur ?? 0) >= e.ts + (e.dur ?? 0))
  );
  return outer
    .sort((a, b) => cpu(b) - cpu(a))
    .slice(0, 3)
    .map((e) => {
      const url = e.args?.data?.url?.split('/').pop();
      return `${e.name}${url ? ` ${url}` : ''} ${cpu(e).toFixed(0)}`;
    })
    .join('; ');
}
