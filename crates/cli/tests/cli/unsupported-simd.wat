;; SIMD: wasmer-singlepass and wasmtime-winch do not support it, so they are
;; reported as unsupported, not as diverging.
(module
  (func (export "lanes") (result i32)
    (i32x4.extract_lane 3
      (i32x4.mul (v128.const i32x4 1 2 3 4) (v128.const i32x4 5 6 7 8)))))
