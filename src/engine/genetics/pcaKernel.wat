;; The innermost loops of the ancestry sweeps (pcaSweep.ts) with 128-bit SIMD: two doubles an instruction.
;; Compiled by `npx tsx scripts/build-pca-kernel.ts` (wabt's wat2wasm, SIMD enabled) into pcaKernelWasm.ts; the
;; JavaScript loops in pcaSweep.ts stay the reference, and every sum here adds in their order, so the two agree to
;; the bit. Every address is a byte offset into the module's own memory; see SweepKernel in pcaKernel.ts for the
;; contract of each function. Vectors are loaded and stored 8-byte aligned (align=8): rows are Float64 rows, not
;; necessarily on 16 bytes.
(module
  (memory $memory 1)

  ;; rowSums(into, tables, codes, stride, o1, o2, o3, t1, t2, t3, count, w): for each of count rows,
  ;;   into[r] += (T[c] + T1[c + o1]) + (T2[c + o2] + T3[c + o3])   (w doubles each)
  ;; with c = codes + r · stride and Tk[c] the row of w doubles at tables + tk + byte(c) · 8w:
  ;; addPlanes and the loop of doseSums in pcaSweep.ts, in their order.
  (func $rowSums
    (param $into i32) (param $tables i32) (param $codes i32) (param $stride i32)
    (param $o1 i32) (param $o2 i32) (param $o3 i32)
    (param $t1 i32) (param $t2 i32) (param $t3 i32)
    (param $count i32) (param $w i32)
    (local $w8 i32) (local $even8 i32) (local $end i32)
    (local $x i32) (local $y i32) (local $u i32) (local $v i32) (local $l i32)
    ;; 8w bytes a row; the first even8 of them go two doubles at a time.
    (local.set $w8 (i32.shl (local.get $w) (i32.const 3)))
    (local.set $even8 (i32.shl (i32.and (local.get $w) (i32.const -2)) (i32.const 3)))
    (local.set $end (i32.add (local.get $into) (i32.mul (local.get $count) (local.get $w8))))
    (block $none
      (br_if $none (i32.eqz (local.get $count)))
      (loop $row
        ;; The four table rows this sample's code bytes pick.
        (local.set $x
          (i32.add (local.get $tables)
            (i32.mul (i32.load8_u (local.get $codes)) (local.get $w8))))
        (local.set $y
          (i32.add (i32.add (local.get $tables) (local.get $t1))
            (i32.mul (i32.load8_u (i32.add (local.get $codes) (local.get $o1))) (local.get $w8))))
        (local.set $u
          (i32.add (i32.add (local.get $tables) (local.get $t2))
            (i32.mul (i32.load8_u (i32.add (local.get $codes) (local.get $o2))) (local.get $w8))))
        (local.set $v
          (i32.add (i32.add (local.get $tables) (local.get $t3))
            (i32.mul (i32.load8_u (i32.add (local.get $codes) (local.get $o3))) (local.get $w8))))
        (local.set $l (i32.const 0))
        ;; Two doubles a turn (unrolling further measured no faster), then an odd w's last one alone.
        (block $noPairs
          (br_if $noPairs (i32.eqz (local.get $even8)))
          (loop $pair
            (v128.store align=8 (i32.add (local.get $into) (local.get $l))
              (f64x2.add
                (v128.load align=8 (i32.add (local.get $into) (local.get $l)))
                (f64x2.add
                  (f64x2.add
                    (v128.load align=8 (i32.add (local.get $x) (local.get $l)))
                    (v128.load align=8 (i32.add (local.get $y) (local.get $l))))
                  (f64x2.add
                    (v128.load align=8 (i32.add (local.get $u) (local.get $l)))
                    (v128.load align=8 (i32.add (local.get $v) (local.get $l)))))))
            (br_if $pair
              (i32.lt_u (local.tee $l (i32.add (local.get $l) (i32.const 16))) (local.get $even8)))))
        (if (i32.lt_u (local.get $l) (local.get $w8))
          (then
            (f64.store (i32.add (local.get $into) (local.get $l))
              (f64.add
                (f64.load (i32.add (local.get $into) (local.get $l)))
                (f64.add
                  (f64.add
                    (f64.load (i32.add (local.get $x) (local.get $l)))
                    (f64.load (i32.add (local.get $y) (local.get $l))))
                  (f64.add
                    (f64.load (i32.add (local.get $u) (local.get $l)))
                    (f64.load (i32.add (local.get $v) (local.get $l)))))))))
        (local.set $into (i32.add (local.get $into) (local.get $w8)))
        (local.set $codes (i32.add (local.get $codes) (local.get $stride)))
        (br_if $row (i32.lt_u (local.get $into) (local.get $end))))))

  ;; missingFix(acc, q, p, colSum, base, gj, twoP, scale, starts, rows, size, w), w even: for each variant b < size
  ;; of a block, with c = scale[b], a = −twoP[b] · c and its missing samples rows[starts[b] … starts[b + 1]) (i32):
  ;; gj = colSum − Σ q[row]; acc[b] = a · gj + c · acc[b]; base += a · acc[b]; p[row] −= a · acc[b] for each
  ;; missing row: sweepPart's loop over a block's variants, in its order. Every loop over a row of w doubles runs
  ;; at least once (w ≥ 2) and takes two a turn.
  (func $missingFix
    (param $acc i32) (param $q i32) (param $p i32) (param $colSum i32) (param $base i32) (param $gj i32)
    (param $twoP i32) (param $scale i32) (param $starts i32) (param $rows i32) (param $size i32) (param $w i32)
    (local $w8 i32) (local $b i32) (local $r i32) (local $rEnd i32) (local $l i32) (local $at i32)
    (local $accRow i32)
    (local $a f64) (local $c f64)
    (local $va v128) (local $vc v128) (local $v v128)
    (local.set $w8 (i32.shl (local.get $w) (i32.const 3)))
    (local.set $b (i32.const 0))
    (block $none
      (br_if $none (i32.eqz (local.get $size)))
      (loop $variant
        ;; c = scale[b]; a = (−twoP[b]) · c, as JavaScript's −twoP[j] * c.
        (local.set $vc
          (f64x2.splat
            (local.tee $c
              (f64.load (i32.add (local.get $scale) (i32.shl (local.get $b) (i32.const 3)))))))
        (local.set $va
          (f64x2.splat
            (local.tee $a
              (f64.mul
                (f64.neg (f64.load (i32.add (local.get $twoP) (i32.shl (local.get $b) (i32.const 3)))))
                (local.get $c)))))
        (local.set $accRow (i32.add (local.get $acc) (i32.mul (local.get $b) (local.get $w8))))
        ;; gj = colSum, less each missing sample's row of q.
        (local.set $l (i32.const 0))
        (loop $copy
          (v128.store align=8 (i32.add (local.get $gj) (local.get $l))
            (v128.load align=8 (i32.add (local.get $colSum) (local.get $l))))
          (br_if $copy
            (i32.lt_u (local.tee $l (i32.add (local.get $l) (i32.const 16))) (local.get $w8))))
        (local.set $rEnd
          (i32.load offset=4
            (local.tee $r (i32.add (local.get $starts) (i32.shl (local.get $b) (i32.const 2))))))
        (local.set $r (i32.load (local.get $r)))
        (block $noneMissing
          (br_if $noneMissing (i32.ge_u (local.get $r) (local.get $rEnd)))
          (loop $missing
            (local.set $at
              (i32.add (local.get $q)
                (i32.mul
                  (i32.load (i32.add (local.get $rows) (i32.shl (local.get $r) (i32.const 2))))
                  (local.get $w8))))
            (local.set $l (i32.const 0))
            (loop $less
              (v128.store align=8 (i32.add (local.get $gj) (local.get $l))
                (f64x2.sub
                  (v128.load align=8 (i32.add (local.get $gj) (local.get $l)))
                  (v128.load align=8 (i32.add (local.get $at) (local.get $l)))))
              (br_if $less
                (i32.lt_u (local.tee $l (i32.add (local.get $l) (i32.const 16))) (local.get $w8))))
            (br_if $missing
              (i32.lt_u (local.tee $r (i32.add (local.get $r) (i32.const 1))) (local.get $rEnd)))))
        ;; acc[b] = a · gj + c · acc[b]; base += a · acc[b].
        (local.set $l (i32.const 0))
        (loop $update
          (v128.store align=8 (i32.add (local.get $accRow) (local.get $l))
            (local.tee $v
              (f64x2.add
                (f64x2.mul (local.get $va)
                  (v128.load align=8 (i32.add (local.get $gj) (local.get $l))))
                (f64x2.mul (local.get $vc)
                  (v128.load align=8 (i32.add (local.get $accRow) (local.get $l)))))))
          (v128.store align=8 (i32.add (local.get $base) (local.get $l))
            (f64x2.add
              (v128.load align=8 (i32.add (local.get $base) (local.get $l)))
              (f64x2.mul (local.get $va) (local.get $v))))
          (br_if $update
            (i32.lt_u (local.tee $l (i32.add (local.get $l) (i32.const 16))) (local.get $w8))))
        ;; p[row] −= a · acc[b] for each missing sample.
        (local.set $rEnd
          (i32.load offset=4
            (local.tee $r (i32.add (local.get $starts) (i32.shl (local.get $b) (i32.const 2))))))
        (local.set $r (i32.load (local.get $r)))
        (block $noneMissing
          (br_if $noneMissing (i32.ge_u (local.get $r) (local.get $rEnd)))
          (loop $missing
            (local.set $at
              (i32.add (local.get $p)
                (i32.mul
                  (i32.load (i32.add (local.get $rows) (i32.shl (local.get $r) (i32.const 2))))
                  (local.get $w8))))
            (local.set $l (i32.const 0))
            (loop $less
              (v128.store align=8 (i32.add (local.get $at) (local.get $l))
                (f64x2.sub
                  (v128.load align=8 (i32.add (local.get $at) (local.get $l)))
                  (f64x2.mul (local.get $va)
                    (v128.load align=8 (i32.add (local.get $accRow) (local.get $l))))))
              (br_if $less
                (i32.lt_u (local.tee $l (i32.add (local.get $l) (i32.const 16))) (local.get $w8))))
            (br_if $missing
              (i32.lt_u (local.tee $r (i32.add (local.get $r) (i32.const 1))) (local.get $rEnd)))))
        (br_if $variant
          (i32.lt_u (local.tee $b (i32.add (local.get $b) (i32.const 1))) (local.get $size))))))

  ;; doseTables(tables, rows, w), w even: four tables of 256 rows of w doubles from tables on, table t holding for
  ;; every byte s of four 2-bit codes Σ_k dose(code k of s) · rows[4t + k] (code 3, missing, adds 0): pcaSweep.ts's
  ;; fillDoseTable four times, in its order. Each code k quadruples the filled span: from every filled row s,
  ;; rows s + span, s + 2 span and s + 3 span follow.
  (func $doseTables (param $tables i32) (param $rows i32) (param $w i32)
    (local $w8 i32) (local $t i32) (local $tab i32) (local $k i32) (local $span i32) (local $s i32)
    (local $rk i32) (local $from i32) (local $l i32)
    (local $base v128) (local $once v128)
    (local.set $w8 (i32.shl (local.get $w) (i32.const 3)))
    (local.set $t (i32.const 0))
    (loop $table
      ;; tab = tables + t · 256 · W; rk = rows + 4t · W (row k of this table's four).
      (local.set $tab
        (i32.add (local.get $tables)
          (i32.shl (i32.mul (local.get $t) (local.get $w8)) (i32.const 8))))
      (local.set $rk
        (i32.add (local.get $rows)
          (i32.shl (i32.mul (local.get $t) (local.get $w8)) (i32.const 2))))
      ;; Row 0 (every code 0) is all zeros.
      (local.set $l (i32.const 0))
      (loop $clear
        (v128.store align=8 (i32.add (local.get $tab) (local.get $l)) (f64x2.splat (f64.const 0)))
        (br_if $clear
          (i32.lt_u (local.tee $l (i32.add (local.get $l) (i32.const 16))) (local.get $w8))))
      (local.set $span (i32.const 1))
      (local.set $k (i32.const 0))
      (loop $code
        (local.set $s (i32.const 0))
        (loop $byte
          (local.set $from (i32.add (local.get $tab) (i32.mul (local.get $s) (local.get $w8))))
          (local.set $l (i32.const 0))
          (loop $lane
            ;; base = T[s]; once = base + R; T[s + span] = once; T[s + 2 span] = once + R; T[s + 3 span] = base.
            (local.set $once
              (f64x2.add
                (local.tee $base (v128.load align=8 (i32.add (local.get $from) (local.get $l))))
                (v128.load align=8 (i32.add (local.get $rk) (local.get $l)))))
            (v128.store align=8
              (i32.add (i32.add (local.get $from) (local.get $l))
                (i32.mul (i32.mul (local.get $span) (local.get $w8)) (i32.const 1)))
              (local.get $once))
            (v128.store align=8
              (i32.add (i32.add (local.get $from) (local.get $l))
                (i32.mul (i32.mul (local.get $span) (local.get $w8)) (i32.const 2)))
              (f64x2.add (local.get $once)
                (v128.load align=8 (i32.add (local.get $rk) (local.get $l)))))
            (v128.store align=8
              (i32.add (i32.add (local.get $from) (local.get $l))
                (i32.mul (i32.mul (local.get $span) (local.get $w8)) (i32.const 3)))
              (local.get $base))
            (br_if $lane
              (i32.lt_u (local.tee $l (i32.add (local.get $l) (i32.const 16))) (local.get $w8))))
          (br_if $byte
            (i32.lt_u (local.tee $s (i32.add (local.get $s) (i32.const 1))) (local.get $span))))
        (local.set $rk (i32.add (local.get $rk) (local.get $w8)))
        (local.set $span (i32.shl (local.get $span) (i32.const 2)))
        (br_if $code
          (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 1))) (i32.const 4))))
      (br_if $table
        (i32.lt_u (local.tee $t (i32.add (local.get $t) (i32.const 1))) (i32.const 4)))))

  (export "rowSums" (func $rowSums))
  (export "missingFix" (func $missingFix))
  (export "doseTables" (func $doseTables))
  (export "memory" (memory $memory)))
