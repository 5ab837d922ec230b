;; stdin_echo.wat: WASI preview-1 command. Reads stdin (fd 0) with fd_read into a
;; 4096-byte buffer until a read returns 0 bytes, writing each chunk to stdout (fd 1)
;; as it comes; then writes the total byte count in decimal and "\n" to stderr (fd 2).
;; Expected, with stdin "line one\nline two\n" (18 bytes): stdout "line one\nline two\n",
;; stderr "18\n", exit code 0. With empty stdin (/dev/null): stdout empty, stderr "0\n".
;; If fd_read fails, "error: fd_read errno=<n>\n" goes to stderr and the exit code is 1.
(module
  (import "wasi_snapshot_preview1" "fd_read"
    (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  ;; layout: 0..8 iovec (writes), 8..12 nwritten, 16..24 iovec (reads), 24..28 nread,
  ;; 32..64 decimal scratch, 64.. strings, 4096..8192 read buffer
  (data (i32.const 64) "\n")
  (data (i32.const 72) "error: fd_read errno=")   ;; 21

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
        (if (i32.or (i32.eqz (local.get $n)) (i32.gt_u (local.get $n) (local.get $len)))
          (then (return (i32.const 29))))
        (local.set $ptr (i32.add (local.get $ptr) (local.get $n)))
        (local.set $len (i32.sub (local.get $len) (local.get $n)))
        (br $again)))
    (i32.const 0))

  (func $out (param $fd i32) (param $ptr i32) (param $len i32)
    (if (call $write_all (local.get $fd) (local.get $ptr) (local.get $len))
      (then unreachable)))

  ;; decimal u64 + "\n" to $fd
  (func $print_u64_ln (param $fd i32) (param $v i64)
    (local $p i32)
    (local.set $p (i32.const 63))
    (i32.store8 (local.get $p) (i32.const 10))
    (loop $digit
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p)
        (i32.add (i32.const 48) (i32.wrap_i64 (i64.rem_u (local.get $v) (i64.const 10)))))
      (br_if $digit
        (i64.ne (local.tee $v (i64.div_u (local.get $v) (i64.const 10))) (i64.const 0))))
    (call $out (local.get $fd) (local.get $p) (i32.sub (i32.const 64) (local.get $p))))

  (func (export "_start")
    (local $err i32) (local $n i32) (local $total i64)
    (block $eof
      (loop $more
        (i32.store (i32.const 16) (i32.const 4096))
        (i32.store (i32.const 20) (i32.const 4096))
        (local.set $err (call $fd_read (i32.const 0) (i32.const 16) (i32.const 1) (i32.const 24)))
        (if (local.get $err)
          (then
            (call $out (i32.const 2) (i32.const 72) (i32.const 21))
            (call $print_u64_ln (i32.const 2) (i64.extend_i32_u (local.get $err)))
            (call $proc_exit (i32.const 1))
            unreachable))
        (local.set $n (i32.load (i32.const 24)))
        (br_if $eof (i32.eqz (local.get $n)))
        (if (i32.gt_u (local.get $n) (i32.const 4096)) (then unreachable))
        (call $out (i32.const 1) (i32.const 4096) (local.get $n))
        (local.set $total (i64.add (local.get $total) (i64.extend_i32_u (local.get $n))))
        (br $more)))
    (call $print_u64_ln (i32.const 2) (local.get $total))))
