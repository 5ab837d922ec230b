;; exit0.wat: WASI preview-1 command. Calls proc_exit(0) straight away, with no
;; output; the code after proc_exit is `unreachable` (a host that returns from
;; proc_exit makes the program trap).
;; Expected: stdout empty, stderr empty, exit code 0.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (call $proc_exit (i32.const 0))
    unreachable))
