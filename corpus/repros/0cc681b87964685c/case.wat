(module
  (type (;0;) (func))
  (type (;1;) (func (param i32 i32) (result i32)))
  (type (;2;) (func (result i64)))
  (global (;0;) i64 i64.const 0)
  (global (;1;) (mut i64) i64.const 0)
  (global (;2;) (mut i32) i32.const 0)
  (global (;3;) (mut i32) i32.const 0)
  (global (;4;) (mut i64) i64.const 0)
  (global (;5;) (mut i32) i32.const 44)
  (global (;6;) (mut i64) i64.const 0)
  (export "" (func 0))
  (export "Q" (global 1))
  (elem (;0;) declare func)
  (elem (;1;) func)
  (func (;0;) (type 1) (param i32 i32) (result i32)
    (local f32 f64)
    global.get 5
    i32.eqz
    if ;; label = @1
      unreachable
    end
    i32.const 1
    global.set 5
    elem.drop 1
    f64.const -0x1.5f36deb56c078p+36 (;=-94278380374.75183;)
    block (type 2) (result i64) ;; label = @1
      i64.const -6544322387499546101
      i64.extend16_s
      i32.const 255
      br_if 0 (;@1;)
      f32.const -0x1.e26e6cp+125 (;=-80157655000000000000000000000000000000;)
      f32.const nan (;=NaN;)
      local.get 2
      local.get 2
      f32.eq
      select
      local.get 2
      f32.floor
      local.tee 2
      f32.const nan (;=NaN;)
      local.get 2
      local.get 2
      f32.eq
      select
      local.get 2
      global.get 0
      loop ;; label = @2
        global.get 5
        if ;; label = @3
          unreachable
        end
        global.get 5
        global.set 5
        block (type 0) ;; label = @3
          loop (type 0) ;; label = @4
            global.get 5
            i32.eqz
            if ;; label = @5
              unreachable
            end
            global.get 5
            global.set 5
            i64.const -8796093022209
            f32.const 0x0p+0 (;=0;)
            f32.floor
            local.tee 2
            f32.const nan (;=NaN;)
            i32.const 0
            select
            i64.trunc_f32_u
            i64.shr_u
            f32.const 0x1.ef45d6p+85 (;=74843510000000000000000000;)
            f32.const nan (;=NaN;)
            local.get 2
            local.get 2
            f32.eq
            select
            block (type 0) ;; label = @5
              call 2
              i32.const 1
              br_table 0 (;@5;) 1 (;@4;) 2 (;@3;) 3 (;@2;) 0 (;@5;)
              call 1
              i32.const 1965952835
              br_table 4 (;@1;) 4 (;@1;)
              elem.drop 0
              loop (result i32) ;; label = @6
                global.get 5
                if ;; label = @7
                  unreachable
                end
                global.get 5
                i32.const 1
                i32.sub
                global.set 5
                br 3 (;@3;)
                i64.const 0
                loop ;; label = @7
                  global.get 5
                  i32.eqz
                  if ;; label = @8
                    unreachable
                  end
                  global.get 5
                  global.set 5
                  br 5 (;@2;)
                end
                global.get 1
                i64.xor
                global.set 1
                i32.const -1
              end
              global.get 2
              i32.xor
              global.set 2
            end
            i32.reinterpret_f32
            i32.const 0
            i32.xor
            global.set 3
            global.get 1
            i64.xor
            global.set 1
          end
        end
      end
      global.get 1
      i64.xor
      global.set 1
      i32.reinterpret_f32
      global.get 3
      i32.xor
      global.set 3
      i32.reinterpret_f32
      global.get 3
      i32.xor
      global.set 3
      i32.reinterpret_f32
      global.get 3
      i32.xor
      global.set 3
    end
    global.get 1
    i64.xor
    global.set 1
    i64.reinterpret_f64
    global.get 4
    i64.xor
    global.set 4
    i32.const 268435456
    global.get 6
    global.set 6
    global.get 6
    global.set 6
  )
  (func (;1;) (type 2) (result i64)
    unreachable
  )
  (func (;2;) (type 0))
)
