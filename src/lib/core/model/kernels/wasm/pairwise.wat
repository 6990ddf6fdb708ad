;; Fused f32 SIMD batch kernels for the pairwise losses (WARP with LightFM's sampled violator
;; search, WARP-KOS, BPR), adagrad without regularisation. One call per batch does what
;; warp-sampled.ts / bpr-step.ts do (their readable TypeScript is the reference, tested against
;; this in pairwise-kernel.test.ts): user representation, lazy item representations from the
;; parameters as they were at the start of the batch, the violator or negative search, the
;; per-sample gradients (user side per feature row, item side grouped per item then spread onto
;; item feature rows), and one adagrad step per touched row: A += Σg²; θ −= lr·Σg/√A.
;;
;; Every address is a byte offset into the imported memory; pairwise-kernel.ts lays it out and
;; sets the globals below once. d (components) must be a multiple of 4. The random stream is
;; sfc32 seeded through splitmix32, exactly data/rng.ts's createRng, seeded once per batch.
(module
  (import "m" "mem" (memory 1))
  (import "m" "exp" (func $exp (param f64) (result f64)))
  (import "m" "log1p" (func $log1p (param f64) (result f64)))

  (global $d (export "d") (mut i32) (i32.const 0))
  (global $nItems (export "nItems") (mut i32) (i32.const 0))
  (global $nTrain (export "nTrain") (mut i32) (i32.const 0))
  (global $maxSampled (export "maxSampled") (mut i32) (i32.const 0))
  (global $kosK (export "kosK") (mut i32) (i32.const 1))
  (global $kosN (export "kosN") (mut i32) (i32.const 1))
  (global $lr (export "lr") (mut f32) (f32.const 0))
  ;; CSR feature matrices (indptr i32, indices i32, values f32) and training positives per user.
  (global $uPtr (export "uPtr") (mut i32) (i32.const 0))
  (global $uIdx (export "uIdx") (mut i32) (i32.const 0))
  (global $uVal (export "uVal") (mut i32) (i32.const 0))
  (global $iPtr (export "iPtr") (mut i32) (i32.const 0))
  (global $iIdx (export "iIdx") (mut i32) (i32.const 0))
  (global $iVal (export "iVal") (mut i32) (i32.const 0))
  (global $posPtr (export "posPtr") (mut i32) (i32.const 0))
  (global $posItems (export "posItems") (mut i32) (i32.const 0))
  ;; Training interactions and the batch's sample indices.
  (global $trU (export "trU") (mut i32) (i32.const 0))
  (global $trI (export "trI") (mut i32) (i32.const 0))
  (global $trW (export "trW") (mut i32) (i32.const 0))
  (global $order (export "order") (mut i32) (i32.const 0))
  ;; Parameters and adagrad accumulators.
  (global $uEmb (export "uEmb") (mut i32) (i32.const 0))
  (global $uAcc (export "uAcc") (mut i32) (i32.const 0))
  (global $uBias (export "uBias") (mut i32) (i32.const 0))
  (global $iEmb (export "iEmb") (mut i32) (i32.const 0))
  (global $iAcc (export "iAcc") (mut i32) (i32.const 0))
  (global $iBias (export "iBias") (mut i32) (i32.const 0))
  (global $iBiasAcc (export "iBiasAcc") (mut i32) (i32.const 0))
  ;; User feature-row gradients: Σg, Σg² per row, first-touch list and marks.
  (global $uSum (export "uSum") (mut i32) (i32.const 0))
  (global $uSq (export "uSq") (mut i32) (i32.const 0))
  (global $uMark (export "uMark") (mut i32) (i32.const 0))
  (global $uTouched (export "uTouched") (mut i32) (i32.const 0))
  (global $nU (mut i32) (i32.const 0))
  ;; Item feature-row gradients (embedding rows and biases share the touched list).
  (global $fSum (export "fSum") (mut i32) (i32.const 0))
  (global $fSq (export "fSq") (mut i32) (i32.const 0))
  (global $fBSum (export "fBSum") (mut i32) (i32.const 0))
  (global $fBSq (export "fBSq") (mut i32) (i32.const 0))
  (global $fMark (export "fMark") (mut i32) (i32.const 0))
  (global $fTouched (export "fTouched") (mut i32) (i32.const 0))
  (global $nF (mut i32) (i32.const 0))
  ;; Lazy item representations q_i, b_i with the batch stamp that made them.
  (global $rep (export "rep") (mut i32) (i32.const 0))
  (global $repBias (export "repBias") (mut i32) (i32.const 0))
  (global $stamp (export "stamp") (mut i32) (i32.const 0))
  (global $epoch (mut i32) (i32.const 0))
  ;; Per-item gradient groups (Σ over the batch's samples of an item, and of squares).
  (global $gSum (export "gSum") (mut i32) (i32.const 0))
  (global $gSq (export "gSq") (mut i32) (i32.const 0))
  (global $gBSum (export "gBSum") (mut i32) (i32.const 0))
  (global $gBSq (export "gBSq") (mut i32) (i32.const 0))
  (global $gMark (export "gMark") (mut i32) (i32.const 0))
  (global $gTouched (export "gTouched") (mut i32) (i32.const 0))
  (global $nG (mut i32) (i32.const 0))
  ;; Scratch: user vector p, gradient g and g², WARP coefficient table by trial count (f64),
  ;; k-OS draws, BPR's compacted batch (users, items, negatives, weights; B each).
  (global $p (mut i32) (i32.const 0))
  (global $pScratch (export "p") (mut i32) (i32.const 0))
  ;; Rows whose features are one column of weight 1 (identity features): that column, else −1.
  ;; Their representation *is* the embedding row and their gradient needs no grouping.
  (global $uDirect (export "uDirect") (mut i32) (i32.const 0))
  (global $iDirect (export "iDirect") (mut i32) (i32.const 0))
  (global $g (export "g") (mut i32) (i32.const 0))
  (global $g2 (export "g2") (mut i32) (i32.const 0))
  (global $coefTab (export "coefTab") (mut i32) (i32.const 0))
  (global $kItems (export "kItems") (mut i32) (i32.const 0))
  (global $kScores (export "kScores") (mut i32) (i32.const 0))
  ;; k-OS: per item, the id of the last sample that drew it and its slot in kItems/kScores.
  (global $kStamp (export "kStamp") (mut i32) (i32.const 0))
  (global $kSlot (export "kSlot") (mut i32) (i32.const 0))
  (global $kosSample (mut i32) (i32.const 0))
  (global $bUsers (export "bUsers") (mut i32) (i32.const 0))
  (global $bItems (export "bItems") (mut i32) (i32.const 0))
  (global $bNegs (export "bNegs") (mut i32) (i32.const 0))
  (global $bW (export "bW") (mut i32) (i32.const 0))
  (global $updated (export "updated") (mut i32) (i32.const 0))
  ;; sfc32 state and the splitmix32 seeder's.
  (global $ra (mut i32) (i32.const 0))
  (global $rb (mut i32) (i32.const 0))
  (global $rc (mut i32) (i32.const 0))
  (global $rd (mut i32) (i32.const 0))
  (global $sm (mut i32) (i32.const 0))

  ;; ---- random numbers (data/rng.ts) ----
  (func $splitmix (result i32) (local $z i32)
    (global.set $sm (i32.add (global.get $sm) (i32.const 0x9e3779b9)))
    (local.set $z (global.get $sm))
    (local.set $z (i32.mul (i32.xor (local.get $z) (i32.shr_u (local.get $z) (i32.const 16))) (i32.const 0x85ebca6b)))
    (local.set $z (i32.mul (i32.xor (local.get $z) (i32.shr_u (local.get $z) (i32.const 13))) (i32.const 0xc2b2ae35)))
    (i32.xor (local.get $z) (i32.shr_u (local.get $z) (i32.const 16))))

  (func $u32 (result i32) (local $t i32)
    (local.set $t (i32.add (i32.add (global.get $ra) (global.get $rb)) (global.get $rd)))
    (global.set $rd (i32.add (global.get $rd) (i32.const 1)))
    (global.set $ra (i32.xor (global.get $rb) (i32.shr_u (global.get $rb) (i32.const 9))))
    (global.set $rb (i32.add (global.get $rc) (i32.shl (global.get $rc) (i32.const 3))))
    (global.set $rc (i32.add (i32.rotl (global.get $rc) (i32.const 21)) (local.get $t)))
    (local.get $t))

  (func $seed (export "seed") (param $s i32) (local $k i32)
    (global.set $sm (local.get $s))
    (global.set $ra (call $splitmix))
    (global.set $rb (call $splitmix))
    (global.set $rc (call $splitmix))
    (global.set $rd (call $splitmix))
    (loop $warm
      (drop (call $u32))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $warm (i32.lt_u (local.get $k) (i32.const 12)))))

  ;; floor(u32 / 2³² · n), as rng.int(n).
  (func $randInt (param $n i32) (result i32)
    (i32.trunc_f64_u (f64.mul
      (f64.mul (f64.convert_i32_u (call $u32)) (f64.const 2.3283064365386963e-10))
      (f64.convert_i32_u (local.get $n)))))

  (func $next (export "next") (result f64)
    (f64.mul (f64.convert_i32_u (call $u32)) (f64.const 2.3283064365386963e-10)))

  ;; ---- vectors of d floats ----
  (func $dot (param $a i32) (param $b i32) (result f32) (local $end i32) (local $s v128) (local $t v128)
    (local.set $end (i32.add (local.get $a) (i32.shl (global.get $d) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.gt_u (i32.add (local.get $a) (i32.const 32)) (local.get $end)))
        (local.set $s (f32x4.add (local.get $s) (f32x4.mul (v128.load (local.get $a)) (v128.load (local.get $b)))))
        (local.set $t (f32x4.add (local.get $t) (f32x4.mul (v128.load offset=16 (local.get $a)) (v128.load offset=16 (local.get $b)))))
        (local.set $a (i32.add (local.get $a) (i32.const 32)))
        (local.set $b (i32.add (local.get $b) (i32.const 32)))
        (br $next)))
    (if (i32.lt_u (local.get $a) (local.get $end))
      (then (local.set $s (f32x4.add (local.get $s) (f32x4.mul (v128.load (local.get $a)) (v128.load (local.get $b)))))))
    (local.set $s (f32x4.add (local.get $s) (local.get $t)))
    (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $s)) (f32x4.extract_lane 1 (local.get $s)))
      (f32.add (f32x4.extract_lane 2 (local.get $s)) (f32x4.extract_lane 3 (local.get $s)))))

  ;; out = Σ_f X[row,f]·emb_f; returns Σ_f X[row,f]·bias_f.
  (func $represent (param $row i32) (param $ptr i32) (param $idx i32) (param $val i32) (param $emb i32) (param $bias i32) (param $out i32) (result f32)
    (local $q i32) (local $end i32) (local $x f32) (local $xs v128) (local $e i32) (local $c i32) (local $dB i32) (local $bs f32) (local $f i32)
    (local.set $dB (i32.shl (global.get $d) (i32.const 2)))
    (local.set $q (i32.load (i32.add (local.get $ptr) (i32.shl (local.get $row) (i32.const 2)))))
    (local.set $end (i32.load offset=4 (i32.add (local.get $ptr) (i32.shl (local.get $row) (i32.const 2)))))
    (if (i32.ge_s (local.get $q) (local.get $end))
      (then
        (local.set $c (i32.const 0))
        (loop $z
          (v128.store (i32.add (local.get $out) (local.get $c)) (v128.const i32x4 0 0 0 0))
          (local.set $c (i32.add (local.get $c) (i32.const 16)))
          (br_if $z (i32.lt_u (local.get $c) (local.get $dB))))
        (return (f32.const 0))))
    ;; First feature stores, the rest add.
    (local.set $f (i32.load (i32.add (local.get $idx) (i32.shl (local.get $q) (i32.const 2)))))
    (local.set $x (f32.load (i32.add (local.get $val) (i32.shl (local.get $q) (i32.const 2)))))
    (local.set $xs (f32x4.splat (local.get $x)))
    (local.set $e (i32.add (local.get $emb) (i32.mul (local.get $f) (local.get $dB))))
    (local.set $bs (f32.mul (local.get $x) (f32.load (i32.add (local.get $bias) (i32.shl (local.get $f) (i32.const 2))))))
    (local.set $c (i32.const 0))
    (loop $first
      (v128.store (i32.add (local.get $out) (local.get $c)) (f32x4.mul (local.get $xs) (v128.load (i32.add (local.get $e) (local.get $c)))))
      (local.set $c (i32.add (local.get $c) (i32.const 16)))
      (br_if $first (i32.lt_u (local.get $c) (local.get $dB))))
    (local.set $q (i32.add (local.get $q) (i32.const 1)))
    (block $done
      (loop $feat
        (br_if $done (i32.ge_s (local.get $q) (local.get $end)))
        (local.set $f (i32.load (i32.add (local.get $idx) (i32.shl (local.get $q) (i32.const 2)))))
        (local.set $x (f32.load (i32.add (local.get $val) (i32.shl (local.get $q) (i32.const 2)))))
        (local.set $xs (f32x4.splat (local.get $x)))
        (local.set $e (i32.add (local.get $emb) (i32.mul (local.get $f) (local.get $dB))))
        (local.set $bs (f32.add (local.get $bs) (f32.mul (local.get $x) (f32.load (i32.add (local.get $bias) (i32.shl (local.get $f) (i32.const 2)))))))
        (local.set $c (i32.const 0))
        (loop $add
          (v128.store (i32.add (local.get $out) (local.get $c))
            (f32x4.add (v128.load (i32.add (local.get $out) (local.get $c)))
              (f32x4.mul (local.get $xs) (v128.load (i32.add (local.get $e) (local.get $c))))))
          (local.set $c (i32.add (local.get $c) (i32.const 16)))
          (br_if $add (i32.lt_u (local.get $c) (local.get $dB))))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br $feat)))
    (local.get $bs))

  ;; Makes q_i, b_i current for this batch; returns the byte address of q_i.
  (func $ensure (param $i i32) (result i32) (local $at i32) (local $f i32)
    (local.set $f (i32.load (i32.add (global.get $iDirect) (i32.shl (local.get $i) (i32.const 2)))))
    (if (i32.ge_s (local.get $f) (i32.const 0))
      (then
        ;; The embedding row itself (it does not change within a batch): no copy.
        (f32.store (i32.add (global.get $repBias) (i32.shl (local.get $i) (i32.const 2)))
          (f32.load (i32.add (global.get $iBias) (i32.shl (local.get $f) (i32.const 2)))))
        (return (i32.add (global.get $iEmb) (i32.mul (local.get $f) (i32.shl (global.get $d) (i32.const 2)))))))
    (local.set $at (i32.add (global.get $rep) (i32.mul (local.get $i) (i32.shl (global.get $d) (i32.const 2)))))
    (if (i32.ne (i32.load (i32.add (global.get $stamp) (i32.shl (local.get $i) (i32.const 2)))) (global.get $epoch))
      (then
        (i32.store (i32.add (global.get $stamp) (i32.shl (local.get $i) (i32.const 2))) (global.get $epoch))
        (f32.store (i32.add (global.get $repBias) (i32.shl (local.get $i) (i32.const 2)))
          (call $represent (local.get $i) (global.get $iPtr) (global.get $iIdx) (global.get $iVal) (global.get $iEmb) (global.get $iBias) (local.get $at)))))
    (local.get $at))

  ;; b_i + p·q_i
  (func $score (param $i i32) (result f32) (local $at i32)
    (local.set $at (call $ensure (local.get $i)))
    (f32.add (f32.load (i32.add (global.get $repBias) (i32.shl (local.get $i) (i32.const 2)))) (call $dot (global.get $p) (local.get $at))))

  (func $isPositive (param $u i32) (param $i i32) (result i32) (local $q i32) (local $end i32)
    (local.set $q (i32.shl (i32.load (i32.add (global.get $posPtr) (i32.shl (local.get $u) (i32.const 2)))) (i32.const 2)))
    (local.set $end (i32.shl (i32.load offset=4 (i32.add (global.get $posPtr) (i32.shl (local.get $u) (i32.const 2)))) (i32.const 2)))
    (block $no
      (loop $scan
        (br_if $no (i32.ge_s (local.get $q) (local.get $end)))
        (if (i32.eq (i32.load (i32.add (global.get $posItems) (local.get $q))) (local.get $i)) (then (return (i32.const 1))))
        (local.set $q (i32.add (local.get $q) (i32.const 4)))
        (br $scan)))
    (i32.const 0))

  ;; ---- gradients ----
  ;; g = c·(q_a − q_b) onto every user feature row of u (each row f gets X[u,f]·g, squared per sample).
  (func $addUser (param $u i32) (param $c f32) (param $qa i32) (param $qb i32)
    (local $k i32) (local $dB i32) (local $cs v128) (local $v v128)
    (local.set $dB (i32.shl (global.get $d) (i32.const 2)))
    (local.set $cs (f32x4.splat (local.get $c)))
    (loop $gl
      (local.set $v (f32x4.mul (local.get $cs)
        (f32x4.sub (v128.load (i32.add (local.get $qa) (local.get $k))) (v128.load (i32.add (local.get $qb) (local.get $k))))))
      (v128.store (i32.add (global.get $g) (local.get $k)) (local.get $v))
      (v128.store (i32.add (global.get $g2) (local.get $k)) (f32x4.mul (local.get $v) (local.get $v)))
      (local.set $k (i32.add (local.get $k) (i32.const 16)))
      (br_if $gl (i32.lt_u (local.get $k) (local.get $dB))))
    (call $spreadUser (local.get $u)))

  ;; A given per-sample gradient vector (at byte address $at) onto every user feature row of u.
  (func $addUserVec (param $u i32) (param $at i32)
    (local $k i32) (local $dB i32) (local $v v128)
    (local.set $dB (i32.shl (global.get $d) (i32.const 2)))
    (loop $gl
      (local.set $v (v128.load (i32.add (local.get $at) (local.get $k))))
      (v128.store (i32.add (global.get $g) (local.get $k)) (local.get $v))
      (v128.store (i32.add (global.get $g2) (local.get $k)) (f32x4.mul (local.get $v) (local.get $v)))
      (local.set $k (i32.add (local.get $k) (i32.const 16)))
      (br_if $gl (i32.lt_u (local.get $k) (local.get $dB))))
    (call $spreadUser (local.get $u)))

  ;; g (and g² in $g2) onto every user feature row f of u: Σ += X[u,f]·g, Σ² += X[u,f]²·g².
  (func $spreadUser (param $u i32)
    (local $k i32) (local $dB i32) (local $q i32) (local $end i32)
    (local $f i32) (local $x f32) (local $xs v128) (local $x2 v128) (local $row i32) (local $sq i32) (local $mark i32)
    (local.set $dB (i32.shl (global.get $d) (i32.const 2)))
    (local.set $q (i32.load (i32.add (global.get $uPtr) (i32.shl (local.get $u) (i32.const 2)))))
    (local.set $end (i32.load offset=4 (i32.add (global.get $uPtr) (i32.shl (local.get $u) (i32.const 2)))))
    (block $done
      (loop $feat
        (br_if $done (i32.ge_s (local.get $q) (local.get $end)))
        (local.set $f (i32.load (i32.add (global.get $uIdx) (i32.shl (local.get $q) (i32.const 2)))))
        (local.set $x (f32.load (i32.add (global.get $uVal) (i32.shl (local.get $q) (i32.const 2)))))
        (local.set $xs (f32x4.splat (local.get $x)))
        (local.set $x2 (f32x4.splat (f32.mul (local.get $x) (local.get $x))))
        (local.set $row (i32.add (global.get $uSum) (i32.mul (local.get $f) (local.get $dB))))
        (local.set $sq (i32.add (global.get $uSq) (i32.mul (local.get $f) (local.get $dB))))
        (local.set $mark (i32.add (global.get $uMark) (local.get $f)))
        (local.set $k (i32.const 0))
        (if (i32.eqz (i32.load8_u (local.get $mark)))
          (then
            ;; First touch this batch: the sums are zero, so store (0 + x = x).
            (i32.store8 (local.get $mark) (i32.const 1))
            (i32.store (i32.add (global.get $uTouched) (i32.shl (global.get $nU) (i32.const 2))) (local.get $f))
            (global.set $nU (i32.add (global.get $nU) (i32.const 1)))
            (loop $st
              (v128.store (i32.add (local.get $row) (local.get $k)) (f32x4.mul (local.get $xs) (v128.load (i32.add (global.get $g) (local.get $k)))))
              (v128.store (i32.add (local.get $sq) (local.get $k)) (f32x4.mul (local.get $x2) (v128.load (i32.add (global.get $g2) (local.get $k)))))
              (local.set $k (i32.add (local.get $k) (i32.const 16)))
              (br_if $st (i32.lt_u (local.get $k) (local.get $dB)))))
          (else
            (loop $ad
              (v128.store (i32.add (local.get $row) (local.get $k))
                (f32x4.add (v128.load (i32.add (local.get $row) (local.get $k))) (f32x4.mul (local.get $xs) (v128.load (i32.add (global.get $g) (local.get $k))))))
              (v128.store (i32.add (local.get $sq) (local.get $k))
                (f32x4.add (v128.load (i32.add (local.get $sq) (local.get $k))) (f32x4.mul (local.get $x2) (v128.load (i32.add (global.get $g2) (local.get $k))))))
              (local.set $k (i32.add (local.get $k) (i32.const 16)))
              (br_if $ad (i32.lt_u (local.get $k) (local.get $dB))))))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br $feat))))

  ;; One per-sample gradient c·p on q_i (and c on b_i) into item i's group.
  (func $addItem (param $i i32) (param $c f32)
    (call $addItemVec (local.get $i) (global.get $p) (local.get $c) (local.get $c)))

  ;; One per-sample gradient c·v on q_i (v at byte address $at; squares c²·v²) and cb on b_i.
  (func $addItemVec (param $i i32) (param $at i32) (param $c f32) (param $cb f32)
    (local $k i32) (local $dB i32) (local $cs v128) (local $c2 v128) (local $pk v128) (local $row i32) (local $sq i32) (local $mark i32)
    (local $f i32) (local $bs i32) (local $bq i32)
    (local.set $dB (i32.shl (global.get $d) (i32.const 2)))
    (local.set $cs (f32x4.splat (local.get $c)))
    (local.set $c2 (f32x4.splat (f32.mul (local.get $c) (local.get $c))))
    (local.set $f (i32.load (i32.add (global.get $iDirect) (i32.shl (local.get $i) (i32.const 2)))))
    (if (i32.ge_s (local.get $f) (i32.const 0))
      (then
        ;; One feature of weight 1: straight onto its feature row (X·Σg = Σg, X²·Σg² = Σg²).
        (local.set $row (i32.add (global.get $fSum) (i32.mul (local.get $f) (local.get $dB))))
        (local.set $sq (i32.add (global.get $fSq) (i32.mul (local.get $f) (local.get $dB))))
        (local.set $mark (i32.add (global.get $fMark) (local.get $f)))
        (local.set $bs (i32.add (global.get $fBSum) (i32.shl (local.get $f) (i32.const 2))))
        (local.set $bq (i32.add (global.get $fBSq) (i32.shl (local.get $f) (i32.const 2))))
        (if (i32.eqz (i32.load8_u (local.get $mark)))
          (then
            (i32.store8 (local.get $mark) (i32.const 1))
            (i32.store (i32.add (global.get $fTouched) (i32.shl (global.get $nF) (i32.const 2))) (local.get $f))
            (global.set $nF (i32.add (global.get $nF) (i32.const 1))))))
      (else
        (local.set $row (i32.add (global.get $gSum) (i32.mul (local.get $i) (local.get $dB))))
        (local.set $sq (i32.add (global.get $gSq) (i32.mul (local.get $i) (local.get $dB))))
        (local.set $mark (i32.add (global.get $gMark) (local.get $i)))
        (local.set $bs (i32.add (global.get $gBSum) (i32.shl (local.get $i) (i32.const 2))))
        (local.set $bq (i32.add (global.get $gBSq) (i32.shl (local.get $i) (i32.const 2))))
        (if (i32.eqz (i32.load8_u (local.get $mark)))
          (then
            (i32.store8 (local.get $mark) (i32.const 1))
            (i32.store (i32.add (global.get $gTouched) (i32.shl (global.get $nG) (i32.const 2))) (local.get $i))
            (global.set $nG (i32.add (global.get $nG) (i32.const 1)))))))
    (loop $ad
      (local.set $pk (v128.load (i32.add (local.get $at) (local.get $k))))
      (v128.store (i32.add (local.get $row) (local.get $k))
        (f32x4.add (v128.load (i32.add (local.get $row) (local.get $k))) (f32x4.mul (local.get $cs) (local.get $pk))))
      (v128.store (i32.add (local.get $sq) (local.get $k))
        (f32x4.add (v128.load (i32.add (local.get $sq) (local.get $k))) (f32x4.mul (local.get $c2) (f32x4.mul (local.get $pk) (local.get $pk)))))
      (local.set $k (i32.add (local.get $k) (i32.const 16)))
      (br_if $ad (i32.lt_u (local.get $k) (local.get $dB))))
    (f32.store (local.get $bs) (f32.add (f32.load (local.get $bs)) (local.get $cb)))
    (f32.store (local.get $bq) (f32.add (f32.load (local.get $bq)) (f32.mul (local.get $cb) (local.get $cb)))))

  ;; Spreads the item groups onto item feature rows (X[i,f]·Σg, X[i,f]²·Σg²) and clears them.
  (func $spread
    (local $t i32) (local $i i32) (local $dB i32) (local $q i32) (local $end i32) (local $f i32) (local $x f32) (local $xs v128) (local $x2 v128)
    (local $gs i32) (local $gq i32) (local $fs i32) (local $fq i32) (local $k i32) (local $bo i32) (local $fo i32)
    (local.set $dB (i32.shl (global.get $d) (i32.const 2)))
    (block $doneT
      (loop $items
        (br_if $doneT (i32.ge_u (local.get $t) (global.get $nG)))
        (local.set $i (i32.load (i32.add (global.get $gTouched) (i32.shl (local.get $t) (i32.const 2)))))
        (local.set $gs (i32.add (global.get $gSum) (i32.mul (local.get $i) (local.get $dB))))
        (local.set $gq (i32.add (global.get $gSq) (i32.mul (local.get $i) (local.get $dB))))
        (local.set $bo (i32.shl (local.get $i) (i32.const 2)))
        (local.set $q (i32.load (i32.add (global.get $iPtr) (local.get $bo))))
        (local.set $end (i32.load offset=4 (i32.add (global.get $iPtr) (local.get $bo))))
        (block $doneF
          (loop $feat
            (br_if $doneF (i32.ge_s (local.get $q) (local.get $end)))
            (local.set $f (i32.load (i32.add (global.get $iIdx) (i32.shl (local.get $q) (i32.const 2)))))
            (local.set $x (f32.load (i32.add (global.get $iVal) (i32.shl (local.get $q) (i32.const 2)))))
            (local.set $xs (f32x4.splat (local.get $x)))
            (local.set $x2 (f32x4.splat (f32.mul (local.get $x) (local.get $x))))
            (if (i32.eqz (i32.load8_u (i32.add (global.get $fMark) (local.get $f))))
              (then
                (i32.store8 (i32.add (global.get $fMark) (local.get $f)) (i32.const 1))
                (i32.store (i32.add (global.get $fTouched) (i32.shl (global.get $nF) (i32.const 2))) (local.get $f))
                (global.set $nF (i32.add (global.get $nF) (i32.const 1)))))
            (local.set $fs (i32.add (global.get $fSum) (i32.mul (local.get $f) (local.get $dB))))
            (local.set $fq (i32.add (global.get $fSq) (i32.mul (local.get $f) (local.get $dB))))
            (local.set $k (i32.const 0))
            (loop $ad
              (v128.store (i32.add (local.get $fs) (local.get $k))
                (f32x4.add (v128.load (i32.add (local.get $fs) (local.get $k))) (f32x4.mul (local.get $xs) (v128.load (i32.add (local.get $gs) (local.get $k))))))
              (v128.store (i32.add (local.get $fq) (local.get $k))
                (f32x4.add (v128.load (i32.add (local.get $fq) (local.get $k))) (f32x4.mul (local.get $x2) (v128.load (i32.add (local.get $gq) (local.get $k))))))
              (local.set $k (i32.add (local.get $k) (i32.const 16)))
              (br_if $ad (i32.lt_u (local.get $k) (local.get $dB))))
            (local.set $fo (i32.shl (local.get $f) (i32.const 2)))
            (f32.store (i32.add (global.get $fBSum) (local.get $fo))
              (f32.add (f32.load (i32.add (global.get $fBSum) (local.get $fo))) (f32.mul (local.get $x) (f32.load (i32.add (global.get $gBSum) (local.get $bo))))))
            (f32.store (i32.add (global.get $fBSq) (local.get $fo))
              (f32.add (f32.load (i32.add (global.get $fBSq) (local.get $fo))) (f32.mul (f32.mul (local.get $x) (local.get $x)) (f32.load (i32.add (global.get $gBSq) (local.get $bo))))))
            (local.set $q (i32.add (local.get $q) (i32.const 1)))
            (br $feat)))
        ;; Clear the group.
        (local.set $k (i32.const 0))
        (loop $z
          (v128.store (i32.add (local.get $gs) (local.get $k)) (v128.const i32x4 0 0 0 0))
          (v128.store (i32.add (local.get $gq) (local.get $k)) (v128.const i32x4 0 0 0 0))
          (local.set $k (i32.add (local.get $k) (i32.const 16)))
          (br_if $z (i32.lt_u (local.get $k) (local.get $dB))))
        (f32.store (i32.add (global.get $gBSum) (local.get $bo)) (f32.const 0))
        (f32.store (i32.add (global.get $gBSq) (local.get $bo)) (f32.const 0))
        (i32.store8 (i32.add (global.get $gMark) (local.get $i)) (i32.const 0))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $items)))
    (global.set $nG (i32.const 0)))

  ;; Adagrad on the touched rows of one embedding block (width d): A += Σg²; θ −= lr·Σg/√A; clears.
  (func $stepRows (param $val i32) (param $acc i32) (param $sum i32) (param $sq i32) (param $touched i32) (param $n i32) (param $mark i32)
    (local $t i32) (local $row i32) (local $base i32) (local $k i32) (local $dB i32) (local $a v128) (local $lrs v128) (local $o i32)
    (local.set $dB (i32.shl (global.get $d) (i32.const 2)))
    (local.set $lrs (f32x4.splat (global.get $lr)))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $t) (local.get $n)))
        (local.set $row (i32.load (i32.add (local.get $touched) (i32.shl (local.get $t) (i32.const 2)))))
        (local.set $base (i32.mul (local.get $row) (local.get $dB)))
        (local.set $k (i32.const 0))
        (loop $c
          (local.set $o (i32.add (local.get $base) (local.get $k)))
          (local.set $a (f32x4.add (v128.load (i32.add (local.get $acc) (local.get $o))) (v128.load (i32.add (local.get $sq) (local.get $o)))))
          (v128.store (i32.add (local.get $acc) (local.get $o)) (local.get $a))
          (v128.store (i32.add (local.get $val) (local.get $o))
            (f32x4.sub (v128.load (i32.add (local.get $val) (local.get $o)))
              (f32x4.mul (f32x4.div (local.get $lrs) (f32x4.sqrt (local.get $a))) (v128.load (i32.add (local.get $sum) (local.get $o))))))
          (v128.store (i32.add (local.get $sum) (local.get $o)) (v128.const i32x4 0 0 0 0))
          (v128.store (i32.add (local.get $sq) (local.get $o)) (v128.const i32x4 0 0 0 0))
          (local.set $k (i32.add (local.get $k) (i32.const 16)))
          (br_if $c (i32.lt_u (local.get $k) (local.get $dB))))
        (i32.store8 (i32.add (local.get $mark) (local.get $row)) (i32.const 0))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $rows))))

  ;; The same for the item biases of the touched item feature rows (width 1).
  (func $stepItemBiases (local $t i32) (local $o i32) (local $a f32)
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $t) (global.get $nF)))
        (local.set $o (i32.shl (i32.load (i32.add (global.get $fTouched) (i32.shl (local.get $t) (i32.const 2)))) (i32.const 2)))
        (local.set $a (f32.add (f32.load (i32.add (global.get $iBiasAcc) (local.get $o))) (f32.load (i32.add (global.get $fBSq) (local.get $o)))))
        (f32.store (i32.add (global.get $iBiasAcc) (local.get $o)) (local.get $a))
        (f32.store (i32.add (global.get $iBias) (local.get $o))
          (f32.sub (f32.load (i32.add (global.get $iBias) (local.get $o)))
            (f32.mul (f32.div (global.get $lr) (f32.sqrt (local.get $a))) (f32.load (i32.add (global.get $fBSum) (local.get $o))))))
        (f32.store (i32.add (global.get $fBSum) (local.get $o)) (f32.const 0))
        (f32.store (i32.add (global.get $fBSq) (local.get $o)) (f32.const 0))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $rows))))

  ;; Spread the item groups, then one adagrad step per touched row of both sides.
  (func $finish
    (call $spread)
    (call $stepRows (global.get $uEmb) (global.get $uAcc) (global.get $uSum) (global.get $uSq) (global.get $uTouched) (global.get $nU) (global.get $uMark))
    (global.set $nU (i32.const 0))
    (call $stepItemBiases)
    (call $stepRows (global.get $iEmb) (global.get $iAcc) (global.get $fSum) (global.get $fSq) (global.get $fTouched) (global.get $nF) (global.get $fMark))
    (global.set $nF (i32.const 0)))

  ;; Points $p at p_u: the embedding row itself for a one-feature user, else the scratch vector.
  (func $representUser (param $u i32) (local $f i32)
    (local.set $f (i32.load (i32.add (global.get $uDirect) (i32.shl (local.get $u) (i32.const 2)))))
    (if (i32.ge_s (local.get $f) (i32.const 0))
      (then
        (global.set $p (i32.add (global.get $uEmb) (i32.mul (local.get $f) (i32.shl (global.get $d) (i32.const 2)))))
        (return)))
    (global.set $p (global.get $pScratch))
    (drop (call $represent (local.get $u) (global.get $uPtr) (global.get $uIdx) (global.get $uVal) (global.get $uEmb) (global.get $uBias) (global.get $p))))

  ;; ---- losses ----
  ;; One WARP (kos = 0) or k-OS (kos = 1) batch over order[0 .. count) (warp-sampled.ts).
  ;; Returns the summed loss; `updated` holds the number of samples that moved parameters.
  (func (export "warp") (param $count i32) (param $kos i32) (param $seedValue i32) (result f64)
    (local $b i32) (local $k i32) (local $u i32) (local $i i32) (local $w f64) (local $sPos f32) (local $thr f32)
    (local $j i32) (local $t i32) (local $trials i32) (local $cand i32) (local $s f32) (local $sNeg f32) (local $coef f64)
    (local $loss f64) (local $upd i32) (local $pStart i32) (local $nPos i32) (local $m i32) (local $r i32) (local $it i32)
    (local $kk i32) (local $a i32) (local $best i32) (local $tmpI i32) (local $tmpS f32)
    (call $seed (local.get $seedValue))
    (global.set $epoch (i32.add (global.get $epoch) (i32.const 1)))
    (block $doneB
      (loop $samples
        (br_if $doneB (i32.ge_u (local.get $b) (local.get $count)))
        (block $skip
          (local.set $k (i32.shl (i32.load (i32.add (global.get $order) (i32.shl (local.get $b) (i32.const 2)))) (i32.const 2)))
          (local.set $u (i32.load (i32.add (global.get $trU) (local.get $k))))
          (local.set $i (i32.load (i32.add (global.get $trI) (local.get $k))))
          (local.set $w (if (result f64) (local.get $kos) (then (f64.const 1)) (else (f64.promote_f32 (f32.load (i32.add (global.get $trW) (local.get $k)))))))
          (call $representUser (local.get $u))
          (if (local.get $kos)
            (then
              (local.set $pStart (i32.load (i32.add (global.get $posPtr) (i32.shl (local.get $u) (i32.const 2)))))
              (local.set $nPos (i32.sub (i32.load offset=4 (i32.add (global.get $posPtr) (i32.shl (local.get $u) (i32.const 2)))) (local.get $pStart)))
              (br_if $skip (i32.eqz (local.get $nPos)))
              (local.set $m (select (global.get $kosN) (local.get $nPos) (i32.lt_s (global.get $kosN) (local.get $nPos))))
              (global.set $kosSample (i32.add (global.get $kosSample) (i32.const 1)))
              ;; m draws with replacement; a repeated item reuses its earlier score.
              (local.set $t (i32.const 0))
              (loop $draws
                (local.set $it (i32.load (i32.add (global.get $posItems)
                  (i32.shl (i32.add (local.get $pStart) (call $randInt (local.get $nPos))) (i32.const 2)))))
                ;; kStamp[it] = this sample's id when an earlier draw of it has a slot kSlot[it].
                (if (i32.eq (i32.load (i32.add (global.get $kStamp) (i32.shl (local.get $it) (i32.const 2)))) (global.get $kosSample))
                  (then
                    (local.set $s (f32.load (i32.add (global.get $kScores)
                      (i32.shl (i32.load (i32.add (global.get $kSlot) (i32.shl (local.get $it) (i32.const 2)))) (i32.const 2))))))
                  (else
                    (local.set $s (call $score (local.get $it)))
                    (i32.store (i32.add (global.get $kStamp) (i32.shl (local.get $it) (i32.const 2))) (global.get $kosSample))
                    (i32.store (i32.add (global.get $kSlot) (i32.shl (local.get $it) (i32.const 2))) (local.get $t))))
                (i32.store (i32.add (global.get $kItems) (i32.shl (local.get $t) (i32.const 2))) (local.get $it))
                (f32.store (i32.add (global.get $kScores) (i32.shl (local.get $t) (i32.const 2))) (local.get $s))
                (local.set $t (i32.add (local.get $t) (i32.const 1)))
                (br_if $draws (i32.lt_u (local.get $t) (local.get $m))))
              ;; kosRank: max(1, min(m, ⌈k·m/n⌉)), then partial selection sort down to it.
              (local.set $kk (i32.div_u (i32.sub (i32.add (i32.mul (global.get $kosK) (local.get $m)) (global.get $kosN)) (i32.const 1)) (global.get $kosN)))
              (if (i32.gt_s (local.get $kk) (local.get $m)) (then (local.set $kk (local.get $m))))
              (if (i32.lt_s (local.get $kk) (i32.const 1)) (then (local.set $kk (i32.const 1))))
              (local.set $a (i32.const 0))
              (loop $sel
                (local.set $best (local.get $a))
                (local.set $r (i32.add (local.get $a) (i32.const 1)))
                (block $endc
                  (loop $cmp
                    (br_if $endc (i32.ge_u (local.get $r) (local.get $m)))
                    (if (f32.gt (f32.load (i32.add (global.get $kScores) (i32.shl (local.get $r) (i32.const 2))))
                                (f32.load (i32.add (global.get $kScores) (i32.shl (local.get $best) (i32.const 2)))))
                      (then (local.set $best (local.get $r))))
                    (local.set $r (i32.add (local.get $r) (i32.const 1)))
                    (br $cmp)))
                (local.set $tmpS (f32.load (i32.add (global.get $kScores) (i32.shl (local.get $a) (i32.const 2)))))
                (f32.store (i32.add (global.get $kScores) (i32.shl (local.get $a) (i32.const 2))) (f32.load (i32.add (global.get $kScores) (i32.shl (local.get $best) (i32.const 2)))))
                (f32.store (i32.add (global.get $kScores) (i32.shl (local.get $best) (i32.const 2))) (local.get $tmpS))
                (local.set $tmpI (i32.load (i32.add (global.get $kItems) (i32.shl (local.get $a) (i32.const 2)))))
                (i32.store (i32.add (global.get $kItems) (i32.shl (local.get $a) (i32.const 2))) (i32.load (i32.add (global.get $kItems) (i32.shl (local.get $best) (i32.const 2)))))
                (i32.store (i32.add (global.get $kItems) (i32.shl (local.get $best) (i32.const 2))) (local.get $tmpI))
                (local.set $a (i32.add (local.get $a) (i32.const 1)))
                (br_if $sel (i32.lt_u (local.get $a) (local.get $kk))))
              (local.set $i (i32.load (i32.add (global.get $kItems) (i32.shl (i32.sub (local.get $kk) (i32.const 1)) (i32.const 2)))))
              (local.set $sPos (f32.load (i32.add (global.get $kScores) (i32.shl (i32.sub (local.get $kk) (i32.const 1)) (i32.const 2))))))
            (else (local.set $sPos (call $score (local.get $i)))))
          ;; LightFM's loop: uniform draws until a non-positive scores above s⁺ − 1.
          (local.set $thr (f32.sub (local.get $sPos) (f32.const 1)))
          (local.set $j (i32.const -1))
          (local.set $t (i32.const 1))
          (block $foundJ
            (loop $trial
              (br_if $foundJ (i32.gt_s (local.get $t) (global.get $maxSampled)))
              (local.set $cand (call $randInt (global.get $nItems)))
              (local.set $s (call $score (local.get $cand)))
              (if (f32.gt (local.get $s) (local.get $thr))
                (then
                  (if (i32.eqz (call $isPositive (local.get $u) (local.get $cand)))
                    (then
                      (local.set $j (local.get $cand))
                      (local.set $trials (local.get $t))
                      (local.set $sNeg (local.get $s))
                      (br $foundJ)))))
              (local.set $t (i32.add (local.get $t) (i32.const 1)))
              (br $trial)))
          (br_if $skip (i32.lt_s (local.get $j) (i32.const 0)))
          (local.set $coef (f64.min (f64.const 10)
            (f64.mul (local.get $w) (f64.load (i32.add (global.get $coefTab) (i32.shl (local.get $trials) (i32.const 3)))))))
          (br_if $skip (i32.eqz (f64.gt (local.get $coef) (f64.const 0))))
          (local.set $upd (i32.add (local.get $upd) (i32.const 1)))
          (local.set $loss (f64.add (local.get $loss)
            (f64.mul (local.get $coef) (f64.promote_f32 (f32.add (f32.sub (f32.const 1) (local.get $sPos)) (local.get $sNeg))))))
          (call $addUser (local.get $u) (f32.demote_f64 (local.get $coef)) (call $ensure (local.get $j)) (call $ensure (local.get $i)))
          (call $addItem (local.get $i) (f32.neg (f32.demote_f64 (local.get $coef))))
          (call $addItem (local.get $j) (f32.demote_f64 (local.get $coef))))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $samples)))
    (call $finish)
    (global.set $updated (local.get $upd))
    (local.get $loss))

  ;; BPR negative: the item of a uniform stored interaction, redrawn while a positive; −1 after 100.
  (func $popularityNegative (param $u i32) (result i32) (local $t i32) (local $j i32)
    (block $none
      (loop $draw
        (br_if $none (i32.ge_u (local.get $t) (i32.const 100)))
        (local.set $j (i32.load (i32.add (global.get $trI) (i32.shl (call $randInt (global.get $nTrain)) (i32.const 2)))))
        (if (i32.eqz (call $isPositive (local.get $u) (local.get $j))) (then (return (local.get $j))))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $draw)))
    (i32.const -1))

  ;; One BPR batch over order[0 .. count) (bpr-step.ts): negatives first, then the steps.
  (func (export "bpr") (param $count i32) (param $seedValue i32) (result f64)
    (local $b i32) (local $n i32) (local $k i32) (local $u i32) (local $i i32) (local $j i32) (local $w f64) (local $x f64)
    (local $qi i32) (local $qj i32) (local $loss f64) (local $c f64) (local $o i32)
    (call $seed (local.get $seedValue))
    (global.set $epoch (i32.add (global.get $epoch) (i32.const 1)))
    (block $doneN
      (loop $negs
        (br_if $doneN (i32.ge_u (local.get $b) (local.get $count)))
        (local.set $k (i32.shl (i32.load (i32.add (global.get $order) (i32.shl (local.get $b) (i32.const 2)))) (i32.const 2)))
        (local.set $u (i32.load (i32.add (global.get $trU) (local.get $k))))
        (local.set $j (call $popularityNegative (local.get $u)))
        (if (i32.ge_s (local.get $j) (i32.const 0))
          (then
            (local.set $o (i32.shl (local.get $n) (i32.const 2)))
            (i32.store (i32.add (global.get $bUsers) (local.get $o)) (local.get $u))
            (i32.store (i32.add (global.get $bItems) (local.get $o)) (i32.load (i32.add (global.get $trI) (local.get $k))))
            (i32.store (i32.add (global.get $bNegs) (local.get $o)) (local.get $j))
            (f32.store (i32.add (global.get $bW) (local.get $o)) (f32.load (i32.add (global.get $trW) (local.get $k))))
            (local.set $n (i32.add (local.get $n) (i32.const 1)))))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $negs)))
    (local.set $b (i32.const 0))
    (block $done
      (loop $samples
        (br_if $done (i32.ge_u (local.get $b) (local.get $n)))
        (local.set $o (i32.shl (local.get $b) (i32.const 2)))
        (local.set $u (i32.load (i32.add (global.get $bUsers) (local.get $o))))
        (local.set $i (i32.load (i32.add (global.get $bItems) (local.get $o))))
        (local.set $j (i32.load (i32.add (global.get $bNegs) (local.get $o))))
        (local.set $w (f64.promote_f32 (f32.load (i32.add (global.get $bW) (local.get $o)))))
        (call $representUser (local.get $u))
        (local.set $qi (call $ensure (local.get $i)))
        (local.set $qj (call $ensure (local.get $j)))
        (local.set $x (f64.sub
          (f64.promote_f32 (call $score (local.get $i)))
          (f64.promote_f32 (call $score (local.get $j)))))
        ;; −ln σ(x), stably for large |x|.
        (local.set $loss (f64.add (local.get $loss) (f64.mul (local.get $w)
          (if (result f64) (f64.gt (local.get $x) (f64.const 0))
            (then (call $log1p (call $exp (f64.neg (local.get $x)))))
            (else (f64.add (f64.neg (local.get $x)) (call $log1p (call $exp (local.get $x)))))))))
        ;; c = w·(1 − σ(x)) = w·σ(−x).
        (local.set $c (f64.mul (local.get $w) (f64.sub (f64.const 1) (f64.div (f64.const 1) (f64.add (f64.const 1) (call $exp (f64.neg (local.get $x))))))))
        (call $addUser (local.get $u) (f32.demote_f64 (local.get $c)) (local.get $qj) (local.get $qi))
        (call $addItem (local.get $i) (f32.neg (f32.demote_f64 (local.get $c))))
        (call $addItem (local.get $j) (f32.demote_f64 (local.get $c)))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $samples)))
    (call $finish)
    (global.set $updated (local.get $n))
    (local.get $loss))

  ;; ---- Hybrid Deep's factor side (deep-sampled.ts; the towers stay in TF.js) ----
  (global $uvec (export "uvec") (mut i32) (i32.const 0))
  (global $dP (export "dP") (mut i32) (i32.const 0))
  (global $dQp (export "dQp") (mut i32) (i32.const 0))
  (global $dQn (export "dQn") (mut i32) (i32.const 0))

  ;; p_u for the users of order[0 .. count) into uvec (count × d).
  (func (export "representUsers") (param $count i32) (local $b i32) (local $dB i32)
    (local.set $dB (i32.shl (global.get $d) (i32.const 2)))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $b) (local.get $count)))
        (drop (call $represent
          (i32.load (i32.add (global.get $trU) (i32.shl (i32.load (i32.add (global.get $order) (i32.shl (local.get $b) (i32.const 2)))) (i32.const 2))))
          (global.get $uPtr) (global.get $uIdx) (global.get $uVal) (global.get $uEmb) (global.get $uBias)
          (i32.add (global.get $uvec) (i32.mul (local.get $b) (local.get $dB)))))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $rows))))

  ;; q_i, b_i for every item into rep / repBias.
  (func (export "representItems") (local $i i32) (local $dB i32)
    (local.set $dB (i32.shl (global.get $d) (i32.const 2)))
    (global.set $epoch (i32.add (global.get $epoch) (i32.const 1)))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $i) (global.get $nItems)))
        (drop (call $ensure (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))

  ;; The n updating samples' gradients on the factor representations (dP, dQp, dQn: n × d,
  ;; already through the towers; bUsers, bItems, bNegs, bW = coefficient c), spread onto feature
  ;; rows as per-sample gradients (item biases ∓c), then one adagrad step.
  (func (export "deepGrads") (param $n i32) (local $b i32) (local $o i32) (local $v i32) (local $c f32)
    (block $done
      (loop $samples
        (br_if $done (i32.ge_u (local.get $b) (local.get $n)))
        (local.set $o (i32.shl (local.get $b) (i32.const 2)))
        (local.set $v (i32.mul (local.get $b) (i32.shl (global.get $d) (i32.const 2))))
        (local.set $c (f32.load (i32.add (global.get $bW) (local.get $o))))
        (call $addUserVec (i32.load (i32.add (global.get $bUsers) (local.get $o))) (i32.add (global.get $dP) (local.get $v)))
        (call $addItemVec (i32.load (i32.add (global.get $bItems) (local.get $o))) (i32.add (global.get $dQp) (local.get $v)) (f32.const 1) (f32.neg (local.get $c)))
        (call $addItemVec (i32.load (i32.add (global.get $bNegs) (local.get $o))) (i32.add (global.get $dQn) (local.get $v)) (f32.const 1) (local.get $c))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $samples)))
    (call $finish))
)
