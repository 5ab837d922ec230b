;; files.wat: WASI preview-1 command using a preopened directory at fd 3.
;;  1. fd_prestat_get(3) must succeed with tag 0 (dir); fd_prestat_dir_name gets its
;;     name, which is written to stdout followed by "\n".
;;  2. path_open(3, "input.txt", oflags 0, rights fd_read) -> in_fd; fd_read in a loop
;;     until it returns 0 bytes (at most 61440 bytes are kept); the content goes to stdout.
;;  3. path_open(3, "output.txt", oflags CREAT|TRUNC, rights fd_write) -> out_fd; writes
;;     "copied: " followed by the input's content. fd_close(out_fd), fd_close(in_fd).
;;  4. path_create_directory(3, "sub"); path_open(3, "sub/n.txt", CREAT|TRUNC, fd_write),
;;     writes "nested\n", fd_close. Returns normally from _start.
;; Expected, with a fresh copy of dir/ (input.txt = "some input\n") preopened at fd 3
;; under the guest name NAME: stdout "NAME\nsome input\n", stderr empty, exit code 0;
;; afterwards the directory holds output.txt = "copied: some input\n" and
;; sub/n.txt = "nested\n". (Run on a fresh copy: a second run fails at
;; path_create_directory with EEXIST = 20.)
;; If a call fails, "error: <call> errno=<n>\n" goes to stderr and the exit code is 1.
(module
  (import "wasi_snapshot_preview1" "fd_prestat_get"
    (func $fd_prestat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_dir_name"
    (func $fd_prestat_dir_name (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_create_directory"
    (func $path_create_directory (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read"
    (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close"
    (func $fd_close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  ;; layout: 0..8 iovec, 8..12 nwritten/nread, 12..16 opened fd, 16..24 prestat,
  ;; 24 in_fd, 28 out_fd, 32..48 decimal scratch, 64..512 strings,
  ;; 1024..2048 preopen name, 4096..65536 read buffer
  (data (i32.const 64) "\n")
  (data (i32.const 72) "error: ")                  ;; 7
  (data (i32.const 80) " errno=")                  ;; 7
  (data (i32.const 96) "input.txt")                ;; 9
  (data (i32.const 112) "output.txt")              ;; 10
  (data (i32.const 128) "sub")                     ;; 3
  (data (i32.const 136) "sub/n.txt")               ;; 9
  (data (i32.const 152) "copied: ")                ;; 8
  (data (i32.const 160) "nested\n")                ;; 7
  (data (i32.const 176) "fd_prestat_get")          ;; 14
  (data (i32.const 192) "fd_prestat_dir_name")     ;; 19
  (data (i32.const 216) "path_open input.txt")     ;; 19
  (data (i32.const 240) "fd_read")                 ;; 7
  (data (i32.const 248) "path_open output.txt")    ;; 20
  (data (i32.const 272) "fd_write")                ;; 8
  (data (i32.const 280) "fd_close")                ;; 8
  (data (i32.const 288) "path_create_directory")   ;; 21
  (data (i32.const 312) "path_open sub/n.txt")     ;; 19
  (data (i32.const 336) "preopen 3 is not a dir")  ;; 22
  (data (i32.const 360) "preopen name too long")   ;; 21

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

  ;; writes to stdout/stderr or traps
  (func $out (param $fd i32) (param $ptr i32) (param $len i32)
    (if (call $write_all (local.get $fd) (local.get $ptr) (local.get $len))
      (then unreachable)))

  (func $print_u32 (param $fd i32) (param $v i32)
    (local $p i32)
    (local.set $p (i32.const 48))
    (loop $digit
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p)
        (i32.add (i32.const 48) (i32.rem_u (local.get $v) (i32.const 10))))
      (br_if $digit (local.tee $v (i32.div_u (local.get $v) (i32.const 10)))))
    (call $out (local.get $fd) (local.get $p) (i32.sub (i32.const 48) (local.get $p))))

  ;; if $err != 0: "error: <name> errno=<err>\n" to stderr, proc_exit(1)
  (func $check (param $err i32) (param $name i32) (param $len i32)
    (if (i32.eqz (local.get $err)) (then (return)))
    (call $out (i32.const 2) (i32.const 72) (i32.const 7))
    (call $out (i32.const 2) (local.get $name) (local.get $len))
    (call $out (i32.const 2) (i32.const 80) (i32.const 7))
    (call $print_u32 (i32.const 2) (local.get $err))
    (call $out (i32.const 2) (i32.const 64) (i32.const 1))
    (call $proc_exit (i32.const 1))
    unreachable)

  ;; "error: <msg>\n" to stderr, proc_exit(1)
  (func $fail (param $msg i32) (param $len i32)
    (call $out (i32.const 2) (i32.const 72) (i32.const 7))
    (call $out (i32.const 2) (local.get $msg) (local.get $len))
    (call $out (i32.const 2) (i32.const 64) (i32.const 1))
    (call $proc_exit (i32.const 1))
    unreachable)

  ;; path_open(3, path, oflags, rights) -> fd, or fail with $name
  (func $open (param $path i32) (param $plen i32) (param $oflags i32) (param $rights i64)
              (param $name i32) (param $nlen i32) (result i32)
    (call $check
      (call $path_open
        (i32.const 3)
        (i32.const 1)                 ;; dirflags: LOOKUP_SYMLINK_FOLLOW
        (local.get $path) (local.get $plen)
        (local.get $oflags)
        (local.get $rights)           ;; fs_rights_base
        (i64.const 0)                 ;; fs_rights_inheriting
        (i32.const 0)                 ;; fdflags
        (i32.const 12))
      (local.get $name) (local.get $nlen))
    (i32.load (i32.const 12)))

  ;; write_all to a file fd, or fail with "fd_write"
  (func $fwrite (param $fd i32) (param $ptr i32) (param $len i32)
    (call $check (call $write_all (local.get $fd) (local.get $ptr) (local.get $len))
      (i32.const 272) (i32.const 8)))

  (func (export "_start")
    (local $name_len i32) (local $in i32) (local $outfd i32) (local $n i32)
    (local $len i32) (local $cap i32)
    ;; 1. the preopen
    (call $check (call $fd_prestat_get (i32.const 3) (i32.const 16)) (i32.const 176) (i32.const 14))
    (if (i32.load8_u (i32.const 16)) (then (call $fail (i32.const 336) (i32.const 22))))
    (local.set $name_len (i32.load (i32.const 20)))
    (if (i32.gt_u (local.get $name_len) (i32.const 1024))
      (then (call $fail (i32.const 360) (i32.const 21))))
    (call $check (call $fd_prestat_dir_name (i32.const 3) (i32.const 1024) (local.get $name_len))
      (i32.const 192) (i32.const 19))
    (call $out (i32.const 1) (i32.const 1024) (local.get $name_len))
    (call $out (i32.const 1) (i32.const 64) (i32.const 1))

    ;; 2. read input.txt fully
    (local.set $in
      (call $open (i32.const 96) (i32.const 9) (i32.const 0)
        (i64.const 2)                 ;; RIGHTS_FD_READ
        (i32.const 216) (i32.const 19)))
    (block $eof
      (loop $more
        (local.set $cap (i32.sub (i32.const 61440) (local.get $len)))
        (br_if $eof (i32.eqz (local.get $cap)))
        (i32.store (i32.const 0) (i32.add (i32.const 4096) (local.get $len)))
        (i32.store (i32.const 4) (local.get $cap))
        (call $check (call $fd_read (local.get $in) (i32.const 0) (i32.const 1) (i32.const 8))
          (i32.const 240) (i32.const 7))
        (local.set $n (i32.load (i32.const 8)))
        (br_if $eof (i32.eqz (local.get $n)))
        (if (i32.gt_u (local.get $n) (local.get $cap)) (then unreachable))
        (local.set $len (i32.add (local.get $len) (local.get $n)))
        (br $more)))
    (call $out (i32.const 1) (i32.const 4096) (local.get $len))

    ;; 3. output.txt = "copied: " + content
    (local.set $outfd
      (call $open (i32.const 112) (i32.const 10)
        (i32.const 9)                 ;; OFLAGS_CREAT | OFLAGS_TRUNC
        (i64.const 64)                ;; RIGHTS_FD_WRITE
        (i32.const 248) (i32.const 20)))
    (call $fwrite (local.get $outfd) (i32.const 152) (i32.const 8))
    (call $fwrite (local.get $outfd) (i32.const 4096) (local.get $len))
    (call $check (call $fd_close (local.get $outfd)) (i32.const 280) (i32.const 8))
    (call $check (call $fd_close (local.get $in)) (i32.const 280) (i32.const 8))

    ;; 4. sub/ and sub/n.txt
    (call $check (call $path_create_directory (i32.const 3) (i32.const 128) (i32.const 3))
      (i32.const 288) (i32.const 21))
    (local.set $outfd
      (call $open (i32.const 136) (i32.const 9) (i32.const 9) (i64.const 64)
        (i32.const 312) (i32.const 19)))
    (call $fwrite (local.get $outfd) (i32.const 160) (i32.const 7))
    (call $check (call $fd_close (local.get $outfd)) (i32.const 280) (i32.const 8))))
