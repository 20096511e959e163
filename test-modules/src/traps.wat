;; Hand-written module: one export per trap kind, and a function whose locals and the
;; module's globals cover every value type. No imports, no WASI: call the exports directly.
(module
  (type $void (func))
  (type $i32_to_i32 (func (param i32) (result i32)))
  (memory (export "memory") 1)
  (table 4 funcref)
  (elem (i32.const 0) $returns_i32 $returns_nothing)   ;; slots 2 and 3 stay null

  (global $g_i32 (export "g_i32") (mut i32) (i32.const -7))
  (global $g_i64 (export "g_i64") (mut i64) (i64.const 0x123456789abcdef0))
  (global $g_f32 (export "g_f32") (mut f32) (f32.const 1.5))
  (global $g_f64 (export "g_f64") (mut f64) (f64.const -2.25))
  (global $g_v128 (export "g_v128") (mut v128) (v128.const i32x4 1 2 3 4))
  (global $g_v128_copy (export "g_v128_copy") (mut v128) (v128.const i64x2 0 0))
  (global $g_const (export "g_const") i32 (i32.const 42))

  (func $returns_i32 (type $i32_to_i32) (local.get 0))
  (func $returns_nothing (type $void))

  ;; Each trap sits one call below its export so a backtrace has two frames.
  (func $do_unreachable unreachable)
  (func (export "trap_unreachable") (call $do_unreachable))

  (func $divide (param $a i32) (param $b i32) (result i32)
    (i32.div_s (local.get $a) (local.get $b)))
  (func (export "trap_div_by_zero") (result i32)
    (call $divide (i32.const 10) (i32.const 0)))
  (func (export "trap_int_overflow") (result i32)
    (call $divide (i32.const 0x80000000) (i32.const -1)))

  (func $truncate (param $x f32) (result i32) (i32.trunc_f32_s (local.get $x)))
  (func (export "trap_invalid_conversion") (result i32)
    (call $truncate (f32.const nan)))

  (func $load (param $addr i32) (result i32) (i32.load (local.get $addr)))
  (func (export "trap_oob_load") (result i32)
    (call $load (i32.const 65534)))
  (func $store (param $addr i32) (i32.store (local.get $addr) (i32.const 1)))
  (func (export "trap_oob_store")
    (call $store (i32.const 65536)))

  (func $indirect (param $slot i32) (result i32)
    (call_indirect (type $i32_to_i32) (i32.const 5) (local.get $slot)))
  (func (export "trap_indirect_mismatch") (result i32)
    (call $indirect (i32.const 1)))
  (func (export "trap_indirect_null") (result i32)
    (call $indirect (i32.const 2)))
  (func (export "indirect_ok") (result i32)
    (call $indirect (i32.const 0)))

  (func $recurse (param $n i32) (result i32)
    (i32.add (call $recurse (i32.add (local.get $n) (i32.const 1))) (i32.const 1)))
  (func (export "trap_stack_exhausted") (result i32)
    (call $recurse (i32.const 0)))

  ;; Locals of every value type, all live at the final nop; globals updated too.
  ;; v128 moves only through global/local get and set: Chicory 1.7.5's interpreter carries v128
  ;; values but executes no SIMD instruction (v128.const in code included).
  (func (export "all_types") (param $p_i32 i32) (param $p_i64 i64) (result i32)
    (local $l_f32 f32) (local $l_f64 f64) (local $l_v128 v128)
    (local.set $l_f32 (f32.const 3.25))
    (local.set $l_f64 (f64.const 6.5))
    (local.set $l_v128 (global.get $g_v128))
    (global.set $g_i32 (i32.add (global.get $g_i32) (local.get $p_i32)))
    (global.set $g_i64 (i64.add (global.get $g_i64) (local.get $p_i64)))
    (global.set $g_f32 (f32.mul (global.get $g_f32) (local.get $l_f32)))
    (global.set $g_f64 (f64.mul (global.get $g_f64) (local.get $l_f64)))
    (global.set $g_v128_copy (local.get $l_v128))
    nop
    (i32.add (local.get $p_i32) (global.get $g_const)))
)
