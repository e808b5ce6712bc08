#!/usr/bin/python3
"""Write the ONNX fixtures of testdata/onnx/ from scikit-learn models, the way skl2onnx converts them.

Run from the repository root with Debian's Python (python3-sklearn 1.2, python3-onnx 1.12; skl2onnx is
not needed):

    /usr/bin/python3 scripts/make-onnx-fixtures.py

It fits small RandomForestClassifiers on datasets that ship with scikit-learn (no missing values) and
builds the ONNX-ML node from each fitted tree's tree_ arrays as skl2onnx does (BRANCH_LEQ, leaf weight =
class fraction / n_estimators, the single class-1 weight for two classes, no ZipMap). One difference:
skl2onnx casts float64 thresholds to the nearest float32 by default, which can move a float32 input that
equals the rounded threshold to the other side; here the largest float32 not above the threshold is used
(what skl2onnx's threshold adjustment aims at), so ONNX Runtime and scikit-learn agree on every float32
input. expected_*.json hold scikit-learn's own predict_proba for the test rows (given as float32 values).

Fixtures:
  rf_binary_opset3.onnx   breast cancer, 2 classes (int64 labels), TreeEnsembleClassifier, ai.onnx.ml 3
  rf_iris_opset3.onnx     iris, 3 classes (string labels), TreeEnsembleClassifier, ai.onnx.ml 3
  rf_iris_opset5.onnx     the same iris forest as TreeEnsemble, ai.onnx.ml 5 (one tree per class target)
  rf_regressor.onnx       RandomForestRegressor as TreeEnsembleRegressor (must be refused)
  linear_classifier.onnx  LogisticRegression as LinearClassifier (must be refused)
  scaler_pipeline.onnx    Scaler followed by TreeEnsembleClassifier (must be refused)
"""
import json
import os

import numpy as np
from onnx import TensorProto, helper, numpy_helper
from sklearn.datasets import load_breast_cancer, load_iris
from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor
from sklearn.linear_model import LogisticRegression

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "testdata", "onnx")
ML = "ai.onnx.ml"
MODES5 = {"BRANCH_LEQ": 0}


def f32_at_most(t):
    f = np.float32(t)
    if float(f) > t:
        f = np.nextafter(f, np.float32(-np.inf), dtype=np.float32)
    return float(f)


def tree_attrs(forest, classifier):
    """Attributes of TreeEnsembleClassifier/Regressor for a fitted sklearn forest (skl2onnx layout)."""
    a = {k: [] for k in ("treeids", "nodeids", "featureids", "modes", "values", "true", "false")}
    leaf = {k: [] for k in ("treeids", "nodeids", "ids", "weights")}
    n_est = len(forest.estimators_)
    for t, est in enumerate(forest.estimators_):
        tr = est.tree_
        for i in range(tr.node_count):
            split = tr.children_left[i] > i
            a["treeids"].append(t)
            a["nodeids"].append(i)
            a["featureids"].append(int(tr.feature[i]) if split else 0)
            a["modes"].append("BRANCH_LEQ" if split else "LEAF")
            a["values"].append(f32_at_most(tr.threshold[i]) if split else 0.0)
            a["true"].append(int(tr.children_left[i]) if split else 0)
            a["false"].append(int(tr.children_right[i]) if split else 0)
            if split:
                continue
            v = tr.value[i][0]
            w = v / v.sum() / n_est if classifier else v / n_est
            if classifier and len(w) == 2:
                w = w[1:]
            for k, wk in enumerate(w):
                leaf["treeids"].append(t)
                leaf["nodeids"].append(i)
                leaf["ids"].append(k)
                leaf["weights"].append(float(wk))
    attrs = dict(
        nodes_treeids=a["treeids"], nodes_nodeids=a["nodeids"], nodes_featureids=a["featureids"],
        nodes_modes=a["modes"], nodes_values=a["values"], nodes_truenodeids=a["true"],
        nodes_falsenodeids=a["false"], nodes_missing_value_tracks_true=[0] * len(a["treeids"]),
        nodes_hitrates=[1.0] * len(a["treeids"]), post_transform="NONE",
    )
    p = "class_" if classifier else "target_"
    attrs.update({p + "treeids": leaf["treeids"], p + "nodeids": leaf["nodeids"],
                  p + "ids": leaf["ids"], p + "weights": leaf["weights"]})
    return attrs


