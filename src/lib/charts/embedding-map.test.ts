import { describe, expect, it } from 'vitest';
import { embeddingMap } from './model-charts.ts';

describe('embeddingMap: segments, neighbour hovers, readable labels', () => {
  // Five plans in 3-D; three of them nearly on top of each other.
  const planVectors = [1, 0, 0, 1.001, 0, 0, 1.002, 0.001, 0, 0, 1, 0, 0, 0, 1];
  const planNames = ['Alpha plan', 'Beta plan', 'Gamma plan', 'Delta', 'Epsilon'];
  const base = {
    planVectors,
    components: 3,
    planNames,
    planGroups: ['prepaid', 'prepaid', 'family', 'family', 'business'],
    customerVectors: [1, 0, 0, 0, 1, 0, 0, 0, 1],
    customerLabels: ['C1 · business', 'C2 · premium', 'C3 · business'],
    customerGroups: ['business', 'premium', 'business'],
    planNeighbours: planNames.map((_, i) => [{ index: (i + 1) % 5, similarity: 0.91 }]),
    planTopFor: [1, 0, 0, 1, 1],
    customerTopPlans: [[0, 1], [3], [4, 0]]
  };

  it('colours customers by segment and says in the hover which plans score highest for each', () => {
    const f = embeddingMap(base);
    const customers = f.data.filter((t) => String(t.name).startsWith('customers'));
    expect(customers.map((t) => t.name)).toEqual(['customers: business', 'customers: premium']);
    expect(customers[0].text).toEqual([
      'C1 · business<br>scores highest: Alpha plan, Beta plan',
      'C3 · business<br>scores highest: Epsilon, Alpha plan'
    ]);
    const colours = customers.map((t) => (t.marker as { color: string }).color);
    const planColours = f.data
      .filter((t) => !String(t.name).startsWith('customers'))
      .map((t) => (t.marker as { color: string }).color);
    expect(new Set([...colours, ...planColours]).size).toBe(colours.length + planColours.length);
  });

  it("explains each plan's neighbours in all dimensions and how many customers it tops", () => {
    const f = embeddingMap(base);
    const prepaid = f.data.find((t) => t.name === 'prepaid')!;
    expect((prepaid.hovertext as string[])[0]).toBe(
      'Alpha plan (prepaid)<br>nearest plans (cosine, all 3 dimensions): Beta plan 0.91<br>top-scored plan for 1 of 3 sampled customers'
    );
  });

  it('does not stack the labels of plans that sit on the same spot', () => {
    const f = embeddingMap(base);
    const plans = f.data.filter((t) => !String(t.name).startsWith('customers'));
    const shown: Array<[number, number, string]> = [];
    for (const t of plans) {
      (t.text as string[]).forEach((label, k) => {
        const pos = Array.isArray(t.textposition) ? (t.textposition as string[])[k] : String(t.textposition);
        if (label) shown.push([(t.x as number[])[k], (t.y as number[])[k], pos]);
      });
    }
    // Labels at the same point (to display precision) use different sides.
    const keys = shown.map(([x, y, pos]) => `${x.toFixed(2)},${y.toFixed(2)},${pos}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(shown.length).toBeGreaterThanOrEqual(3);
  });
});
