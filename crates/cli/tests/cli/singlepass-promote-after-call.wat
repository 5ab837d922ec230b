;; wasmer 7.4.2 Singlepass rejects this valid module ("Compilation error:
;; cannot promote F64"): with several f64 values live, the f32 result of a
;; call that took an f64 is still typed as the f64 argument when promoted.
;; Found by running wasmer's own tests/wast/wasmer suite in every engine
;; (float-conversion-nan-canonicalization.wast); the other engines compile
;; it. A rejection runs no code, so it is a divergence, not NaN
;; non-determinism.
(module
  (func $narrow (param f64) (result f32) (f32.const 0))
  (func (export "f") (result f64) (local $r f64)
    (f64.add (f64.const 1) (f64.const 2))
    (f64.add (f64.const 1) (f64.const 2))
    (f64.add (f64.const 1) (f64.const 2))
    (f64.add (f64.const 1) (f64.const 2))
    (f64.add (f64.const 1) (f64.const 2))
    (f64.ceil (f64.const 1.5))
    (call $narrow)
    (f64.promote_f32)
    (local.set $r)
    (drop) (drop) (drop) (drop) (drop)
    (local.get $r)))
