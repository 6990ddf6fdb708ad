import type { TelcoDataset } from './schema.ts';
import { BUNDLES, DEFAULT_START_DATE, SEGMENTS } from './schema.ts';
import { formatIsoDay, parseIsoDay } from './csv-read.ts';
import type { CsvTable } from './csv-schemas.ts';

/**
 * TelcoDataset → the four CSV tables of csv-schemas.ts. Deterministic (same dataset, same
 * bytes): LF line ends, fixed column order, numbers in the shortest form that reads back to
 * the same float32. Big tables come in chunks so the CLI can stream 1M customers to disk.
 */

/** Shortest decimal text that parses back to the same float32 (so export → import is exact). */
export function formatFloat32(x: number): string {
  if (Number.isInteger(x)) return String(x);
  const f = Math.fround(x);
  for (let p = 1; p <= 9; p++) {
    const s = f.toPrecision(p);
    if (Math.fround(Number(s)) === f) return String(Number(s));
  }
  return String(f);
}

/** Quotes a text field when it holds a delimiter, quote, line break or edge spaces. */
export function csvField(s: string): string {
  return /[",;\t|\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const allowance = (v: number | null) => (v === null ? 'unlimited' : formatFloat32(v));
const yesNo = (b: boolean) => (b ? 'yes' : 'no');

/** The table as CSV text in chunks of about `rowsPerChunk` rows (header in the first chunk). */
export function* csvChunks(
  ds: TelcoDataset,
  table: CsvTable,
  rowsPerChunk = 20_000
): Generator<string, void, void> {
  const cu = ds.customers;
  const n = cu.ids.length;
  const buf: string[] = [];
  const flush = function* () {
    if (buf.length) {
      yield buf.join('\n') + '\n';
      buf.length = 0;
    }
  };
  if (table === 'plans') {
    buf.push(
      [
        'plan_id',
        'name',
        'type',
        'price',
        'data_gb',
        'minutes',
        'sms',
        'lines',
        ...BUNDLES,
        'min_age',
        'max_age'
      ].join(',')
    );
    for (const p of ds.plans) {
      buf.push(
        [
          csvField(p.id),
          csvField(p.name),
          p.type,
          formatFloat32(p.price),
          allowance(p.dataGb),
          allowance(p.minutes),
          allowance(p.sms),
          String(p.lines),
          ...BUNDLES.map((b) => yesNo(p.bundles[b])),
          p.minAge === undefined ? '' : String(p.minAge),
          p.maxAge === undefined ? '' : String(p.maxAge)
        ].join(',')
      );
    }
    yield* flush();
    return;
  }
  if (table === 'customers') {
    const h = cu.hidden;
    // Which utility read the hidden traits, when it is not the standard one (so the standard
    // export's bytes stay as they were): without it a re-import would score the wrong model.
    const choice = h && ds.choiceModel && ds.choiceModel !== 'standard' ? `,${ds.choiceModel}` : '';
    buf.push(
      [
        'customer_id',
        'segment',
        'age',
        'tenure_months',
        'lines',
        'region',
        ...(h ? ['price_sensitivity', 'budget', ...BUNDLES.map((b) => `taste_${b}`)] : []),
        ...(choice ? ['choice_model'] : [])
      ].join(',')
    );
    const regions = cu.regionNames.map(csvField);
    const nb = BUNDLES.length;
    for (let c = 0; c < n; c++) {
      let line = `${csvField(cu.ids[c])},${SEGMENTS[cu.segment[c]]},${cu.age[c]},${cu.tenureMonths[c]},${cu.lines[c]},${regions[cu.region[c]]}`;
      if (h) {
        line += `,${formatFloat32(h.priceSensitivity[c])},${formatFloat32(h.budget[c])}`;
        for (let b = 0; b < nb; b++) line += `,${formatFloat32(h.bundleTaste[c * nb + b])}`;
        line += choice;
      }
      buf.push(line);
      if (buf.length >= rowsPerChunk) yield* flush();
    }
    yield* flush();
    return;
  }
  if (table === 'usage') {
    const u = ds.usage;
    const start = parseIsoDay(ds.startDate ?? DEFAULT_START_DATE)!;
    const d = new Date(start * 86_400_000);
    const months = Array.from({ length: u.months }, (_, m) => {
      const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + m, 1));
      return t.toISOString().slice(0, 7);
    });
    buf.push('customer_id,month,data_gb,voice_minutes,sms');
    for (let c = 0; c < n; c++) {
      const id = csvField(cu.ids[c]);
      for (let m = 0; m < u.months; m++) {
        const k = c * u.months + m;
        buf.push(
          `${id},${months[m]},${formatFloat32(u.dataGb[k])},${formatFloat32(u.voiceMinutes[k])},${formatFloat32(u.sms[k])}`
        );
      }
      if (buf.length >= rowsPerChunk) yield* flush();
    }
    yield* flush();
    return;
  }
  const a = ds.adoptions;
  const start = parseIsoDay(ds.startDate ?? DEFAULT_START_DATE)!;
  buf.push('customer_id,plan_id,date,kind');
  const planIds = ds.plans.map((p) => csvField(p.id));
  for (let r = 0; r < a.customerIdx.length; r++) {
    buf.push(
      `${csvField(cu.ids[a.customerIdx[r]])},${planIds[a.planIdx[r]]},${formatIsoDay(start + a.day[r])},${a.kind[r] === 0 ? 'signup' : 'switch'}`
    );
    if (buf.length >= rowsPerChunk) yield* flush();
  }
  yield* flush();
}

/** One table as a CSV string. */
export function exportTableCsv(ds: TelcoDataset, table: CsvTable): string {
  return [...csvChunks(ds, table)].join('');
}

/** All four tables as CSV strings, keyed by table. */
export function exportTelcoCsv(ds: TelcoDataset): Record<CsvTable, string> {
  return {
    customers: exportTableCsv(ds, 'customers'),
    usage: exportTableCsv(ds, 'usage'),
    plans: exportTableCsv(ds, 'plans'),
    adoptions: exportTableCsv(ds, 'adoptions')
  };
}
