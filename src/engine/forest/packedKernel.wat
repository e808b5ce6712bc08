;; The row loops of the packed SNP split search (packedScan.ts) in WebAssembly: sums over a node's rows of the
;; rows' packed class weights v times the 2-bit code x of a column and its powers (the moments that putBitSums
;; turns into bit sums). The same floating-point operations as the JavaScript loops; every sum is an exact
;; integer below 2^53 (growSetup bounds the weights), so any order of additions gives the same bits.
;;
;; Memory (imported, laid out by packedKernel.ts): bytes [0, 64) take the results (f64), [80, 104) the row counts
;; of the counted loops (i32; [64, 80) holds drawScan's generator state), the node's row ids
;; (i32) start at $ip, the packed weights (f64, by row id) at $wp, a column's codes (4 rows a byte, row r in
;; bits 2(r & 3) of byte r >> 2) at $pf / $pg. Built into packedKernelWasm.ts by scripts/build-packed-kernel.ts.
(module
  (import "env" "memory" (memory 1))

  ;; Two columns without missing values: Σ x v, Σ x² v of f to [0], [8]; of g to [16], [24].
  ;; With $counts not 0, the counted loop instead ($pair2c: the rows of each bit too, for minSamplesLeaf > 1).
  (func $pair2 (export "pair2")
    (param $ip i32) (param $wp i32) (param $start i32) (param $end i32) (param $pf i32) (param $pg i32)
    (param $counts i32)
    (local $a i32) (local $stop i32) (local $r i32) (local $q i32) (local $sh i32)
    (local $x f64) (local $z f64) (local $v f64) (local $tx f64) (local $tz f64)
    (local $f1 f64) (local $f2 f64) (local $g1 f64) (local $g2 f64)
    (if (local.get $counts) (then (call $pair2c (local.get $ip) (local.get $wp) (local.get $start) (local.get $end) (local.get $pf) (local.get $pg)) (return)))
    (local.set $a (i32.add (local.get $ip) (i32.shl (local.get $start) (i32.const 2))))
    (local.set $stop (i32.add (local.get $ip) (i32.shl (local.get $end) (i32.const 2))))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $a) (local.get $stop)))
        (local.set $r (i32.load (local.get $a)))
        (local.set $q (i32.shr_u (local.get $r) (i32.const 2)))
        (local.set $sh (i32.shl (i32.and (local.get $r) (i32.const 3)) (i32.const 1)))
        (local.set $x (f64.convert_i32_u (i32.and
          (i32.shr_u (i32.load8_u (i32.add (local.get $pf) (local.get $q))) (local.get $sh)) (i32.const 3))))
        (local.set $z (f64.convert_i32_u (i32.and
          (i32.shr_u (i32.load8_u (i32.add (local.get $pg) (local.get $q))) (local.get $sh)) (i32.const 3))))
        (local.set $v (f64.load (i32.add (local.get $wp) (i32.shl (local.get $r) (i32.const 3)))))
        (local.set $tx (f64.mul (local.get $x) (local.get $v)))
        (local.set $tz (f64.mul (local.get $z) (local.get $v)))
        (local.set $f1 (f64.add (local.get $f1) (local.get $tx)))
        (local.set $f2 (f64.add (local.get $f2) (f64.mul (local.get $tx) (local.get $x))))
        (local.set $g1 (f64.add (local.get $g1) (local.get $tz)))
        (local.set $g2 (f64.add (local.get $g2) (f64.mul (local.get $tz) (local.get $z))))
        (local.set $a (i32.add (local.get $a) (i32.const 4)))
        (br $rows)))
    (f64.store (i32.const 0) (local.get $f1))
    (f64.store (i32.const 8) (local.get $f2))
    (f64.store (i32.const 16) (local.get $g1))
    (f64.store (i32.const 24) (local.get $g2)))

  ;; Two columns, either with missing values (code 3): Σ x v, Σ x² v, Σ x³ v of f to [0], [8], [16]; of g to
  ;; [24], [32], [40].
  ;; With $counts not 0, the counted loop instead ($pair3c).
  (func $pair3 (export "pair3")
    (param $ip i32) (param $wp i32) (param $start i32) (param $end i32) (param $pf i32) (param $pg i32)
    (param $counts i32)
    (local $a i32) (local $stop i32) (local $r i32) (local $q i32) (local $sh i32)
    (local $x f64) (local $z f64) (local $v f64) (local $tx f64) (local $tz f64) (local $tx2 f64) (local $tz2 f64)
    (local $f1 f64) (local $f2 f64) (local $f3 f64) (local $g1 f64) (local $g2 f64) (local $g3 f64)
    (if (local.get $counts) (then (call $pair3c (local.get $ip) (local.get $wp) (local.get $start) (local.get $end) (local.get $pf) (local.get $pg)) (return)))
    (local.set $a (i32.add (local.get $ip) (i32.shl (local.get $start) (i32.const 2))))
    (local.set $stop (i32.add (local.get $ip) (i32.shl (local.get $end) (i32.const 2))))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $a) (local.get $stop)))
        (local.set $r (i32.load (local.get $a)))
        (local.set $q (i32.shr_u (local.get $r) (i32.const 2)))
        (local.set $sh (i32.shl (i32.and (local.get $r) (i32.const 3)) (i32.const 1)))
        (local.set $x (f64.convert_i32_u (i32.and
          (i32.shr_u (i32.load8_u (i32.add (local.get $pf) (local.get $q))) (local.get $sh)) (i32.const 3))))
        (local.set $z (f64.convert_i32_u (i32.and
          (i32.shr_u (i32.load8_u (i32.add (local.get $pg) (local.get $q))) (local.get $sh)) (i32.const 3))))
        (local.set $v (f64.load (i32.add (local.get $wp) (i32.shl (local.get $r) (i32.const 3)))))
        (local.set $tx (f64.mul (local.get $x) (local.get $v)))
        (local.set $tz (f64.mul (local.get $z) (local.get $v)))
        (local.set $tx2 (f64.mul (local.get $tx) (local.get $x)))
        (local.set $tz2 (f64.mul (local.get $tz) (local.get $z)))
        (local.set $f1 (f64.add (local.get $f1) (local.get $tx)))
        (local.set $f2 (f64.add (local.get $f2) (local.get $tx2)))
        (local.set $f3 (f64.add (local.get $f3) (f64.mul (local.get $tx2) (local.get $x))))
        (local.set $g1 (f64.add (local.get $g1) (local.get $tz)))
        (local.set $g2 (f64.add (local.get $g2) (local.get $tz2)))
        (local.set $g3 (f64.add (local.get $g3) (f64.mul (local.get $tz2) (local.get $z))))
        (local.set $a (i32.add (local.get $a) (i32.const 4)))
        (br $rows)))
    (f64.store (i32.const 0) (local.get $f1))
    (f64.store (i32.const 8) (local.get $f2))
    (f64.store (i32.const 16) (local.get $f3))
    (f64.store (i32.const 24) (local.get $g1))
    (f64.store (i32.const 32) (local.get $g2))
    (f64.store (i32.const 40) (local.get $g3)))

  ;; One column: Σ x v, Σ x² v, Σ x³ v to [0], [8], [16].
  ;; With $counts not 0, the counted loop instead ($one3c).
  (func $one3 (export "one3")
    (param $ip i32) (param $wp i32) (param $start i32) (param $end i32) (param $pf i32) (param $counts i32)
    (local $a i32) (local $stop i32) (local $r i32)
    (local $x f64) (local $t f64) (local $t2 f64)
    (local $s1 f64) (local $s2 f64) (local $s3 f64)
    (if (local.get $counts) (then (call $one3c (local.get $ip) (local.get $wp) (local.get $start) (local.get $end) (local.get $pf)) (return)))
    (local.set $a (i32.add (local.get $ip) (i32.shl (local.get $start) (i32.const 2))))
    (local.set $stop (i32.add (local.get $ip) (i32.shl (local.get $end) (i32.const 2))))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $a) (local.get $stop)))
        (local.set $r (i32.load (local.get $a)))
        (local.set $x (f64.convert_i32_u (i32.and
          (i32.shr_u
            (i32.load8_u (i32.add (local.get $pf) (i32.shr_u (local.get $r) (i32.const 2))))
            (i32.shl (i32.and (local.get $r) (i32.const 3)) (i32.const 1)))
          (i32.const 3))))
        (local.set $t (f64.mul (local.get $x)
          (f64.load (i32.add (local.get $wp) (i32.shl (local.get $r) (i32.const 3))))))
        (local.set $t2 (f64.mul (local.get $t) (local.get $x)))
        (local.set $s1 (f64.add (local.get $s1) (local.get $t)))
        (local.set $s2 (f64.add (local.get $s2) (local.get $t2)))
        (local.set $s3 (f64.add (local.get $s3) (f64.mul (local.get $t2) (local.get $x))))
        (local.set $a (i32.add (local.get $a) (i32.const 4)))
        (br $rows)))
    (f64.store (i32.const 0) (local.get $s1))
    (f64.store (i32.const 8) (local.get $s2))
    (f64.store (i32.const 16) (local.get $s3)))
