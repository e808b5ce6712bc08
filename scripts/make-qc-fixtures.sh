#!/bin/sh
# Makes the variant-QC fixtures under testdata/genomic/qc with PLINK 1.9 (Debian package plink1.9) and
# python3: two small filesets, PLINK's own --freqx/--missing/--hardy reports on them, the log of one filter run,
# and each variant's Hardy-Weinberg p as PLINK's --hwe filter decides it (bisected to 1e-9 relative, because
# the .hwe report prints only 4 significant digits). Synthetic genotypes only. Run from the repository root:
#   sh scripts/make-qc-fixtures.sh
set -eu
OUT=testdata/genomic/qc
mkdir -p "$OUT"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# 1. PLINK's own random cohort: 60 samples, 200 SNPs, 5 % missing calls.
plink1.9 --dummy 60 200 0.05 --seed 7 --make-bed --out "$OUT/dummy" >/dev/null

# 2. A cohort made to trip every filter: variants far from Hardy-Weinberg (all heterozygous, no
#    heterozygote), rare and monomorphic variants, variants and samples with many missing calls.
/usr/bin/python3 - "$TMP/skewed" <<'PY'
import random, sys
rng = random.Random(20261206)
base = sys.argv[1]
n, m = 80, 60
pairs = [("A", "G"), ("C", "T"), ("A", "C"), ("G", "T")]
kinds = ["hwe", "hwe", "hwe", "het", "nohet", "mono", "rare", "missing", "hwe", "excess"]
geno = []
with open(base + ".map", "w") as f:
    for j in range(m):
        f.write(f"{1 + j // 30}\trs{2000 + j}\t0\t{5000 + 311 * j}\n")
        a, b = pairs[j % 4]
        kind = kinds[j % len(kinds)]
        q = rng.uniform(0.05, 0.5)
        col = []
        for i in range(n):
            if kind == "het":
                g = 1 if rng.random() < 0.9 else rng.choice([0, 2])
            elif kind == "nohet":
                g = 2 if rng.random() < q else 0
            elif kind == "mono":
                g = 0
            elif kind == "rare":
                g = 1 if i in (3, 40) and j % 20 == 6 else (1 if i == 3 else 0)
            elif kind == "excess":
                g = 1 if rng.random() < 0.7 else (0 if rng.random() < 0.8 else 2)
            else:
                g = (rng.random() < q) + (rng.random() < q)
            miss = 0.25 if kind == "missing" else 0.02
            if i in (7, 8, 9):
                miss = 0.3
            col.append(None if rng.random() < miss else (a, b, g))
        geno.append(col)
with open(base + ".ped", "w") as f:
    for i in range(n):
        cells = [f"fam{i}", f"s{i}", "0", "0", str(1 + i % 2), str(1 + (rng.random() < 0.4))]
        for col in geno:
            c = col[i]
            if c is None:
                cells += ["0", "0"]
            else:
                a, b, g = c
                cells += [[a, a], [a, b], [b, b]][g]
        f.write(" ".join(cells) + "\n")
PY
plink1.9 --file "$TMP/skewed" --make-bed --out "$OUT/skewed" >/dev/null

# 3. PLINK's reports (all samples are founders; --hardy's ALL row is over cases and controls).
for set in dummy skewed; do
  plink1.9 --bfile "$OUT/$set" --freqx --missing --hardy --out "$OUT/$set" >/dev/null
  rm -f "$OUT/$set.log" "$OUT/$set.nosex"
done

# 4. One filter run, kept for its log: what each filter removed, in PLINK's order.
plink1.9 --bfile "$OUT/skewed" --mind 0.1 --geno 0.1 --hwe 1e-4 include-nonctrl --maf 0.05 \
  --write-snplist --out "$TMP/filtered" >/dev/null
grep -E 'removed|pass filters' "$TMP/filtered.log" >"$OUT/skewed_filtered.log"
cp "$TMP/filtered.snplist" "$OUT/skewed_filtered.snplist"

# 5. Each variant's HWE p as PLINK's --hwe filter sees it: the largest threshold that keeps it and the smallest
#    that removes it, bisected (in log scale) until they are 1e-9 apart relatively.
/usr/bin/python3 - "$OUT" "$TMP" <<'PY'
import math, os, subprocess, sys
out, tmp = sys.argv[1], sys.argv[2]
def kept(bfile, t):
    subprocess.run(["plink1.9", "--bfile", bfile, "--hwe", repr(t), "include-nonctrl",
                    "--write-snplist", "--out", f"{tmp}/h"], check=True, capture_output=True)
    path = f"{tmp}/h.snplist"
    names = set(open(path).read().split()) if os.path.exists(path) else set()
    if os.path.exists(path): os.remove(path)
    return names
for name in ("dummy", "skewed"):
    bfile = f"{out}/{name}"
    snps = [line.split()[1] for line in open(bfile + ".bim")]
    top, bottom = 1 - 1e-12, 1e-300
    lo = {s: 0.0 for s in snps}
    hi = {s: 1.0 for s in snps}
    at_top = kept(bfile, top)
    at_bottom = kept(bfile, bottom)
    for s in snps:
        if s in at_top: lo[s] = top
        elif s not in at_bottom: hi[s] = bottom
        else: lo[s], hi[s] = bottom, top
    for s in snps:
        while lo[s] > 0 and hi[s] < 1 and hi[s] / lo[s] > 1 + 1e-9:
            mid = math.sqrt(lo[s] * hi[s])
            if s in kept(bfile, mid): lo[s] = mid
            else: hi[s] = mid
    with open(f"{out}/{name}.hwe-bounds", "w") as f:
        f.write("SNP\tKEPT_AT\tREMOVED_AT\n")
        for s in snps: f.write(f"{s}\t{lo[s]!r}\t{hi[s]!r}\n")
PY
