;; p·q over float64 rows with WebAssembly SIMD, bit-identical to the JS dotAt: lanes (s0, s1)
;; of `a` and (s2, s3) of `b` take the terms c ≡ 0, 1, 2, 3 (mod 4) in order, and the result is
;; (s0 + s1) + (s2 + s3). WebAssembly has no fused multiply-add, so every product and sum rounds
;; as in JS. n must be a multiple of 4; p and q are byte offsets into the imported memory.
(module
  (import "e" "m" (memory 1))
  (func (export "d") (param $p i32) (param $q i32) (param $n i32) (result f64)
    (local $a v128) (local $b v128) (local $end i32)
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 3))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $a (f64x2.add (local.get $a)
          (f64x2.mul (v128.load (local.get $p)) (v128.load (local.get $q)))))
        (local.set $b (f64x2.add (local.get $b)
          (f64x2.mul (v128.load offset=16 (local.get $p)) (v128.load offset=16 (local.get $q)))))
        (local.set $p (i32.add (local.get $p) (i32.const 32)))
        (local.set $q (i32.add (local.get $q) (i32.const 32)))
        (br $next)))
    (f64.add
      (f64.add (f64x2.extract_lane 0 (local.get $a)) (f64x2.extract_lane 1 (local.get $a)))
      (f64.add (f64x2.extract_lane 0 (local.get $b)) (f64x2.extract_lane 1 (local.get $b))))))