def model(nodes, n_features, outputs, ml_opset=3, inputs=None, initializers=()):
    inputs = inputs or [helper.make_tensor_value_info("X", TensorProto.FLOAT, [None, n_features])]
    graph = helper.make_graph(nodes, "sklearn_model", inputs, outputs, initializer=list(initializers))
    m = helper.make_model(graph, producer_name="skl2onnx-style fixture (make-onnx-fixtures.py)",
                          producer_version="1.0",
                          opset_imports=[helper.make_opsetid("", 15), helper.make_opsetid(ML, ml_opset)])
    m.ir_version = 8
    return m


def classifier_outputs(n_classes, label_type):
    return [helper.make_tensor_value_info("label", label_type, [None]),
            helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, [None, n_classes])]


def save(name, m, feature_names=None):
    if feature_names is not None:
        helper.set_model_props(m, {"feature_names": json.dumps(list(feature_names))})
    with open(os.path.join(OUT, name), "wb") as fh:
        fh.write(m.SerializeToString())


def save_expected(name, onnx_file, X, proba, classes, feature_names):
    rec = {"model": onnx_file, "classes": [str(c) for c in classes],
           "featureNames": list(feature_names),
           "rowsNote": "float32 values in shortest form: apply Math.fround before use",
           "rows": [[float(repr(np.float32(v))) for v in r] for r in X],
           "proba": [[float(v) for v in r] for r in proba]}
    with open(os.path.join(OUT, name), "w") as fh:
        json.dump(rec, fh)


