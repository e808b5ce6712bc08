;; One survival tree grown whole in WebAssembly (survivalKernel.ts says when and why): SurvivalGrower in
;; survivalGrow.ts ported step for step, numeric and categorical columns and missing values alike (same rows in the
;; same order, same floating-point operations in the same order, same random draws), so the trees are the same to
;; the bit. Compiled by `npx tsx scripts/build-survival-kernel.ts` (wabt's wat2wasm) into survivalKernelWasm.ts;
;; the JavaScript grower stays the reference.
;;
;; Every array lives in the module's memory at a byte address the caller writes, with the sizes, into the header
;; before calling init: i32 words 0–61 and 70–74 (in the order init reads them, survivalKernel.ts writes them), f64
;; words from byte 256 (the least leaf and split weights). growBatch then grows trees one after another: grow(seed)
;; grows one tree and returns its node count, its nodes and leaf curves in the output arrays; image(n) lays them out
;; as one tree's arrays and returns the number of curve points, the words of category sets in header word 62.
;;
;; The functions with loops first copy the address and size globals they read into locals ($_name): V8 (Node 20)
;; read a global from the instance at every use inside a loop, and the copies took ~5 % off a lung tree's CPU
;; (bench/survivalPerTree.ts's folds, one process alternating the two kernels, medians of 115 fits each).
(module
  (memory $memory (export "memory") 1)

  ;; Sizes and settings.
  (global $nRows (mut i32) (i32.const 0))
  (global $nFeatures (mut i32) (i32.const 0))
  (global $nTrain (mut i32) (i32.const 0))
  (global $G (mut i32) (i32.const 0))
  (global $mtry (mut i32) (i32.const 0))
  (global $maxDepth (mut i32) (i32.const 0))
  (global $bootstrap (mut i32) (i32.const 0))
  (global $draws (mut i32) (i32.const 0))
  (global $hbLen (mut i32) (i32.const 0))
  (global $minLeaf (mut f64) (f64.const 0))
  (global $minSplit (mut f64) (f64.const 0))
  ;; Inputs: bins (u8, column-major nRows × nFeatures), each feature's first threshold (i32) and the thresholds
  ;; (f64), grid cell (i32) and on-grid event (u8) per row, training rows (i32).
  (global $bins (mut i32) (i32.const 0))
  (global $thrStart (mut i32) (i32.const 0))
  (global $thr (mut i32) (i32.const 0))
  (global $cell (mut i32) (i32.const 0))
  (global $ev (mut i32) (i32.const 0))
  (global $train (mut i32) (i32.const 0))
  ;; Workspace.
  (global $cnt (mut i32) (i32.const 0))
  (global $w (mut i32) (i32.const 0))
  (global $idx (mut i32) (i32.const 0))
  (global $tmp (mut i32) (i32.const 0))
  (global $byBin (mut i32) (i32.const 0))
  (global $feats (mut i32) (i32.const 0))
  (global $gc (mut i32) (i32.const 0))
  (global $ge (mut i32) (i32.const 0))
  (global $chf (mut i32) (i32.const 0))
  (global $heldBits (mut i32) (i32.const 0))
  (global $held (mut i32) (i32.const 0))
  (global $local (mut i32) (i32.const 0))
  (global $nodeY (mut i32) (i32.const 0))
  (global $nodeD (mut i32) (i32.const 0))
  (global $nodeP (mut i32) (i32.const 0))
  (global $lam (mut i32) (i32.const 0))
  (global $varA (mut i32) (i32.const 0))
  (global $varB (mut i32) (i32.const 0))
  (global $cumC (mut i32) (i32.const 0))
  (global $cumE (mut i32) (i32.const 0))
  (global $fenW (mut i32) (i32.const 0))
  (global $fenB (mut i32) (i32.const 0))
  (global $bcnt (mut i32) (i32.const 0))
  (global $bstart (mut i32) (i32.const 0))
  (global $order (mut i32) (i32.const 0))
  (global $mask (mut i32) (i32.const 0))
  (global $stack (mut i32) (i32.const 0))
  ;; Outputs per node: feature, split bin, children, missing side (i32), risk (f32), weight and chi-square (f64),
  ;; leaf curve start and length (i32); the leaf curves' grid points (i32) and values (f32).
  (global $oFeature (mut i32) (i32.const 0))
  (global $oBin (mut i32) (i32.const 0))
  (global $oLeft (mut i32) (i32.const 0))
  (global $oRight (mut i32) (i32.const 0))
  (global $oMissL (mut i32) (i32.const 0))
  (global $oRisk (mut i32) (i32.const 0))
  (global $oW (mut i32) (i32.const 0))
  (global $oChi (mut i32) (i32.const 0))
  (global $cStart (mut i32) (i32.const 0))
  (global $cLen (mut i32) (i32.const 0))
  (global $cPoint (mut i32) (i32.const 0))
  (global $cValue (mut i32) (i32.const 0))
  ;; Each threshold as float32AtMost makes it (f32, indexed as thr), and where image lays a tree out.
  (global $thr32 (mut i32) (i32.const 0))
  (global $img (mut i32) (i32.const 0))
  ;; The missing rows of the feature being swept: weight and events by local cell, and each cell's pair sum with
  ;; them (crossM, survivalGrow.ts).
  (global $missC (mut i32) (i32.const 0))
  (global $missE (mut i32) (i32.const 0))
  (global $crossM (mut i32) (i32.const 0))
  ;; Categorical columns: whether each column is (u8), the bins' weights and events (f64) and sort keys (f64), the
  ;; best split's category order (i32) and side by bin (u8), each node's first word of catBits (i32, −1 for none).
  (global $isCat (mut i32) (i32.const 0))
  (global $binW (mut i32) (i32.const 0))
  (global $binE (mut i32) (i32.const 0))
  (global $key (mut i32) (i32.const 0))
  (global $bestOrder (mut i32) (i32.const 0))
  (global $lut (mut i32) (i32.const 0))
  (global $oCatOff (mut i32) (i32.const 0))
  (global $catBits (mut i32) (i32.const 0))
  (global $catLen (mut i32) (i32.const 0))

  ;; The tree's generator (xoshiro128**, rng.ts).
  (global $s0 (mut i32) (i32.const 0))
  (global $s1 (mut i32) (i32.const 0))
  (global $s2 (mut i32) (i32.const 0))
  (global $s3 (mut i32) (i32.const 0))
  ;; The open node: event points, weight, risk, whether lam/varA/varB are made.
  (global $m (mut i32) (i32.const 0))
  (global $nodeW (mut f64) (f64.const 0))
  (global $risk (mut f32) (f32.const 0))
  (global $boundSums (mut i32) (i32.const 0))
  (global $curveUsed (mut i32) (i32.const 0))
  ;; The sweep's state.
  (global $bounded (mut i32) (i32.const 0))
  (global $swF (mut i32) (i32.const 0))
  (global $swN (mut i32) (i32.const 0))
  (global $swCumW (mut f64) (f64.const 0))
  (global $lD (mut f64) (f64.const 0))
  (global $lS (mut f64) (f64.const 0))
  (global $lP (mut f64) (f64.const 0))
  (global $lQ (mut f64) (f64.const 0))
  (global $lX (mut f64) (f64.const 0))
  (global $swHasMissing (mut i32) (i32.const 0))
  (global $swMissW (mut f64) (f64.const 0))
  (global $mD (mut f64) (f64.const 0))
  (global $mS (mut f64) (f64.const 0))
  (global $mP (mut f64) (f64.const 0))
  (global $mQ (mut f64) (f64.const 0))
  ;; The node's best split.
  (global $bestStat (mut f64) (f64.const 0))
  (global $bestFeature (mut i32) (i32.const 0))
  (global $bestBin (mut i32) (i32.const 0))
  (global $bestLeftW (mut f64) (f64.const 0))
  (global $bestMissL (mut i32) (i32.const 0))
  (global $bestHasMissing (mut i32) (i32.const 0))
  (global $bestIsCat (mut i32) (i32.const 0))
  (global $bestPrefix (mut i32) (i32.const 0))
  (global $bestCount (mut i32) (i32.const 0))
  (global $swIsCat (mut i32) (i32.const 0))

  (func $hdr (param $k i32) (result i32)
    (i32.load (i32.shl (local.get $k) (i32.const 2))))

  ;; Reads the header.
  (func $init (export "init")
    (global.set $nRows (call $hdr (i32.const 0)))
    (global.set $nFeatures (call $hdr (i32.const 1)))
    (global.set $nTrain (call $hdr (i32.const 2)))
    (global.set $G (call $hdr (i32.const 3)))
    (global.set $mtry (call $hdr (i32.const 4)))
    (global.set $maxDepth (call $hdr (i32.const 5)))
    (global.set $bootstrap (call $hdr (i32.const 6)))
    (global.set $draws (call $hdr (i32.const 7)))
    (global.set $bins (call $hdr (i32.const 8)))
    (global.set $thrStart (call $hdr (i32.const 9)))
    (global.set $thr (call $hdr (i32.const 10)))
    (global.set $cell (call $hdr (i32.const 11)))
    (global.set $ev (call $hdr (i32.const 12)))
    (global.set $train (call $hdr (i32.const 13)))
    (global.set $cnt (call $hdr (i32.const 14)))
    (global.set $w (call $hdr (i32.const 15)))
    (global.set $idx (call $hdr (i32.const 16)))
    (global.set $tmp (call $hdr (i32.const 17)))
    (global.set $byBin (call $hdr (i32.const 18)))
    (global.set $feats (call $hdr (i32.const 19)))
    (global.set $gc (call $hdr (i32.const 20)))
    (global.set $ge (call $hdr (i32.const 21)))
    (global.set $chf (call $hdr (i32.const 22)))
    (global.set $heldBits (call $hdr (i32.const 23)))
    (global.set $held (call $hdr (i32.const 24)))
    (global.set $local (call $hdr (i32.const 25)))
    (global.set $nodeY (call $hdr (i32.const 26)))
    (global.set $nodeD (call $hdr (i32.const 27)))
    (global.set $nodeP (call $hdr (i32.const 28)))
    (global.set $lam (call $hdr (i32.const 29)))
    (global.set $varA (call $hdr (i32.const 30)))
    (global.set $varB (call $hdr (i32.const 31)))
    (global.set $cumC (call $hdr (i32.const 32)))
    (global.set $cumE (call $hdr (i32.const 33)))
    (global.set $fenW (call $hdr (i32.const 34)))
    (global.set $fenB (call $hdr (i32.const 35)))
    (global.set $bcnt (call $hdr (i32.const 36)))
    (global.set $bstart (call $hdr (i32.const 37)))
    (global.set $order (call $hdr (i32.const 38)))
    (global.set $mask (call $hdr (i32.const 39)))
    (global.set $stack (call $hdr (i32.const 40)))
    (global.set $oFeature (call $hdr (i32.const 41)))
    (global.set $oBin (call $hdr (i32.const 42)))
    (global.set $oLeft (call $hdr (i32.const 43)))
    (global.set $oRight (call $hdr (i32.const 44)))
    (global.set $oMissL (call $hdr (i32.const 45)))
    (global.set $oRisk (call $hdr (i32.const 46)))
    (global.set $oW (call $hdr (i32.const 47)))
    (global.set $oChi (call $hdr (i32.const 48)))
    (global.set $cStart (call $hdr (i32.const 49)))
    (global.set $cLen (call $hdr (i32.const 50)))
    (global.set $cPoint (call $hdr (i32.const 51)))
    (global.set $cValue (call $hdr (i32.const 52)))
    (global.set $hbLen (call $hdr (i32.const 53)))
    (global.set $thr32 (call $hdr (i32.const 54)))
    (global.set $img (call $hdr (i32.const 55)))
    (global.set $missC (call $hdr (i32.const 56)))
    (global.set $missE (call $hdr (i32.const 57)))
    (global.set $crossM (call $hdr (i32.const 58)))
    (global.set $isCat (call $hdr (i32.const 59)))
    (global.set $binW (call $hdr (i32.const 60)))
    (global.set $binE (call $hdr (i32.const 61)))
    (global.set $key (call $hdr (i32.const 70)))
    (global.set $bestOrder (call $hdr (i32.const 71)))
    (global.set $lut (call $hdr (i32.const 72)))
    (global.set $oCatOff (call $hdr (i32.const 73)))
    (global.set $catBits (call $hdr (i32.const 74)))
    (global.set $minLeaf (f64.load (i32.const 256)))
    (global.set $minSplit (f64.load (i32.const 264))))

  ;; rng.ts: Rng's constructor (splitmix32 seeding).
  (func $seed (param $x i32)
    (global.set $s0 (call $splitmix (local.tee $x (i32.add (local.get $x) (i32.const 0x9e3779b9)))))
    (global.set $s1 (call $splitmix (local.tee $x (i32.add (local.get $x) (i32.const 0x9e3779b9)))))
    (global.set $s2 (call $splitmix (local.tee $x (i32.add (local.get $x) (i32.const 0x9e3779b9)))))
    (global.set $s3 (call $splitmix (local.tee $x (i32.add (local.get $x) (i32.const 0x9e3779b9)))))
    (if (i32.eqz (i32.or (i32.or (global.get $s0) (global.get $s1)) (i32.or (global.get $s2) (global.get $s3))))
      (then (global.set $s0 (i32.const 1)))))

  (func $splitmix (param $z i32) (result i32)
    (local.set $z (i32.mul (i32.xor (local.get $z) (i32.shr_u (local.get $z) (i32.const 16))) (i32.const 0x21f0aaad)))
    (local.set $z (i32.mul (i32.xor (local.get $z) (i32.shr_u (local.get $z) (i32.const 15))) (i32.const 0x735a2d97)))
    (i32.xor (local.get $z) (i32.shr_u (local.get $z) (i32.const 15))))

  ;; rng.ts nextInt(n): floor(nextU32() / 2^32 · n).
  (func $nextInt (param $n i32) (result i32)
    (local $r i32) (local $t i32) (local $n2 i32) (local $n3 i32)
    (local.set $r (i32.mul (i32.rotl (i32.mul (global.get $s1) (i32.const 5)) (i32.const 7)) (i32.const 9)))
    (local.set $t (i32.shl (global.get $s1) (i32.const 9)))
    (local.set $n2 (i32.xor (global.get $s2) (global.get $s0)))
    (local.set $n3 (i32.xor (global.get $s3) (global.get $s1)))
    (global.set $s1 (i32.xor (global.get $s1) (local.get $n2)))
    (global.set $s0 (i32.xor (global.get $s0) (local.get $n3)))
    (global.set $s2 (i32.xor (local.get $n2) (local.get $t)))
    (global.set $s3 (i32.rotl (local.get $n3) (i32.const 11)))
    (i32.trunc_f64_s
      (f64.floor
        (f64.mul
          (f64.div (f64.convert_i32_u (local.get $r)) (f64.const 4294967296))
          (f64.convert_i32_s (local.get $n))))))

  ;; SurvivalGrower.grow and NodeLoop.grow: the bootstrap, then the nodes depth first, left child first.
  (func $grow (param $seedValue i32) (result i32)
    (local $i i32) (local $r i32) (local $c i32) (local $n i32) (local $sp i32) (local $si i32)
    (local $start i32) (local $end i32) (local $depth i32) (local $node i32) (local $mid i32)
    (local $l i32) (local $rt i32) (local $nodeCount i32)
    (local $s0 i32) (local $s1 i32) (local $s2 i32) (local $s3 i32) (local $x i32) (local $t i32) (local $n2 i32)
    (local $n3 i32) (local $nT f64)
    (local $_bootstrap i32) (local $_cnt i32) (local $_draws i32) (local $_feats i32) (local $_idx i32)
    (local $_maxDepth i32) (local $_nFeatures i32) (local $_nRows i32) (local $_nTrain i32) (local $_stack i32)
    (local $_train i32) (local $_w i32)
    (local.set $_bootstrap (global.get $bootstrap))
    (local.set $_cnt (global.get $cnt))
    (local.set $_draws (global.get $draws))
    (local.set $_feats (global.get $feats))
    (local.set $_idx (global.get $idx))
    (local.set $_maxDepth (global.get $maxDepth))
    (local.set $_nFeatures (global.get $nFeatures))
    (local.set $_nRows (global.get $nRows))
    (local.set $_nTrain (global.get $nTrain))
    (local.set $_stack (global.get $stack))
    (local.set $_train (global.get $train))
    (local.set $_w (global.get $w))
    (call $seed (local.get $seedValue))
    (if (local.get $_bootstrap)
      (then
        (memory.fill (local.get $_cnt) (i32.const 0) (i32.shl (local.get $_nRows) (i32.const 2)))
        (local.set $i (i32.const 0))
        (local.set $s0 (global.get $s0))
        (local.set $s1 (global.get $s1))
        (local.set $s2 (global.get $s2))
        (local.set $s3 (global.get $s3))
        (local.set $nT (f64.convert_i32_s (local.get $_nTrain)))
        (block $done
          (loop $draw
            (br_if $done (i32.ge_s (local.get $i) (local.get $_draws)))
            ;; nextInt(nTrain) inline, its state in locals: a call and the globals' reads and writes per draw
            ;; cost about as much as the generator.
            (local.set $x (i32.mul (i32.rotl (i32.mul (local.get $s1) (i32.const 5)) (i32.const 7)) (i32.const 9)))
            (local.set $t (i32.shl (local.get $s1) (i32.const 9)))
            (local.set $n2 (i32.xor (local.get $s2) (local.get $s0)))
            (local.set $n3 (i32.xor (local.get $s3) (local.get $s1)))
            (local.set $s1 (i32.xor (local.get $s1) (local.get $n2)))
            (local.set $s0 (i32.xor (local.get $s0) (local.get $n3)))
            (local.set $s2 (i32.xor (local.get $n2) (local.get $t)))
            (local.set $s3 (i32.rotl (local.get $n3) (i32.const 11)))
            (local.set $r
              (i32.load (i32.add (local.get $_train)
                (i32.shl
                  (i32.trunc_f64_s
                    (f64.floor
                      (f64.mul
                        (f64.div (f64.convert_i32_u (local.get $x)) (f64.const 4294967296))
                        (local.get $nT))))
                  (i32.const 2)))))
            (local.set $c (i32.add (local.get $_cnt) (i32.shl (local.get $r) (i32.const 2))))
            (i32.store (local.get $c) (i32.add (i32.load (local.get $c)) (i32.const 1)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $draw)))
        (global.set $s0 (local.get $s0))
        (global.set $s1 (local.get $s1))
        (global.set $s2 (local.get $s2))
        (global.set $s3 (local.get $s3)))
      (else
        (local.set $i (i32.const 0))
        (block $done
          (loop $one
            (br_if $done (i32.ge_s (local.get $i) (local.get $_nRows)))
            (i32.store (i32.add (local.get $_cnt) (i32.shl (local.get $i) (i32.const 2))) (i32.const 1))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $one)))))
    ;; expandDrawn: the drawn rows in training order, weight = count.
    (local.set $n (i32.const 0))
    (local.set $i (i32.const 0))
    (block $done
      (loop $expand
        (br_if $done (i32.ge_s (local.get $i) (local.get $_nTrain)))
        (local.set $r (i32.load (i32.add (local.get $_train) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $c (i32.load (i32.add (local.get $_cnt) (i32.shl (local.get $r) (i32.const 2)))))
        ;; Without a branch (about a third of the rows are not drawn, at random): the row is written at n either
        ;; way and kept (n moves on) when drawn; an undrawn row's weight is 0.
        (i32.store (i32.add (local.get $_idx) (i32.shl (local.get $n) (i32.const 2))) (local.get $r))
        (local.set $n (i32.add (local.get $n) (i32.gt_s (local.get $c) (i32.const 0))))
        (f64.store (i32.add (local.get $_w) (i32.shl (local.get $r) (i32.const 3))) (f64.convert_i32_s (local.get $c)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $expand)))
    (local.set $i (i32.const 0))
    (block $done
      (loop $feat
        (br_if $done (i32.ge_s (local.get $i) (local.get $_nFeatures)))
        (i32.store (i32.add (local.get $_feats) (i32.shl (local.get $i) (i32.const 2))) (local.get $i))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $feat)))
    (global.set $curveUsed (i32.const 0))
    (global.set $catLen (i32.const 0))
    ;; The node stack: start, end, depth, node.
    (local.set $nodeCount (i32.const 1))
    (i32.store (local.get $_stack) (i32.const 0))
    (i32.store offset=4 (local.get $_stack) (local.get $n))
    (i32.store offset=8 (local.get $_stack) (i32.const 0))
    (i32.store offset=12 (local.get $_stack) (i32.const 0))
    (local.set $sp (i32.const 1))
    (block $empty
      (loop $nodes
        (br_if $empty (i32.eqz (local.get $sp)))
        (local.set $sp (i32.sub (local.get $sp) (i32.const 1)))
        (local.set $si (i32.add (local.get $_stack) (i32.shl (local.get $sp) (i32.const 4))))
        (local.set $start (i32.load (local.get $si)))
        (local.set $end (i32.load offset=4 (local.get $si)))
        (local.set $depth (i32.load offset=8 (local.get $si)))
        (local.set $node (i32.load offset=12 (local.get $si)))
        (block $leaf
          (br_if $leaf (i32.eqz (call $openNode (local.get $node) (local.get $start) (local.get $end))))
          (br_if $leaf (i32.ge_s (local.get $depth) (local.get $_maxDepth)))
          (call $findSplit (local.get $start) (local.get $end))
          (br_if $leaf (i32.lt_s (global.get $bestFeature) (i32.const 0)))
          (local.set $mid (call $partition (local.get $start) (local.get $end)))
          (local.set $l (local.get $nodeCount))
          (local.set $rt (i32.add (local.get $nodeCount) (i32.const 1)))
          (local.set $nodeCount (i32.add (local.get $nodeCount) (i32.const 2)))
          (call $writeSplit (local.get $node) (local.get $l) (local.get $rt))
          ;; The right child below the left one: the left subtree is grown first.
          (local.set $si (i32.add (local.get $_stack) (i32.shl (local.get $sp) (i32.const 4))))
          (i32.store (local.get $si) (local.get $mid))
          (i32.store offset=4 (local.get $si) (local.get $end))
          (i32.store offset=8 (local.get $si) (i32.add (local.get $depth) (i32.const 1)))
          (i32.store offset=12 (local.get $si) (local.get $rt))
          (i32.store offset=16 (local.get $si) (local.get $start))
          (i32.store offset=20 (local.get $si) (local.get $mid))
          (i32.store offset=24 (local.get $si) (i32.add (local.get $depth) (i32.const 1)))
          (i32.store offset=28 (local.get $si) (local.get $l))
          (local.set $sp (i32.add (local.get $sp) (i32.const 2)))
          (br $nodes))
        (call $writeLeafCurve (local.get $node))
        (br $nodes)))
    (i32.store (i32.const 252) (global.get $curveUsed))
    (local.get $nodeCount))

  ;; openNode: the node summarised and written as a leaf; whether its weight and events allow a split.
  (func $openNode (param $node i32) (param $start i32) (param $end i32) (result i32)
    (local $a4 i32) (local $a8 i32)
    (call $summarise (local.get $start) (local.get $end))
    (local.set $a4 (i32.shl (local.get $node) (i32.const 2)))
    (local.set $a8 (i32.shl (local.get $node) (i32.const 3)))
    (f32.store (i32.add (global.get $oRisk) (local.get $a4)) (global.get $risk))
    (f64.store (i32.add (global.get $oW) (local.get $a8)) (global.get $nodeW))
    (i32.store (i32.add (global.get $oLeft) (local.get $a4)) (i32.const -1))
    (i32.store (i32.add (global.get $oRight) (local.get $a4)) (i32.const -1))
    (i32.store (i32.add (global.get $oFeature) (local.get $a4)) (i32.const -1))
    (i32.store (i32.add (global.get $oBin) (local.get $a4)) (i32.const -1))
    (i32.store (i32.add (global.get $oMissL) (local.get $a4)) (i32.const 0))
    (i32.store (i32.add (global.get $oCatOff) (local.get $a4)) (i32.const -1))
    (f64.store (i32.add (global.get $oChi) (local.get $a8)) (f64.const 0))
    (i32.store (i32.add (global.get $cLen) (local.get $a4)) (i32.const 0))
    (i32.eqz
      (i32.or
        (i32.or
          (f64.lt (global.get $nodeW) (global.get $minSplit))
          (f64.lt (global.get $nodeW) (f64.mul (f64.const 2) (global.get $minLeaf))))
        (i32.eqz (global.get $m)))))

  ;; writeLeafCurve: the node's event points and Nelson–Aalen there (float32) as its leaf curve.
  (func $writeLeafCurve (param $node i32)
    (local $k i32) (local $o i32) (local $m i32)
    (local $_cLen i32) (local $_cPoint i32) (local $_cStart i32) (local $_cValue i32) (local $_chf i32)
    (local $_nodeP i32)
    (local.set $_cLen (global.get $cLen))
    (local.set $_cPoint (global.get $cPoint))
    (local.set $_cStart (global.get $cStart))
    (local.set $_cValue (global.get $cValue))
    (local.set $_chf (global.get $chf))
    (local.set $_nodeP (global.get $nodeP))
    (local.set $o (global.get $curveUsed))
    (local.set $m (global.get $m))
    (local.set $k (i32.const 0))
    (block $done
      (loop $copy
        (br_if $done (i32.ge_s (local.get $k) (local.get $m)))
        (i32.store (i32.add (local.get $_cPoint) (i32.shl (i32.add (local.get $o) (local.get $k)) (i32.const 2)))
          (i32.load (i32.add (local.get $_nodeP) (i32.shl (local.get $k) (i32.const 2)))))
        (f32.store (i32.add (local.get $_cValue) (i32.shl (i32.add (local.get $o) (local.get $k)) (i32.const 2)))
          (f32.demote_f64 (f64.load (i32.add (local.get $_chf) (i32.shl (local.get $k) (i32.const 3))))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $copy)))
    (i32.store (i32.add (local.get $_cStart) (i32.shl (local.get $node) (i32.const 2))) (local.get $o))
    (i32.store (i32.add (local.get $_cLen) (i32.shl (local.get $node) (i32.const 2))) (global.get $m))
    (global.set $curveUsed (i32.add (local.get $o) (global.get $m))))

  ;; summariseNode: the node's weight, its event points in grid order (at risk, events, grid index), Nelson–Aalen
  ;; there, the cell -> local map and its risk.
  (func $summarise (param $start i32) (param $end i32)
    (local $i i32) (local $r i32) (local $s i32) (local $a i32) (local $wr f64) (local $wTot f64)
    (local $wd i32) (local $bits i32) (local $nHeld i32) (local $t i32) (local $m i32)
    (local $atRisk f64) (local $h f64) (local $g f64) (local $e i32)
    (local $_cell i32) (local $_chf i32) (local $_ev i32) (local $_gc i32) (local $_ge i32) (local $_hbLen i32)
    (local $_held i32) (local $_heldBits i32) (local $_idx i32) (local $_local i32) (local $_nodeD i32)
    (local $_nodeP i32) (local $_nodeY i32) (local $_w i32)
    (local.set $_cell (global.get $cell))
    (local.set $_chf (global.get $chf))
    (local.set $_ev (global.get $ev))
    (local.set $_gc (global.get $gc))
    (local.set $_ge (global.get $ge))
    (local.set $_hbLen (global.get $hbLen))
    (local.set $_held (global.get $held))
    (local.set $_heldBits (global.get $heldBits))
    (local.set $_idx (global.get $idx))
    (local.set $_local (global.get $local))
    (local.set $_nodeD (global.get $nodeD))
    (local.set $_nodeP (global.get $nodeP))
    (local.set $_nodeY (global.get $nodeY))
    (local.set $_w (global.get $w))
    (local.set $i (local.get $start))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_s (local.get $i) (local.get $end)))
        (local.set $r (i32.load (i32.add (local.get $_idx) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $s (i32.load (i32.add (local.get $_cell) (i32.shl (local.get $r) (i32.const 2)))))
        (local.set $a (i32.add (local.get $_heldBits) (i32.shl (i32.shr_u (local.get $s) (i32.const 5)) (i32.const 2))))
        (i32.store (local.get $a)
          (i32.or (i32.load (local.get $a)) (i32.shl (i32.const 1) (i32.and (local.get $s) (i32.const 31)))))
        (local.set $wr (f64.load (i32.add (local.get $_w) (i32.shl (local.get $r) (i32.const 3)))))
        (local.set $a (i32.add (local.get $_gc) (i32.shl (local.get $s) (i32.const 3))))
        (f64.store (local.get $a) (f64.add (f64.load (local.get $a)) (local.get $wr)))
        (local.set $wTot (f64.add (local.get $wTot) (local.get $wr)))
        ;; Without a branch (whether a row is an event is as good as random): a censored row adds +0 to the
        ;; first cell's events, which leaves every value as it was (the sums are never −0).
        (local.set $e (i32.load8_u (i32.add (local.get $_ev) (local.get $r))))
        (local.set $a
          (i32.add (local.get $_ge)
            (i32.shl (select (i32.sub (local.get $s) (i32.const 1)) (i32.const 0) (local.get $e)) (i32.const 3))))
        (f64.store (local.get $a)
          (f64.add (f64.load (local.get $a)) (f64.mul (local.get $wr) (f64.convert_i32_u (local.get $e)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows)))
    (global.set $nodeW (local.get $wTot))
    ;; The held cells in increasing order (the bitmap cleared for the next node).
    (local.set $wd (i32.const 0))
    (block $done
      (loop $words
        (br_if $done (i32.ge_s (local.get $wd) (local.get $_hbLen)))
        (local.set $a (i32.add (local.get $_heldBits) (i32.shl (local.get $wd) (i32.const 2))))
        (local.set $bits (i32.load (local.get $a)))
        (block $none
          (loop $bit
            (br_if $none (i32.eqz (local.get $bits)))
            (i32.store (i32.add (local.get $_held) (i32.shl (local.get $nHeld) (i32.const 2)))
              (i32.add (i32.shl (local.get $wd) (i32.const 5)) (i32.ctz (local.get $bits))))
            (local.set $nHeld (i32.add (local.get $nHeld) (i32.const 1)))
            (local.set $bits (i32.and (local.get $bits) (i32.sub (local.get $bits) (i32.const 1))))
            (br $bit)))
        (i32.store (local.get $a) (i32.const 0))
        (local.set $wd (i32.add (local.get $wd) (i32.const 1)))
        (br $words)))
    (local.set $atRisk (local.get $wTot))
    (local.set $t (i32.const 0))
    (block $done
      (loop $cells
        (br_if $done (i32.ge_s (local.get $t) (local.get $nHeld)))
        (local.set $s (i32.load (i32.add (local.get $_held) (i32.shl (local.get $t) (i32.const 2)))))
        (if (i32.gt_s (local.get $s) (i32.const 0))
          (then
            (local.set $a (i32.add (local.get $_ge) (i32.shl (i32.sub (local.get $s) (i32.const 1)) (i32.const 3))))
            ;; Without a branch (whether a cell holds events is as good as random): a cell without events adds
            ;; +0 to h (its at-risk weight is positive), and its point is written at m (< G) but m does not move on.
            ;; Measured (bench/survivalPerTree.ts, lung, alternating kernels, 4 × 8 folds): 18.1–20.6 against
            ;; 19.2–20.8 µs per tree, the same trees (digest 2bbd48f43351e46f).
            (local.set $g (f64.load (local.get $a)))
            (local.set $h (f64.add (local.get $h) (f64.div (local.get $g) (local.get $atRisk))))
            (f64.store (i32.add (local.get $_nodeY) (i32.shl (local.get $m) (i32.const 3))) (local.get $atRisk))
            (f64.store (i32.add (local.get $_nodeD) (i32.shl (local.get $m) (i32.const 3))) (local.get $g))
            (i32.store (i32.add (local.get $_nodeP) (i32.shl (local.get $m) (i32.const 2)))
              (i32.sub (local.get $s) (i32.const 1)))
            (f64.store (i32.add (local.get $_chf) (i32.shl (local.get $m) (i32.const 3))) (local.get $h))
            (local.set $m (i32.add (local.get $m) (f64.gt (local.get $g) (f64.const 0))))
            (f64.store (local.get $a) (f64.const 0))))
        (i32.store (i32.add (local.get $_local) (i32.shl (local.get $s) (i32.const 2))) (local.get $m))
        (local.set $a (i32.add (local.get $_gc) (i32.shl (local.get $s) (i32.const 3))))
        (local.set $atRisk (f64.sub (local.get $atRisk) (f64.load (local.get $a))))
        (f64.store (local.get $a) (f64.const 0))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $cells)))
    (global.set $m (local.get $m))
    (global.set $risk (call $nodeRisk (local.get $m)))
    (global.set $boundSums (i32.const 0)))

  ;; nodeRisk in survivalGrow.ts: the fast sum when it provably rounds as the point-by-point one, else that.
  (func $nodeRisk (param $m i32) (result f32)
    (local $k i32) (local $fast f64) (local $e f64) (local $next i32) (local $j i32) (local $sum f64) (local $hj f64)
    (local $_G i32) (local $_chf i32) (local $_nodeP i32)
    (local.set $_G (global.get $G))
    (local.set $_chf (global.get $chf))
    (local.set $_nodeP (global.get $nodeP))
    (if (i32.eqz (local.get $m)) (then (return (f32.const 0))))
    (block $done
      (loop $steps
        (br_if $done (i32.ge_s (local.get $k) (local.get $m)))
        (local.set $next
          (if (result i32) (i32.lt_s (i32.add (local.get $k) (i32.const 1)) (local.get $m))
            (then (i32.load offset=4 (i32.add (local.get $_nodeP) (i32.shl (local.get $k) (i32.const 2)))))
            (else (local.get $_G))))
        (local.set $fast
          (f64.add (local.get $fast)
            (f64.mul
              (f64.load (i32.add (local.get $_chf) (i32.shl (local.get $k) (i32.const 3))))
              (f64.convert_i32_s
                (i32.sub (local.get $next)
                  (i32.load (i32.add (local.get $_nodeP) (i32.shl (local.get $k) (i32.const 2)))))))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $steps)))
    ;; e = 4 · (G + m + 2) · 2^-53 · fast (UNIT_ROUND), in that order.
    (local.set $e
      (f64.mul
        (f64.mul
          (f64.convert_i32_s
            (i32.mul (i32.const 4) (i32.add (i32.add (local.get $_G) (local.get $m)) (i32.const 2))))
          (f64.const 1.1102230246251565e-16))
        (local.get $fast)))
    (if (f32.eq (f32.demote_f64 (f64.sub (local.get $fast) (local.get $e)))
                (f32.demote_f64 (f64.add (local.get $fast) (local.get $e))))
      (then (return (f32.demote_f64 (local.get $fast)))))
    ;; pointByPointRisk.
    (local.set $k (i32.const 0))
    (local.set $j (i32.load (local.get $_nodeP)))
    (block $done
      (loop $points
        (br_if $done (i32.ge_s (local.get $j) (local.get $_G)))
        (if (i32.lt_s (local.get $k) (local.get $m))
          (then
            (if (i32.eq (i32.load (i32.add (local.get $_nodeP) (i32.shl (local.get $k) (i32.const 2)))) (local.get $j))
              (then
                (local.set $hj (f64.load (i32.add (local.get $_chf) (i32.shl (local.get $k) (i32.const 3)))))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))))))
        (local.set $sum (f64.add (local.get $sum) (local.get $hj)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $points)))
    (f32.demote_f64 (local.get $sum)))

  ;; findSplit: features drawn without replacement until mtry were tried and one was not constant.
  (func $findSplit (param $start i32) (param $end i32)
    (local $left i32) (local $visited i32) (local $nonConstant i32) (local $j i32) (local $f i32) (local $aj i32)
    (local $al i32)
    (local $_feats i32) (local $_mtry i32) (local $_nFeatures i32)
    (local.set $_feats (global.get $feats))
    (local.set $_mtry (global.get $mtry))
    (local.set $_nFeatures (global.get $nFeatures))
    (global.set $bestFeature (i32.const -1))
    (global.set $bestStat (f64.const 0))
    (local.set $left (local.get $_nFeatures))
    (block $done
      (loop $draw
        (br_if $done (i32.le_s (local.get $left) (i32.const 0)))
        (br_if $done
          (i32.eqz (i32.or (i32.lt_s (local.get $visited) (local.get $_mtry)) (i32.eqz (local.get $nonConstant)))))
        (local.set $j (call $nextInt (local.get $left)))
        (local.set $aj (i32.add (local.get $_feats) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $f (i32.load (local.get $aj)))
        (local.set $left (i32.sub (local.get $left) (i32.const 1)))
        (local.set $al (i32.add (local.get $_feats) (i32.shl (local.get $left) (i32.const 2))))
        (i32.store (local.get $aj) (i32.load (local.get $al)))
        (i32.store (local.get $al) (local.get $f))
        (local.set $visited (i32.add (local.get $visited) (i32.const 1)))
        (if (i32.gt_s (call $scanFeature (local.get $f) (local.get $start) (local.get $end)) (i32.const 1))
          (then (local.set $nonConstant (i32.add (local.get $nonConstant) (i32.const 1)))))
        (br $draw))))

  ;; scanFeature: rows counted by bin (a categorical column's weighed too), sorted by bin (counting sort, node
  ;; order within a bin, the missing ones last), categories ordered by event rate, swept; returns the number of
  ;; distinct values (missing counting as one).
  (func $scanFeature (param $f i32) (param $start i32) (param $end i32) (result i32)
    (local $off i32) (local $i i32) (local $b i32) (local $a i32) (local $wd i32) (local $bits i32)
    (local $nPresent i32) (local $j i32) (local $pos i32) (local $r i32) (local $hasMissing i32) (local $sum f64)
    (local $cat i32)
    (local $_bcnt i32) (local $_binE i32) (local $_binW i32) (local $_bins i32) (local $_bstart i32)
    (local $_byBin i32) (local $_idx i32) (local $_isCat i32) (local $_mask i32) (local $_nRows i32)
    (local $_order i32) (local $_w i32)
    (local.set $_bcnt (global.get $bcnt))
    (local.set $_binE (global.get $binE))
    (local.set $_binW (global.get $binW))
    (local.set $_bins (global.get $bins))
    (local.set $_bstart (global.get $bstart))
    (local.set $_byBin (global.get $byBin))
    (local.set $_idx (global.get $idx))
    (local.set $_isCat (global.get $isCat))
    (local.set $_mask (global.get $mask))
    (local.set $_nRows (global.get $nRows))
    (local.set $_order (global.get $order))
    (local.set $_w (global.get $w))
    (local.set $off (i32.add (local.get $_bins) (i32.mul (local.get $f) (local.get $_nRows))))
    (local.set $cat (i32.load8_u (i32.add (local.get $_isCat) (local.get $f))))
    (if (local.get $cat) (then (call $weighCategories (local.get $off) (local.get $start) (local.get $end))))
    (local.set $i (local.get $start))
    (block $done
      (loop $count
        (br_if $done (i32.ge_s (local.get $i) (local.get $end)))
        (local.set $b
          (i32.load8_u (i32.add (local.get $off)
            (i32.load (i32.add (local.get $_idx) (i32.shl (local.get $i) (i32.const 2)))))))
        (local.set $a (i32.add (local.get $_bcnt) (i32.shl (local.get $b) (i32.const 2))))
        (i32.store (local.get $a) (i32.add (i32.load (local.get $a)) (i32.const 1)))
        (local.set $a (i32.add (local.get $_mask) (i32.shl (i32.shr_u (local.get $b) (i32.const 5)) (i32.const 2))))
        (i32.store (local.get $a)
          (i32.or (i32.load (local.get $a)) (i32.shl (i32.const 1) (i32.and (local.get $b) (i32.const 31)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $count)))
    ;; The missing bin (255) taken out of the mask, then occupiedBins: the bins in increasing order, mask cleared.
    (local.set $hasMissing (i32.shr_u (i32.load offset=28 (local.get $_mask)) (i32.const 31)))
    (i32.store offset=28 (local.get $_mask) (i32.and (i32.load offset=28 (local.get $_mask)) (i32.const 0x7fffffff)))
    (block $done
      (loop $words
        (br_if $done (i32.ge_s (local.get $wd) (i32.const 8)))
        (local.set $a (i32.add (local.get $_mask) (i32.shl (local.get $wd) (i32.const 2))))
        (local.set $bits (i32.load (local.get $a)))
        (block $none
          (loop $bit
            (br_if $none (i32.eqz (local.get $bits)))
            (i32.store (i32.add (local.get $_order) (i32.shl (local.get $nPresent) (i32.const 2)))
              (i32.add (i32.shl (local.get $wd) (i32.const 5)) (i32.ctz (local.get $bits))))
            (local.set $nPresent (i32.add (local.get $nPresent) (i32.const 1)))
            (local.set $bits (i32.and (local.get $bits) (i32.sub (local.get $bits) (i32.const 1))))
            (br $bit)))
        (i32.store (local.get $a) (i32.const 0))
        (local.set $wd (i32.add (local.get $wd) (i32.const 1)))
        (br $words)))
    (if (i32.gt_s (i32.add (local.get $nPresent) (local.get $hasMissing)) (i32.const 1))
      (then
        (local.set $j (i32.const 0))
        (block $done
          (loop $starts
            (br_if $done (i32.ge_s (local.get $j) (local.get $nPresent)))
            (local.set $b (i32.load (i32.add (local.get $_order) (i32.shl (local.get $j) (i32.const 2)))))
            (i32.store (i32.add (local.get $_bstart) (i32.shl (local.get $b) (i32.const 2))) (local.get $pos))
            (local.set $pos
              (i32.add (local.get $pos) (i32.load (i32.add (local.get $_bcnt) (i32.shl (local.get $b) (i32.const 2))))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $starts)))
        (i32.store offset=1020 (local.get $_bstart) (local.get $pos))
        (local.set $i (local.get $start))
        (block $done
          (loop $scatter
            (br_if $done (i32.ge_s (local.get $i) (local.get $end)))
            (local.set $r (i32.load (i32.add (local.get $_idx) (i32.shl (local.get $i) (i32.const 2)))))
            (local.set $a
              (i32.add (local.get $_bstart)
                (i32.shl (i32.load8_u (i32.add (local.get $off) (local.get $r))) (i32.const 2))))
            (local.set $pos (i32.load (local.get $a)))
            (i32.store (i32.add (local.get $_byBin) (i32.shl (local.get $pos) (i32.const 2))) (local.get $r))
            (i32.store (local.get $a) (i32.add (local.get $pos) (i32.const 1)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $scatter)))
        ;; bstart now holds each bin's end. Categories by event rate; the missing rows' weight (a numeric column's
        ;; summed now, weighMissing, in node order as a categorical column's count loop did).
        (if (local.get $cat) (then (call $orderByEventRate (local.get $nPresent))))
        (if (i32.and (local.get $hasMissing) (local.get $cat))
          (then (global.set $swMissW (f64.load offset=2040 (local.get $_binW)))))
        (if (i32.and (local.get $hasMissing) (i32.eqz (local.get $cat)))
          (then
            (local.set $pos (i32.load offset=1020 (local.get $_bstart)))
            (local.set $i (i32.sub (local.get $pos) (i32.load offset=1020 (local.get $_bcnt))))
            (local.set $sum (f64.const 0))
            (block $wdone
              (loop $weigh
                (br_if $wdone (i32.ge_s (local.get $i) (local.get $pos)))
                (local.set $sum
                  (f64.add (local.get $sum)
                    (f64.load (i32.add (local.get $_w)
                      (i32.shl (i32.load (i32.add (local.get $_byBin) (i32.shl (local.get $i) (i32.const 2)))) (i32.const 3))))))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $weigh)))
            (global.set $swMissW (local.get $sum))))
        (if (i32.eqz (local.get $hasMissing)) (then (global.set $swMissW (f64.const 0))))
        (global.set $swIsCat (local.get $cat))
        (call $sweep (local.get $f) (local.get $nPresent) (local.get $hasMissing)
          (i32.sub (local.get $end) (local.get $start)))))
    (local.set $j (i32.const 0))
    (block $done
      (loop $clear
        (br_if $done (i32.ge_s (local.get $j) (local.get $nPresent)))
        (local.set $b (i32.load (i32.add (local.get $_order) (i32.shl (local.get $j) (i32.const 2)))))
        (i32.store (i32.add (local.get $_bcnt) (i32.shl (local.get $b) (i32.const 2))) (i32.const 0))
        (if (local.get $cat)
          (then
            (f64.store (i32.add (local.get $_binW) (i32.shl (local.get $b) (i32.const 3))) (f64.const 0))
            (f64.store (i32.add (local.get $_binE) (i32.shl (local.get $b) (i32.const 3))) (f64.const 0))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $clear)))
    (i32.store offset=1020 (local.get $_bcnt) (i32.const 0))
    (f64.store offset=2040 (local.get $_binW) (f64.const 0))
    (f64.store offset=2040 (local.get $_binE) (f64.const 0))
    (i32.add (local.get $nPresent) (local.get $hasMissing)))

  ;; A categorical column's weight and events by bin (binW, binE), its rows in node order as scanFeature's count.
  (func $weighCategories (param $off i32) (param $start i32) (param $end i32)
    (local $i i32) (local $r i32) (local $b i32) (local $a i32) (local $wr f64)
    (local $_binE i32) (local $_binW i32) (local $_ev i32) (local $_idx i32) (local $_w i32)
    (local.set $_binE (global.get $binE))
    (local.set $_binW (global.get $binW))
    (local.set $_ev (global.get $ev))
    (local.set $_idx (global.get $idx))
    (local.set $_w (global.get $w))
    (local.set $i (local.get $start))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_s (local.get $i) (local.get $end)))
        (local.set $r (i32.load (i32.add (local.get $_idx) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $b (i32.load8_u (i32.add (local.get $off) (local.get $r))))
        (local.set $wr (f64.load (i32.add (local.get $_w) (i32.shl (local.get $r) (i32.const 3)))))
        (local.set $a (i32.add (local.get $_binW) (i32.shl (local.get $b) (i32.const 3))))
        (f64.store (local.get $a) (f64.add (f64.load (local.get $a)) (local.get $wr)))
        (if (i32.load8_u (i32.add (local.get $_ev) (local.get $r)))
          (then
            (local.set $a (i32.add (local.get $_binE) (i32.shl (local.get $b) (i32.const 3))))
            (f64.store (local.get $a) (f64.add (f64.load (local.get $a)) (local.get $wr)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))

  ;; orderByEventRate: categories by events / weight in the node, ascending, equal keys kept in bin order
  ;; (insertByKey's insertion sort).
  (func $orderByEventRate (param $n i32)
    (local $j i32) (local $c i32) (local $kv f64) (local $p i32)
    (local $_binE i32) (local $_binW i32) (local $_key i32) (local $_order i32)
    (local.set $_binE (global.get $binE))
    (local.set $_binW (global.get $binW))
    (local.set $_key (global.get $key))
    (local.set $_order (global.get $order))
    (block $done
      (loop $cats
        (br_if $done (i32.ge_s (local.get $j) (local.get $n)))
        (local.set $c (i32.load (i32.add (local.get $_order) (i32.shl (local.get $j) (i32.const 2)))))
        (local.set $kv
          (f64.div (f64.load (i32.add (local.get $_binE) (i32.shl (local.get $c) (i32.const 3))))
            (f64.load (i32.add (local.get $_binW) (i32.shl (local.get $c) (i32.const 3))))))
        (local.set $p (local.get $j))
        (block $placed
          (loop $shift
            (br_if $placed (i32.le_s (local.get $p) (i32.const 0)))
            (br_if $placed
              (i32.eqz
                (f64.gt
                  (f64.load (i32.add (local.get $_key) (i32.shl (i32.sub (local.get $p) (i32.const 1)) (i32.const 3))))
                  (local.get $kv))))
            (f64.store (i32.add (local.get $_key) (i32.shl (local.get $p) (i32.const 3)))
              (f64.load (i32.add (local.get $_key) (i32.shl (i32.sub (local.get $p) (i32.const 1)) (i32.const 3)))))
            (i32.store (i32.add (local.get $_order) (i32.shl (local.get $p) (i32.const 2)))
              (i32.load (i32.add (local.get $_order) (i32.shl (i32.sub (local.get $p) (i32.const 1)) (i32.const 2)))))
            (local.set $p (i32.sub (local.get $p) (i32.const 1)))
            (br $shift)))
        (f64.store (i32.add (local.get $_key) (i32.shl (local.get $p) (i32.const 3))) (local.get $kv))
        (i32.store (i32.add (local.get $_order) (i32.shl (local.get $p) (i32.const 2))) (local.get $c))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $cats))))

  ;; sweep and sweepPrefixes: every prefix of the bins (ascending) as the left side, the missing rows right and
  ;; then left; with missing rows, every present value left and the missing ones right last.
  (func $sweep (param $f i32) (param $nPresent i32) (param $hasMissing i32) (param $rows i32)
    (local $m i32) (local $j i32)
    (local.set $m (global.get $m))
    ;; BOUNDED_M = 8.
    (global.set $bounded (i32.gt_s (i32.mul (local.get $nPresent) (local.get $m)) (i32.mul (i32.const 8) (local.get $rows))))
    (memory.fill (global.get $cumC) (i32.const 0) (i32.shl (i32.add (local.get $m) (i32.const 1)) (i32.const 3)))
    (memory.fill (global.get $cumE) (i32.const 0) (i32.shl (i32.add (local.get $m) (i32.const 1)) (i32.const 3)))
    (if (global.get $bounded)
      (then
        (memory.fill (global.get $fenW) (i32.const 0) (i32.shl (i32.add (local.get $m) (i32.const 2)) (i32.const 4)))))
    (global.set $swF (local.get $f))
    (global.set $swN (local.get $nPresent))
    (global.set $swCumW (f64.const 0))
    (global.set $lD (f64.const 0))
    (global.set $lS (f64.const 0))
    (global.set $lP (f64.const 0))
    (global.set $lQ (f64.const 0))
    (global.set $lX (f64.const 0))
    (global.set $swHasMissing (local.get $hasMissing))
    (if (i32.and (i32.or (global.get $bounded) (local.get $hasMissing)) (i32.eqz (global.get $boundSums)))
      (then (call $makeBoundSums)))
    (if (local.get $hasMissing) (then (call $summariseMissing)))
    (block $done
      (loop $bins
        (br_if $done (i32.ge_s (local.get $j) (local.get $nPresent)))
        (if (i32.gt_s (local.get $j) (i32.const 0))
          (then
            (call $tryPrefix (local.get $j) (i32.const 0) (i32.const 0))
            (if (local.get $hasMissing)
              (then (call $tryPrefix (local.get $j) (i32.const 1) (i32.const 0))))))
        (if (global.get $bounded)
          (then (call $addBinBounded (i32.load (i32.add (global.get $order) (i32.shl (local.get $j) (i32.const 2))))))
          (else (call $addBin (i32.load (i32.add (global.get $order) (i32.shl (local.get $j) (i32.const 2)))))))
        ;; The right side now weighs less than a leaf, and only lighter with every further bin (the weights are
        ;; nonnegative and rounding is monotone): no later candidate is tried (tryPrefix), with the missing rows
        ;; on either side, nor the last one when the missing rows weigh less than a leaf. Their bins are not added.
        (br_if $done
          (i32.and
            (f64.lt (f64.sub (global.get $nodeW) (global.get $swCumW)) (global.get $minLeaf))
            (i32.or (i32.eqz (local.get $hasMissing)) (f64.lt (global.get $swMissW) (global.get $minLeaf)))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $bins)))
    (if (i32.and (local.get $hasMissing) (i32.gt_s (local.get $nPresent) (i32.const 0)))
      (then (call $tryPrefix (local.get $nPresent) (i32.const 0) (i32.const 1)))))

  ;; summariseMissing: the missing rows' weight and events by local cell, their running sums, and crossM.
  (func $summariseMissing
    (local $m i32) (local $i i32) (local $end i32) (local $r i32) (local $a i32) (local $s i32) (local $wr f64)
    (local $total f64) (local $d f64) (local $sl f64) (local $p f64) (local $below f64) (local $wBelow f64)
    (local $q f64) (local $mc f64) (local $vb f64)
    (local $_bcnt i32) (local $_bstart i32) (local $_byBin i32) (local $_cell i32) (local $_crossM i32)
    (local $_ev i32) (local $_lam i32) (local $_local i32) (local $_missC i32) (local $_missE i32)
    (local $_varA i32) (local $_varB i32) (local $_w i32)
    (local.set $_bcnt (global.get $bcnt))
    (local.set $_bstart (global.get $bstart))
    (local.set $_byBin (global.get $byBin))
    (local.set $_cell (global.get $cell))
    (local.set $_crossM (global.get $crossM))
    (local.set $_ev (global.get $ev))
    (local.set $_lam (global.get $lam))
    (local.set $_local (global.get $local))
    (local.set $_missC (global.get $missC))
    (local.set $_missE (global.get $missE))
    (local.set $_varA (global.get $varA))
    (local.set $_varB (global.get $varB))
    (local.set $_w (global.get $w))
    (local.set $m (global.get $m))
    (memory.fill (local.get $_missC) (i32.const 0) (i32.shl (i32.add (local.get $m) (i32.const 1)) (i32.const 3)))
    (memory.fill (local.get $_missE) (i32.const 0) (i32.shl (i32.add (local.get $m) (i32.const 1)) (i32.const 3)))
    (local.set $end (i32.load offset=1020 (local.get $_bstart)))
    (local.set $i (i32.sub (local.get $end) (i32.load offset=1020 (local.get $_bcnt))))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_s (local.get $i) (local.get $end)))
        (local.set $r (i32.load (i32.add (local.get $_byBin) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $a
          (i32.shl
            (i32.load (i32.add (local.get $_local)
              (i32.shl (i32.load (i32.add (local.get $_cell) (i32.shl (local.get $r) (i32.const 2)))) (i32.const 2))))
            (i32.const 3)))
        (local.set $wr (f64.load (i32.add (local.get $_w) (i32.shl (local.get $r) (i32.const 3)))))
        (f64.store (i32.add (local.get $_missC) (local.get $a))
          (f64.add (f64.load (i32.add (local.get $_missC) (local.get $a))) (local.get $wr)))
        (if (i32.load8_u (i32.add (local.get $_ev) (local.get $r)))
          (then
            (f64.store (i32.add (local.get $_missE) (local.get $a))
              (f64.add (f64.load (i32.add (local.get $_missE) (local.get $a))) (local.get $wr)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows)))
    (local.set $total (global.get $swMissW))
    (local.set $s (i32.const 0))
    (block $done
      (loop $cells
        (br_if $done (i32.gt_s (local.get $s) (local.get $m)))
        (local.set $a (i32.shl (local.get $s) (i32.const 3)))
        (local.set $mc (f64.load (i32.add (local.get $_missC) (local.get $a))))
        (local.set $vb (f64.load (i32.add (local.get $_varB) (local.get $a))))
        (local.set $d (f64.add (local.get $d) (f64.load (i32.add (local.get $_missE) (local.get $a)))))
        (local.set $sl (f64.add (local.get $sl) (f64.mul (local.get $mc) (f64.load (i32.add (local.get $_lam) (local.get $a))))))
        (local.set $p (f64.add (local.get $p) (f64.mul (local.get $mc) (f64.load (i32.add (local.get $_varA) (local.get $a))))))
        (f64.store (i32.add (local.get $_crossM) (local.get $a))
          (f64.add (f64.mul (local.get $vb) (f64.sub (local.get $total) (local.get $wBelow))) (local.get $below)))
        (local.set $below (f64.add (local.get $below) (f64.mul (local.get $mc) (local.get $vb))))
        (local.set $wBelow (f64.add (local.get $wBelow) (local.get $mc)))
        (local.set $s (i32.add (local.get $s) (i32.const 1)))
        (br $cells)))
    ;; Their pair sum: each missing row's with all of them.
    (local.set $s (i32.const 0))
    (block $done
      (loop $pairs
        (br_if $done (i32.gt_s (local.get $s) (local.get $m)))
        (local.set $a (i32.shl (local.get $s) (i32.const 3)))
        (local.set $q
          (f64.add (local.get $q)
            (f64.mul (f64.load (i32.add (local.get $_missC) (local.get $a)))
              (f64.load (i32.add (local.get $_crossM) (local.get $a))))))
        (local.set $s (i32.add (local.get $s) (i32.const 1)))
        (br $pairs)))
    (global.set $mD (local.get $d))
    (global.set $mS (local.get $sl))
    (global.set $mP (local.get $p))
    (global.set $mQ (local.get $q)))

  ;; makeBoundSums: per local cell, Nelson–Aalen before it and the variance's sums of c/Y and c/Y².
  (func $makeBoundSums
    (local $m i32) (local $k i32) (local $y f64) (local $d f64) (local $c f64) (local $a8 i32)
    (local $_lam i32) (local $_nodeD i32) (local $_nodeY i32) (local $_varA i32) (local $_varB i32)
    (local.set $_lam (global.get $lam))
    (local.set $_nodeD (global.get $nodeD))
    (local.set $_nodeY (global.get $nodeY))
    (local.set $_varA (global.get $varA))
    (local.set $_varB (global.get $varB))
    (global.set $boundSums (i32.const 1))
    (local.set $m (global.get $m))
    (f64.store (local.get $_lam) (f64.const 0))
    (f64.store (local.get $_varA) (f64.const 0))
    (f64.store (local.get $_varB) (f64.const 0))
    (block $done
      (loop $points
        (br_if $done (i32.ge_s (local.get $k) (local.get $m)))
        (local.set $a8 (i32.shl (local.get $k) (i32.const 3)))
        (local.set $y (f64.load (i32.add (local.get $_nodeY) (local.get $a8))))
        (local.set $d (f64.load (i32.add (local.get $_nodeD) (local.get $a8))))
        (local.set $c
          (if (result f64) (f64.gt (local.get $y) (f64.const 1))
            (then
              (f64.div (f64.mul (f64.sub (local.get $y) (local.get $d)) (local.get $d))
                (f64.sub (local.get $y) (f64.const 1))))
            (else (f64.const 0))))
        (f64.store offset=8 (i32.add (local.get $_lam) (local.get $a8))
          (f64.add (f64.load (i32.add (local.get $_lam) (local.get $a8))) (f64.div (local.get $d) (local.get $y))))
        (f64.store offset=8 (i32.add (local.get $_varA) (local.get $a8))
          (f64.add (f64.load (i32.add (local.get $_varA) (local.get $a8))) (f64.div (local.get $c) (local.get $y))))
        (f64.store offset=8 (i32.add (local.get $_varB) (local.get $a8))
          (f64.add (f64.load (i32.add (local.get $_varB) (local.get $a8)))
            (f64.div (local.get $c) (f64.mul (local.get $y) (local.get $y)))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $points))))

  ;; addBin of a small node (no running bound sums): the bin's rows to the left side's weight and events by cell.
  (func $addBin (param $bin i32)
    (local $i i32) (local $end i32) (local $r i32) (local $a i32) (local $wr f64) (local $cumW f64)
    (local $_bcnt i32) (local $_bstart i32) (local $_byBin i32) (local $_cell i32) (local $_cumC i32)
    (local $_cumE i32) (local $_ev i32) (local $_local i32) (local $_w i32)
    (local.set $_bcnt (global.get $bcnt))
    (local.set $_bstart (global.get $bstart))
    (local.set $_byBin (global.get $byBin))
    (local.set $_cell (global.get $cell))
    (local.set $_cumC (global.get $cumC))
    (local.set $_cumE (global.get $cumE))
    (local.set $_ev (global.get $ev))
    (local.set $_local (global.get $local))
    (local.set $_w (global.get $w))
    (local.set $end (i32.load (i32.add (local.get $_bstart) (i32.shl (local.get $bin) (i32.const 2)))))
    (local.set $i (i32.sub (local.get $end) (i32.load (i32.add (local.get $_bcnt) (i32.shl (local.get $bin) (i32.const 2))))))
    (local.set $cumW (global.get $swCumW))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_s (local.get $i) (local.get $end)))
        (local.set $r (i32.load (i32.add (local.get $_byBin) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $a
          (i32.shl
            (i32.load (i32.add (local.get $_local)
              (i32.shl (i32.load (i32.add (local.get $_cell) (i32.shl (local.get $r) (i32.const 2)))) (i32.const 2))))
            (i32.const 3)))
        (local.set $wr (f64.load (i32.add (local.get $_w) (i32.shl (local.get $r) (i32.const 3)))))
        (f64.store (i32.add (local.get $_cumC) (local.get $a))
          (f64.add (f64.load (i32.add (local.get $_cumC) (local.get $a))) (local.get $wr)))
        ;; Without a branch, as in summarise: a censored row adds +0.
        (f64.store (i32.add (local.get $_cumE) (local.get $a))
          (f64.add (f64.load (i32.add (local.get $_cumE) (local.get $a)))
            (f64.mul (local.get $wr) (f64.convert_i32_u (i32.load8_u (i32.add (local.get $_ev) (local.get $r)))))))
        (local.set $cumW (f64.add (local.get $cumW) (local.get $wr)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows)))
    (global.set $swCumW (local.get $cumW)))

  ;; addBinBounded: as addBin, and the running sums that bound a candidate's statistic (Fenwick trees for the
  ;; left side's pair sum: its weights and weights × varB interleaved over fenW's and fenB's space, entry q at
  ;; fenW + 16q, so a step reads one place for both).
  (func $addBinBounded (param $bin i32)
    (local $i i32) (local $end i32) (local $r i32) (local $s i32) (local $a i32) (local $q i32) (local $n1 i32)
    (local $wr f64) (local $cumW f64) (local $lD f64) (local $lS f64) (local $lP f64) (local $lQ f64)
    (local $wb f64) (local $bb f64) (local $vb f64) (local $lX f64) (local $wv f64) (local $fa i32) (local $we f64)
    (local $bit i32) (local $on i32) (local $one f64)
    (local $_bcnt i32) (local $_bstart i32) (local $_byBin i32) (local $_cell i32) (local $_crossM i32)
    (local $_cumC i32) (local $_cumE i32) (local $_ev i32) (local $_fenW i32) (local $_lam i32) (local $_local i32)
    (local $_varA i32) (local $_varB i32) (local $_w i32)
    (local.set $_bcnt (global.get $bcnt))
    (local.set $_bstart (global.get $bstart))
    (local.set $_byBin (global.get $byBin))
    (local.set $_cell (global.get $cell))
    (local.set $_crossM (global.get $crossM))
    (local.set $_cumC (global.get $cumC))
    (local.set $_cumE (global.get $cumE))
    (local.set $_ev (global.get $ev))
    (local.set $_fenW (global.get $fenW))
    (local.set $_lam (global.get $lam))
    (local.set $_local (global.get $local))
    (local.set $_varA (global.get $varA))
    (local.set $_varB (global.get $varB))
    (local.set $_w (global.get $w))
    (local.set $n1 (i32.add (global.get $m) (i32.const 1)))
    (local.set $end (i32.load (i32.add (local.get $_bstart) (i32.shl (local.get $bin) (i32.const 2)))))
    (local.set $i (i32.sub (local.get $end) (i32.load (i32.add (local.get $_bcnt) (i32.shl (local.get $bin) (i32.const 2))))))
    (local.set $cumW (global.get $swCumW))
    (local.set $lD (global.get $lD))
    (local.set $lS (global.get $lS))
    (local.set $lP (global.get $lP))
    (local.set $lQ (global.get $lQ))
    (local.set $lX (global.get $lX))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_s (local.get $i) (local.get $end)))
        (local.set $r (i32.load (i32.add (local.get $_byBin) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $s
          (i32.load (i32.add (local.get $_local)
            (i32.shl (i32.load (i32.add (local.get $_cell) (i32.shl (local.get $r) (i32.const 2)))) (i32.const 2)))))
        (local.set $a (i32.shl (local.get $s) (i32.const 3)))
        (local.set $wr (f64.load (i32.add (local.get $_w) (i32.shl (local.get $r) (i32.const 3)))))
        (f64.store (i32.add (local.get $_cumC) (local.get $a))
          (f64.add (f64.load (i32.add (local.get $_cumC) (local.get $a))) (local.get $wr)))
        ;; Without a branch, as in summarise: a censored row adds +0.
        (local.set $we (f64.mul (local.get $wr) (f64.convert_i32_u (i32.load8_u (i32.add (local.get $_ev) (local.get $r))))))
        (f64.store (i32.add (local.get $_cumE) (local.get $a))
          (f64.add (f64.load (i32.add (local.get $_cumE) (local.get $a))) (local.get $we)))
        (local.set $lD (f64.add (local.get $lD) (local.get $we)))
        (local.set $lS (f64.add (local.get $lS) (f64.mul (local.get $wr) (f64.load (i32.add (local.get $_lam) (local.get $a))))))
        (local.set $lP (f64.add (local.get $lP) (f64.mul (local.get $wr) (f64.load (i32.add (local.get $_varA) (local.get $a))))))
        (local.set $lX (f64.add (local.get $lX) (f64.mul (local.get $wr) (f64.load (i32.add (local.get $_crossM) (local.get $a))))))
        ;; Pair sum with the left rows so far: those at cells below s pair at their own cell, the others at s.
        ;; The prefix sums below s, bit by bit from the lowest (the entries s, s − lowbit(s), … added in the
        ;; Fenwick order), every bit up to n1's highest visited: an unset bit's entry is multiplied by 0 and adds
        ;; +0, which changes no sum (a select of two floats compiles to a branch). A loop that stopped when q
        ;; reached 0 ran as many turns as s has bits set, as good as random: a mispredicted branch a row.
        ;; Measured with the branch-free summarise (bench/survivalPerTree.ts, lung, alternating kernels, medians of
        ;; 4 × 8 folds): 18.2–18.8 against 18.5–19.2 µs per tree, the same trees.
        (local.set $wb (f64.const 0))
        (local.set $bb (f64.const 0))
        (local.set $q (local.get $s))
        (local.set $bit (i32.const 1))
        (block $qdone
          (loop $query
            (br_if $qdone (i32.gt_u (local.get $bit) (local.get $n1)))
            (local.set $fa (i32.add (local.get $_fenW) (i32.shl (local.get $q) (i32.const 4))))
            (local.set $on (i32.and (local.get $q) (local.get $bit)))
            (local.set $one (f64.convert_i32_u (i32.ne (local.get $on) (i32.const 0))))
            (local.set $wb (f64.add (local.get $wb) (f64.mul (f64.load (local.get $fa)) (local.get $one))))
            (local.set $bb (f64.add (local.get $bb) (f64.mul (f64.load offset=8 (local.get $fa)) (local.get $one))))
            (local.set $q (i32.xor (local.get $q) (local.get $on)))
            (local.set $bit (i32.shl (local.get $bit) (i32.const 1)))
            (br $query)))
        (local.set $vb (f64.load (i32.add (local.get $_varB) (local.get $a))))
        (local.set $lQ
          (f64.add (local.get $lQ)
            (f64.mul (local.get $wr)
              (f64.add
                (f64.mul (f64.const 2)
                  (f64.add (f64.mul (local.get $vb) (f64.sub (local.get $cumW) (local.get $wb))) (local.get $bb)))
                (f64.mul (local.get $wr) (local.get $vb))))))
        (local.set $wv (f64.mul (local.get $wr) (local.get $vb)))
        (local.set $q (i32.add (local.get $s) (i32.const 1)))
        (block $udone
          (loop $update
            (br_if $udone (i32.gt_s (local.get $q) (local.get $n1)))
            (local.set $fa (i32.add (local.get $_fenW) (i32.shl (local.get $q) (i32.const 4))))
            (f64.store (local.get $fa) (f64.add (f64.load (local.get $fa)) (local.get $wr)))
            (f64.store offset=8 (local.get $fa) (f64.add (f64.load offset=8 (local.get $fa)) (local.get $wv)))
            (local.set $q (i32.add (local.get $q) (i32.and (local.get $q) (i32.sub (i32.const 0) (local.get $q)))))
            (br $update)))
        (local.set $cumW (f64.add (local.get $cumW) (local.get $wr)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows)))
    (global.set $swCumW (local.get $cumW))
    (global.set $lD (local.get $lD))
    (global.set $lS (local.get $lS))
    (global.set $lP (local.get $lP))
    (global.set $lQ (local.get $lQ))
    (global.set $lX (local.get $lX)))

  ;; tryPrefix: a candidate whose sides both weigh at least minSamplesLeaf goes to consider (last: every present
  ;; value left, the missing rows right).
  (func $tryPrefix (param $j i32) (param $missingLeft i32) (param $last i32)
    (local $cumW f64) (local $missW f64) (local $W f64)
    (local.set $cumW (global.get $swCumW))
    (local.set $missW (global.get $swMissW))
    (local.set $W (global.get $nodeW))
    (if (local.get $last)
      (then
        (if (i32.and (f64.ge (local.get $cumW) (global.get $minLeaf)) (f64.ge (local.get $missW) (global.get $minLeaf)))
          (then (call $consider (local.get $j) (i32.const 0) (local.get $cumW)))))
      (else
        (if (i32.eqz (local.get $missingLeft))
          (then
            (if (i32.and (f64.ge (local.get $cumW) (global.get $minLeaf))
                         (f64.ge (f64.sub (local.get $W) (local.get $cumW)) (global.get $minLeaf)))
              (then (call $consider (local.get $j) (i32.const 0) (local.get $cumW)))))
          (else
            (if (i32.and (f64.ge (f64.add (local.get $cumW) (local.get $missW)) (global.get $minLeaf))
                         (f64.ge (f64.sub (f64.sub (local.get $W) (local.get $cumW)) (local.get $missW)) (global.get $minLeaf)))
              (then
                (call $consider (local.get $j) (i32.const 1) (f64.add (local.get $cumW) (local.get $missW))))))))))

  ;; consider: skip a candidate whose bound cannot beat the best (BOUND = 1e-9), else the exact log-rank statistic
  ;; over the node's event points, from the last one down; keeps it when it beats the best so far.
  (func $consider (param $j i32) (param $missingLeft i32) (param $leftW f64)
    (local $low f64) (local $upper f64) (local $k i32) (local $a8 i32) (local $yl f64) (local $num f64)
    (local $v f64) (local $dl f64) (local $y f64) (local $d f64) (local $p f64) (local $stat f64)
    (local $bS f64) (local $bD f64) (local $bP f64) (local $bQ f64)
    (local $_bestOrder i32) (local $_cumC i32) (local $_cumE i32) (local $_missC i32) (local $_missE i32)
    (local $_nodeD i32) (local $_nodeY i32) (local $_order i32)
    (local.set $_bestOrder (global.get $bestOrder))
    (local.set $_cumC (global.get $cumC))
    (local.set $_cumE (global.get $cumE))
    (local.set $_missC (global.get $missC))
    (local.set $_missE (global.get $missE))
    (local.set $_nodeD (global.get $nodeD))
    (local.set $_nodeY (global.get $nodeY))
    (local.set $_order (global.get $order))
    (if (i32.and (global.get $bounded) (f64.gt (global.get $bestStat) (f64.const 0)))
      (then
        ;; The left side's running sums, with the missing rows' when they go left.
        (local.set $bS (global.get $lS))
        (local.set $bD (global.get $lD))
        (local.set $bP (global.get $lP))
        (local.set $bQ (global.get $lQ))
        (if (local.get $missingLeft)
          (then
            (local.set $bS (f64.add (global.get $lS) (global.get $mS)))
            (local.set $bD (f64.add (global.get $lD) (global.get $mD)))
            (local.set $bP (f64.add (global.get $lP) (global.get $mP)))
            (local.set $bQ
              (f64.add (f64.add (global.get $lQ) (global.get $mQ)) (f64.mul (f64.const 2) (global.get $lX))))))
        (local.set $low
          (f64.sub (f64.sub (local.get $bP) (local.get $bQ))
            (f64.mul (f64.const 1e-9) (f64.add (f64.add (local.get $bP) (local.get $bQ)) (f64.const 1)))))
        (if (f64.gt (local.get $low) (f64.const 0))
          (then
            (local.set $upper
              (f64.div
                (f64.add (f64.abs (f64.sub (local.get $bD) (local.get $bS)))
                  (f64.mul (f64.const 1e-9) (f64.add (f64.add (local.get $bD) (local.get $bS)) (f64.const 1))))
                (f64.sqrt (local.get $low))))
            (if (f64.lt (f64.mul (local.get $upper) (f64.add (f64.const 1) (f64.const 1e-9))) (global.get $bestStat))
              (then (return)))))))
    (local.set $k (i32.sub (global.get $m) (i32.const 1)))
    (block $done
      (loop $points
        (br_if $done (i32.lt_s (local.get $k) (i32.const 0)))
        (local.set $a8 (i32.shl (local.get $k) (i32.const 3)))
        (if (local.get $missingLeft)
          (then
            (local.set $yl
              (f64.add (local.get $yl)
                (f64.add (f64.load offset=8 (i32.add (local.get $_cumC) (local.get $a8)))
                  (f64.load offset=8 (i32.add (local.get $_missC) (local.get $a8))))))
            (local.set $dl
              (f64.add (f64.load offset=8 (i32.add (local.get $_cumE) (local.get $a8)))
                (f64.load offset=8 (i32.add (local.get $_missE) (local.get $a8))))))
          (else
            (local.set $yl (f64.add (local.get $yl) (f64.load offset=8 (i32.add (local.get $_cumC) (local.get $a8)))))
            (local.set $dl (f64.load offset=8 (i32.add (local.get $_cumE) (local.get $a8))))))
        (local.set $y (f64.load (i32.add (local.get $_nodeY) (local.get $a8))))
        (local.set $d (f64.load (i32.add (local.get $_nodeD) (local.get $a8))))
        (local.set $p (f64.div (local.get $yl) (local.get $y)))
        (local.set $num (f64.add (local.get $num) (f64.sub (local.get $dl) (f64.mul (local.get $p) (local.get $d)))))
        (if (f64.gt (local.get $y) (f64.const 1))
          (then
            (local.set $v
              (f64.add (local.get $v)
                (f64.div
                  (f64.mul
                    (f64.mul (f64.mul (local.get $p) (f64.sub (f64.const 1) (local.get $p)))
                      (f64.sub (local.get $y) (local.get $d)))
                    (local.get $d))
                  (f64.sub (local.get $y) (f64.const 1)))))))
        (local.set $k (i32.sub (local.get $k) (i32.const 1)))
        (br $points)))
    (if (i32.eqz (f64.gt (local.get $v) (f64.const 0))) (then (return)))
    (local.set $stat (f64.div (f64.abs (local.get $num)) (f64.sqrt (local.get $v))))
    (if (f64.le (local.get $stat) (global.get $bestStat)) (then (return)))
    (global.set $bestStat (local.get $stat))
    (global.set $bestFeature (global.get $swF))
    (global.set $bestLeftW (local.get $leftW))
    (global.set $bestMissL (local.get $missingLeft))
    (global.set $bestHasMissing (global.get $swHasMissing))
    (global.set $bestIsCat (global.get $swIsCat))
    (if (global.get $swIsCat)
      (then
        ;; A category set: the first j of the order (kept), the column's bin edge unused.
        (global.set $bestPrefix (local.get $j))
        (global.set $bestCount (global.get $swN))
        (memory.copy (local.get $_bestOrder) (local.get $_order) (i32.shl (global.get $swN) (i32.const 2)))
        (return)))
    ;; Every present value left (MAX_CATEGORY_BIN), or the bin edge between the last left bin and the next.
    (global.set $bestBin
      (if (result i32) (i32.eq (local.get $j) (global.get $swN))
        (then (i32.const 254))
        (else
          (call $middleEdge (global.get $swF)
            (i32.load (i32.add (local.get $_order) (i32.shl (i32.sub (local.get $j) (i32.const 1)) (i32.const 2))))
            (i32.load (i32.add (local.get $_order) (i32.shl (local.get $j) (i32.const 2)))))))))

  ;; nodeLoop.ts middleEdge: the bin edge between adjacent non-empty bins a < b nearest the middle of the gap.
  (func $middleEdge (param $f i32) (param $a i32) (param $b i32) (result i32)
    (local $t i32) (local $target f64) (local $e i32)
    (if (i32.eq (i32.sub (local.get $b) (local.get $a)) (i32.const 1)) (then (return (local.get $a))))
    (local.set $t
      (i32.add (global.get $thr)
        (i32.shl (i32.load (i32.add (global.get $thrStart) (i32.shl (local.get $f) (i32.const 2)))) (i32.const 3))))
    (local.set $target
      (f64.div
        (f64.add (f64.load (i32.add (local.get $t) (i32.shl (local.get $a) (i32.const 3))))
          (f64.load (i32.add (local.get $t) (i32.shl (i32.sub (local.get $b) (i32.const 1)) (i32.const 3)))))
        (f64.const 2)))
    (local.set $e (local.get $a))
    (block $done
      (loop $edges
        (br_if $done (i32.ge_s (local.get $e) (i32.sub (local.get $b) (i32.const 1))))
        (br_if $done
          (i32.eqz (f64.lt (f64.load (i32.add (local.get $t) (i32.shl (local.get $e) (i32.const 3)))) (local.get $target))))
        (local.set $e (i32.add (local.get $e) (i32.const 1)))
        (br $edges)))
    (if (result i32)
      (i32.and (i32.gt_s (local.get $e) (local.get $a))
        (f64.lt
          (f64.sub (local.get $target)
            (f64.load (i32.add (local.get $t) (i32.shl (i32.sub (local.get $e) (i32.const 1)) (i32.const 3)))))
          (f64.sub (f64.load (i32.add (local.get $t) (i32.shl (local.get $e) (i32.const 3)))) (local.get $target))))
      (then (i32.sub (local.get $e) (i32.const 1)))
      (else (local.get $e))))

  ;; partition: the missing side (without missing training rows in the node, the heavier one), then the node's
  ;; rows split stably (bin <= bestBin, or the missing side), left rows first; returns where the right ones start.
  (func $partition (param $start i32) (param $end i32) (result i32)
    (local $isCat i32) (local $missL i32) (local $bin i32)
    (local $off i32) (local $i i32) (local $nr i32) (local $s i32) (local $r i32) (local $side i32) (local $b i32)
    (local $_bestOrder i32) (local $_bins i32) (local $_idx i32) (local $_lut i32) (local $_nRows i32)
    (local $_tmp i32)
    (local.set $_bestOrder (global.get $bestOrder))
    (local.set $_bins (global.get $bins))
    (local.set $_idx (global.get $idx))
    (local.set $_lut (global.get $lut))
    (local.set $_nRows (global.get $nRows))
    (local.set $_tmp (global.get $tmp))
    (if (i32.eqz (global.get $bestHasMissing))
      (then
        (global.set $bestMissL
          (f64.ge (global.get $bestLeftW) (f64.sub (global.get $nodeW) (global.get $bestLeftW))))))
    (local.set $off (i32.add (local.get $_bins) (i32.mul (global.get $bestFeature) (local.get $_nRows))))
    ;; splitLut: each bin's side (categories absent from the node, and missing values, on the missing side).
    (if (global.get $bestIsCat)
      (then
        (memory.fill (local.get $_lut) (global.get $bestMissL) (i32.const 256))
        (block $lutDone
          (loop $lutSet
            (br_if $lutDone (i32.ge_s (local.get $s) (global.get $bestCount)))
            (i32.store8
              (i32.add (local.get $_lut)
                (i32.load (i32.add (local.get $_bestOrder) (i32.shl (local.get $s) (i32.const 2)))))
              (i32.lt_s (local.get $s) (global.get $bestPrefix)))
            (local.set $s (i32.add (local.get $s) (i32.const 1)))
            (br $lutSet)))
        (i32.store8 offset=255 (local.get $_lut) (global.get $bestMissL))))
    (local.set $isCat (global.get $bestIsCat))
    (local.set $missL (global.get $bestMissL))
    (local.set $bin (global.get $bestBin))
    (local.set $i (local.get $start))
    (local.set $s (local.get $start))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_s (local.get $s) (local.get $end)))
        (local.set $r (i32.load (i32.add (local.get $_idx) (i32.shl (local.get $s) (i32.const 2)))))
        (local.set $b (i32.load8_u (i32.add (local.get $off) (local.get $r))))
        (local.set $side
          (if (result i32) (local.get $isCat)
            (then (i32.load8_u (i32.add (local.get $_lut) (local.get $b))))
            (else
              (if (result i32) (i32.eq (local.get $b) (i32.const 255))
                (then (local.get $missL))
                (else (i32.le_u (local.get $b) (local.get $bin)))))))
        (i32.store (i32.add (local.get $_idx) (i32.shl (local.get $i) (i32.const 2))) (local.get $r))
        (i32.store (i32.add (local.get $_tmp) (i32.shl (local.get $nr) (i32.const 2))) (local.get $r))
        (local.set $i (i32.add (local.get $i) (local.get $side)))
        (local.set $nr (i32.add (local.get $nr) (i32.xor (local.get $side) (i32.const 1))))
        (local.set $s (i32.add (local.get $s) (i32.const 1)))
        (br $rows)))
    (memory.copy
      (i32.add (local.get $_idx) (i32.shl (local.get $i) (i32.const 2)))
      (local.get $_tmp)
      (i32.shl (local.get $nr) (i32.const 2)))
    (local.get $i))

  ;; writeSplit: the node becomes a split (its chi-square the importance), bins up to bestBin going left.
  (func $writeSplit (param $node i32) (param $l i32) (param $r i32)
    (local $a4 i32) (local $c i32) (local $words i32)
    (local.set $a4 (i32.shl (local.get $node) (i32.const 2)))
    (i32.store (i32.add (global.get $oFeature) (local.get $a4)) (global.get $bestFeature))
    (if (global.get $bestIsCat)
      (then
        ;; writeCategories: CAT_WORDS (8) words of the bins whose side is left.
        (local.set $words (i32.add (global.get $catBits) (i32.shl (global.get $catLen) (i32.const 2))))
        (memory.fill (local.get $words) (i32.const 0) (i32.const 32))
        (block $done
          (loop $bits
            (br_if $done (i32.ge_s (local.get $c) (i32.const 256)))
            (if (i32.load8_u (i32.add (global.get $lut) (local.get $c)))
              (then
                (i32.store (i32.add (local.get $words) (i32.shl (i32.shr_u (local.get $c) (i32.const 5)) (i32.const 2)))
                  (i32.or
                    (i32.load (i32.add (local.get $words) (i32.shl (i32.shr_u (local.get $c) (i32.const 5)) (i32.const 2))))
                    (i32.shl (i32.const 1) (i32.and (local.get $c) (i32.const 31)))))))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $bits)))
        (i32.store (i32.add (global.get $oCatOff) (local.get $a4)) (global.get $catLen))
        (global.set $catLen (i32.add (global.get $catLen) (i32.const 8))))
      (else (i32.store (i32.add (global.get $oBin) (local.get $a4)) (global.get $bestBin))))
    (i32.store (i32.add (global.get $oLeft) (local.get $a4)) (local.get $l))
    (i32.store (i32.add (global.get $oRight) (local.get $a4)) (local.get $r))
    (i32.store (i32.add (global.get $oMissL) (local.get $a4)) (global.get $bestMissL))
    (f64.store (i32.add (global.get $oChi) (i32.shl (local.get $node) (i32.const 3)))
      (f64.mul (global.get $bestStat) (global.get $bestStat))))

  ;; image(n): the n nodes of the tree just grown laid out as one tree's arrays at img (survivalGrow.ts treeAt
  ;; reads them): at img, the chi-squares (f64, impurityDecrease), then feature, threshold (f32, as
  ;; float32AtMost makes it; 0 for a leaf), left, right, catOffset (−1), value (the risk), weight (f32), the curve
  ;; offsets (n + 1), points and values, then missingLeft (u8). Returns the number of curve points c.
  (func $image (param $n i32) (result i32)
    (local $i i32) (local $c i32) (local $f i32) (local $b i32) (local $a4 i32) (local $n4 i32) (local $main i32)
    (local $off i32) (local $pt i32) (local $val i32) (local $k i32) (local $len i32) (local $s i32) (local $d i32)
    (local $t f32)
    (local.set $n4 (i32.shl (local.get $n) (i32.const 2)))
    (local.set $main (i32.add (global.get $img) (i32.shl (local.get $n) (i32.const 3))))
    (local.set $off (i32.add (local.get $main) (i32.mul (local.get $n4) (i32.const 7))))
    (i32.store (local.get $off) (i32.const 0))
    (block $done
      (loop $nodes
        (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
        (local.set $a4 (i32.shl (local.get $i) (i32.const 2)))
        (f64.store (i32.add (global.get $img) (i32.shl (local.get $i) (i32.const 3)))
          (f64.load (i32.add (global.get $oChi) (i32.shl (local.get $i) (i32.const 3)))))
        (local.set $f (i32.load (i32.add (global.get $oFeature) (local.get $a4))))
        (i32.store (i32.add (local.get $main) (local.get $a4)) (local.get $f))
        (local.set $t (f32.const 0))
        (if (i32.ge_s (local.get $f) (i32.const 0))
          (then
            (local.set $t (f32.const nan))
            (local.set $b (i32.load (i32.add (global.get $oBin) (local.get $a4))))
            (local.set $s (i32.load (i32.add (global.get $thrStart) (i32.shl (local.get $f) (i32.const 2)))))
            (if (i32.eqz (i32.load8_u (i32.add (global.get $isCat) (local.get $f))))
              (then
            (local.set $t
              (if (result f32)
                (i32.lt_s (local.get $b)
                  (i32.sub (i32.load offset=4 (i32.add (global.get $thrStart) (i32.shl (local.get $f) (i32.const 2))))
                    (local.get $s)))
                (then (f32.load (i32.add (global.get $thr32) (i32.shl (i32.add (local.get $s) (local.get $b)) (i32.const 2)))))
                (else (f32.const inf))))))))
        (f32.store (i32.add (i32.add (local.get $main) (local.get $n4)) (local.get $a4)) (local.get $t))
        (i32.store (i32.add (i32.add (local.get $main) (i32.mul (local.get $n4) (i32.const 2))) (local.get $a4))
          (i32.load (i32.add (global.get $oLeft) (local.get $a4))))
        (i32.store (i32.add (i32.add (local.get $main) (i32.mul (local.get $n4) (i32.const 3))) (local.get $a4))
          (i32.load (i32.add (global.get $oRight) (local.get $a4))))
        (i32.store (i32.add (i32.add (local.get $main) (i32.mul (local.get $n4) (i32.const 4))) (local.get $a4))
          (i32.load (i32.add (global.get $oCatOff) (local.get $a4))))
        (f32.store (i32.add (i32.add (local.get $main) (i32.mul (local.get $n4) (i32.const 5))) (local.get $a4))
          (f32.load (i32.add (global.get $oRisk) (local.get $a4))))
        (f32.store (i32.add (i32.add (local.get $main) (i32.mul (local.get $n4) (i32.const 6))) (local.get $a4))
          (f32.demote_f64 (f64.load (i32.add (global.get $oW) (i32.shl (local.get $i) (i32.const 3))))))
        (local.set $c (i32.add (local.get $c) (i32.load (i32.add (global.get $cLen) (local.get $a4)))))
        (i32.store offset=4 (i32.add (local.get $off) (local.get $a4)) (local.get $c))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $nodes)))
    ;; The leaves' curves in node order, then missingLeft's bytes.
    (local.set $pt (i32.add (local.get $off) (i32.add (local.get $n4) (i32.const 4))))
    (local.set $val (i32.add (local.get $pt) (i32.shl (local.get $c) (i32.const 2))))
    (local.set $i (i32.const 0))
    (block $done
      (loop $leaves
        (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
        (local.set $a4 (i32.shl (local.get $i) (i32.const 2)))
        (local.set $len (i32.load (i32.add (global.get $cLen) (local.get $a4))))
        (local.set $s (i32.shl (i32.load (i32.add (global.get $cStart) (local.get $a4))) (i32.const 2)))
        (local.set $d (i32.shl (i32.load (i32.add (local.get $off) (local.get $a4))) (i32.const 2)))
        (memory.copy (i32.add (local.get $pt) (local.get $d)) (i32.add (global.get $cPoint) (local.get $s))
          (i32.shl (local.get $len) (i32.const 2)))
        (memory.copy (i32.add (local.get $val) (local.get $d)) (i32.add (global.get $cValue) (local.get $s))
          (i32.shl (local.get $len) (i32.const 2)))
        (i32.store8
          (i32.add (i32.add (local.get $val) (i32.shl (i32.add (local.get $c) (global.get $catLen)) (i32.const 2)))
            (local.get $i))
          (i32.load (i32.add (global.get $oMissL) (local.get $a4))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $leaves)))
    ;; The category sets (catLen words, in header word 62), between the curve values and missingLeft.
    (memory.copy (i32.add (local.get $val) (i32.shl (local.get $c) (i32.const 2))) (global.get $catBits)
      (i32.shl (global.get $catLen) (i32.const 2)))
    (i32.store (i32.const 248) (global.get $catLen))
    (local.get $c))

;; growBatch(seeds, count, meta, end, worst, imp, treeImp): grows the trees of the count i32 seeds at `seeds`
  ;; one after another, each laid out as image lays it out, the next 8-aligned after the last from img on, while a
  ;; tree's worst case (`worst` bytes) still fits below `end`; per tree four i32 at meta (nodes, curve points,
  ;; category set words, largest curve point or −1). Adds each tree's chi-square shares by feature to imp (f64,
  ;; forest.ts mdiImportances' sums, same operations in the same order; treeImp its scratch). Returns the number of
  ;; trees grown (at least one when the first fits). One call for many small trees: each call from JavaScript into
  ;; WebAssembly, each tree's own buffer and a pass of JavaScript over every node cost more than a small tree's
  ;; growth.
  (func $growBatch (export "growBatch") (param $seeds i32) (param $count i32) (param $meta i32) (param $end i32)
    (param $worst i32) (param $imp i32) (param $treeImp i32) (result i32)
    (local $t i32) (local $n i32) (local $c i32) (local $start i32) (local $at i32) (local $i i32) (local $k i32)
    (local $pt i32) (local $top i32) (local $a i32) (local $x f64) (local $sum f64)
    (local.set $start (global.get $img))
    (block $done
      (loop $trees
        (br_if $done (i32.ge_s (local.get $t) (local.get $count)))
        (br_if $done (i32.lt_u (i32.sub (local.get $end) (global.get $img)) (local.get $worst)))
        (local.set $n (call $grow (i32.load (i32.add (local.get $seeds) (i32.shl (local.get $t) (i32.const 2))))))
        (local.set $c (call $image (local.get $n)))
        ;; The largest curve point (the image's points follow its n + 1 curve offsets).
        (local.set $pt (i32.add (global.get $img) (i32.add (i32.mul (local.get $n) (i32.const 40)) (i32.const 4))))
        (local.set $top (i32.const -1))
        (local.set $k (i32.const 0))
        (block $kdone
          (loop $points
            (br_if $kdone (i32.ge_s (local.get $k) (local.get $c)))
            (local.set $a (i32.load (i32.add (local.get $pt) (i32.shl (local.get $k) (i32.const 2)))))
            (if (i32.gt_s (local.get $a) (local.get $top)) (then (local.set $top (local.get $a))))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $points)))
        ;; mdiImportances: the split nodes' chi-squares by feature and in all, in node order; then each share.
        (memory.fill (local.get $treeImp) (i32.const 0) (i32.shl (global.get $nFeatures) (i32.const 3)))
        (local.set $sum (f64.const 0))
        (local.set $i (i32.const 0))
        (block $ndone
          (loop $nodes
            (br_if $ndone (i32.ge_s (local.get $i) (local.get $n)))
            (if (i32.ne (i32.load (i32.add (global.get $oLeft) (i32.shl (local.get $i) (i32.const 2)))) (i32.const -1))
              (then
                (local.set $x (f64.load (i32.add (global.get $oChi) (i32.shl (local.get $i) (i32.const 3)))))
                (local.set $a
                  (i32.add (local.get $treeImp)
                    (i32.shl (i32.load (i32.add (global.get $oFeature) (i32.shl (local.get $i) (i32.const 2))))
                      (i32.const 3))))
                (f64.store (local.get $a) (f64.add (f64.load (local.get $a)) (local.get $x)))
                (local.set $sum (f64.add (local.get $sum) (local.get $x)))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $nodes)))
        (if (f64.gt (local.get $sum) (f64.const 0))
          (then
            (local.set $k (i32.const 0))
            (block $fdone
              (loop $features
                (br_if $fdone (i32.ge_s (local.get $k) (global.get $nFeatures)))
                (local.set $a (i32.add (local.get $imp) (i32.shl (local.get $k) (i32.const 3))))
                (f64.store (local.get $a)
                  (f64.add (f64.load (local.get $a))
                    (f64.div (f64.load (i32.add (local.get $treeImp) (i32.shl (local.get $k) (i32.const 3))))
                      (local.get $sum))))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $features)))))
        (local.set $at (i32.add (local.get $meta) (i32.shl (local.get $t) (i32.const 4))))
        (i32.store (local.get $at) (local.get $n))
        (i32.store offset=4 (local.get $at) (local.get $c))
        (i32.store offset=8 (local.get $at) (global.get $catLen))
        (i32.store offset=12 (local.get $at) (local.get $top))
        ;; 8n + 4 (8n + 1 + 2c + catLen) + n bytes, rounded up to 8.
        (global.set $img
          (i32.add (global.get $img)
            (i32.and
              (i32.add
                (i32.add (i32.mul (local.get $n) (i32.const 41))
                  (i32.shl (i32.add (i32.add (i32.const 1) (i32.shl (local.get $c) (i32.const 1))) (global.get $catLen))
                    (i32.const 2)))
                (i32.const 7))
              (i32.const -8))))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $trees)))
    (global.set $img (local.get $start))
    (local.get $t))

  ;; flatten(layout, count, bases, lens, nBuf, dst, decreases): the tree images a packed shard's layout places
  ;; (count entries of five i32 at `layout`: buffer, byte offset, nodes n, curve points c, category words catLen;
  ;; buffer b's bytes copied to bases[b], lens[b] of them) as one block at dst (8-aligned), every tree's nodes in
  ;; forest-wide arrays (flatSurvivalTrees.ts): a 32-byte header (i32 count, nodes N, points C, words W, whether
  ;; decreases follow), the decreases (f64 × N, when `decreases`), then i32/f32 words nodeStart and catStart (count
  ;; + 1 each), feature, threshold, left, right, catOffset, value, weight (N each), hazardOffset (N + 1),
  ;; hazardPoint, hazardValue (C each), catBits (W), then missingLeft (N bytes); children, category offsets and
  ;; curve offsets made forest-wide. Returns the block's bytes, or −(t + 1) when tree t does not lie within its
  ;; buffer. In WebAssembly rather than JavaScript: a first fit's assembling then compiles nothing.
  (func $flatten (export "flatten") (param $layout i32) (param $count i32) (param $bases i32) (param $lens i32)
    (param $nBuf i32) (param $dst i32) (param $decreases i32) (result i32)
    (local $t i32) (local $e i32) (local $b i32) (local $at i32) (local $n i32) (local $c i32) (local $cl i32)
    (local $N i32) (local $C i32) (local $W i32) (local $src i32) (local $w i32) (local $i i32) (local $v i32)
    (local $node i32) (local $point i32) (local $word i32)
    (local $oDec i32) (local $oNS i32) (local $oCS i32) (local $oF i32) (local $oT i32) (local $oL i32) (local $oR i32)
    (local $oC i32) (local $oV i32) (local $oW i32) (local $oH i32) (local $oP i32) (local $oPV i32) (local $oB i32)
    (local $oM i32) (local $end i32)
    ;; Each tree checked, the totals summed.
    (block $bad
      (block $ok
        (loop $check
          (br_if $ok (i32.ge_s (local.get $t) (local.get $count)))
          (local.set $e (i32.add (local.get $layout) (i32.mul (local.get $t) (i32.const 20))))
          (local.set $b (i32.load (local.get $e)))
          (local.set $at (i32.load offset=4 (local.get $e)))
          (local.set $n (i32.load offset=8 (local.get $e)))
          (local.set $c (i32.load offset=12 (local.get $e)))
          (local.set $cl (i32.load offset=16 (local.get $e)))
          (br_if $bad (i32.or (i32.lt_s (local.get $b) (i32.const 0)) (i32.ge_s (local.get $b) (local.get $nBuf))))
          (br_if $bad (i32.lt_s (local.get $n) (i32.const 1)))
          (br_if $bad (i32.or (i32.lt_s (local.get $c) (i32.const 0)) (i32.lt_s (local.get $cl) (i32.const 0))))
          (br_if $bad (i32.or (i32.lt_s (local.get $at) (i32.const 0)) (i32.and (local.get $at) (i32.const 7))))
          ;; at + 41n + 4(1 + 2c + catLen) <= lens[b], in 64 bits.
          (br_if $bad
            (i64.gt_s
              (i64.add (i64.extend_i32_s (local.get $at))
                (i64.add (i64.mul (i64.extend_i32_s (local.get $n)) (i64.const 41))
                  (i64.mul (i64.const 4)
                    (i64.add (i64.const 1)
                      (i64.add (i64.shl (i64.extend_i32_s (local.get $c)) (i64.const 1)) (i64.extend_i32_s (local.get $cl)))))))
              (i64.extend_i32_s (i32.load (i32.add (local.get $lens) (i32.shl (local.get $b) (i32.const 2)))))))
          (local.set $N (i32.add (local.get $N) (local.get $n)))
          (local.set $C (i32.add (local.get $C) (local.get $c)))
          (local.set $W (i32.add (local.get $W) (local.get $cl)))
          (local.set $t (i32.add (local.get $t) (i32.const 1)))
          (br $check)))
      ;; Where each array starts.
      (local.set $oDec (i32.add (local.get $dst) (i32.const 32)))
      (local.set $oNS
        (i32.add (local.get $oDec) (select (i32.shl (local.get $N) (i32.const 3)) (i32.const 0) (local.get $decreases))))
      (local.set $oCS (i32.add (local.get $oNS) (i32.shl (i32.add (local.get $count) (i32.const 1)) (i32.const 2))))
      (local.set $oF (i32.add (local.get $oCS) (i32.shl (i32.add (local.get $count) (i32.const 1)) (i32.const 2))))
      (local.set $oT (i32.add (local.get $oF) (i32.shl (local.get $N) (i32.const 2))))
      (local.set $oL (i32.add (local.get $oT) (i32.shl (local.get $N) (i32.const 2))))
      (local.set $oR (i32.add (local.get $oL) (i32.shl (local.get $N) (i32.const 2))))
      (local.set $oC (i32.add (local.get $oR) (i32.shl (local.get $N) (i32.const 2))))
      (local.set $oV (i32.add (local.get $oC) (i32.shl (local.get $N) (i32.const 2))))
      (local.set $oW (i32.add (local.get $oV) (i32.shl (local.get $N) (i32.const 2))))
      (local.set $oH (i32.add (local.get $oW) (i32.shl (local.get $N) (i32.const 2))))
      (local.set $oP (i32.add (local.get $oH) (i32.shl (i32.add (local.get $N) (i32.const 1)) (i32.const 2))))
      (local.set $oPV (i32.add (local.get $oP) (i32.shl (local.get $C) (i32.const 2))))
      (local.set $oB (i32.add (local.get $oPV) (i32.shl (local.get $C) (i32.const 2))))
      (local.set $oM (i32.add (local.get $oB) (i32.shl (local.get $W) (i32.const 2))))
      (local.set $end (i32.add (local.get $oM) (local.get $N)))
      (i32.store (local.get $dst) (local.get $count))
      (i32.store offset=4 (local.get $dst) (local.get $N))
      (i32.store offset=8 (local.get $dst) (local.get $C))
      (i32.store offset=12 (local.get $dst) (local.get $W))
      (i32.store offset=16 (local.get $dst) (local.get $decreases))
      (i64.store offset=20 (local.get $dst) (i64.const 0))
      (i32.store offset=28 (local.get $dst) (i32.const 0))
      (i32.store (local.get $oNS) (i32.const 0))
      (i32.store (local.get $oCS) (i32.const 0))
      (i32.store (local.get $oH) (i32.const 0))
      (local.set $t (i32.const 0))
      (block $done
        (loop $trees
          (br_if $done (i32.ge_s (local.get $t) (local.get $count)))
          (local.set $e (i32.add (local.get $layout) (i32.mul (local.get $t) (i32.const 20))))
          (local.set $b (i32.load (local.get $e)))
          (local.set $n (i32.load offset=8 (local.get $e)))
          (local.set $c (i32.load offset=12 (local.get $e)))
          (local.set $cl (i32.load offset=16 (local.get $e)))
          (local.set $src
            (i32.add (i32.load (i32.add (local.get $bases) (i32.shl (local.get $b) (i32.const 2))))
              (i32.load offset=4 (local.get $e))))
          (local.set $w (i32.add (local.get $src) (i32.shl (local.get $n) (i32.const 3))))
          (if (local.get $decreases)
            (then
              (memory.copy (i32.add (local.get $oDec) (i32.shl (local.get $node) (i32.const 3))) (local.get $src)
                (i32.shl (local.get $n) (i32.const 3)))))
          ;; feature and threshold (2n words), value and weight (2n words at 5n): as they are.
          (memory.copy (i32.add (local.get $oF) (i32.shl (local.get $node) (i32.const 2))) (local.get $w)
            (i32.shl (local.get $n) (i32.const 2)))
          (memory.copy (i32.add (local.get $oT) (i32.shl (local.get $node) (i32.const 2)))
            (i32.add (local.get $w) (i32.shl (local.get $n) (i32.const 2))) (i32.shl (local.get $n) (i32.const 2)))
          (memory.copy (i32.add (local.get $oV) (i32.shl (local.get $node) (i32.const 2)))
            (i32.add (local.get $w) (i32.mul (local.get $n) (i32.const 20))) (i32.shl (local.get $n) (i32.const 2)))
          (memory.copy (i32.add (local.get $oW) (i32.shl (local.get $node) (i32.const 2)))
            (i32.add (local.get $w) (i32.mul (local.get $n) (i32.const 24))) (i32.shl (local.get $n) (i32.const 2)))
          ;; left, right (+ node, −1 kept), catOffset (+ word, −1 kept), hazardOffset[1..n] (+ point).
          (local.set $i (i32.const 0))
          (block $ndone
            (loop $nodes
              (br_if $ndone (i32.ge_s (local.get $i) (local.get $n)))
              (local.set $v (i32.load (i32.add (local.get $w) (i32.shl (i32.add (local.get $i) (i32.shl (local.get $n) (i32.const 1))) (i32.const 2)))))
              (i32.store (i32.add (local.get $oL) (i32.shl (i32.add (local.get $node) (local.get $i)) (i32.const 2)))
                (select (local.get $v) (i32.add (local.get $v) (local.get $node)) (i32.lt_s (local.get $v) (i32.const 0))))
              (local.set $v (i32.load (i32.add (local.get $w) (i32.shl (i32.add (local.get $i) (i32.mul (local.get $n) (i32.const 3))) (i32.const 2)))))
              (i32.store (i32.add (local.get $oR) (i32.shl (i32.add (local.get $node) (local.get $i)) (i32.const 2)))
                (select (local.get $v) (i32.add (local.get $v) (local.get $node)) (i32.lt_s (local.get $v) (i32.const 0))))
              (local.set $v (i32.load (i32.add (local.get $w) (i32.shl (i32.add (local.get $i) (i32.shl (local.get $n) (i32.const 2))) (i32.const 2)))))
              (i32.store (i32.add (local.get $oC) (i32.shl (i32.add (local.get $node) (local.get $i)) (i32.const 2)))
                (select (local.get $v) (i32.add (local.get $v) (local.get $word)) (i32.lt_s (local.get $v) (i32.const 0))))
              (i32.store offset=4 (i32.add (local.get $oH) (i32.shl (i32.add (local.get $node) (local.get $i)) (i32.const 2)))
                (i32.add (local.get $point)
                  (i32.load offset=4 (i32.add (local.get $w) (i32.shl (i32.add (local.get $i) (i32.mul (local.get $n) (i32.const 7))) (i32.const 2))))))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $nodes)))
          ;; The curves' points and values, the category sets, missingLeft: as they are.
          (local.set $v (i32.add (local.get $w) (i32.add (i32.shl (local.get $n) (i32.const 5)) (i32.const 4))))
          (memory.copy (i32.add (local.get $oP) (i32.shl (local.get $point) (i32.const 2))) (local.get $v)
            (i32.shl (local.get $c) (i32.const 2)))
          (memory.copy (i32.add (local.get $oPV) (i32.shl (local.get $point) (i32.const 2)))
            (i32.add (local.get $v) (i32.shl (local.get $c) (i32.const 2))) (i32.shl (local.get $c) (i32.const 2)))
          (memory.copy (i32.add (local.get $oB) (i32.shl (local.get $word) (i32.const 2)))
            (i32.add (local.get $v) (i32.shl (local.get $c) (i32.const 3))) (i32.shl (local.get $cl) (i32.const 2)))
          (memory.copy (i32.add (local.get $oM) (local.get $node))
            (i32.add (local.get $v) (i32.add (i32.shl (local.get $c) (i32.const 3)) (i32.shl (local.get $cl) (i32.const 2))))
            (local.get $n))
          (local.set $node (i32.add (local.get $node) (local.get $n)))
          (local.set $point (i32.add (local.get $point) (local.get $c)))
          (local.set $word (i32.add (local.get $word) (local.get $cl)))
          (local.set $t (i32.add (local.get $t) (i32.const 1)))
          (i32.store (i32.add (local.get $oNS) (i32.shl (local.get $t) (i32.const 2))) (local.get $node))
          (i32.store (i32.add (local.get $oCS) (i32.shl (local.get $t) (i32.const 2))) (local.get $word))
          (br $trees)))
      (return (i32.sub (local.get $end) (local.get $dst))))
    (i32.sub (i32.const -1) (local.get $t)))
)
