"""scikit-learn contender for bench/run.ts: fit RandomForestClassifier(n_estimators=100) on a table
written by bench/data.ts and print one JSON line (fit/predict seconds, peak RSS, test probabilities).

Usage: /usr/bin/python3 bench/sklearn_contender.py <data-dir> <n_jobs> <seed> [extra seeds a,b,c] [sklearn|xgbrf]
(extra seeds: refit with each, untimed, and report their test probabilities too, for a steadier AUC;
xgbrf: XGBoost's random-forest mode, XGBRFClassifier at its defaults with 100 trees and n_jobs (its nthread))
"""
import json
import resource
import sys
import time

import numpy as np
from sklearn.ensemble import RandomForestClassifier


def main() -> None:
    data_dir, n_jobs, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    extra_seeds = [int(s) for s in sys.argv[4].split(",")] if len(sys.argv) > 4 and sys.argv[4] else []
    kind = sys.argv[5] if len(sys.argv) > 5 else "sklearn"
    with open(f"{data_dir}/meta.json") as f:
        meta = json.load(f)
    n_rows, n_features = meta["nRows"], meta["nFeatures"]
    # X.f32 is column-major (feature after feature), as GenoForest holds it.
    X = np.fromfile(f"{data_dir}/X.f32", dtype="<f4").reshape(n_features, n_rows).T
    y = np.fromfile(f"{data_dir}/y.u8", dtype=np.uint8)
    train = np.fromfile(f"{data_dir}/train.i32", dtype="<i4")
    test = np.fromfile(f"{data_dir}/test.i32", dtype="<i4")
    X_train, y_train = np.ascontiguousarray(X[train]), y[train]
    X_test = np.ascontiguousarray(X[test])

    def make(s: int):
        if kind == "xgbrf":
            from xgboost import XGBRFClassifier

            # Its own defaults (subsample 0.8, colsample_bynode 0.8, max_depth 6, ...); only the trees and threads set.
            return XGBRFClassifier(n_estimators=100, n_jobs=n_jobs, random_state=s)
        return RandomForestClassifier(n_estimators=100, n_jobs=n_jobs, random_state=s)

    model = make(seed)
    t0 = time.perf_counter()
    c0 = time.process_time()
    model.fit(X_train, y_train)
    fit_seconds = time.perf_counter() - t0
    fit_cpu_seconds = time.process_time() - c0
    t0 = time.perf_counter()
    proba = model.predict_proba(X_test)
    predict_seconds = time.perf_counter() - t0
    # Linux reports ru_maxrss in KiB; joblib's default backend for forests is threads, so SELF covers them.
    rss_kib = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    )
    col = list(model.classes_).index(1) if 1 in model.classes_ else proba.shape[1] - 1
    extra = []
    for s in extra_seeds:
        m = make(s).fit(X_train, y_train)
        extra.append([round(float(p), 6) for p in m.predict_proba(X_test)[:, col]])
    print(
        json.dumps(
            {
                "fitSeconds": fit_seconds,
                "fitCpuSeconds": fit_cpu_seconds,
                "predictSeconds": predict_seconds,
                "peakRssMB": rss_kib / 1024,
                "proba": [round(float(p), 6) for p in proba[:, col]],
                "extraProba": extra,
            }
        )
    )


if __name__ == "__main__":
    main()
