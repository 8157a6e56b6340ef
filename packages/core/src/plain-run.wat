;; The map reader's hot loop in WebAssembly SIMD: most of a map with sources is the
;; body of JSON strings, code with an escape every line or so, and JavaScript tests at
;; best four bytes a turn and stops at every escape. This tests sixteen and passes over
;; the escapes it can judge on its own. Compiled by scripts/build-wasm.mjs into
;; plain-run-wasm.ts; the JavaScript loop in map-reader.ts stays the reference.
(module
  (memory (export "memory") 1)
  ;; Bytes 0..255: 1 at each byte that may follow a backslash as a two-byte escape
  ;; (" \ / b f n r t). \u escapes are the caller's.
  (data (i32.const 34) "\01")
  (data (i32.const 47) "\01")
  (data (i32.const 92) "\01")
  (data (i32.const 98) "\01")
  (data (i32.const 102) "\01")
  (data (i32.const 110) "\01")
  (data (i32.const 114) "\01")
  (data (i32.const 116) "\01")

  ;; The first offset in [from, end) of a quote, a control byte, or a backslash that
  ;; does not start a whole two-byte escape inside the range; `end` when there is none.
  (func (export "plainEnd") (param $i i32) (param $end i32) (result i32)
    (local $bits i32) (local $at i32) (local $v v128)
    (block $tail
      (loop $block
        (br_if $tail (i32.gt_u (i32.add (local.get $i) (i32.const 16)) (local.get $end)))
        (local.set $v (v128.load (local.get $i)))
        ;; One bit for each of the sixteen bytes that is a quote, a backslash or below 0x20.
        (local.set $bits (i8x16.bitmask (v128.or (v128.or
          (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x22)))
          (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x5c))))
          (i8x16.lt_u (local.get $v) (i8x16.splat (i32.const 0x20))))))
        (loop $special
          (if (i32.eqz (local.get $bits))
            (then
              (local.set $i (i32.add (local.get $i) (i32.const 16)))
              (br $block)))
          (local.set $at (i32.add (local.get $i) (i32.ctz (local.get $bits))))
          (if (i32.ne (i32.load8_u (local.get $at)) (i32.const 0x5c)) (then (return (local.get $at))))
          (if (i32.ge_u (i32.add (local.get $at) (i32.const 1)) (local.get $end)) (then (return (local.get $at))))
          (if (i32.eqz (i32.load8_u (i32.load8_u (i32.add (local.get $at) (i32.const 1))))) (then (return (local.get $at))))
          ;; A two-byte escape: neither of its bytes ends the run. When its second byte
          ;; is the last of these sixteen or beyond them, go on after it.
          (if (i32.ge_u (i32.sub (local.get $at) (local.get $i)) (i32.const 14))
            (then
              (local.set $i (i32.add (local.get $at) (i32.const 2)))
              (br $block)))
          (local.set $bits (i32.and (local.get $bits)
            (i32.xor (i32.shl (i32.const 3) (i32.sub (local.get $at) (local.get $i))) (i32.const -1))))
          (br $special))))
    ;; Fewer than sixteen bytes left: one at a time.
    (block $done
      (loop $byte
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $at (i32.load8_u (local.get $i)))
        (if (i32.or (i32.or (i32.eq (local.get $at) (i32.const 0x22)) (i32.lt_u (local.get $at) (i32.const 0x20))) (i32.eq (local.get $at) (i32.const 0x5c)))
          (then
            (if (i32.ne (local.get $at) (i32.const 0x5c)) (then (return (local.get $i))))
            (if (i32.ge_u (i32.add (local.get $i) (i32.const 1)) (local.get $end)) (then (return (local.get $i))))
            (if (i32.eqz (i32.load8_u (i32.load8_u (i32.add (local.get $i) (i32.const 1))))) (then (return (local.get $i))))
            (local.set $i (i32.add (local.get $i) (i32.const 2)))
            (br $byte)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $byte)))
    (local.get $i))
)