;; ---------------------------------------------------------------------------------------------------------------
  ;; The counted loops (minSamplesLeaf > 1, PackedScan.scanPackedCounted and sumPackedPair(Missing)Counted): the
  ;; moments as above and, in i32, the rows of each bit (A: code 1 or 3, B: code 2 or 3, C: code 3) beside them.

  ;; Two columns without missing values: the moments as $pair2; rows of A and B of f to [80], [84], of g to [92],
  ;; [96] ([88] and [100], the rows of C, get 0).
  (func $pair2c
    (param $ip i32) (param $wp i32) (param $start i32) (param $end i32) (param $pf i32) (param $pg i32)
    (local $a i32) (local $stop i32) (local $r i32) (local $q i32) (local $sh i32) (local $xi i32) (local $zi i32)
    (local $x f64) (local $z f64) (local $v f64) (local $tx f64) (local $tz f64)
    (local $f1 f64) (local $f2 f64) (local $g1 f64) (local $g2 f64)
    (local $naf i32) (local $nbf i32) (local $nag i32) (local $nbg i32)
    (local.set $a (i32.add (local.get $ip) (i32.shl (local.get $start) (i32.const 2))))
    (local.set $stop (i32.add (local.get $ip) (i32.shl (local.get $end) (i32.const 2))))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $a) (local.get $stop)))
        (local.set $r (i32.load (local.get $a)))
        (local.set $q (i32.shr_u (local.get $r) (i32.const 2)))
        (local.set $sh (i32.shl (i32.and (local.get $r) (i32.const 3)) (i32.const 1)))
        (local.set $xi (i32.and
          (i32.shr_u (i32.load8_u (i32.add (local.get $pf) (local.get $q))) (local.get $sh)) (i32.const 3)))
        (local.set $zi (i32.and
          (i32.shr_u (i32.load8_u (i32.add (local.get $pg) (local.get $q))) (local.get $sh)) (i32.const 3)))
        (local.set $x (f64.convert_i32_u (local.get $xi)))
        (local.set $z (f64.convert_i32_u (local.get $zi)))
        (local.set $v (f64.load (i32.add (local.get $wp) (i32.shl (local.get $r) (i32.const 3)))))
        (local.set $tx (f64.mul (local.get $x) (local.get $v)))
        (local.set $tz (f64.mul (local.get $z) (local.get $v)))
        (local.set $f1 (f64.add (local.get $f1) (local.get $tx)))
        (local.set $f2 (f64.add (local.get $f2) (f64.mul (local.get $tx) (local.get $x))))
        (local.set $g1 (f64.add (local.get $g1) (local.get $tz)))
        (local.set $g2 (f64.add (local.get $g2) (f64.mul (local.get $tz) (local.get $z))))
        (local.set $naf (i32.add (local.get $naf) (i32.and (local.get $xi) (i32.const 1))))
        (local.set $nbf (i32.add (local.get $nbf) (i32.shr_u (local.get $xi) (i32.const 1))))
        (local.set $nag (i32.add (local.get $nag) (i32.and (local.get $zi) (i32.const 1))))
        (local.set $nbg (i32.add (local.get $nbg) (i32.shr_u (local.get $zi) (i32.const 1))))
        (local.set $a (i32.add (local.get $a) (i32.const 4)))
        (br $rows)))
    (f64.store (i32.const 0) (local.get $f1))
    (f64.store (i32.const 8) (local.get $f2))
    (f64.store (i32.const 16) (local.get $g1))
    (f64.store (i32.const 24) (local.get $g2))
    (i32.store (i32.const 80) (local.get $naf))
    (i32.store (i32.const 84) (local.get $nbf))
    (i32.store (i32.const 88) (i32.const 0))
    (i32.store (i32.const 92) (local.get $nag))
    (i32.store (i32.const 96) (local.get $nbg))
    (i32.store (i32.const 100) (i32.const 0)))

  ;; Two columns, either with missing values: the moments as $pair3; rows of A, B, C of f to [80], [84], [88], of
  ;; g to [92], [96], [100].
  (func $pair3c
    (param $ip i32) (param $wp i32) (param $start i32) (param $end i32) (param $pf i32) (param $pg i32)
    (local $a i32) (local $stop i32) (local $r i32) (local $q i32) (local $sh i32) (local $xi i32) (local $zi i32)
    (local $x f64) (local $z f64) (local $v f64) (local $tx f64) (local $tz f64) (local $tx2 f64) (local $tz2 f64)
    (local $f1 f64) (local $f2 f64) (local $f3 f64) (local $g1 f64) (local $g2 f64) (local $g3 f64)
    (local $naf i32) (local $nbf i32) (local $ncf i32) (local $nag i32) (local $nbg i32) (local $ncg i32)
    (local.set $a (i32.add (local.get $ip) (i32.shl (local.get $start) (i32.const 2))))
    (local.set $stop (i32.add (local.get $ip) (i32.shl (local.get $end) (i32.const 2))))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $a) (local.get $stop)))
        (local.set $r (i32.load (local.get $a)))
        (local.set $q (i32.shr_u (local.get $r) (i32.const 2)))
        (local.set $sh (i32.shl (i32.and (local.get $r) (i32.const 3)) (i32.const 1)))
        (local.set $xi (i32.and
          (i32.shr_u (i32.load8_u (i32.add (local.get $pf) (local.get $q))) (local.get $sh)) (i32.const 3)))
        (local.set $zi (i32.and
          (i32.shr_u (i32.load8_u (i32.add (local.get $pg) (local.get $q))) (local.get $sh)) (i32.const 3)))
        (local.set $x (f64.convert_i32_u (local.get $xi)))
        (local.set $z (f64.convert_i32_u (local.get $zi)))
        (local.set $v (f64.load (i32.add (local.get $wp) (i32.shl (local.get $r) (i32.const 3)))))
        (local.set $tx (f64.mul (local.get $x) (local.get $v)))
        (local.set $tz (f64.mul (local.get $z) (local.get $v)))
        (local.set $tx2 (f64.mul (local.get $tx) (local.get $x)))
        (local.set $tz2 (f64.mul (local.get $tz) (local.get $z)))
        (local.set $f1 (f64.add (local.get $f1) (local.get $tx)))
        (local.set $f2 (f64.add (local.get $f2) (local.get $tx2)))
        (local.set $f3 (f64.add (local.get $f3) (f64.mul (local.get $tx2) (local.get $x))))
        (local.set $g1 (f64.add (local.get $g1) (local.get $tz)))
        (local.set $g2 (f64.add (local.get $g2) (local.get $tz2)))
        (local.set $g3 (f64.add (local.get $g3) (f64.mul (local.get $tz2) (local.get $z))))
        (local.set $naf (i32.add (local.get $naf) (i32.and (local.get $xi) (i32.const 1))))
        (local.set $nbf (i32.add (local.get $nbf) (i32.shr_u (local.get $xi) (i32.const 1))))
        (local.set $ncf (i32.add (local.get $ncf)
          (i32.and (local.get $xi) (i32.shr_u (local.get $xi) (i32.const 1)))))
        (local.set $nag (i32.add (local.get $nag) (i32.and (local.get $zi) (i32.const 1))))
        (local.set $nbg (i32.add (local.get $nbg) (i32.shr_u (local.get $zi) (i32.const 1))))
        (local.set $ncg (i32.add (local.get $ncg)
          (i32.and (local.get $zi) (i32.shr_u (local.get $zi) (i32.const 1)))))
        (local.set $a (i32.add (local.get $a) (i32.const 4)))
        (br $rows)))
    (f64.store (i32.const 0) (local.get $f1))
    (f64.store (i32.const 8) (local.get $f2))
    (f64.store (i32.const 16) (local.get $f3))
    (f64.store (i32.const 24) (local.get $g1))
    (f64.store (i32.const 32) (local.get $g2))
    (f64.store (i32.const 40) (local.get $g3))
    (i32.store (i32.const 80) (local.get $naf))
    (i32.store (i32.const 84) (local.get $nbf))
    (i32.store (i32.const 88) (local.get $ncf))
    (i32.store (i32.const 92) (local.get $nag))
    (i32.store (i32.const 96) (local.get $nbg))
    (i32.store (i32.const 100) (local.get $ncg)))

  ;; One column: the moments as $one3; rows of A, B, C to [80], [84], [88].
  (func $one3c
    (param $ip i32) (param $wp i32) (param $start i32) (param $end i32) (param $pf i32)
    (local $a i32) (local $stop i32) (local $r i32) (local $xi i32)
    (local $x f64) (local $t f64) (local $t2 f64)
    (local $s1 f64) (local $s2 f64) (local $s3 f64)
    (local $na i32) (local $nb i32) (local $nc i32)
    (local.set $a (i32.add (local.get $ip) (i32.shl (local.get $start) (i32.const 2))))
    (local.set $stop (i32.add (local.get $ip) (i32.shl (local.get $end) (i32.const 2))))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $a) (local.get $stop)))
        (local.set $r (i32.load (local.get $a)))
        (local.set $xi (i32.and
          (i32.shr_u
            (i32.load8_u (i32.add (local.get $pf) (i32.shr_u (local.get $r) (i32.const 2))))
            (i32.shl (i32.and (local.get $r) (i32.const 3)) (i32.const 1)))
          (i32.const 3)))
        (local.set $x (f64.convert_i32_u (local.get $xi)))
        (local.set $t (f64.mul (local.get $x)
          (f64.load (i32.add (local.get $wp) (i32.shl (local.get $r) (i32.const 3))))))
        (local.set $t2 (f64.mul (local.get $t) (local.get $x)))
        (local.set $s1 (f64.add (local.get $s1) (local.get $t)))
        (local.set $s2 (f64.add (local.get $s2) (local.get $t2)))
        (local.set $s3 (f64.add (local.get $s3) (f64.mul (local.get $t2) (local.get $x))))
        (local.set $na (i32.add (local.get $na) (i32.and (local.get $xi) (i32.const 1))))
        (local.set $nb (i32.add (local.get $nb) (i32.shr_u (local.get $xi) (i32.const 1))))
        (local.set $nc (i32.add (local.get $nc)
          (i32.and (local.get $xi) (i32.shr_u (local.get $xi) (i32.const 1)))))
        (local.set $a (i32.add (local.get $a) (i32.const 4)))
        (br $rows)))
    (f64.store (i32.const 0) (local.get $s1))
    (f64.store (i32.const 8) (local.get $s2))
    (f64.store (i32.const 16) (local.get $s3))
    (i32.store (i32.const 80) (local.get $na))
    (i32.store (i32.const 84) (local.get $nb))
    (i32.store (i32.const 88) (local.get $nc)))
