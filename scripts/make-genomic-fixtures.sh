#!/bin/sh
# Makes the small genomic fixtures under testdata/genomic with the real tools (Debian: plink1.9,
# bcftools, bgzip). The genotypes are synthetic (a fixed-seed generator below), so there is no licence
# question. Run from the repository root: sh scripts/make-genomic-fixtures.sh
set -eu
OUT=testdata/genomic
mkdir -p "$OUT"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# 1. A PLINK text cohort: 24 people in 8 families, 40 SNPs, some missing genotypes ("0 0"),
#    phenotypes 1/2 with -9 and 0 missing, sex 1/2 with 0 unknown.
/usr/bin/python3 - "$TMP/cohort" <<'PY'
import random, sys
rng = random.Random(20261130)
base = sys.argv[1]
alleles = [("A", "G"), ("C", "T"), ("A", "C"), ("G", "T")]
snps = []
with open(base + ".map", "w") as m:
    for j in range(40):
        a, b = alleles[j % 4]
        snps.append((a, b, rng.uniform(0.1, 0.5)))
        m.write(f"{1 + j // 20}\trs{1000 + j}\t0\t{10000 + 137 * j}\n")
with open(base + ".ped", "w") as p:
    for i in range(24):
        fid = f"fam{i // 3 + 1}"
        sex = [1, 2, 0][i % 3] if i % 7 else 0
        pheno = [1, 2][rng.random() < 0.5]
        if i == 5: pheno = -9
        if i == 11: pheno = 0
        cells = [fid, f"s{i + 1}", "0", "0", str(sex), str(pheno)]
        for j, (a, b, f) in enumerate(snps):
            if rng.random() < 0.05:
                cells += ["0", "0"]
            else:
                cells += [b if rng.random() < f else a, b if rng.random() < f else a]
        p.write(" ".join(cells) + "\n")
PY
plink1.9 --file "$TMP/cohort" --make-bed --out "$OUT/cohort" --allow-no-sex --silent
plink1.9 --bfile "$OUT/cohort" --recode A --out "$OUT/cohort" --allow-no-sex --silent
plink1.9 --bfile "$OUT/cohort" --recode AD --out "$OUT/cohort_ad" --allow-no-sex --silent
rm -f "$OUT"/*.log "$OUT"/*.nosex

# 2. A VCF with phased, unphased, missing and multi-allelic sites, bgzipped; and a VCF large enough
#    to span several BGZF blocks (a multi-member gzip stream).
cat > "$TMP/small.vcf" <<'VCF'
##fileformat=VCFv4.2
##contig=<ID=1,length=1000000>
##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">
##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Depth">
#CHROM	POS	ID	REF	ALT	QUAL	FILTER	INFO	FORMAT	s1	s2	s3	s4
1	100	rs1	A	G	50	PASS	.	GT:DP	0|0:10	0|1:12	1|0:9	1|1:11
1	200	rs2	C	T	50	PASS	.	GT	0/0	0/1	./.	1/1
1	300	.	G	A,T	50	PASS	.	GT	0/1	1/2	2/2	0/0
1	400	rs4	T	C	50	PASS	.	GT	.|.	0|1	0/1	1
1	500	rs5	A	.	50	PASS	.	GT	0/0	0/0	0/0	0/0
VCF
bcftools view -Oz -o "$OUT/small.vcf.gz" "$TMP/small.vcf"
bcftools view -Ov -o "$OUT/small.vcf" "$OUT/small.vcf.gz"

/usr/bin/python3 - "$TMP/wide.vcf" <<'PY'
import random, sys
rng = random.Random(7)
n = 120
with open(sys.argv[1], "w") as v:
    v.write("##fileformat=VCFv4.2\n##contig=<ID=2,length=10000000>\n")
    v.write('##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n')
    v.write("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\t" + "\t".join(f"id{i}" for i in range(n)) + "\n")
    for j in range(600):
        gts = []
        for i in range(n):
            r = rng.random()
            gts.append("./." if r < 0.03 else f"{int(rng.random() < 0.3)}{'|' if j % 2 else '/'}{int(rng.random() < 0.3)}")
        v.write(f"2\t{1000 + 10 * j}\trs{50000 + j}\tA\tG\t.\tPASS\t.\tGT\t" + "\t".join(gts) + "\n")
PY
bgzip -c "$TMP/wide.vcf" > "$OUT/wide.vcf.gz"
# The same genotypes as PLINK's .raw, to check the VCF reader against a second tool.
plink1.9 --vcf "$OUT/wide.vcf.gz" --double-id --recode A --out "$TMP/wide" --allow-no-sex --silent
cut -d' ' -f2,7- "$TMP/wide.raw" | head -31 | cut -d' ' -f1-41 > "$OUT/wide_first30_plink.txt"
ls -l "$OUT"
