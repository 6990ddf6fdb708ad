/**
 * The Python the Docs page shows for training elsewhere. docs/factors.md holds the same text
 * (factors-snippets.test.ts checks it), and the LightFM one was run against the real LightFM.
 */
export const LIGHTFM_SNIPPET = `import csv; from lightfm import LightFM; from lightfm.data import Dataset
rows = lambda f: list(csv.DictReader(open(f"DIR/{f}")))
def grouped(f):
    g = {}
    for r in rows(f): g.setdefault(r["id"], {})[r["feature"]] = float(r.get("weight") or 1)
    return list(g.items())
uf, itf = grouped("user_features.csv"), grouped("item_features.csv")
ds = Dataset(); ds.fit([r["id"] for r in rows("users.csv")], [r["id"] for r in rows("items.csv")],
                       user_features={f for _, d in uf for f in d}, item_features={f for _, d in itf for f in d})
train, _ = ds.build_interactions((r["user"], r["item"]) for r in rows("train.csv"))
UF, IF = ds.build_user_features(uf), ds.build_item_features(itf)
model = LightFM(no_components=10, loss="warp", random_state=1).fit(train, user_features=UF, item_features=IF, epochs=10)
def write(path, ids, biases, emb):
    with open(path, "w", newline="") as fh:
        w = csv.writer(fh); w.writerow(["id", "bias"] + [f"f{k}" for k in range(emb.shape[1])])
        for i, b, e in zip(ids, biases, emb): w.writerow([i, repr(float(b))] + [repr(float(x)) for x in e])
umap, ufm, imap, ifm = ds.mapping(); order = lambda m: sorted(m, key=m.get)
write("user_factors.csv", order(umap), *model.get_user_representations(UF))   # per customer
write("item_factors.csv", order(imap), *model.get_item_representations(IF))   # per plan
# or per feature, so Recommend can explain scores feature by feature:
write("user_feature_factors.csv", order(ufm), model.user_biases, model.user_embeddings)
write("item_feature_factors.csv", order(ifm), model.item_biases, model.item_embeddings)
`;

export const SPARK_SNIPPET = `from pyspark.sql import SparkSession, functions as F
from pyspark.ml.recommendation import ALS
spark = SparkSession.builder.getOrCreate()
read = lambda f: spark.read.csv(f"DIR/{f}", header=True, inferSchema=True)
als = ALS(implicitPrefs=True, rank=10, maxIter=10, regParam=0.01, alpha=10.0, seed=1,
          userCol="user", itemCol="item", ratingCol="rating")
model = als.fit(read("ratings_train.csv"))
def back(factors, index_file, out):  # ALS's integer ids → the dataset's ids; features "a b c …"
    f = factors.withColumnRenamed("id", "index").join(read(index_file), "index")
    f.select("id", F.concat_ws(" ", F.col("features").cast("array<string>")).alias("features")) \\
     .toPandas().to_csv(out, index=False)
back(model.userFactors, "user_index.csv", "user_factors.csv")
back(model.itemFactors, "item_index.csv", "item_factors.csv")
`;
