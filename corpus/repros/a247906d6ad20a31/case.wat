(module
  (type (;0;) (func (result i64)))
  (type (;1;) (func (result i64)))
  (memory (;0;) 0 0 shared)
  (export "\u{0}" (func 0))
  (export "" (func 1))
  (func (;0;) (type 1) (result i64)
    unreachable
  )
  (func (;1;) (type 0) (result i64)
    unreachable
  )
)
