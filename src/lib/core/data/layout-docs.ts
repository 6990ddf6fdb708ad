/**
 * The other two import layouts, documented once as data: the parity layout (already split)
 * and one wide customer table with a mapping (wide/). docs/csv-schemas.md (csvSchemasMarkdown)
 * and the app's Docs page render these; a test imports WIDE_EXAMPLE and checks the outcome
 * written here is what the importer really gives.
 */
export interface LayoutFileDoc {
  file: string;
  columns: string;
  meaning: string;
}

export const PARITY_LAYOUT_DOC: LayoutFileDoc[] = [
  {
    file: 'train.csv',
    columns: 'user,item[,weight]',
    meaning: 'Training interactions (implicit positives; weight ≥ 0, default 1).'
  },
  {
    file: 'test.csv',
    columns: 'user,item[,weight]',
    meaning: 'Held-out interactions; a (user, item) pair may appear in one split only.'
  },
  {
    file: 'users.csv',
    columns: 'id',
    meaning:
      'Optional: every user id, in index order (fixes the universe; unknown ids elsewhere are rejected).'
  },
  { file: 'items.csv', columns: 'id', meaning: 'Optional: every item id, in index order.' },
  {
    file: 'user_features.csv',
    columns: 'id,feature[,weight]',
    meaning:
      'Optional: one row per (user, feature). Feature names "group:value" form the feature groups of the Train page.'
  },
  {
    file: 'item_features.csv',
    columns: 'id,feature[,weight]',
    meaning: 'Optional: one row per (item, feature).'
  }
];

/** How each column of a wide table is read (the inference rules, in order). */
export const WIDE_RULES: string[] = [
  'One row per customer, one header row. Delimiter (comma, semicolon, tab, pipe), line ends (CRLF, LF), a UTF-8 BOM and quoted fields are handled; cells are trimmed.',
  'Customer id: a column whose values are all different and never blank, preferring a name like customerID, id or account. A repeated or blank id is rejected, naming the rows.',
  'Items (what gets recommended): a yes/no column (yes/no, true/false, 1/0; "No phone service", "No internet service" and "none" count as no) is one item, adopted when yes. A categorical column with a "No"/"None" value is one item per other value ("InternetService=Fiber optic"). Each item gets the column it came from as its own feature ("service:StreamingTV"; the values of one categorical column share "service:InternetService"), which the item cards and explanations show.',
  'Customer features: a yes/no column named like a fact about the customer (gender, senior, partner, dependents, paperless billing…) and other categorical columns (≤ 50 values) become one-hot features ("contract:Two year"); numbers become a quantile band ("tenure_band:0-9") plus the value scaled to 0..1 ("tenure:scaled"). Thousands separators ("1,234.5") and decimal commas ("1234,5") are read when the whole column is unambiguous.',
  'Blank cells are missing values: counted and reported, and a feature "column:missing" (numbers: "column_band:missing"), never a silent 0.',
  'Ignored: columns that are blank everywhere, free text or ids with a different value on every row, and a column named like a prediction target (churn, target, label) unless you make it a feature.',
  'Adoptions are split at random (20 % test, seed 42 unless the mapping says otherwise). The mapping (JSON) is saved with the dataset and can be exported and given back, so the same table maps the same way again.'
];

