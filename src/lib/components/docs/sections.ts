/** The Docs page's sections in order: the table of contents and the e2e spec both read this. */
export interface DocSectionInfo {
  id: string;
  title: string;
  /** Sub-headings with their own anchors. */
  children?: { id: string; title: string }[];
}

export const DOC_SECTIONS: readonly DocSectionInfo[] = [
  {
    id: 'losses',
    title: 'Loss functions',
    children: [
      { id: 'loss-model', title: 'The model all losses train' },
      { id: 'loss-logistic', title: 'Logistic' },
      { id: 'loss-bpr', title: 'BPR' },
      { id: 'loss-warp', title: 'WARP' },
      { id: 'loss-warp-kos', title: 'WARP-KOS' },
      { id: 'loss-hybrid-deep', title: 'Hybrid Deep' },
      { id: 'warp-weighting', title: 'Live: WARP’s rank weighting' },
      { id: 'bpr-vs-warp', title: 'BPR against WARP on a toy example' },
      { id: 'loss-choosing', title: 'Which loss when' }
    ]
  },
  { id: 'features', title: 'Feature engineering' },
  { id: 'ensembles', title: 'Ensembles' },
  { id: 'cold-start', title: 'Cold start' },
  { id: 'metrics', title: 'Metrics' },
  {
    id: 'impact',
    title: 'Impact simulation',
    children: [
      { id: 'impact-how', title: 'How a campaign is simulated' },
      { id: 'impact-limits', title: 'What it can and cannot say' },
      { id: 'impact-uplift', title: 'Why this is not the brief’s uplift' }
    ]
  },
  {
    id: 'training-elsewhere',
    title: 'Training elsewhere',
    children: [
      { id: 'elsewhere-export', title: 'Export' },
      { id: 'elsewhere-lightfm', title: 'LightFM' },
      { id: 'elsewhere-spark', title: 'Spark ALS (implicitPrefs)' },
      { id: 'elsewhere-import', title: 'Import' }
    ]
  },
  { id: 'best-practices', title: 'Best practices' },
  { id: 'csv-schemas', title: 'CSV schemas' },
  { id: 'references', title: 'References' }
];

export const sectionTitle = (id: string): string => DOC_SECTIONS.find((s) => s.id === id)?.title ?? id;
