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
;; The helpers live in vectors.watinc and gradients.watinc, Hybrid Deep's entry points in
;; deep.watinc; scripts/build-wasm.mjs splices them in at the #include lines.
;; #shared-variant (scripts/build-wasm.mjs also builds it over a shared memory)
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

  ;; #include "vectors.watinc"
  ;; #include "gradients.watinc"
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

  ;; #include "deep.watinc"
  ;; #include "parallel.watinc"
)
