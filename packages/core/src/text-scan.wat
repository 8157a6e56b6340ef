;; Two hot loops in WebAssembly SIMD, sixteen bytes a turn, over bytes the caller copies
;; into this memory. Compiled by scripts/build-wasm.mjs into text-scan-wasm.ts; the
;; JavaScript they replace stays, as the reference and for runtimes without SIMD.
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

  ;; The map reader's: most of a map with sources is the body of JSON strings, code with
  ;; an escape every line or so, and JavaScript tests at best four bytes a turn and stops
  ;; at every escape. This passes over the escapes it can judge on its own.
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
;; The secret search's: where a needle may start, by its first three bytes. Sixteen
  ;; classes in two sets of eight; a byte's classes at each of the three places looked up
  ;; by its low and its high nibble (a byte is in class k when both lookups have bit k).
  ;; At `tables`, for each set, six 16-byte tables: low and high for the first byte, the
  ;; second and the third. A needle shorter than three bytes has its class's bit in every
  ;; entry of the places it lacks. The first offset in [from, end) whose byte and the two
  ;; after it are in one class, bytes past `end` counting as in every class; `end` when
  ;; there is none.
  (func (export "prefixAt") (param $i i32) (param $end i32) (param $tables i32) (result i32)
    (local $bits i32) (local $first v128) (local $second v128) (local $third v128) (local $two i32) (local $nibble v128)
    (local $low1 v128) (local $high1 v128) (local $low2 v128) (local $high2 v128) (local $low3 v128) (local $high3 v128)
    (local $low4 v128) (local $high4 v128) (local $low5 v128) (local $high5 v128) (local $low6 v128) (local $high6 v128)
    (local.set $low1 (v128.load (local.get $tables)))
    (local.set $high1 (v128.load offset=16 (local.get $tables)))
    (local.set $low2 (v128.load offset=32 (local.get $tables)))
    (local.set $high2 (v128.load offset=48 (local.get $tables)))
    (local.set $low3 (v128.load offset=64 (local.get $tables)))
    (local.set $high3 (v128.load offset=80 (local.get $tables)))
    (local.set $low4 (v128.load offset=96 (local.get $tables)))
    (local.set $high4 (v128.load offset=112 (local.get $tables)))
    (local.set $low5 (v128.load offset=128 (local.get $tables)))
    (local.set $high5 (v128.load offset=144 (local.get $tables)))
    (local.set $low6 (v128.load offset=160 (local.get $tables)))
    (local.set $high6 (v128.load offset=176 (local.get $tables)))
    ;; Most searches fit one set: the second is looked up only when it has classes.
    (local.set $two (v128.any_true (local.get $low4)))
    (local.set $nibble (i8x16.splat (i32.const 0x0f)))
    (block $tail
      (loop $block
        ;; Sixteen bytes and the two after them.
        (br_if $tail (i32.gt_u (i32.add (local.get $i) (i32.const 18)) (local.get $end)))
        (local.set $first (v128.load (local.get $i)))
        (local.set $second (v128.load offset=1 (local.get $i)))
        (local.set $third (v128.load offset=2 (local.get $i)))
        ;; Written out rather than called: the engine does not inline calls taking vectors.
        (local.set $bits (i8x16.bitmask (i8x16.ne
          (v128.and
            (v128.and
              (v128.and
              (i8x16.swizzle (local.get $low1) (v128.and (local.get $first) (local.get $nibble)))
              (i8x16.swizzle (local.get $high1) (i8x16.shr_u (local.get $first) (i32.const 4))))
              (v128.and
              (i8x16.swizzle (local.get $low2) (v128.and (local.get $second) (local.get $nibble)))
              (i8x16.swizzle (local.get $high2) (i8x16.shr_u (local.get $second) (i32.const 4)))))
            (v128.and
              (i8x16.swizzle (local.get $low3) (v128.and (local.get $third) (local.get $nibble)))
              (i8x16.swizzle (local.get $high3) (i8x16.shr_u (local.get $third) (i32.const 4)))))
          (v128.const i64x2 0 0))))
        (if (local.get $two)
          (then
            (local.set $bits (i32.or (local.get $bits) (i8x16.bitmask (i8x16.ne
          (v128.and
            (v128.and
              (v128.and
              (i8x16.swizzle (local.get $low4) (v128.and (local.get $first) (local.get $nibble)))
              (i8x16.swizzle (local.get $high4) (i8x16.shr_u (local.get $first) (i32.const 4))))
              (v128.and
              (i8x16.swizzle (local.get $low5) (v128.and (local.get $second) (local.get $nibble)))
              (i8x16.swizzle (local.get $high5) (i8x16.shr_u (local.get $second) (i32.const 4)))))
            (v128.and
              (i8x16.swizzle (local.get $low6) (v128.and (local.get $third) (local.get $nibble)))
              (i8x16.swizzle (local.get $high6) (i8x16.shr_u (local.get $third) (i32.const 4)))))
          (v128.const i64x2 0 0)))))))
        (if (local.get $bits) (then (return (i32.add (local.get $i) (i32.ctz (local.get $bits))))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $block)))
    ;; The last bytes one at a time, by the same tables.
    (block $done
      (loop $byte
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (if (i32.or
              (call $startsClass (local.get $i) (local.get $end) (local.get $tables))
              (call $startsClass (local.get $i) (local.get $end) (i32.add (local.get $tables) (i32.const 96))))
          (then (return (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $byte)))
    (local.get $i))

  ;; The classes of one set (its tables at `tables`) that the byte at `i` and the two after
  ;; it are all in.
  (func $startsClass (param $i i32) (param $end i32) (param $tables i32) (result i32)
    (i32.and (i32.and
      (call $byteClasses (local.get $i) (local.get $end) (local.get $tables))
      (call $byteClasses (i32.add (local.get $i) (i32.const 1)) (local.get $end) (i32.add (local.get $tables) (i32.const 32))))
      (call $byteClasses (i32.add (local.get $i) (i32.const 2)) (local.get $end) (i32.add (local.get $tables) (i32.const 64)))))

  ;; The classes of the byte at `i` by the tables of one place (low at `tables`, high 16
  ;; bytes on); every class for a byte at or past `end`.
  (func $byteClasses (param $i i32) (param $end i32) (param $tables i32) (result i32)
    (if (i32.ge_u (local.get $i) (local.get $end)) (then (return (i32.const 0xff))))
    (i32.and
      (i32.load8_u (i32.add (local.get $tables) (i32.and (i32.load8_u (local.get $i)) (i32.const 0x0f))))
      (i32.load8_u offset=16 (i32.add (local.get $tables) (i32.shr_u (i32.load8_u (local.get $i)) (i32.const 4))))))
)
