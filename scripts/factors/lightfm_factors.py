#!/usr/bin/env python3
"""Train the real LightFM on a dataset exported in the LightFM layout and write its factors in the
lab's import format (docs/factors.md). Also prints LightFM's own test metrics, to compare with the
lab's metrics on the imported factors.

  LIGHTFM_PATH=/path/to/lightfm python3 scripts/factors/lightfm_factors.py DATA_DIR OUT [--epochs 10] [--components 10] [--seed 1]

Writes OUT/user_factors.csv, OUT/item_factors.csv (get_user/item_representations(): one row per
customer / plan) and OUT/user_feature_factors.csv, OUT/item_feature_factors.csv (user/item_embeddings:
one row per feature, for explanations), each `id,bias,f0,…`; OUT/item_embeddings.npy and
OUT/item_embeddings_ids.csv / _biases.npy show the .npy variant.
"""
import argparse, csv, json, os, sys
sys.path.insert(0, os.environ.get("LIGHTFM_PATH", "."))
import numpy as np
from lightfm import LightFM
from lightfm.data import Dataset
from lightfm.evaluation import precision_at_k, auc_score

ap = argparse.ArgumentParser()
ap.add_argument("data"); ap.add_argument("out")
ap.add_argument("--epochs", type=int, default=10); ap.add_argument("--components", type=int, default=10)
ap.add_argument("--seed", type=int, default=1)
a = ap.parse_args()
rows = lambda f: [r for r in csv.DictReader(open(os.path.join(a.data, f)))]
ids = lambda f: [r["id"] for r in rows(f)]
users, items = ids("users.csv"), ids("items.csv")
uf_rows, if_rows = rows("user_features.csv"), rows("item_features.csv")
def grouped(rs):
    g = {}
    for r in rs: g.setdefault(r["id"], {})[r["feature"]] = float(r.get("weight") or 1)
    return list(g.items())

# --- the lines the guide shows: Dataset → fit → representations ---
ds = Dataset()
ds.fit(users, items, user_features={r["feature"] for r in uf_rows}, item_features={r["feature"] for r in if_rows})
train, _ = ds.build_interactions((r["user"], r["item"]) for r in rows("train.csv"))
test, _ = ds.build_interactions((r["user"], r["item"]) for r in rows("test.csv"))
UF, IF = ds.build_user_features(grouped(uf_rows)), ds.build_item_features(grouped(if_rows))
model = LightFM(no_components=a.components, loss="warp", random_state=a.seed)
model.fit(train, user_features=UF, item_features=IF, epochs=a.epochs, num_threads=1)

def write(path, names, biases, emb):
    with open(path, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "bias"] + [f"f{k}" for k in range(emb.shape[1])])
        for n, b, e in zip(names, biases, emb): w.writerow([n, repr(float(b))] + [repr(float(x)) for x in e])

os.makedirs(a.out, exist_ok=True)
umap, _, imap, _ = ds.mapping()
ub, ue = model.get_user_representations(UF)
ib, ie = model.get_item_representations(IF)
write(os.path.join(a.out, "user_factors.csv"), sorted(umap, key=umap.get), ub, ue)
write(os.path.join(a.out, "item_factors.csv"), sorted(imap, key=imap.get), ib, ie)
_, ufm, _, ifm = ds.mapping()
write(os.path.join(a.out, "user_feature_factors.csv"), sorted(ufm, key=ufm.get), model.user_biases, model.user_embeddings)
write(os.path.join(a.out, "item_feature_factors.csv"), sorted(ifm, key=ifm.get), model.item_biases, model.item_embeddings)
np.save(os.path.join(a.out, "item_embeddings.npy"), ie.astype(np.float32))
np.save(os.path.join(a.out, "item_embeddings_biases.npy"), ib.astype(np.float64))
with open(os.path.join(a.out, "item_embeddings_ids.csv"), "w") as fh: fh.write("id\n" + "\n".join(sorted(imap, key=imap.get)) + "\n")

metrics = {f"test.precision@{k}": float(precision_at_k(model, test, train_interactions=train, k=k, user_features=UF, item_features=IF).mean()) for k in (3, 5, 10)}
metrics["test.auc"] = float(auc_score(model, test, train_interactions=train, user_features=UF, item_features=IF).mean())
print(json.dumps(metrics))