def opset5_attrs(attrs3, n_classes):
    """TreeEnsemble (ai.onnx.ml 5) attributes: leaves apart from splits, one tree copy per class target."""
    nodes = {}
    for k, (t, n) in enumerate(zip(attrs3["nodes_treeids"], attrs3["nodes_nodeids"])):
        nodes.setdefault(t, {})[n] = k
    weights = {}
    for t, n, c, w in zip(attrs3["class_treeids"], attrs3["class_nodeids"], attrs3["class_ids"],
                          attrs3["class_weights"]):
        weights[(t, n, c)] = w
    out = {k: [] for k in ("featureids", "splits", "modes", "true", "trueleaf", "false", "falseleaf",
                           "missing", "leaf_t", "leaf_w", "roots")}

    def add_leaf(c, w):
        out["leaf_t"].append(c)
        out["leaf_w"].append(w)
        return len(out["leaf_t"]) - 1

    def add(tree, node, c):
        k = tree[node]
        idx = len(out["featureids"])
        for key in ("featureids", "splits", "modes", "true", "trueleaf", "false", "falseleaf", "missing"):
            out[key].append(0)
        out["featureids"][idx] = attrs3["nodes_featureids"][k]
        out["splits"][idx] = attrs3["nodes_values"][k]
        out["modes"][idx] = MODES5[attrs3["nodes_modes"][k]]
        for side, ids in (("true", "nodes_truenodeids"), ("false", "nodes_falsenodeids")):
            child = attrs3[ids][k]
            if attrs3["nodes_modes"][tree[child]] == "LEAF":
                out[side][idx] = add_leaf(c, weights.get((t, child, c), 0.0))
                out[side + "leaf"][idx] = 1
            else:
                out[side][idx] = add(tree, child, c)
        return idx

    for c in range(n_classes):
        for t in sorted(nodes):
            out["roots"].append(add(nodes[t], 0, c))
    return dict(
        nodes_featureids=out["featureids"],
        nodes_splits=numpy_helper.from_array(np.array(out["splits"], dtype=np.float32), "nodes_splits"),
        nodes_modes=numpy_helper.from_array(np.array(out["modes"], dtype=np.uint8), "nodes_modes"),
        nodes_truenodeids=out["true"], nodes_trueleafs=out["trueleaf"],
        nodes_falsenodeids=out["false"], nodes_falseleafs=out["falseleaf"],
        nodes_missing_value_tracks_true=out["missing"],
        leaf_targetids=out["leaf_t"],
        leaf_weights=numpy_helper.from_array(np.array(out["leaf_w"], dtype=np.float32), "leaf_weights"),
        tree_roots=out["roots"], aggregate_function=1, post_transform=0, n_targets=n_classes,
    )


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.RandomState(0)

    # Binary: breast cancer, int64 class labels as skl2onnx writes for integer classes.
    bc = load_breast_cancer()
    X = bc.data.astype(np.float32)
    idx = rng.permutation(len(X))
    train, test = idx[:400], idx[400:480]
    rf = RandomForestClassifier(n_estimators=15, max_depth=6, random_state=0).fit(X[train], bc.target[train])
    attrs = tree_attrs(rf, True)
    node = helper.make_node("TreeEnsembleClassifier", ["X"], ["label", "probabilities"], domain=ML,
                            classlabels_int64s=[int(c) for c in rf.classes_], **attrs)
    save("rf_binary_opset3.onnx", model([node], X.shape[1], classifier_outputs(2, TensorProto.INT64)),
         bc.feature_names)
    save_expected("expected_rf_binary.json", "rf_binary_opset3.onnx", X[test],
                  rf.predict_proba(X[test]), rf.classes_, bc.feature_names)

    # Three classes: iris with string labels.
    iris = load_iris()
    Xi = iris.data.astype(np.float32)
    yi = np.array(iris.target_names)[iris.target]
    rf3 = RandomForestClassifier(n_estimators=12, max_depth=5, random_state=1).fit(Xi[::2], yi[::2])
    attrs3 = tree_attrs(rf3, True)
    node = helper.make_node("TreeEnsembleClassifier", ["X"], ["label", "probabilities"], domain=ML,
                            classlabels_strings=[str(c) for c in rf3.classes_], **attrs3)
    save("rf_iris_opset3.onnx", model([node], 4, classifier_outputs(3, TensorProto.STRING)),
         iris.feature_names)
    save_expected("expected_rf_iris.json", "rf_iris_opset3.onnx", Xi[1::2], rf3.predict_proba(Xi[1::2]),
                  rf3.classes_, iris.feature_names)

    # The same iris forest as opset-5 TreeEnsemble (scores only: class order as in expected_rf_iris.json).
    node5 = helper.make_node("TreeEnsemble", ["X"], ["probabilities"], domain=ML, **opset5_attrs(attrs3, 3))
    out5 = [helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, [None, 3])]
    save("rf_iris_opset5.onnx", model([node5], 4, out5, ml_opset=5), iris.feature_names)

    # Refusals: a regressor, a linear classifier, a scaler before the trees.
    reg = RandomForestRegressor(n_estimators=3, max_depth=3, random_state=0).fit(Xi, iris.data[:, 0])
    node = helper.make_node("TreeEnsembleRegressor", ["X"], ["variable"], domain=ML, n_targets=1,
                            aggregate_function="SUM", **tree_attrs(reg, False))
    save("rf_regressor.onnx", model([node], 4, [helper.make_tensor_value_info(
        "variable", TensorProto.FLOAT, [None, 1])]))

    lr = LogisticRegression(max_iter=500).fit(Xi, iris.target)
    node = helper.make_node("LinearClassifier", ["X"], ["label", "probabilities"], domain=ML,
                            coefficients=[float(v) for v in lr.coef_.ravel()],
                            intercepts=[float(v) for v in lr.intercept_], classlabels_ints=[0, 1, 2],
                            multi_class=1, post_transform="SOFTMAX")
    save("linear_classifier.onnx", model([node], 4, classifier_outputs(3, TensorProto.INT64)))

    scaler = helper.make_node("Scaler", ["X"], ["scaled"], domain=ML,
                              offset=[float(v) for v in Xi.mean(0)], scale=[float(v) for v in 1 / Xi.std(0)])
    trees = helper.make_node("TreeEnsembleClassifier", ["scaled"], ["label", "probabilities"], domain=ML,
                             classlabels_strings=[str(c) for c in rf3.classes_], **attrs3)
    save("scaler_pipeline.onnx", model([scaler, trees], 4, classifier_outputs(3, TensorProto.STRING)))


if __name__ == "__main__":
    main()
