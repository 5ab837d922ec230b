;; Type error: every engine rejects it, so it is bad input (exit 2).
(module (func (export "f") (result i32) (i64.const 1)))
