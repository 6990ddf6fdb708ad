/** Display helpers of the Overview components (pure). */

const MB = 1024 * 1024;

/** 1234567 → "1.2 MB"; small values in KB. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '–';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < MB) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 * MB) return `${(bytes / MB).toFixed(1)} MB`;
  return `${(bytes / (1024 * MB)).toFixed(2)} GB`;
}

/** 0.1234 → "12.3%". */
export function formatShare(share: number, digits = 1): string {
  return `${(share * 100).toFixed(digits)}%`;
}

/** Integer with thousands separators ("5,000"), independent of the browser's locale. */
export function formatCount(n: number): string {
  return n.toLocaleString('en');
}

/** A metric value in [0, 1] with 3 decimals. */
export function formatMetric(v: number | undefined): string {
  return v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(3);
}

/** Epoch ms → "2024-05-01 14:03" in local time. */
export function formatDate(ms: number): string {
  const d = new Date(ms);
  const pad = (x: number) => String(x).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Usage quantile value: one decimal below 100, none above. */
export function formatUsage(v: number): string {
  return Math.abs(v) < 100 ? v.toFixed(1) : Math.round(v).toLocaleString('en');
}
