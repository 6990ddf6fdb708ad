import type { ColumnMapping, ColumnRole, ColumnType, WideMapping } from './mapping.ts';
import type { ColumnProfile } from './profile.ts';
import { yesNoOf } from './values.ts';

/**
 * One edit of the proposal UI: a column's role or type changed. Returns a new mapping; a column
 * made the id demotes the previous id (to ignored), and a type change drops what belonged to
 * the old type (band edges, no-values) so the conversion recomputes it from the data.
 */
export function editColumn(
  mapping: WideMapping,
  name: string,
  patch: { role?: ColumnRole; type?: ColumnType },
  profile?: ColumnProfile
): WideMapping {
  const columns = mapping.columns.map((c): ColumnMapping => {
    if (c.name === name) {
      const type = patch.type ?? c.type;
      const next: ColumnMapping = { name: c.name, role: patch.role ?? c.role, type, reason: 'chosen by you' };
      if (type === 'numeric') {
        const format = profile?.numberFormat;
        next.numberFormat = format === 'comma' ? 'comma' : (c.numberFormat ?? 'dot');
        if (c.type === 'numeric' && c.bandEdges && c.range)
          Object.assign(next, { bandEdges: c.bandEdges, range: c.range });
      }
      if (type === 'categorical') {
        next.noValues =
          c.noValues ?? (profile ? profile.top.map(([v]) => v).filter((v) => yesNoOf(v) === 'no') : []);
      }
      return next;
    }
    if (patch.role === 'id' && c.role === 'id') return { ...c, role: 'ignore', reason: 'was the id' };
    return c;
  });
  return { ...mapping, columns };
}
