;; wasmer 7.4.2 (Singlepass and Cranelift): an instantiation that traps on an
;; out-of-bounds active element segment loses the writes that the earlier,
;; in-bounds segment made to an imported table. Since bulk memory, segments
;; are applied in order and the earlier writes stay (the spec's
;; linking.wast tests this for memories and tables). Only a table whose
;; maximum equals its size shows it (with `4 8` the writes stay).
;;
;;   wasmdiff wast corpus/suites/repros/wasmer-partial-elem-init.wast
;;
;; Found by running wasmtime's tests/misc_testsuite
;; (partial-init-table-segment.wast) in every engine.

(module $host
  (table (export "t") 4 4 funcref)          ;; maximum = size: needed
  (func $zero (result i32) (i32.const 0))
  (elem (i32.const 0) $zero $zero $zero $zero)
  (func (export "call") (param i32) (result i32)
    (call_indirect (result i32) (local.get 0))))
(register "host" $host)

(assert_trap
  (module
    (table (import "host" "t") 4 funcref)
    (func $seven (result i32) (i32.const 7))
    (elem (i32.const 1) $seven)              ;; in bounds: written
    (elem (i32.const 3) $seven $seven))      ;; out of bounds: traps
  "out of bounds table access")

(assert_return (invoke $host "call" (i32.const 1)) (i32.const 7))
(assert_return (invoke $host "call" (i32.const 3)) (i32.const 0))
