;; A real engine bug: wasmer's Singlepass panics compiling a module that
;; imports a function with more than one result (an assertion in its x64
;; backend). The other engines run it; the odd one out is named.
(module
  (import "env" "pair" (func $pair (result i32 i32)))
  (func (export "sum") (result i32) (i32.add (call $pair))))
