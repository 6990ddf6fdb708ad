/**
 * Plotly renders a subset of HTML in titles, labels, legend names, annotations and hover text
 * (<b>, <br>, <a href>, …). Names from imported data (plan names, model names, feature names)
 * must show as text: neutralise &, < and > as entities, which Plotly draws as the characters.
 */
export function escapeLabel(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** escapeLabel over an array. */
export function escapeLabels(values: readonly unknown[]): string[] {
  return values.map(escapeLabel);
}
