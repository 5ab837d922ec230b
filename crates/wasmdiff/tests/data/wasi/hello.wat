;; hello.wat: WASI preview-1 command. Writes "hello, world\n" (13 bytes) to stdout
;; (fd 1) with fd_write, looping on short writes, then returns normally from _start.
;; Expected: stdout "hello, world\n", stderr empty, exit code 0.
;; (If fd_write returns an errno the program traps with `unreachable`.)
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  ;; 0..8: iovec {buf, len}; 8..12: nwritten
  (data (i32.const 64) "hello, world\n")

  (func $write_all (param $fd i32) (param $ptr i32) (param $len i32) (result i32)
    (local $err i32) (local $n i32)
    (block $done
      (loop $again
        (br_if $done (i32.eqz (local.get $len)))
        (i32.store (i32.const 0) (local.get $ptr))
        (i32.store (i32.const 4) (local.get $len))
        (local.set $err
          (call $fd_write (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 8)))
        (if (local.get $err) (then (return (local.get $err))))
        (local.set $n (i32.load (i32.const 8)))
        ;; no progress or more than asked: report EIO (29)
        (if (i32.or (i32.eqz (local.get $n)) (i32.gt_u (local.get $n) (local.get $len)))
          (then (return (i32.const 29))))
        (local.set $ptr (i32.add (local.get $ptr) (local.get $n)))
        (local.set $len (i32.sub (local.get $len) (local.get $n)))
        (br $again)))
    (i32.const 0))

  (func (export "_start")
    (if (call $write_all (i32.const 1) (i32.const 64) (i32.const 13))
      (then unreachable))))