/** A worked example: a small wide table and what the importer makes of it. */
export const WIDE_EXAMPLE = {
  csv: [
    'customerID,gender,tenure,PhoneService,InternetService,StreamingTV,Contract,MonthlyCharges,Churn',
    '7590-VHVEG,Female,1,No,DSL,No,Month-to-month,29.85,No',
    '5575-GNVDE,Male,34,Yes,DSL,No,One year,56.95,No',
    '3668-QPYBK,Male,2,Yes,Fiber optic,Yes,Month-to-month,89.10,Yes',
    '9237-HQITU,Female,45,Yes,No,No internet service,Two year,20.25,No',
    '9305-CDSKC,Female,8,Yes,Fiber optic,Yes,Month-to-month,,Yes'
  ].join('\n'),
  roles: [
    ['customerID', 'customer id'],
    ['gender, Contract', 'customer features, one-hot (gender:Female, contract:One year, …)'],
    [
      'tenure, MonthlyCharges',
      'customer features, numeric: bands and the scaled value (the blank charge of 9305-CDSKC → monthly_charges_band:missing, counted as 1 missing cell)'
    ],
    ['PhoneService, StreamingTV', 'items, adopted when Yes ("No internet service" = no)'],
    ['InternetService', 'items "InternetService=DSL" and "InternetService=Fiber optic" ("No" = none)'],
    ['Churn', 'ignored (a prediction target), unless you make it a feature']
  ] as Array<[string, string]>,
  items: ['PhoneService', 'InternetService=DSL', 'InternetService=Fiber optic', 'StreamingTV'],
  /** The adoptions of the third customer. */
  adoptionsOf: {
    customer: '3668-QPYBK',
    items: ['PhoneService', 'InternetService=Fiber optic', 'StreamingTV']
  }
};

/** The long format in one paragraph (Overview: "Adoptions table"; CLI: --long, --customers, --plans). */
export const LONG_FORMAT_DOC =
  'One row per adoption with a customer column and a plan column (named like customer_id and plan_id), optionally a date (YYYY-MM-DD) and a weight (≥ 0); a repeated (customer, plan) pair is merged (weights added). ' +
  'Optional customer and plan attribute tables (one row per id) are joined by id, and their columns become customer and plan features as in a wide table; an adoption whose id is missing from an attribute table is rejected, naming its rows. ' +
  'On the Overview: "Adoptions table (long format)": reading the tables proposes each adoptions column\'s role (customer id, plan id, date, weight, or not used) with the first rows and what the join gives, to confirm or change before anything is stored. ' +
  'From a terminal: `npm run cli -- import adoptions.csv --customers customers.csv --plans plans.csv --out DIR`; the `mapping.json` it writes, edited (e.g. other column names) and given back with `--long --mapping mapping.json`, maps the tables the same way again. ' +
  "A plan attribute named like a price (price, fee, charge, cost, monthly…) is used for revenue-aware re-ranking on the Recommend page, in the plans table's own units.";

const table = (head: string[], rows: string[][]) => [
  `| ${head.join(' | ')} |`,
  `| ${head.map(() => '---').join(' | ')} |`,
  ...rows.map((r) => `| ${r.join(' | ')} |`)
];

/** The two layouts as Markdown, appended to docs/csv-schemas.md. */
export function layoutDocsMarkdown(): string {
  return [
    '## Parity layout (already split)',
    '',
    'Interactions plus features, as LightFM takes them. Every file has a header row. Import on the Overview (select the files together) or train it directly with `npm run cli -- train DIR`.',
    '',
    ...table(
      ['file', 'columns', 'meaning'],
      PARITY_LAYOUT_DOC.map((f) => [f.file, `\`${f.columns}\``, f.meaning])
    ),
    '',
    '## One wide customer table (with a mapping)',
    '',
    'Any customer table: drop it on the Overview, check the proposed mapping, import. From the command line, `npm run cli -- import FILE [--mapping mapping.json] --out DIR` writes the parity layout above plus `mapping.json`.',
    '',
    ...WIDE_RULES.map((r) => `- ${r}`),
    '',
    '### Worked example',
    '',
    '```csv',
    WIDE_EXAMPLE.csv,
    '```',
    '',
    ...table(['column(s)', 'read as'], WIDE_EXAMPLE.roles),
    '',
    `Items: ${WIDE_EXAMPLE.items.map((i) => `\`${i}\``).join(', ')}. Customer ${WIDE_EXAMPLE.adoptionsOf.customer} adopted ${WIDE_EXAMPLE.adoptionsOf.items.map((i) => `\`${i}\``).join(', ')}.`,
    '',
    '### Long format (adoptions plus attribute tables)',
    '',
    LONG_FORMAT_DOC,
    ''
  ].join('\n');
}
