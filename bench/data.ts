/**
 * `npx tsx bench/data.ts [5k,50k,1M]` — Node benchmark of the data layer: generation (with
 * ceilings), feature engineering (all groups) and CSV export of the raw tables, per preset,
 * with wall time and peak memory (process.memoryUsage sampled at every progress callback).
 * Prints a table; `run()` returns the rows for a combined bench runner. Not a timed test.
 * Run with `node --expose-gc --import tsx bench/data.ts` for cleaner per-preset peaks.
 */
import { formatTable, isMain } from './table.ts';
import { csvChunks } from '../src/lib/core/data/csv-export.ts';
import { generateDataset, PRESETS } from '../src/lib/core/data/generator.ts';
import { buildFeatureSpace } from '../src/lib/core/features/feature-space.ts';

export interface DataBenchRow {
  preset: string;
  customers: number;
  adoptions: number;
  generateS: number;
  featuresS: number;
  /** Feature matrix non-zeros (customer side). */
  userNnz: number;
  csvExportS: number;
  csvMB: number;
  /** Peak resident set size during the preset, MB. */
  peakRssMB: number;
  /** Peak JS heap + ArrayBuffers during the preset, MB (what a browser tab would hold). */
  peakHeapAndBuffersMB: number;
}

const MB = 1024 * 1024;

function memorySampler() {
  let rss = 0,
    heap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed + m.arrayBuffers);
  };
  sample();
  return { sample, peak: () => ({ rss: rss / MB, heap: heap / MB }) };
}

export async function run(opts: { presets?: string[] } = {}): Promise<DataBenchRow[]> {
  const wanted = opts.presets ?? PRESETS.map((p) => p.id);
  const rows: DataBenchRow[] = [];
  for (const preset of PRESETS.filter((p) => wanted.includes(p.id))) {
    (globalThis as { gc?: () => void }).gc?.();
    const mem = memorySampler();
    let t = performance.now();
    let ds: ReturnType<typeof generateDataset> | null = generateDataset({
      customers: preset.customers,
      onProgress: mem.sample
    });
    const generateS = (performance.now() - t) / 1000;
    mem.sample();
    t = performance.now();
    let built: ReturnType<typeof buildFeatureSpace> | null = buildFeatureSpace({
      dataset: ds,
      onProgress: mem.sample
    });
    const featuresS = (performance.now() - t) / 1000;
    mem.sample();
    const userNnz = built.space.userFeatures.indices.length;
    // eslint-disable-next-line no-useless-assignment -- drops the reference so the next step's memory peak excludes it
    built = null;
    t = performance.now();
    let bytes = 0;
    for (const table of ['customers', 'usage', 'plans', 'adoptions'] as const) {
      for (const chunk of csvChunks(ds, table)) bytes += chunk.length;
      mem.sample();
    }
    const csvExportS = (performance.now() - t) / 1000;
    const adoptions = ds.adoptions.planIdx.length;
    // eslint-disable-next-line no-useless-assignment -- drops the reference so the next step's memory peak excludes it
    ds = null;
    const peak = mem.peak();
    rows.push({
      preset: preset.id,
      customers: preset.customers,
      adoptions,
      generateS,
      featuresS,
      userNnz,
      csvExportS,
      csvMB: bytes / MB,
      peakRssMB: peak.rss,
      peakHeapAndBuffersMB: peak.heap
    });
  }
  return rows;
}

export function formatRows(rows: DataBenchRow[]): string {
  const head = [
    'preset',
    'customers',
    'adoptions',
    'generate s',
    'features s',
    'user nnz',
    'CSV export s',
    'CSV MB',
    'peak RSS MB',
    'peak heap+buffers MB'
  ];
  return formatTable(
    head,
    rows.map((r) => [
      r.preset,
      r.customers.toLocaleString('en'),
      r.adoptions.toLocaleString('en'),
      r.generateS.toFixed(2),
      r.featuresS.toFixed(2),
      r.userNnz.toLocaleString('en'),
      r.csvExportS.toFixed(2),
      r.csvMB.toFixed(0),
      r.peakRssMB.toFixed(0),
      r.peakHeapAndBuffersMB.toFixed(0)
    ])
  );
}

if (isMain(import.meta.url)) {
  const presets = process.argv[2]?.split(',');
  console.log(`data layer, Node ${process.version}`);
  console.log(formatRows(await run({ presets })));
}
