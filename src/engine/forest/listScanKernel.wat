;; FeatureSearch.findSplitWeighted's scans in WebAssembly, on a table whose columns are all packed: the features drawn
;; for a node (the first maxFeatures draws, made in JavaScript), in draw order, each not known constant summed with
;; the next one drawn (packedKernel.wat's pair loops, counted when minSamplesLeaf > 1), its bit sums
;; (PackedScan.putBitSums), the constant ones appended to the feature list, and for the others PackedScan.evalPacked's
;; candidates, row checks included, with SplitSweep.considerBinary's arithmetic: the same best split as the
;; JavaScript, to the start of the memory for SplitSweep.adoptBest. The packed kernel's instance lends its memory and
;; its row loops (imported). Built into listScanKernelWasm.ts by scripts/build-packed-kernel.ts.
(module
  (import "env" "memory" (memory 1))
  (import "env" "pair2" (func $pair2 (param i32 i32 i32 i32 i32 i32 i32)))
  (import "env" "pair3" (func $pair3 (param i32 i32 i32 i32 i32 i32 i32)))
  (import "env" "one3" (func $one3 (param i32 i32 i32 i32 i32 i32)))

  (global $ip (mut i32) (i32.const 0))
  (global $wp (mut i32) (i32.const 0))
  (global $feats (mut i32) (i32.const 0))
  (global $poff (mut i32) (i32.const 0))
  (global $pmiss (mut i32) (i32.const 0))
  (global $list (mut i32) (i32.const 0))
  (global $known (mut i32) (i32.const 0))

  ;; The best split so far (SplitSweep's best*, as drawScan keeps them).
  (global $bestProxy (mut f64) (f64.const 0))
  (global $bestL0 (mut f64) (f64.const 0))
  (global $bestL1 (mut f64) (f64.const 0))
  (global $bestF (mut i32) (i32.const 0))
  (global $bestM (mut i32) (i32.const 0))
  (global $bestJ (mut i32) (i32.const 0))
  (global $bestML (mut i32) (i32.const 0))
  (global $bestHM (mut i32) (i32.const 0))
  (global $bestLo (mut i32) (i32.const 0))
  (global $bestHi (mut i32) (i32.const 0))

  ;; Addresses of the row ids (i32), packed weights (f64), feature list (i32), columns' code addresses (i32),
  ;; missing flags (u8), the drawn features (i32) and the known-constant flags (u8, by feature).
  (func (export "init")
    (param $ip i32) (param $wp i32) (param $feats i32) (param $poff i32) (param $pmiss i32) (param $list i32)
    (param $known i32)
    (global.set $ip (local.get $ip))
    (global.set $wp (local.get $wp))
    (global.set $feats (local.get $feats))
    (global.set $poff (local.get $poff))
    (global.set $pmiss (local.get $pmiss))
    (global.set $list (local.get $list))
    (global.set $known (local.get $known)))

  ;; SplitSweep.considerBinary, then setBest's record (with the codes order[j - 1] and order[j]).
  (func $consider
    (param $l0 f64) (param $l1 f64) (param $r0 f64) (param $r1 f64) (param $f i32) (param $m i32) (param $j i32)
    (param $ml i32) (param $hm i32) (param $lo i32) (param $hi i32)
    (local $sl f64) (local $sr f64) (local $proxy f64)
    (local.set $sl (f64.add (local.get $l0) (local.get $l1)))
    (local.set $sr (f64.add (local.get $r0) (local.get $r1)))
    (if (i32.eqz (i32.and (f64.gt (local.get $sl) (f64.const 0)) (f64.gt (local.get $sr) (f64.const 0))))
      (then (return)))
    (local.set $proxy (f64.add
      (f64.div (f64.add (f64.mul (local.get $l0) (local.get $l0)) (f64.mul (local.get $l1) (local.get $l1)))
        (local.get $sl))
      (f64.div (f64.add (f64.mul (local.get $r0) (local.get $r0)) (f64.mul (local.get $r1) (local.get $r1)))
        (local.get $sr))))
    (if (f64.gt (local.get $proxy) (global.get $bestProxy))
      (then
        (global.set $bestProxy (local.get $proxy))
        (global.set $bestL0 (local.get $l0))
        (global.set $bestL1 (local.get $l1))
        (global.set $bestF (local.get $f))
        (global.set $bestM (local.get $m))
        (global.set $bestJ (local.get $j))
        (global.set $bestML (local.get $ml))
        (global.set $bestHM (local.get $hm))
        (global.set $bestLo (local.get $lo))
        (global.set $bestHi (local.get $hi)))))

  ;; The node of rows idx[start..end) with class weights $n0, $n1: the $nList features drawn (list), features known
  ;; constant flagged in known; features found constant are appended to feats from $nConst on. $minLeaf: the
  ;; minSamplesLeaf of the row checks (−∞ at 1: every candidate passes, and the rows are not counted, $counted 0).
  ;; Returns the new number of constants; the best split (proxy, left class weights at [0], [8], [16]; feature (−1:
  ;; none), genotypes m, prefix j, missing left, node has missing rows, codes order[j − 1], order[j] at [24] … [48])
  ;; and at [52] whether a drawn feature varied.
  (func (export "scanList")
    (param $start i32) (param $end i32) (param $nList i32) (param $nConst i32) (param $n0 f64) (param $n1 f64)
    (param $minLeaf f64) (param $counted i32) (result i32)
    (local $i i32) (local $f i32) (local $g i32) (local $ahead i32) (local $mf i32) (local $mg i32)
    (local $varied i32) (local $distinct i32) (local $m i32) (local $j i32) (local $code i32) (local $prev i32)
    (local $A f64) (local $B f64) (local $C f64) (local $NA f64) (local $NB f64) (local $NC f64)
    (local $aA f64) (local $aB f64) (local $aC f64) (local $aNA f64) (local $aNB f64) (local $aNC f64)
    (local $w2 f64) (local $w3 f64) (local $T f64) (local $nTot f64) (local $nNode f64)
    (local $a0 f64) (local $a1 f64) (local $b1 f64) (local $z0 f64) (local $z1 f64) (local $c0 f64) (local $c1 f64)
    (local $cum f64) (local $k0 f64) (local $k1 f64) (local $p0 f64) (local $p1 f64) (local $sc f64) (local $h1 f64)
    (local $s0 f64) (local $s1 f64) (local $s2 f64)
    (global.set $bestProxy (f64.const -inf))
    (global.set $bestF (i32.const -1))
    (local.set $T (f64.add (local.get $n0) (f64.mul (local.get $n1) (f64.const 67108864))))
    (local.set $nTot (f64.add (local.get $n0) (local.get $n1)))
    (local.set $nNode (f64.convert_i32_s (i32.sub (local.get $end) (local.get $start))))
    (local.set $ahead (i32.const -1))
    (block $done
      (loop $each
        (br_if $done (i32.ge_s (local.get $i) (local.get $nList)))
        (local.set $f (i32.load (i32.add (global.get $list) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (block $next
          (br_if $next (i32.load8_u (i32.add (global.get $known) (local.get $f))))
          (if (i32.eq (local.get $f) (local.get $ahead))
            (then
              (local.set $A (local.get $aA))
              (local.set $B (local.get $aB))
              (local.set $C (local.get $aC))
              (local.set $NA (local.get $aNA))
              (local.set $NB (local.get $aNB))
              (local.set $NC (local.get $aNC))
              (local.set $ahead (i32.const -1)))
            (else
              (local.set $g (i32.const -1))
              (if (i32.lt_s (local.get $i) (local.get $nList))
                (then
                  (local.set $g (i32.load (i32.add (global.get $list) (i32.shl (local.get $i) (i32.const 2)))))
                  (if (i32.load8_u (i32.add (global.get $known) (local.get $g)))
                    (then (local.set $g (i32.const -1))))))
              (local.set $mf (i32.load8_u (i32.add (global.get $pmiss) (local.get $f))))
              (if (i32.ge_s (local.get $g) (i32.const 0))
                (then
                  ;; FeatureSearch.scanPairAhead: f and the next feature drawn in one pass, g's sums kept.
                  (local.set $mg (i32.load8_u (i32.add (global.get $pmiss) (local.get $g))))
                  (if (i32.or (local.get $mf) (local.get $mg))
                    (then
                      (call $pair3 (global.get $ip) (global.get $wp) (local.get $start) (local.get $end)
                        (i32.load (i32.add (global.get $poff) (i32.shl (local.get $f) (i32.const 2))))
                        (i32.load (i32.add (global.get $poff) (i32.shl (local.get $g) (i32.const 2))))
                        (local.get $counted))
                      ;; PackedScan.putBitSums of g (moments at [24], [32], [40]).
                      (local.set $w3 (select
                        (f64.div
                          (f64.add (f64.sub (f64.load (i32.const 40)) (f64.mul (f64.const 3) (f64.load (i32.const 32))))
                            (f64.mul (f64.const 2) (f64.load (i32.const 24))))
                          (f64.const 6))
                        (f64.const 0)
                        (local.get $mg)))
                      (local.set $w2 (f64.mul
                        (f64.sub (f64.sub (f64.load (i32.const 32)) (f64.load (i32.const 24)))
                          (f64.mul (f64.const 6) (local.get $w3)))
                        (f64.const 0.5)))
                      (local.set $aA (f64.sub (f64.sub (f64.load (i32.const 24)) (f64.mul (f64.const 2) (local.get $w2)))
                        (f64.mul (f64.const 2) (local.get $w3))))
                      (local.set $aB (f64.add (local.get $w2) (local.get $w3)))
                      (local.set $aC (local.get $w3))
                      ;; PackedScan.putBitSums of f (moments at [0], [8], [16]).
                      (local.set $w3 (select
                        (f64.div
                          (f64.add (f64.sub (f64.load (i32.const 16)) (f64.mul (f64.const 3) (f64.load (i32.const 8))))
                            (f64.mul (f64.const 2) (f64.load (i32.const 0))))
                          (f64.const 6))
                        (f64.const 0)
                        (local.get $mf)))
                      (local.set $w2 (f64.mul
                        (f64.sub (f64.sub (f64.load (i32.const 8)) (f64.load (i32.const 0)))
                          (f64.mul (f64.const 6) (local.get $w3)))
                        (f64.const 0.5)))
                      (local.set $A (f64.sub (f64.sub (f64.load (i32.const 0)) (f64.mul (f64.const 2) (local.get $w2)))
                        (f64.mul (f64.const 2) (local.get $w3))))
                      (local.set $B (f64.add (local.get $w2) (local.get $w3)))
                      (local.set $C (local.get $w3)))
                    (else
                      (call $pair2 (global.get $ip) (global.get $wp) (local.get $start) (local.get $end)
                        (i32.load (i32.add (global.get $poff) (i32.shl (local.get $f) (i32.const 2))))
                        (i32.load (i32.add (global.get $poff) (i32.shl (local.get $g) (i32.const 2))))
                        (local.get $counted))
                      ;; PackedScan.putBitSums without missing values: g's moments at [16], [24], f's at [0], [8].
                      (local.set $w2 (f64.mul
                        (f64.sub (f64.sub (f64.load (i32.const 24)) (f64.load (i32.const 16)))
                          (f64.mul (f64.const 6) (f64.const 0)))
                        (f64.const 0.5)))
                      (local.set $aA (f64.sub (f64.sub (f64.load (i32.const 16)) (f64.mul (f64.const 2) (local.get $w2)))
                        (f64.mul (f64.const 2) (f64.const 0))))
                      (local.set $aB (f64.add (local.get $w2) (f64.const 0)))
                      (local.set $aC (f64.const 0))
                      (local.set $w2 (f64.mul
                        (f64.sub (f64.sub (f64.load (i32.const 8)) (f64.load (i32.const 0)))
                          (f64.mul (f64.const 6) (f64.const 0)))
                        (f64.const 0.5)))
                      (local.set $A (f64.sub (f64.sub (f64.load (i32.const 0)) (f64.mul (f64.const 2) (local.get $w2)))
                        (f64.mul (f64.const 2) (f64.const 0))))
                      (local.set $B (f64.add (local.get $w2) (f64.const 0)))
                      (local.set $C (f64.const 0))
                      ;; The rows of code 3: none (pair2 leaves 0 there).
                      (i32.store (i32.const 88) (i32.const 0))
                      (i32.store (i32.const 100) (i32.const 0))))
                  (local.set $NA (f64.convert_i32_s (i32.load (i32.const 80))))
                  (local.set $NB (f64.convert_i32_s (i32.load (i32.const 84))))
                  (local.set $NC (f64.convert_i32_s (i32.load (i32.const 88))))
                  (local.set $aNA (f64.convert_i32_s (i32.load (i32.const 92))))
                  (local.set $aNB (f64.convert_i32_s (i32.load (i32.const 96))))
                  (local.set $aNC (f64.convert_i32_s (i32.load (i32.const 100))))
                  (local.set $ahead (local.get $g)))
                (else
                  (call $one3 (global.get $ip) (global.get $wp) (local.get $start) (local.get $end)
                    (i32.load (i32.add (global.get $poff) (i32.shl (local.get $f) (i32.const 2))))
                    (local.get $counted))
                  ;; PackedScan.putBitSums (moments at [0], [8], [16]).
                  (local.set $w3 (select
                    (f64.div
                      (f64.add (f64.sub (f64.load (i32.const 16)) (f64.mul (f64.const 3) (f64.load (i32.const 8))))
                        (f64.mul (f64.const 2) (f64.load (i32.const 0))))
                      (f64.const 6))
                    (f64.const 0)
                    (local.get $mf)))
                  (local.set $w2 (f64.mul
                    (f64.sub (f64.sub (f64.load (i32.const 8)) (f64.load (i32.const 0)))
                      (f64.mul (f64.const 6) (local.get $w3)))
                    (f64.const 0.5)))
                  (local.set $A (f64.sub (f64.sub (f64.load (i32.const 0)) (f64.mul (f64.const 2) (local.get $w2)))
                    (f64.mul (f64.const 2) (local.get $w3))))
                  (local.set $B (f64.add (local.get $w2) (local.get $w3)))
                  (local.set $C (local.get $w3))
                  (local.set $NA (f64.convert_i32_s (i32.load (i32.const 80))))
                  (local.set $NB (f64.convert_i32_s (i32.load (i32.const 84))))
                  (local.set $NC (f64.convert_i32_s (i32.load (i32.const 88))))))))
          ;; Distinct values: the genotype sums s0 = T - A - B + C, s1 = A - C, s2 = B - C and s3 = C not zero.
          (local.set $s0 (f64.add (f64.sub (f64.sub (local.get $T) (local.get $A)) (local.get $B)) (local.get $C)))
          (local.set $s1 (f64.sub (local.get $A) (local.get $C)))
          (local.set $s2 (f64.sub (local.get $B) (local.get $C)))
          (local.set $distinct (i32.add
            (i32.add (f64.ne (local.get $s0) (f64.const 0)) (f64.ne (local.get $s1) (f64.const 0)))
            (i32.add (f64.ne (local.get $s2) (f64.const 0)) (f64.ne (local.get $C) (f64.const 0)))))
          (if (i32.le_s (local.get $distinct) (i32.const 1))
            (then
              (i32.store (i32.add (global.get $feats) (i32.shl (local.get $nConst) (i32.const 2))) (local.get $f))
              (local.set $nConst (i32.add (local.get $nConst) (i32.const 1)))
              (br $next)))
          (local.set $varied (i32.const 1))
          ;; A split into pure sides was found already: no candidate can be kept (PackedScan.evalPacked).
          (br_if $next (f64.ge (global.get $bestProxy) (local.get $nTot)))
          (if (f64.eq (local.get $C) (f64.const 0))
            (then
              ;; No missing rows: genotypes 0, 1, 2 from the node's totals and the bit sums.
              (local.set $a1 (f64.floor (f64.mul (local.get $A) (f64.const 0x1p-26))))
              (local.set $a0 (f64.sub (local.get $A) (f64.mul (local.get $a1) (f64.const 67108864))))
              (local.set $b1 (f64.floor (f64.mul (local.get $B) (f64.const 0x1p-26))))
              (local.set $z0 (f64.sub (f64.sub (local.get $n0) (local.get $a0))
                (f64.sub (local.get $B) (f64.mul (local.get $b1) (f64.const 67108864)))))
              (local.set $z1 (f64.sub (f64.sub (local.get $n1) (local.get $a1)) (local.get $b1)))
              (local.set $m (i32.const 0))
              (local.set $c0 (f64.const 0))
              (local.set $c1 (f64.const 0))
              (local.set $cum (f64.const 0))
              (local.set $prev (i32.const 0))
              (if (i32.or (f64.ne (local.get $z0) (f64.const 0)) (f64.ne (local.get $z1) (f64.const 0)))
                (then
                  (local.set $c0 (local.get $z0))
                  (local.set $c1 (local.get $z1))
                  (local.set $cum (f64.sub (f64.sub (local.get $nNode) (local.get $NA)) (local.get $NB)))
                  (local.set $m (i32.const 1))))
              (if (f64.ne (local.get $A) (f64.const 0))
                (then
                  (if (i32.and (i32.gt_s (local.get $m) (i32.const 0))
                        (i32.and (f64.ge (local.get $cum) (local.get $minLeaf))
                          (f64.ge (f64.sub (local.get $nNode) (local.get $cum)) (local.get $minLeaf))))
                    (then
                      (call $consider (local.get $c0) (local.get $c1)
                        (f64.sub (local.get $n0) (local.get $c0)) (f64.sub (local.get $n1) (local.get $c1))
                        (local.get $f) (i32.add (local.get $m) (i32.const 1)) (local.get $m) (i32.const 0) (i32.const 0)
                        (local.get $prev) (i32.const 1))))
                  (local.set $c0 (f64.add (local.get $c0) (local.get $a0)))
                  (local.set $c1 (f64.add (local.get $c1) (local.get $a1)))
                  (local.set $cum (f64.add (local.get $cum) (local.get $NA)))
                  (local.set $prev (i32.const 1))
                  (local.set $m (i32.add (local.get $m) (i32.const 1)))))
              (if (f64.ne (local.get $B) (f64.const 0))
                (then
                  (if (i32.and (i32.gt_s (local.get $m) (i32.const 0))
                        (i32.and (f64.ge (local.get $cum) (local.get $minLeaf))
                          (f64.ge (f64.sub (local.get $nNode) (local.get $cum)) (local.get $minLeaf))))
                    (then
                      (call $consider (local.get $c0) (local.get $c1)
                        (f64.sub (local.get $n0) (local.get $c0)) (f64.sub (local.get $n1) (local.get $c1))
                        (local.get $f) (i32.add (local.get $m) (i32.const 1)) (local.get $m) (i32.const 0) (i32.const 0)
                        (local.get $prev) (i32.const 2)))))))
            (else
              ;; Missing rows: at each boundary between present genotypes the missing rows right, then left; last
              ;; every present genotype left, the missing rows right.
              (local.set $m (i32.add
                (i32.add (f64.ne (local.get $s0) (f64.const 0)) (f64.ne (local.get $s1) (f64.const 0)))
                (f64.ne (local.get $s2) (f64.const 0))))
              (local.set $k1 (f64.floor (f64.mul (local.get $C) (f64.const 0x1p-26))))
              (local.set $k0 (f64.sub (local.get $C) (f64.mul (local.get $k1) (f64.const 67108864))))
              (local.set $p0 (f64.sub (local.get $n0) (local.get $k0)))
              (local.set $p1 (f64.sub (local.get $n1) (local.get $k1)))
              (local.set $j (i32.const 0))
              (local.set $c0 (f64.const 0))
              (local.set $c1 (f64.const 0))
              (local.set $cum (f64.const 0))
              (local.set $prev (i32.const 0))
              (local.set $code (i32.const 0))
              (block $codesDone
                (loop $codes
                  (br_if $codesDone (i32.ge_s (local.get $code) (i32.const 3)))
                  (local.set $sc (select (local.get $s0)
                    (select (local.get $s1) (local.get $s2) (i32.eq (local.get $code) (i32.const 1)))
                    (i32.eqz (local.get $code))))
                  (if (f64.ne (local.get $sc) (f64.const 0))
                    (then
                      (if (i32.gt_s (local.get $j) (i32.const 0))
                        (then
                          (if (i32.and (f64.ge (local.get $cum) (local.get $minLeaf))
                                (f64.ge (f64.sub (local.get $nNode) (local.get $cum)) (local.get $minLeaf)))
                            (then
                              (call $consider (local.get $c0) (local.get $c1)
                                (f64.add (f64.sub (local.get $p0) (local.get $c0)) (local.get $k0))
                                (f64.add (f64.sub (local.get $p1) (local.get $c1)) (local.get $k1))
                                (local.get $f) (local.get $m) (local.get $j) (i32.const 0) (i32.const 1)
                                (local.get $prev) (local.get $code))))
                          (if (i32.and (f64.ge (f64.add (local.get $cum) (local.get $NC)) (local.get $minLeaf))
                                (f64.ge (f64.sub (f64.sub (local.get $nNode) (local.get $cum)) (local.get $NC))
                                  (local.get $minLeaf)))
                            (then
                              (call $consider
                                (f64.add (local.get $c0) (local.get $k0)) (f64.add (local.get $c1) (local.get $k1))
                                (f64.sub (local.get $p0) (local.get $c0)) (f64.sub (local.get $p1) (local.get $c1))
                                (local.get $f) (local.get $m) (local.get $j) (i32.const 1) (i32.const 1)
                                (local.get $prev) (local.get $code))))))
                      (local.set $h1 (f64.floor (f64.mul (local.get $sc) (f64.const 0x1p-26))))
                      (local.set $c0 (f64.add (local.get $c0)
                        (f64.sub (local.get $sc) (f64.mul (local.get $h1) (f64.const 67108864)))))
                      (local.set $c1 (f64.add (local.get $c1) (local.get $h1)))
                      (local.set $cum (f64.add (local.get $cum)
                        (select
                          (f64.add (f64.sub (f64.sub (local.get $nNode) (local.get $NA)) (local.get $NB)) (local.get $NC))
                          (select (f64.sub (local.get $NA) (local.get $NC)) (f64.sub (local.get $NB) (local.get $NC))
                            (i32.eq (local.get $code) (i32.const 1)))
                          (i32.eqz (local.get $code)))))
                      (local.set $prev (local.get $code))
                      (local.set $j (i32.add (local.get $j) (i32.const 1)))))
                  (local.set $code (i32.add (local.get $code) (i32.const 1)))
                  (br $codes)))
              (if (i32.and (i32.gt_s (local.get $m) (i32.const 0))
                    (i32.and (f64.ge (local.get $cum) (local.get $minLeaf)) (f64.ge (local.get $NC) (local.get $minLeaf))))
                (then
                  (call $consider (local.get $c0) (local.get $c1) (local.get $k0) (local.get $k1)
                    (local.get $f) (local.get $m) (local.get $m) (i32.const 0) (i32.const 1)
                    (local.get $prev) (local.get $prev)))))))
        (br $each)))
    (f64.store (i32.const 0) (global.get $bestProxy))
    (f64.store (i32.const 8) (global.get $bestL0))
    (f64.store (i32.const 16) (global.get $bestL1))
    (i32.store (i32.const 24) (global.get $bestF))
    (i32.store (i32.const 28) (global.get $bestM))
    (i32.store (i32.const 32) (global.get $bestJ))
    (i32.store (i32.const 36) (global.get $bestML))
    (i32.store (i32.const 40) (global.get $bestHM))
    (i32.store (i32.const 44) (global.get $bestLo))
    (i32.store (i32.const 48) (global.get $bestHi))
    (i32.store (i32.const 52) (local.get $varied))
    (local.get $nConst))
)