;; ---------------------------------------------------------------------------------------------------------------
  ;; A node's whole feature search on a table whose columns are all packed (SNP-only), at minSamplesLeaf 1:
  ;; FeatureSearch.findSplit's draws step for step (xoshiro128** as rng.ts, the same look-ahead pairs, the same
  ;; swaps of the feature lists), with each scanned column's bit sums (PackedScan.putBitSums) and, for the columns
  ;; not constant in the node, in draw order, PackedScan.evalPacked's candidates with SplitSweep.considerBinary's
  ;; arithmetic (minSamplesLeaf 1: no row checks). The best split goes to the start of the memory for
  ;; SplitSweep.adoptBest. Written out inline (no helper functions): the engine's WebAssembly compiler did not
  ;; inline them, and their calls cost more than the draws.

  (global $gip (mut i32) (i32.const 0))
  (global $gwp (mut i32) (i32.const 0))
  (global $gfeats (mut i32) (i32.const 0))
  (global $constF (mut i32) (i32.const 0))
  (global $poff (mut i32) (i32.const 0))
  (global $pmiss (mut i32) (i32.const 0))
  (global $state (mut i32) (i32.const 0))
  (global $gtp (mut i32) (i32.const 0))

  ;; Addresses of the row ids, packed weights, feature lists (i32), columns' code addresses (i32), missing flags
  ;; (u8), the generator's state (4 i32) and the partition's right-hand rows (i32).
  (func (export "init")
    (param $ip i32) (param $wp i32) (param $feats i32) (param $constF i32) (param $poff i32) (param $pmiss i32)
    (param $state i32) (param $tp i32)
    (global.set $gtp (local.get $tp))
    (global.set $gip (local.get $ip))
    (global.set $gwp (local.get $wp))
    (global.set $gfeats (local.get $feats))
    (global.set $constF (local.get $constF))
    (global.set $poff (local.get $poff))
    (global.set $pmiss (local.get $pmiss))
    (global.set $state (local.get $state)))

  ;; FeatureSearch.findSplit's loop for a node of rows idx[start..end) with class weights $n0, $n1; returns the
  ;; number of features known constant for its children. The best split: f64 proxy, left class-0 and class-1
  ;; weights at [0], [8], [16]; i32 feature (-1: none), genotypes m, prefix j, missing left, node has missing
  ;; rows, the codes order[j - 1] and order[j] at [24], [28], …, [48].
  (func (export "drawScan")
    (param $start i32) (param $end i32) (param $nKnownConst i32) (param $nFeatures i32) (param $mtry i32)
    (param $n0 f64) (param $n1 f64) (result i32)
    (local $fi i32) (local $nDrawnConst i32) (local $nFoundConst i32) (local $nTotalConst i32)
    (local $visited i32) (local $pending i32) (local $j i32) (local $j2 i32) (local $f i32) (local $g i32)
    (local $ahead i32) (local $aA f64) (local $aB f64) (local $aC f64) (local $i i32)
    (local $distinct i32) (local $feats i32) (local $mf i32) (local $mg i32)
    (local $s0 i32) (local $s1 i32) (local $s2 i32) (local $s3 i32) (local $u i32) (local $t i32) (local $n2 i32)
    (local $n3 i32) (local $rnd i32) (local $A f64) (local $B f64) (local $C f64) (local $w2 f64) (local $w3 f64)
    (local $T f64) (local $nTot f64) (local $bestProxy f64) (local $bestF i32) (local $bestM i32) (local $bestJ i32)
    (local $bestML i32) (local $bestHM i32) (local $bestLo i32) (local $bestHi i32) (local $bestL0 f64)
    (local $bestL1 f64) (local $hasMissing i32) (local $a0 f64) (local $a1 f64) (local $b1 f64) (local $z0 f64)
    (local $z1 f64) (local $c0 f64) (local $c1 f64) (local $m i32) (local $prev i32) (local $k0 f64) (local $k1 f64)
    (local $p0 f64) (local $p1 f64) (local $sc f64) (local $h1 f64) (local $code i32) (local $l0 f64) (local $l1 f64)
    (local $r0 f64) (local $r1 f64) (local $sl f64) (local $sr f64) (local $proxy f64)
    (local.set $feats (global.get $gfeats))
    (local.set $T (f64.add (local.get $n0) (f64.mul (local.get $n1) (f64.const 67108864))))
    (local.set $nTot (f64.add (local.get $n0) (local.get $n1)))
    (local.set $bestProxy (f64.const -inf))
    (local.set $bestF (i32.const -1))
    (local.set $s0 (i32.load (global.get $state)))
    (local.set $s1 (i32.load offset=4 (global.get $state)))
    (local.set $s2 (i32.load offset=8 (global.get $state)))
    (local.set $s3 (i32.load offset=12 (global.get $state)))
    (local.set $fi (local.get $nFeatures))
    (local.set $nTotalConst (local.get $nKnownConst))
    (local.set $pending (i32.const -1))
    (local.set $ahead (i32.const -1))
    (block $done
      (loop $draws
        (br_if $done (i32.le_s (local.get $fi) (local.get $nTotalConst)))
        (br_if $done (i32.and
          (i32.ge_s (local.get $visited) (local.get $mtry))
          (i32.gt_s (local.get $visited) (i32.add (local.get $nFoundConst) (local.get $nDrawnConst)))))
        (local.set $visited (i32.add (local.get $visited) (i32.const 1)))
        (if (i32.ge_s (local.get $pending) (i32.const 0))
          (then (local.set $j (local.get $pending)))
          (else
            ;; rng.ts nextU32, then nextInt: floor(u / 2^32 × n), the same floating-point operations.
            (local.set $u (i32.mul (i32.rotl (i32.mul (local.get $s1) (i32.const 5)) (i32.const 7)) (i32.const 9)))
            (local.set $t (i32.shl (local.get $s1) (i32.const 9)))
            (local.set $n2 (i32.xor (local.get $s2) (local.get $s0)))
            (local.set $n3 (i32.xor (local.get $s3) (local.get $s1)))
            (local.set $s1 (i32.xor (local.get $s1) (local.get $n2)))
            (local.set $s0 (i32.xor (local.get $s0) (local.get $n3)))
            (local.set $s2 (i32.xor (local.get $n2) (local.get $t)))
            (local.set $s3 (i32.rotl (local.get $n3) (i32.const 11)))
            (local.set $rnd (i32.trunc_f64_s (f64.floor (f64.mul
              (f64.div (f64.convert_i32_u (local.get $u)) (f64.const 4294967296))
              (f64.convert_i32_s (i32.sub (i32.sub (local.get $fi) (local.get $nFoundConst)) (local.get $nDrawnConst)))))))
            (local.set $j (i32.add (local.get $nDrawnConst) (local.get $rnd)))))
        (local.set $pending (i32.const -1))
        (block $next
          (if (i32.lt_s (local.get $j) (local.get $nKnownConst))
            (then
              (local.set $t (i32.load (i32.add (local.get $feats) (i32.shl (local.get $j) (i32.const 2)))))
              (i32.store (i32.add (local.get $feats) (i32.shl (local.get $j) (i32.const 2))) (i32.load (i32.add (local.get $feats) (i32.shl (local.get $nDrawnConst) (i32.const 2)))))
              (i32.store (i32.add (local.get $feats) (i32.shl (local.get $nDrawnConst) (i32.const 2))) (local.get $t))
              (local.set $nDrawnConst (i32.add (local.get $nDrawnConst) (i32.const 1)))
              (br $next)))
          (local.set $j (i32.add (local.get $j) (local.get $nFoundConst)))
          (local.set $f (i32.load (i32.add (local.get $feats) (i32.shl (local.get $j) (i32.const 2)))))
          (if (i32.eq (local.get $f) (local.get $ahead))
            (then
              (local.set $A (local.get $aA))
              (local.set $B (local.get $aB))
              (local.set $C (local.get $aC))
              (local.set $ahead (i32.const -1)))
            (else
              (local.set $g (i32.const -1))
              (if (i32.and
                    (i32.lt_s (local.get $visited) (local.get $mtry))
                    (i32.gt_s (i32.sub (local.get $fi) (local.get $nTotalConst)) (i32.const 1)))
                (then
                  ;; Another draw follows whatever f gives: drawn now, and its column summed with f's (findSplit).
                  ;; rng.ts nextU32, then nextInt: floor(u / 2^32 × n), the same floating-point operations.
                  (local.set $u (i32.mul (i32.rotl (i32.mul (local.get $s1) (i32.const 5)) (i32.const 7)) (i32.const 9)))
                  (local.set $t (i32.shl (local.get $s1) (i32.const 9)))
                  (local.set $n2 (i32.xor (local.get $s2) (local.get $s0)))
                  (local.set $n3 (i32.xor (local.get $s3) (local.get $s1)))
                  (local.set $s1 (i32.xor (local.get $s1) (local.get $n2)))
                  (local.set $s0 (i32.xor (local.get $s0) (local.get $n3)))
                  (local.set $s2 (i32.xor (local.get $n2) (local.get $t)))
                  (local.set $s3 (i32.rotl (local.get $n3) (i32.const 11)))
                  (local.set $rnd (i32.trunc_f64_s (f64.floor (f64.mul
                    (f64.div (f64.convert_i32_u (local.get $u)) (f64.const 4294967296))
                    (f64.convert_i32_s (i32.sub (i32.sub (i32.sub (local.get $fi) (local.get $nFoundConst)) (local.get $nDrawnConst)) (i32.const 1)))))))
                  (local.set $pending (i32.add (local.get $nDrawnConst) (local.get $rnd)))
                  (local.set $j2 (i32.add (local.get $pending) (local.get $nFoundConst)))
                  (if (i32.ge_s (local.get $pending) (local.get $nKnownConst))
                    (then
                      (local.set $g (select
                        (i32.load (i32.add (local.get $feats) (i32.shl (i32.sub (local.get $fi) (i32.const 1)) (i32.const 2))))
                        (i32.load (i32.add (local.get $feats) (i32.shl (local.get $j2) (i32.const 2))))
                        (i32.eq (local.get $j2) (local.get $j))))))))
              (local.set $mf (i32.load8_u (i32.add (global.get $pmiss) (local.get $f))))
              (if (i32.ge_s (local.get $g) (i32.const 0))
                (then
                  (local.set $mg (i32.load8_u (i32.add (global.get $pmiss) (local.get $g))))
                  (if (i32.or (local.get $mf) (local.get $mg))
                    (then
                      (call $pair3 (global.get $gip) (global.get $gwp) (local.get $start) (local.get $end)
                        (i32.load (i32.add (global.get $poff) (i32.shl (local.get $f) (i32.const 2)))) (i32.load (i32.add (global.get $poff) (i32.shl (local.get $g) (i32.const 2)))) (i32.const 0))
                      ;; PackedScan.putBitSums into $A, $B, $C.
                      (local.set $w3 (select
                        (f64.div
                          (f64.add (f64.sub (f64.load (i32.const 40)) (f64.mul (f64.const 3) (f64.load (i32.const 32)))) (f64.mul (f64.const 2) (f64.load (i32.const 24))))
                          (f64.const 6))
                        (f64.const 0)
                        (local.get $mg)))
                      (local.set $w2 (f64.mul
                        (f64.sub (f64.sub (f64.load (i32.const 32)) (f64.load (i32.const 24))) (f64.mul (f64.const 6) (local.get $w3)))
                        (f64.const 0.5)))
                      (local.set $A (f64.sub (f64.sub (f64.load (i32.const 24)) (f64.mul (f64.const 2) (local.get $w2)))
                        (f64.mul (f64.const 2) (local.get $w3))))
                      (local.set $B (f64.add (local.get $w2) (local.get $w3)))
                      (local.set $C (local.get $w3))
                      (local.set $aA (local.get $A))
                      (local.set $aB (local.get $B))
                      (local.set $aC (local.get $C))
                      ;; PackedScan.putBitSums into $A, $B, $C.
                      (local.set $w3 (select
                        (f64.div
                          (f64.add (f64.sub (f64.load (i32.const 16)) (f64.mul (f64.const 3) (f64.load (i32.const 8)))) (f64.mul (f64.const 2) (f64.load (i32.const 0))))
                          (f64.const 6))
                        (f64.const 0)
                        (local.get $mf)))
                      (local.set $w2 (f64.mul
                        (f64.sub (f64.sub (f64.load (i32.const 8)) (f64.load (i32.const 0))) (f64.mul (f64.const 6) (local.get $w3)))
                        (f64.const 0.5)))
                      (local.set $A (f64.sub (f64.sub (f64.load (i32.const 0)) (f64.mul (f64.const 2) (local.get $w2)))
                        (f64.mul (f64.const 2) (local.get $w3))))
                      (local.set $B (f64.add (local.get $w2) (local.get $w3)))
                      (local.set $C (local.get $w3)))
                    (else
                      (call $pair2 (global.get $gip) (global.get $gwp) (local.get $start) (local.get $end)
                        (i32.load (i32.add (global.get $poff) (i32.shl (local.get $f) (i32.const 2)))) (i32.load (i32.add (global.get $poff) (i32.shl (local.get $g) (i32.const 2)))) (i32.const 0))
                      ;; PackedScan.putBitSums into $A, $B, $C.
                      (local.set $w3 (select
                        (f64.div
                          (f64.add (f64.sub (f64.const 0) (f64.mul (f64.const 3) (f64.load (i32.const 24)))) (f64.mul (f64.const 2) (f64.load (i32.const 16))))
                          (f64.const 6))
                        (f64.const 0)
                        (i32.const 0)))
                      (local.set $w2 (f64.mul
                        (f64.sub (f64.sub (f64.load (i32.const 24)) (f64.load (i32.const 16))) (f64.mul (f64.const 6) (local.get $w3)))
                        (f64.const 0.5)))
                      (local.set $A (f64.sub (f64.sub (f64.load (i32.const 16)) (f64.mul (f64.const 2) (local.get $w2)))
                        (f64.mul (f64.const 2) (local.get $w3))))
                      (local.set $B (f64.add (local.get $w2) (local.get $w3)))
                      (local.set $C (local.get $w3))
                      (local.set $aA (local.get $A))
                      (local.set $aB (local.get $B))
                      (local.set $aC (local.get $C))
                      ;; PackedScan.putBitSums into $A, $B, $C.
                      (local.set $w3 (select
                        (f64.div
                          (f64.add (f64.sub (f64.const 0) (f64.mul (f64.const 3) (f64.load (i32.const 8)))) (f64.mul (f64.const 2) (f64.load (i32.const 0))))
                          (f64.const 6))
                        (f64.const 0)
                        (i32.const 0)))
                      (local.set $w2 (f64.mul
                        (f64.sub (f64.sub (f64.load (i32.const 8)) (f64.load (i32.const 0))) (f64.mul (f64.const 6) (local.get $w3)))
                        (f64.const 0.5)))
                      (local.set $A (f64.sub (f64.sub (f64.load (i32.const 0)) (f64.mul (f64.const 2) (local.get $w2)))
                        (f64.mul (f64.const 2) (local.get $w3))))
                      (local.set $B (f64.add (local.get $w2) (local.get $w3)))
                      (local.set $C (local.get $w3))))
                  (local.set $ahead (local.get $g)))
                (else
                  (call $one3 (global.get $gip) (global.get $gwp) (local.get $start) (local.get $end)
                    (i32.load (i32.add (global.get $poff) (i32.shl (local.get $f) (i32.const 2)))) (i32.const 0))
                  ;; PackedScan.putBitSums into $A, $B, $C.
                  (local.set $w3 (select
                    (f64.div
                      (f64.add (f64.sub (f64.load (i32.const 16)) (f64.mul (f64.const 3) (f64.load (i32.const 8)))) (f64.mul (f64.const 2) (f64.load (i32.const 0))))
                      (f64.const 6))
                    (f64.const 0)
                    (local.get $mf)))
                  (local.set $w2 (f64.mul
                    (f64.sub (f64.sub (f64.load (i32.const 8)) (f64.load (i32.const 0))) (f64.mul (f64.const 6) (local.get $w3)))
                    (f64.const 0.5)))
                  (local.set $A (f64.sub (f64.sub (f64.load (i32.const 0)) (f64.mul (f64.const 2) (local.get $w2)))
                    (f64.mul (f64.const 2) (local.get $w3))))
                  (local.set $B (f64.add (local.get $w2) (local.get $w3)))
                  (local.set $C (local.get $w3))))))
          ;; Distinct values: the genotype sums s0 = T - A - B + C, s1 = A - C, s2 = B - C and s3 = C not zero.
          (local.set $distinct (i32.add
            (i32.add
              (f64.ne (f64.add (f64.sub (f64.sub (local.get $T) (local.get $A)) (local.get $B)) (local.get $C))
                (f64.const 0))
              (f64.ne (f64.sub (local.get $A) (local.get $C)) (f64.const 0)))
            (i32.add
              (f64.ne (f64.sub (local.get $B) (local.get $C)) (f64.const 0))
              (f64.ne (local.get $C) (f64.const 0)))))
          (if (i32.le_s (local.get $distinct) (i32.const 1))
            (then
              (i32.store (i32.add (local.get $feats) (i32.shl (local.get $j) (i32.const 2))) (i32.load (i32.add (local.get $feats) (i32.shl (local.get $nTotalConst) (i32.const 2)))))
              (i32.store (i32.add (local.get $feats) (i32.shl (local.get $nTotalConst) (i32.const 2))) (local.get $f))
              (local.set $nFoundConst (i32.add (local.get $nFoundConst) (i32.const 1)))
              (local.set $nTotalConst (i32.add (local.get $nTotalConst) (i32.const 1)))
              (br $next)))
          (local.set $fi (i32.sub (local.get $fi) (i32.const 1)))
          (i32.store (i32.add (local.get $feats) (i32.shl (local.get $j) (i32.const 2))) (i32.load (i32.add (local.get $feats) (i32.shl (local.get $fi) (i32.const 2)))))
          (i32.store (i32.add (local.get $feats) (i32.shl (local.get $fi) (i32.const 2))) (local.get $f))
          ;; PackedScan.evalPacked (minSamplesLeaf 1), its candidates in its order.
          (if (f64.eq (local.get $C) (f64.const 0))
            (then
              ;; No missing rows: genotypes 0, 1, 2 from the node's totals and the bit sums.
              (local.set $hasMissing (i32.const 0))
              (local.set $a1 (f64.floor (f64.mul (local.get $A) (f64.const 0x1p-26))))
              (local.set $a0 (f64.sub (local.get $A) (f64.mul (local.get $a1) (f64.const 67108864))))
              (local.set $b1 (f64.floor (f64.mul (local.get $B) (f64.const 0x1p-26))))
              (local.set $z0 (f64.sub (f64.sub (local.get $n0) (local.get $a0))
                (f64.sub (local.get $B) (f64.mul (local.get $b1) (f64.const 67108864)))))
              (local.set $z1 (f64.sub (f64.sub (local.get $n1) (local.get $a1)) (local.get $b1)))
              (if (f64.lt (local.get $bestProxy) (local.get $nTot))
                (then
                  (local.set $m (i32.const 0))
                  (local.set $c0 (f64.const 0))
                  (local.set $c1 (f64.const 0))
                  (local.set $prev (i32.const 0))
                  (if (i32.or (f64.ne (local.get $z0) (f64.const 0)) (f64.ne (local.get $z1) (f64.const 0)))
                    (then
                      (local.set $c0 (local.get $z0))
                      (local.set $c1 (local.get $z1))
                      (local.set $m (i32.const 1))))
                  (if (f64.ne (local.get $A) (f64.const 0))
                    (then
                      (if (i32.gt_s (local.get $m) (i32.const 0))
                        (then
                          ;; SplitSweep.considerBinary, then setBest's record.
                          (local.set $l0 (local.get $c0))
                          (local.set $l1 (local.get $c1))
                          (local.set $r0 (f64.sub (local.get $n0) (local.get $c0)))
                          (local.set $r1 (f64.sub (local.get $n1) (local.get $c1)))
                          (local.set $sl (f64.add (local.get $l0) (local.get $l1)))
                          (local.set $sr (f64.add (local.get $r0) (local.get $r1)))
                          (if (i32.and (f64.gt (local.get $sl) (f64.const 0)) (f64.gt (local.get $sr) (f64.const 0)))
                            (then
                              (local.set $proxy (f64.add
                                (f64.div (f64.add (f64.mul (local.get $l0) (local.get $l0)) (f64.mul (local.get $l1) (local.get $l1)))
                                  (local.get $sl))
                                (f64.div (f64.add (f64.mul (local.get $r0) (local.get $r0)) (f64.mul (local.get $r1) (local.get $r1)))
                                  (local.get $sr))))
                              (if (f64.gt (local.get $proxy) (local.get $bestProxy))
                                (then
                                  (local.set $bestProxy (local.get $proxy))
                                  (local.set $bestL0 (local.get $l0))
                                  (local.set $bestL1 (local.get $l1))
                                  (local.set $bestF (local.get $f))
                                  (local.set $bestM (i32.add (local.get $m) (i32.const 1)))
                                  (local.set $bestJ (local.get $m))
                                  (local.set $bestML (i32.const 0))
                                  (local.set $bestHM (local.get $hasMissing))
                                  (local.set $bestLo (local.get $prev))
                                  (local.set $bestHi (i32.const 1))))))))
                      (local.set $c0 (f64.add (local.get $c0) (local.get $a0)))
                      (local.set $c1 (f64.add (local.get $c1) (local.get $a1)))
                      (local.set $prev (i32.const 1))
                      (local.set $m (i32.add (local.get $m) (i32.const 1)))))
                  (if (f64.ne (local.get $B) (f64.const 0))
                    (then
                      (if (i32.gt_s (local.get $m) (i32.const 0))
                        (then
                          ;; SplitSweep.considerBinary, then setBest's record.
                          (local.set $l0 (local.get $c0))
                          (local.set $l1 (local.get $c1))
                          (local.set $r0 (f64.sub (local.get $n0) (local.get $c0)))
                          (local.set $r1 (f64.sub (local.get $n1) (local.get $c1)))
                          (local.set $sl (f64.add (local.get $l0) (local.get $l1)))
                          (local.set $sr (f64.add (local.get $r0) (local.get $r1)))
                          (if (i32.and (f64.gt (local.get $sl) (f64.const 0)) (f64.gt (local.get $sr) (f64.const 0)))
                            (then
                              (local.set $proxy (f64.add
                                (f64.div (f64.add (f64.mul (local.get $l0) (local.get $l0)) (f64.mul (local.get $l1) (local.get $l1)))
                                  (local.get $sl))
                                (f64.div (f64.add (f64.mul (local.get $r0) (local.get $r0)) (f64.mul (local.get $r1) (local.get $r1)))
                                  (local.get $sr))))
                              (if (f64.gt (local.get $proxy) (local.get $bestProxy))
                                (then
                                  (local.set $bestProxy (local.get $proxy))
                                  (local.set $bestL0 (local.get $l0))
                                  (local.set $bestL1 (local.get $l1))
                                  (local.set $bestF (local.get $f))
                                  (local.set $bestM (i32.add (local.get $m) (i32.const 1)))
                                  (local.set $bestJ (local.get $m))
                                  (local.set $bestML (i32.const 0))
                                  (local.set $bestHM (local.get $hasMissing))
                                  (local.set $bestLo (local.get $prev))
                                  (local.set $bestHi (i32.const 2)))))))))))))
            (else
              ;; Missing rows: at each boundary between present genotypes the missing rows right, then left; last
              ;; every present genotype left, the missing rows right.
              (local.set $hasMissing (i32.const 1))
              (if (f64.lt (local.get $bestProxy) (local.get $nTot))
                (then
                  (local.set $m (i32.add
                    (i32.add
                      (f64.ne (f64.add (f64.sub (f64.sub (local.get $T) (local.get $A)) (local.get $B)) (local.get $C))
                        (f64.const 0))
                      (f64.ne (f64.sub (local.get $A) (local.get $C)) (f64.const 0)))
                    (f64.ne (f64.sub (local.get $B) (local.get $C)) (f64.const 0))))
                  (local.set $k1 (f64.floor (f64.mul (local.get $C) (f64.const 0x1p-26))))
                  (local.set $k0 (f64.sub (local.get $C) (f64.mul (local.get $k1) (f64.const 67108864))))
                  (local.set $p0 (f64.sub (local.get $n0) (local.get $k0)))
                  (local.set $p1 (f64.sub (local.get $n1) (local.get $k1)))
                  (local.set $i (i32.const 0))
                  (local.set $c0 (f64.const 0))
                  (local.set $c1 (f64.const 0))
                  (local.set $code (i32.const 0))
                  (block $codesDone
                    (loop $codes
                      (br_if $codesDone (i32.ge_s (local.get $code) (i32.const 3)))
                      (local.set $sc (select
                        (f64.add (f64.sub (f64.sub (local.get $T) (local.get $A)) (local.get $B)) (local.get $C))
                        (select (f64.sub (local.get $A) (local.get $C)) (f64.sub (local.get $B) (local.get $C))
                          (i32.eq (local.get $code) (i32.const 1)))
                        (i32.eqz (local.get $code))))
                      (if (f64.ne (local.get $sc) (f64.const 0))
                        (then
                          (if (i32.gt_s (local.get $i) (i32.const 0))
                            (then
                              ;; SplitSweep.considerBinary, then setBest's record.
                              (local.set $l0 (local.get $c0))
                              (local.set $l1 (local.get $c1))
                              (local.set $r0 (f64.add (f64.sub (local.get $p0) (local.get $c0)) (local.get $k0)))
                              (local.set $r1 (f64.add (f64.sub (local.get $p1) (local.get $c1)) (local.get $k1)))
                              (local.set $sl (f64.add (local.get $l0) (local.get $l1)))
                              (local.set $sr (f64.add (local.get $r0) (local.get $r1)))
                              (if (i32.and (f64.gt (local.get $sl) (f64.const 0)) (f64.gt (local.get $sr) (f64.const 0)))
                                (then
                                  (local.set $proxy (f64.add
                                    (f64.div (f64.add (f64.mul (local.get $l0) (local.get $l0)) (f64.mul (local.get $l1) (local.get $l1)))
                                      (local.get $sl))
                                    (f64.div (f64.add (f64.mul (local.get $r0) (local.get $r0)) (f64.mul (local.get $r1) (local.get $r1)))
                                      (local.get $sr))))
                                  (if (f64.gt (local.get $proxy) (local.get $bestProxy))
                                    (then
                                      (local.set $bestProxy (local.get $proxy))
                                      (local.set $bestL0 (local.get $l0))
                                      (local.set $bestL1 (local.get $l1))
                                      (local.set $bestF (local.get $f))
                                      (local.set $bestM (local.get $m))
                                      (local.set $bestJ (local.get $i))
                                      (local.set $bestML (i32.const 0))
                                      (local.set $bestHM (local.get $hasMissing))
                                      (local.set $bestLo (local.get $prev))
                                      (local.set $bestHi (local.get $code))))))
                              ;; SplitSweep.considerBinary, then setBest's record.
                              (local.set $l0 (f64.add (local.get $c0) (local.get $k0)))
                              (local.set $l1 (f64.add (local.get $c1) (local.get $k1)))
                              (local.set $r0 (f64.sub (local.get $p0) (local.get $c0)))
                              (local.set $r1 (f64.sub (local.get $p1) (local.get $c1)))
                              (local.set $sl (f64.add (local.get $l0) (local.get $l1)))
                              (local.set $sr (f64.add (local.get $r0) (local.get $r1)))
                              (if (i32.and (f64.gt (local.get $sl) (f64.const 0)) (f64.gt (local.get $sr) (f64.const 0)))
                                (then
                                  (local.set $proxy (f64.add
                                    (f64.div (f64.add (f64.mul (local.get $l0) (local.get $l0)) (f64.mul (local.get $l1) (local.get $l1)))
                                      (local.get $sl))
                                    (f64.div (f64.add (f64.mul (local.get $r0) (local.get $r0)) (f64.mul (local.get $r1) (local.get $r1)))
                                      (local.get $sr))))
                                  (if (f64.gt (local.get $proxy) (local.get $bestProxy))
                                    (then
                                      (local.set $bestProxy (local.get $proxy))
                                      (local.set $bestL0 (local.get $l0))
                                      (local.set $bestL1 (local.get $l1))
                                      (local.set $bestF (local.get $f))
                                      (local.set $bestM (local.get $m))
                                      (local.set $bestJ (local.get $i))
                                      (local.set $bestML (i32.const 1))
                                      (local.set $bestHM (local.get $hasMissing))
                                      (local.set $bestLo (local.get $prev))
                                      (local.set $bestHi (local.get $code))))))))
                          (local.set $h1 (f64.floor (f64.mul (local.get $sc) (f64.const 0x1p-26))))
                          (local.set $c0 (f64.add (local.get $c0)
                            (f64.sub (local.get $sc) (f64.mul (local.get $h1) (f64.const 67108864)))))
                          (local.set $c1 (f64.add (local.get $c1) (local.get $h1)))
                          (local.set $prev (local.get $code))
                          (local.set $i (i32.add (local.get $i) (i32.const 1)))))
                      (local.set $code (i32.add (local.get $code) (i32.const 1)))
                      (br $codes)))
                  (if (i32.gt_s (local.get $m) (i32.const 0))
                    (then
                      ;; SplitSweep.considerBinary, then setBest's record.
                      (local.set $l0 (local.get $c0))
                      (local.set $l1 (local.get $c1))
                      (local.set $r0 (local.get $k0))
                      (local.set $r1 (local.get $k1))
                      (local.set $sl (f64.add (local.get $l0) (local.get $l1)))
                      (local.set $sr (f64.add (local.get $r0) (local.get $r1)))
                      (if (i32.and (f64.gt (local.get $sl) (f64.const 0)) (f64.gt (local.get $sr) (f64.const 0)))
                        (then
                          (local.set $proxy (f64.add
                            (f64.div (f64.add (f64.mul (local.get $l0) (local.get $l0)) (f64.mul (local.get $l1) (local.get $l1)))
                              (local.get $sl))
                            (f64.div (f64.add (f64.mul (local.get $r0) (local.get $r0)) (f64.mul (local.get $r1) (local.get $r1)))
                              (local.get $sr))))
                          (if (f64.gt (local.get $proxy) (local.get $bestProxy))
                            (then
                              (local.set $bestProxy (local.get $proxy))
                              (local.set $bestL0 (local.get $l0))
                              (local.set $bestL1 (local.get $l1))
                              (local.set $bestF (local.get $f))
                              (local.set $bestM (local.get $m))
                              (local.set $bestJ (local.get $m))
                              (local.set $bestML (i32.const 0))
                              (local.set $bestHM (local.get $hasMissing))
                              (local.set $bestLo (local.get $prev))
                              (local.set $bestHi (local.get $prev)))))))))))))
        (br $draws)))
    ;; The known constants keep their order for siblings and descendants; the new ones are appended.
    (local.set $i (i32.const 0))
    (block $end1
      (loop $copy1
        (br_if $end1 (i32.ge_s (local.get $i) (local.get $nKnownConst)))
        (i32.store (i32.add (local.get $feats) (i32.shl (local.get $i) (i32.const 2))) (i32.load (i32.add (global.get $constF) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $copy1)))
    (block $end2
      (loop $copy2
        (br_if $end2 (i32.ge_s (local.get $i) (local.get $nTotalConst)))
        (i32.store (i32.add (global.get $constF) (i32.shl (local.get $i) (i32.const 2))) (i32.load (i32.add (local.get $feats) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $copy2)))
    (i32.store (global.get $state) (local.get $s0))
    (i32.store offset=4 (global.get $state) (local.get $s1))
    (i32.store offset=8 (global.get $state) (local.get $s2))
    (i32.store offset=12 (global.get $state) (local.get $s3))
    (f64.store (i32.const 0) (local.get $bestProxy))
    (f64.store (i32.const 8) (local.get $bestL0))
    (f64.store (i32.const 16) (local.get $bestL1))
    (i32.store (i32.const 24) (local.get $bestF))
    (i32.store (i32.const 28) (local.get $bestM))
    (i32.store (i32.const 32) (local.get $bestJ))
    (i32.store (i32.const 36) (local.get $bestML))
    (i32.store (i32.const 40) (local.get $bestHM))
    (i32.store (i32.const 44) (local.get $bestLo))
    (i32.store (i32.const 48) (local.get $bestHi))
    (local.get $nTotalConst))
;; ---------------------------------------------------------------------------------------------------------------
  ;; The Grower's partition of a node's rows idx[start..end) by a packed column at $po (partitionRows.ts
  ;; splitByPacked, then the right-hand rows moved back after the left ones): bit c of $sides set when code c goes
  ;; left. Stable and branch-free as there. Returns where the right-hand rows start.
  (func (export "splitPacked")
    (param $start i32) (param $end i32) (param $po i32) (param $sides i32) (result i32)
    (local $s i32) (local $i i32) (local $nr i32) (local $r i32) (local $side i32) (local $ip i32) (local $tp i32)
    (local.set $ip (global.get $gip))
    (local.set $tp (global.get $gtp))
    (local.set $s (local.get $start))
    (local.set $i (local.get $start))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_s (local.get $s) (local.get $end)))
        (local.set $r (i32.load (i32.add (local.get $ip) (i32.shl (local.get $s) (i32.const 2)))))
        (local.set $side (i32.and
          (i32.shr_u (local.get $sides) (i32.and
            (i32.shr_u
              (i32.load8_u (i32.add (local.get $po) (i32.shr_u (local.get $r) (i32.const 2))))
              (i32.shl (i32.and (local.get $r) (i32.const 3)) (i32.const 1)))
            (i32.const 3)))
          (i32.const 1)))
        (i32.store (i32.add (local.get $ip) (i32.shl (local.get $i) (i32.const 2))) (local.get $r))
        (i32.store (i32.add (local.get $tp) (i32.shl (local.get $nr) (i32.const 2))) (local.get $r))
        (local.set $i (i32.add (local.get $i) (local.get $side)))
        (local.set $nr (i32.add (local.get $nr) (i32.xor (local.get $side) (i32.const 1))))
        (local.set $s (i32.add (local.get $s) (i32.const 1)))
        (br $rows)))
    (local.set $s (i32.const 0))
    (block $moved
      (loop $back
        (br_if $moved (i32.ge_s (local.get $s) (local.get $nr)))
        (i32.store (i32.add (local.get $ip) (i32.shl (i32.add (local.get $i) (local.get $s)) (i32.const 2)))
          (i32.load (i32.add (local.get $tp) (i32.shl (local.get $s) (i32.const 2)))))
        (local.set $s (i32.add (local.get $s) (i32.const 1)))
        (br $back)))
    (local.get $i))
)
