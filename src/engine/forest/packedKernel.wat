;; The row loops of the packed SNP split search (packedScan.ts) in WebAssembly: sums over a node's rows of the
;; rows' packed class weights v times the 2-bit code x of a column and its powers (the moments that putBitSums
;; turns into bit sums). The same floating-point operations as the JavaScript loops; every sum is an exact
;; integer below 2^53 (growSetup bounds the weights), so any order of additions gives the same bits.
;;
;; Memory (imported, laid out by packedKernel.ts): bytes [0, 64) take the results (f64), the node's row ids
;; (i32) start at $ip, the packed weights (f64, by row id) at $wp, a column's codes (4 rows a byte, row r in
;; bits 2(r & 3) of byte r >> 2) at $pf / $pg. Built into packedKernelWasm.ts by scripts/build-packed-kernel.ts.
(module
  (import "env" "memory" (memory 1))

  ;; Two columns without missing values: Σ x v, Σ x² v of f to [0], [8]; of g to [16], [24].
  (func (export "pair2")
    (param $ip i32) (param $wp i32) (param $start i32) (param $end i32) (param $pf i32) (param $pg i32)
    (local $a i32) (local $stop i32) (local $r i32) (local $q i32) (local $sh i32)
    (local $x f64) (local $z f64) (local $v f64) (local $tx f64) (local $tz f64)
    (local $f1 f64) (local $f2 f64) (local $g1 f64) (local $g2 f64)
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
  (func (export "pair3")
    (param $ip i32) (param $wp i32) (param $start i32) (param $end i32) (param $pf i32) (param $pg i32)
    (local $a i32) (local $stop i32) (local $r i32) (local $q i32) (local $sh i32)
    (local $x f64) (local $z f64) (local $v f64) (local $tx f64) (local $tz f64) (local $tx2 f64) (local $tz2 f64)
    (local $f1 f64) (local $f2 f64) (local $f3 f64) (local $g1 f64) (local $g2 f64) (local $g3 f64)
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
  (func (export "one3")
    (param $ip i32) (param $wp i32) (param $start i32) (param $end i32) (param $pf i32)
    (local $a i32) (local $stop i32) (local $r i32)
    (local $x f64) (local $t f64) (local $t2 f64)
    (local $s1 f64) (local $s2 f64) (local $s3 f64)
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
)
