;; Hybrid Deep's towers on the CPU path, f32 SIMD: p' = p + W2·relu(W1·p + b1) for the batch's
;; users and the catalogue, the hand-written backward pass of deep-tower.ts (towerPairStep) for
;; the updating samples, and one Adam step. The readable TF.js reference is deep-tower.ts;
;; tower-kernel.test.ts checks this against it batch by batch.
;;
;; It shares the pairwise kernel's memory (pairwise-kernel.ts lays out both): it reads the
;; factor representations that kernel wrote (uvec: the batch's users, rep: every item) and
;; writes the gradients on them (dP, dQp, dQn) that its deepGrads spreads onto feature rows.
;; W1 is stored transposed (h × d), so every loop runs over d floats (a multiple of 4).
;;
;; Same math as the reference, cheaper order (exact up to float rounding):
;; - g·W2ᵀ for the user side is c·(R_j − R_i) with R = Q'·W2ᵀ computed once per batch;
;; - the item side's weight gradients are taken once per item on the summed gradient G_i
;;   (the item tower's input q_i is the same for every sample of item i in a batch);
;; - hidden units that ReLU switched off are skipped (their rows contribute zero).
(module
  (import "m" "mem" (memory 1))

  (global $dB (export "dB") (mut i32) (i32.const 0)) ;; d·4 bytes
  (global $h (export "h") (mut i32) (i32.const 0))
  (global $nItems (export "nItems") (mut i32) (i32.const 0))
  ;; 1 when the item tower trains; 0 keeps it at its identity start (W2 = 0), whose Jacobian is I:
  ;; then backwardSamples writes no dQp/dQn (the pairwise kernel's deepSpread reads p' instead).
  (global $itemTower (export "itemTower") (mut i32) (i32.const 1))
  ;; Inputs written by the pairwise kernel, and the compacted updating samples.
  (global $uvec (export "uvec") (mut i32) (i32.const 0))
  (global $rep (export "rep") (mut i32) (i32.const 0))
  (global $bRows (export "bRows") (mut i32) (i32.const 0))
  (global $bItems (export "bItems") (mut i32) (i32.const 0))
  (global $bNegs (export "bNegs") (mut i32) (i32.const 0))
  (global $bW (export "bW") (mut i32) (i32.const 0))
  (global $dP (export "dP") (mut i32) (i32.const 0))
  (global $dQp (export "dQp") (mut i32) (i32.const 0))
  (global $dQn (export "dQn") (mut i32) (i32.const 0))
  ;; Forward results: activations (rows × h) and outputs (rows × d) per side.
  (global $uA (export "uA") (mut i32) (i32.const 0))
  (global $uOut (export "uOut") (mut i32) (i32.const 0))
  (global $iA (export "iA") (mut i32) (i32.const 0))
  (global $iOut (export "iOut") (mut i32) (i32.const 0))
  ;; Backward scratch: R = Q'·W2uᵀ (N × h), Au (N × h) and G (N × d) grouped by item, touched items.
  (global $R (export "R") (mut i32) (i32.const 0))
  (global $Au (export "Au") (mut i32) (i32.const 0))
  (global $G (export "G") (mut i32) (i32.const 0))
  (global $touched (export "touched") (mut i32) (i32.const 0))
  ;; Parameters [uW1T, ub1, uW2, iW1T, ib1, iW2] and their gradients and Adam moments, same layout.
  (global $tP (export "tP") (mut i32) (i32.const 0))
  (global $tG (export "tG") (mut i32) (i32.const 0))
  (global $tM (export "tM") (mut i32) (i32.const 0))
  (global $tV (export "tV") (mut i32) (i32.const 0))
  (global $nParams (export "nParams") (mut i32) (i32.const 0))
  ;; Lists of hidden units for the grouped loops: row addresses (i32) and coefficients (f32),
  ;; h + 4 entries each (padded to a multiple of 4 with coefficient 0).
  (global $lA (export "lA") (mut i32) (i32.const 0))
  (global $vA (export "vA") (mut i32) (i32.const 0))
  (global $lB (export "lB") (mut i32) (i32.const 0))
  (global $vB (export "vB") (mut i32) (i32.const 0))
  (global $lC (export "lC") (mut i32) (i32.const 0))
  (global $vC (export "vC") (mut i32) (i32.const 0))
  (global $lD (export "lD") (mut i32) (i32.const 0))

  ;; #include "tower-loops.watinc"
  ;; #include "tower-search.watinc"

  ;; ---- parameter addresses: side 0 user, 1 item; in the block at $base (tP or tG) ----
  (func $w1t (param $base i32) (param $side i32) (result i32)
    (i32.add (local.get $base) (i32.mul (local.get $side) (call $sideBytes))))
  (func $b1 (param $base i32) (param $side i32) (result i32)
    (i32.add (call $w1t (local.get $base) (local.get $side)) (i32.mul (global.get $h) (global.get $dB))))
  (func $w2 (param $base i32) (param $side i32) (result i32)
    (i32.add (call $b1 (local.get $base) (local.get $side)) (i32.shl (global.get $h) (i32.const 2))))
  ;; One side's bytes: W1ᵀ (h × d), b1 (h), W2 (h × d).
  (func $sideBytes (result i32)
    (i32.add (i32.shl (i32.mul (global.get $h) (global.get $dB)) (i32.const 1)) (i32.shl (global.get $h) (i32.const 2))))

  ;; Rows x[0 .. n) through one side's tower: A = relu(x·W1 + b1), out = x + A·W2.
  (func $forwardSide (param $side i32) (param $x i32) (param $n i32) (param $A i32) (param $out i32)
    (local $r i32) (local $k i32) (local $m i32) (local $xr i32) (local $or i32) (local $ar i32) (local $a f32)
    (local $w1t i32) (local $b1 i32) (local $w2 i32) (local $hB i32)
    (local.set $w1t (call $w1t (global.get $tP) (local.get $side)))
    (local.set $b1 (call $b1 (global.get $tP) (local.get $side)))
    (local.set $w2 (call $w2 (global.get $tP) (local.get $side)))
    (local.set $hB (i32.shl (global.get $h) (i32.const 2)))
    (loop $rowsOfW1
      (i32.store (i32.add (global.get $lA) (i32.shl (local.get $k) (i32.const 2)))
        (i32.add (local.get $w1t) (i32.mul (local.get $k) (global.get $dB))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $rowsOfW1 (i32.lt_u (local.get $k) (global.get $h))))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $r) (local.get $n)))
        (local.set $xr (i32.add (local.get $x) (i32.mul (local.get $r) (global.get $dB))))
        (local.set $or (i32.add (local.get $out) (i32.mul (local.get $r) (global.get $dB))))
        (local.set $ar (i32.add (local.get $A) (i32.mul (local.get $r) (local.get $hB))))
        (call $dotsList (local.get $xr) (global.get $lA) (global.get $h) (global.get $vA))
        (local.set $k (i32.const 0))
        (local.set $m (i32.const 0))
        (loop $hidden
          (local.set $a (f32.max (f32.const 0)
            (f32.add (f32.load (i32.add (global.get $vA) (i32.shl (local.get $k) (i32.const 2))))
              (f32.load (i32.add (local.get $b1) (i32.shl (local.get $k) (i32.const 2)))))))
          (f32.store (i32.add (local.get $ar) (i32.shl (local.get $k) (i32.const 2))) (local.get $a))
          (if (f32.gt (local.get $a) (f32.const 0))
            (then
              (i32.store (i32.add (global.get $lB) (i32.shl (local.get $m) (i32.const 2)))
                (i32.add (local.get $w2) (i32.mul (local.get $k) (global.get $dB))))
              (f32.store (i32.add (global.get $vB) (i32.shl (local.get $m) (i32.const 2))) (local.get $a))
              (local.set $m (i32.add (local.get $m) (i32.const 1)))))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (br_if $hidden (i32.lt_u (local.get $k) (global.get $h))))
        (call $scaled (f32.const 1) (local.get $xr) (local.get $or))
        (if (local.get $m)
          (then (call $axpyList (local.get $or) (global.get $lB) (global.get $vB)
            (call $pad (global.get $lB) (global.get $vB) (local.get $m)))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows))))

  ;; Every item (rep) through its tower, once per batch.
  (func (export "forwardItems")
    (call $forwardSide (i32.const 1) (global.get $rep) (global.get $nItems) (global.get $iA) (global.get $iOut)))

  ;; The chunk's users (uvec, count rows) through theirs.
  (func (export "forwardUsers") (param $count i32)
    (call $forwardSide (i32.const 0) (global.get $uvec) (local.get $count) (global.get $uA) (global.get $uOut)))

  ;; f32 at element k of the h-vector of row r in the region at $base.
  (func $hAt (param $base i32) (param $r i32) (param $k i32) (result i32)
    (i32.add (local.get $base) (i32.shl (i32.add (i32.mul (local.get $r) (global.get $h)) (local.get $k)) (i32.const 2))))

  ;; Backward, in three calls per batch so the samples can come in chunks (deep-kernel-step.ts):
  ;; backwardBegin zeroes the batch's sums and forms R; backwardSamples takes one chunk's updating
  ;; samples; backwardEnd the per-item weight gradients. Every sum sees its terms in sample order.
  (func (export "backwardBegin") (local $t i32) (local $k i32) (local $uW2 i32)
    (local.set $uW2 (call $w2 (global.get $tP) (i32.const 0)))
    (call $zero (global.get $tG) (i32.shl (global.get $nParams) (i32.const 2)))
    (call $zero (global.get $Au) (i32.shl (i32.mul (global.get $nItems) (global.get $h)) (i32.const 2)))
    (call $zero (global.get $G) (i32.mul (global.get $nItems) (global.get $dB)))
    (call $zero (global.get $touched) (i32.and (i32.add (i32.shl (global.get $nItems) (i32.const 2)) (i32.const 15)) (i32.const -16)))
    ;; R = Q'·W2uᵀ: g·W2uᵀ for g = c·(q'_j − q'_i) is c·(R_j − R_i).
    (local.set $t (i32.const 0))
    (block $rDone
      (loop $rItems
        (br_if $rDone (i32.ge_u (local.get $t) (global.get $nItems)))
        (local.set $k (i32.const 0))
        (loop $rHidden
          (f32.store (call $hAt (global.get $R) (local.get $t) (local.get $k))
            (call $dot (i32.add (global.get $iOut) (i32.mul (local.get $t) (global.get $dB)))
              (i32.add (local.get $uW2) (i32.mul (local.get $k) (global.get $dB)))))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (br_if $rHidden (i32.lt_u (local.get $k) (global.get $h))))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $rItems))))

  ;; The n updating samples (bRows: row in the chunk, bItems, bNegs, bW = coefficient c) of the
  ;; hinge L = Σ c·(1 − p'·q'⁺ + p'·q'⁻): dP, dQp, dQn (n × d) and their terms of the tower gradients.
  (func (export "backwardSamples") (param $n i32)
    (local $b i32) (local $k i32) (local $t i32) (local $r i32) (local $i i32) (local $j i32) (local $c f32)
    (local $a f32) (local $delta f32) (local $u f32) (local $on i32) (local $onJ i32)
    (local $xr i32) (local $ar i32) (local $pr i32) (local $dp i32) (local $dqp i32) (local $dqn i32)
    (local $uW1T i32) (local $uW2 i32) (local $iW1T i32) (local $iW2 i32)
    (local $guW1T i32) (local $gub1 i32) (local $guW2 i32) (local $giW1T i32) (local $gib1 i32) (local $giW2 i32)
    (local $kd i32) (local $gt i32) (local $m i32) (local $k4 i32) (local $pass i32)
    (local $Ri i32) (local $Rj i32) (local $Aui i32) (local $Auj i32) (local $ai i32) (local $aj i32)
    (local.set $uW1T (call $w1t (global.get $tP) (i32.const 0)))
    (local.set $uW2 (call $w2 (global.get $tP) (i32.const 0)))
    (local.set $iW1T (call $w1t (global.get $tP) (i32.const 1)))
    (local.set $iW2 (call $w2 (global.get $tP) (i32.const 1)))
    (local.set $guW1T (call $w1t (global.get $tG) (i32.const 0)))
    (local.set $gub1 (call $b1 (global.get $tG) (i32.const 0)))
    (local.set $guW2 (call $w2 (global.get $tG) (i32.const 0)))
    (local.set $giW1T (call $w1t (global.get $tG) (i32.const 1)))
    (local.set $gib1 (call $b1 (global.get $tG) (i32.const 1)))
    (local.set $giW2 (call $w2 (global.get $tG) (i32.const 1)))
    ;; Two passes over the samples, the user side's then the item side's: each touches half the
    ;; weights, so each pass's working set stays in the L1 cache.
    (loop $passes
    (local.set $b (i32.const 0))
    (block $done
      (loop $samples
        (br_if $done (i32.ge_u (local.get $b) (local.get $n)))
        (local.set $r (i32.load (i32.add (global.get $bRows) (i32.shl (local.get $b) (i32.const 2)))))
        (local.set $i (i32.load (i32.add (global.get $bItems) (i32.shl (local.get $b) (i32.const 2)))))
        (local.set $j (i32.load (i32.add (global.get $bNegs) (i32.shl (local.get $b) (i32.const 2)))))
        (local.set $c (f32.load (i32.add (global.get $bW) (i32.shl (local.get $b) (i32.const 2)))))
        (local.set $xr (i32.add (global.get $uvec) (i32.mul (local.get $r) (global.get $dB))))
        (local.set $pr (i32.add (global.get $uOut) (i32.mul (local.get $r) (global.get $dB))))
        (local.set $ar (call $hAt (global.get $uA) (local.get $r) (i32.const 0)))
        (local.set $dp (i32.add (global.get $dP) (i32.mul (local.get $b) (global.get $dB))))
        (local.set $dqp (i32.add (global.get $dQp) (i32.mul (local.get $b) (global.get $dB))))
        (local.set $dqn (i32.add (global.get $dQn) (i32.mul (local.get $b) (global.get $dB))))
        (local.set $Ri (call $hAt (global.get $R) (local.get $i) (i32.const 0)))
        (local.set $Rj (call $hAt (global.get $R) (local.get $j) (i32.const 0)))
        (local.set $Aui (call $hAt (global.get $Au) (local.get $i) (i32.const 0)))
        (local.set $Auj (call $hAt (global.get $Au) (local.get $j) (i32.const 0)))
        (local.set $ai (call $hAt (global.get $iA) (local.get $i) (i32.const 0)))
        (local.set $aj (call $hAt (global.get $iA) (local.get $j) (i32.const 0)))
        (if (i32.eqz (local.get $pass)) (then
        ;; User side: ∂L/∂p' = c·(q'_j − q'_i); δ = c·(R_j − R_i) ⊙ [a > 0].
        (call $scaledDiff (local.get $c)
          (i32.add (global.get $iOut) (i32.mul (local.get $j) (global.get $dB)))
          (i32.add (global.get $iOut) (i32.mul (local.get $i) (global.get $dB)))
          (local.get $dp))
        (local.set $k (i32.const 0))
        (local.set $m (i32.const 0))
        (loop $uHidden
          (local.set $k4 (i32.shl (local.get $k) (i32.const 2)))
          (local.set $a (f32.load (i32.add (local.get $ar) (local.get $k4))))
          (if (f32.gt (local.get $a) (f32.const 0))
            (then
              (local.set $kd (i32.mul (local.get $k) (global.get $dB)))
              (local.set $delta (f32.mul (local.get $c)
                (f32.sub (f32.load (i32.add (local.get $Rj) (local.get $k4)))
                  (f32.load (i32.add (local.get $Ri) (local.get $k4))))))
              (local.set $gt (i32.add (local.get $gub1) (i32.shl (local.get $k) (i32.const 2))))
              (f32.store (local.get $gt) (f32.add (f32.load (local.get $gt)) (local.get $delta)))
              ;; dP += δ_k·W1ᵀ_k and ∂W1ᵀ_k += δ_k·x, grouped below.
              (i32.store (i32.add (global.get $lA) (i32.shl (local.get $m) (i32.const 2))) (i32.add (local.get $uW1T) (local.get $kd)))
              (i32.store (i32.add (global.get $lB) (i32.shl (local.get $m) (i32.const 2))) (i32.add (local.get $guW1T) (local.get $kd)))
              (f32.store (i32.add (global.get $vA) (i32.shl (local.get $m) (i32.const 2))) (local.get $delta))
              (local.set $m (i32.add (local.get $m) (i32.const 1)))
              ;; ∂W2u = Σ a ⊗ c·(q'_j − q'_i), gathered per item: Au_j += c·a, Au_i −= c·a.
              (local.set $gt (i32.add (local.get $Auj) (local.get $k4)))
              (f32.store (local.get $gt) (f32.add (f32.load (local.get $gt)) (f32.mul (local.get $c) (local.get $a))))
              (local.set $gt (i32.add (local.get $Aui) (local.get $k4)))
              (f32.store (local.get $gt) (f32.sub (f32.load (local.get $gt)) (f32.mul (local.get $c) (local.get $a))))))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (br_if $uHidden (i32.lt_u (local.get $k) (global.get $h))))
        (if (local.get $m)
          (then
            (drop (call $pad (global.get $lB) (global.get $vA) (local.get $m)))
            (local.set $m (call $pad (global.get $lA) (global.get $vA) (local.get $m)))
            (call $axpyOuterList (local.get $dp) (local.get $xr) (global.get $lA) (global.get $lB) (global.get $vA) (local.get $m))))
        ) (else
        ;; Item side: ∂L/∂q'_i = −c·p', ∂L/∂q'_j = c·p'; through item t's tower: g + ((g·W2ᵀ) ⊙ [a_t > 0])·W1ᵀ.
        ;; u_k = c·p'·W2_k for the units on in i or j (lC: W2 rows, lA: W1ᵀ rows, lD: k).
        (local.set $k (i32.const 0))
        (local.set $m (i32.const 0))
        (loop $iHidden
          (local.set $k4 (i32.shl (local.get $k) (i32.const 2)))
          (if (i32.or
                (f32.gt (f32.load (i32.add (local.get $ai) (local.get $k4))) (f32.const 0))
                (f32.gt (f32.load (i32.add (local.get $aj) (local.get $k4))) (f32.const 0)))
            (then
              (local.set $kd (i32.mul (local.get $k) (global.get $dB)))
              (i32.store (i32.add (global.get $lC) (i32.shl (local.get $m) (i32.const 2))) (i32.add (local.get $iW2) (local.get $kd)))
              (i32.store (i32.add (global.get $lA) (i32.shl (local.get $m) (i32.const 2))) (i32.add (local.get $iW1T) (local.get $kd)))
              (i32.store (i32.add (global.get $lD) (i32.shl (local.get $m) (i32.const 2))) (local.get $k))
              (local.set $m (i32.add (local.get $m) (i32.const 1)))))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (br_if $iHidden (i32.lt_u (local.get $k) (global.get $h))))
        (call $scaled (f32.neg (local.get $c)) (local.get $pr) (local.get $dqp))
        (call $scaled (local.get $c) (local.get $pr) (local.get $dqn))
        (if (local.get $m)
          (then
            (call $dotsList (local.get $pr) (global.get $lC) (call $pad (global.get $lC) (global.get $vC) (local.get $m)) (global.get $vC))
            ;; Split into i's list (lB, vB: −u) and j's (lC, vC: +u; written at or before the entry read).
            (local.set $on (i32.const 0))
            (local.set $onJ (i32.const 0))
            (local.set $t (i32.const 0))
            (loop $split
              (local.set $k4 (i32.shl (i32.load (i32.add (global.get $lD) (i32.shl (local.get $t) (i32.const 2)))) (i32.const 2)))
              (local.set $u (f32.mul (local.get $c) (f32.load (i32.add (global.get $vC) (i32.shl (local.get $t) (i32.const 2))))))
              (if (f32.gt (f32.load (i32.add (local.get $ai) (local.get $k4))) (f32.const 0))
                (then
                  (i32.store (i32.add (global.get $lB) (i32.shl (local.get $on) (i32.const 2)))
                    (i32.load (i32.add (global.get $lA) (i32.shl (local.get $t) (i32.const 2)))))
                  (f32.store (i32.add (global.get $vB) (i32.shl (local.get $on) (i32.const 2))) (f32.neg (local.get $u)))
                  (local.set $on (i32.add (local.get $on) (i32.const 1)))))
              (if (f32.gt (f32.load (i32.add (local.get $aj) (local.get $k4))) (f32.const 0))
                (then
                  (i32.store (i32.add (global.get $lC) (i32.shl (local.get $onJ) (i32.const 2)))
                    (i32.load (i32.add (global.get $lA) (i32.shl (local.get $t) (i32.const 2)))))
                  (f32.store (i32.add (global.get $vC) (i32.shl (local.get $onJ) (i32.const 2))) (local.get $u))
                  (local.set $onJ (i32.add (local.get $onJ) (i32.const 1)))))
              (local.set $t (i32.add (local.get $t) (i32.const 1)))
              (br_if $split (i32.lt_u (local.get $t) (local.get $m))))
            (if (local.get $on)
              (then (call $axpyList (local.get $dqp) (global.get $lB) (global.get $vB)
                (call $pad (global.get $lB) (global.get $vB) (local.get $on)))))
            (if (local.get $onJ)
              (then (call $axpyList (local.get $dqn) (global.get $lC) (global.get $vC)
                (call $pad (global.get $lC) (global.get $vC) (local.get $onJ)))))))
        (call $axpy (f32.neg (local.get $c)) (local.get $pr) (i32.add (global.get $G) (i32.mul (local.get $i) (global.get $dB))))
        (call $axpy (local.get $c) (local.get $pr) (i32.add (global.get $G) (i32.mul (local.get $j) (global.get $dB))))
        (i32.store8 (i32.add (global.get $touched) (local.get $i)) (i32.const 1))
        (i32.store8 (i32.add (global.get $touched) (local.get $j)) (i32.const 1))))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $samples)))
    (local.set $pass (i32.add (local.get $pass) (i32.const 1)))
    ;; A frozen item tower (the identity) has no item pass: the spread reads ∓c·p' itself.
    (br_if $passes (i32.lt_u (local.get $pass) (i32.add (i32.const 1) (global.get $itemTower))))))

  ;; Per item: the item tower's weight gradients and the user side's W2 gradient (after every chunk).
  (func (export "backwardEnd")
    (local $t i32) (local $k i32) (local $kd i32) (local $gt i32) (local $a f32) (local $delta f32) (local $u f32)
    (local $iW2 i32) (local $guW2 i32) (local $giW1T i32) (local $gib1 i32) (local $giW2 i32)
    (local.set $iW2 (call $w2 (global.get $tP) (i32.const 1)))
    (local.set $guW2 (call $w2 (global.get $tG) (i32.const 0)))
    (local.set $giW1T (call $w1t (global.get $tG) (i32.const 1)))
    (local.set $gib1 (call $b1 (global.get $tG) (i32.const 1)))
    (local.set $giW2 (call $w2 (global.get $tG) (i32.const 1)))
    ;; Per item t: the item tower's weight gradients on G_t, and the user's W2 gradient from Au_t.
    (local.set $t (i32.const 0))
    (block $itemsDone
      (loop $items
        (br_if $itemsDone (i32.ge_u (local.get $t) (global.get $nItems)))
        (local.set $k (i32.const 0))
        (loop $hidden
          (local.set $kd (i32.mul (local.get $k) (global.get $dB)))
          (local.set $a (f32.load (call $hAt (global.get $iA) (local.get $t) (local.get $k))))
          (if (i32.and (i32.load8_u (i32.add (global.get $touched) (local.get $t))) (f32.gt (local.get $a) (f32.const 0)))
            (then
              (local.set $gt (i32.add (global.get $G) (i32.mul (local.get $t) (global.get $dB))))
              (local.set $delta (call $dot (local.get $gt) (i32.add (local.get $iW2) (local.get $kd))))
              (local.set $u (f32.load (i32.add (local.get $gib1) (i32.shl (local.get $k) (i32.const 2)))))
              (f32.store (i32.add (local.get $gib1) (i32.shl (local.get $k) (i32.const 2))) (f32.add (local.get $u) (local.get $delta)))
              (call $axpy (local.get $delta) (i32.add (global.get $rep) (i32.mul (local.get $t) (global.get $dB))) (i32.add (local.get $giW1T) (local.get $kd)))
              (call $axpy (local.get $a) (local.get $gt) (i32.add (local.get $giW2) (local.get $kd)))))
          (local.set $a (f32.load (call $hAt (global.get $Au) (local.get $t) (local.get $k))))
          (if (f32.ne (local.get $a) (f32.const 0))
            (then (call $axpy (local.get $a) (i32.add (global.get $iOut) (i32.mul (local.get $t) (global.get $dB))) (i32.add (local.get $guW2) (local.get $kd)))))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (br_if $hidden (i32.lt_u (local.get $k) (global.get $h))))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $items))))

  ;; One Adam step on the first $count tower parameters (all, or the user side's alone while the
  ;; item tower is frozen; β1 0.9, β2 0.999, ε 1e-8; corr = lr·√(1−β2ᵗ)/(1−β1ᵗ)).
  (func (export "adam") (param $corr f32) (param $count i32) (local $o i32) (local $end i32) (local $g v128) (local $m v128) (local $v v128)
    (local.set $end (i32.shl (local.get $count) (i32.const 2)))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $g (v128.load (i32.add (global.get $tG) (local.get $o))))
        (local.set $m (f32x4.add (f32x4.mul (v128.load (i32.add (global.get $tM) (local.get $o))) (f32x4.splat (f32.const 0.9)))
          (f32x4.mul (local.get $g) (f32x4.splat (f32.const 0.1)))))
        (local.set $v (f32x4.add (f32x4.mul (v128.load (i32.add (global.get $tV) (local.get $o))) (f32x4.splat (f32.const 0.999)))
          (f32x4.mul (f32x4.mul (local.get $g) (local.get $g)) (f32x4.splat (f32.const 0.001)))))
        (v128.store (i32.add (global.get $tM) (local.get $o)) (local.get $m))
        (v128.store (i32.add (global.get $tV) (local.get $o)) (local.get $v))
        (v128.store (i32.add (global.get $tP) (local.get $o))
          (f32x4.sub (v128.load (i32.add (global.get $tP) (local.get $o)))
            (f32x4.mul
              (f32x4.div (local.get $m) (f32x4.add (f32x4.sqrt (local.get $v)) (f32x4.splat (f32.const 1e-8))))
              (f32x4.splat (local.get $corr)))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $l)))))
