;; The fast path of the CSV scanner (src/csv-scanner.ts), in WebAssembly SIMD: it accepts whole
;; rows that are plainly valid and stops at the first row that is anything else, so the JavaScript
;; scanner reads that row with csv-parse's exact rules (and raises the error, if there is one).
;;
;; Assemble with `npm run build:wasm` (writes src/csv-rows-wasm.ts); tests/csv-rows.test.ts fails
;; when the committed bytes are not this file's.
;;
;; The data is 64-byte blocks of linear memory. For each block, one bit per byte says where the
;; quotes, commas, line feeds and carriage returns are. A prefix XOR of the quote bits says which
;; bytes are inside quotes (an escaped `""` toggles twice, so it needs no special case), and then
;; every rule is a few 64-bit operations:
;;   - a quote that opens must follow a comma, a line end, the row start or a closing quote (`""`);
;;   - a quote that closes must be followed by a comma, a line break or a quote;
;;   - no line break inside quotes (csv-parse counts those in its line numbers: the slow path's job);
;;   - with `\n` rows, no `\r` at all; with `\r\n` rows, every `\r` outside quotes is followed by
;;     `\n` and every row-ending `\n` follows a `\r`;
;;   - a row has `expected` fields (commas outside quotes + 1);
;;   - a row is at most `maxRow` bytes, line break included. Fields count fewer units than the
;;     row has bytes, so no row accepted here can break csv-parse's record-size limit.
;; A row is accepted only once its line feed is seen: a row cut by the end of the data is left.
;; Bytes at or past 0x80 are field data here; the row-size bound above makes their UTF-16 length
;; irrelevant.
(module
  (memory (export "memory") 1)
  ;; Rows accepted by the last scanRows call.
  (global $rows (export "rows") (mut i32) (i32.const 0))

  ;; One bit per byte of the 64 bytes in a..d: set where the byte equals every lane of `needle`.
  (func $bits (param $a v128) (param $b v128) (param $c v128) (param $d v128) (param $needle v128)
    (result i64)
    (i64.or
      (i64.or
        (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $a) (local.get $needle))))
        (i64.shl
          (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $b) (local.get $needle))))
          (i64.const 16)))
      (i64.or
        (i64.shl
          (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $c) (local.get $needle))))
          (i64.const 32))
        (i64.shl
          (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $d) (local.get $needle))))
          (i64.const 48)))))

  ;; Reads whole rows from `start` (a row start, outside quotes) up to `end`. Returns where the
  ;; first row it does not accept starts (`end` when every row was accepted and the data ends on a
  ;; row end); global `rows` says how many it accepted. Memory must be readable to `end + 64`.
  (func (export "scanRows")
    (param $start i32) (param $end i32) (param $expected i32) (param $maxRow i32) (param $crlf i32)
    (result i32)
    (local $p i32) (local $rowStart i32) (local $rowEnd i32) (local $next i32)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128)
    (local $quote v128) (local $comma v128) (local $lf v128) (local $cr v128)
    (local $valid i64) (local $Q i64) (local $C i64) (local $N i64) (local $R i64)
    (local $inside i64) (local $before i64) (local $separators i64) (local $bad i64)
    (local $rowEnds i64) (local $commas i64) (local $upTo i64) (local $rowCommas i64)
    ;; State carried from one block to the next: inside quotes (all ones or zero), whether the
    ;; byte before the block lets a quote open (1 at a row start), whether it was a `\r`.
    (local $carry i64) (local $prevOpens i64) (local $prevCr i64)
    ;; About the byte after the block, when there is one: may it follow a closing quote, is it `\n`.
    (local $nextAfterClose i64) (local $nextLf i64)

    (local.set $quote (i8x16.splat (i32.const 0x22)))
    (local.set $comma (i8x16.splat (i32.const 0x2c)))
    (local.set $lf (i8x16.splat (i32.const 0x0a)))
    (local.set $cr (i8x16.splat (i32.const 0x0d)))
    (global.set $rows (i32.const 0))
    (local.set $p (local.get $start))
    (local.set $rowStart (local.get $start))
    (local.set $prevOpens (i64.const 1))

    (block $done
      (loop $blocks
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $v0 (v128.load (local.get $p)))
        (local.set $v1 (v128.load offset=16 (local.get $p)))
        (local.set $v2 (v128.load offset=32 (local.get $p)))
        (local.set $v3 (v128.load offset=48 (local.get $p)))
        ;; The last block may be partial: bits past `end` are cleared.
        (local.set $valid
          (if (result i64) (i32.ge_u (i32.sub (local.get $end) (local.get $p)) (i32.const 64))
            (then (i64.const -1))
            (else
              (i64.sub
                (i64.shl (i64.const 1) (i64.extend_i32_u (i32.sub (local.get $end) (local.get $p))))
                (i64.const 1)))))
        (local.set $Q (i64.and (local.get $valid)
          (call $bits (local.get $v0) (local.get $v1) (local.get $v2) (local.get $v3) (local.get $quote))))
        (local.set $C (i64.and (local.get $valid)
          (call $bits (local.get $v0) (local.get $v1) (local.get $v2) (local.get $v3) (local.get $comma))))
        (local.set $N (i64.and (local.get $valid)
          (call $bits (local.get $v0) (local.get $v1) (local.get $v2) (local.get $v3) (local.get $lf))))
        (local.set $R (i64.and (local.get $valid)
          (call $bits (local.get $v0) (local.get $v1) (local.get $v2) (local.get $v3) (local.get $cr))))

        ;; Inside quotes after each byte: the prefix XOR of the quote bits, then the carry.
        (local.set $inside (local.get $Q))
        (local.set $inside (i64.xor (local.get $inside) (i64.shl (local.get $inside) (i64.const 1))))
        (local.set $inside (i64.xor (local.get $inside) (i64.shl (local.get $inside) (i64.const 2))))
        (local.set $inside (i64.xor (local.get $inside) (i64.shl (local.get $inside) (i64.const 4))))
        (local.set $inside (i64.xor (local.get $inside) (i64.shl (local.get $inside) (i64.const 8))))
        (local.set $inside (i64.xor (local.get $inside) (i64.shl (local.get $inside) (i64.const 16))))
        (local.set $inside (i64.xor (local.get $inside) (i64.shl (local.get $inside) (i64.const 32))))
        (local.set $inside (i64.xor (local.get $inside) (local.get $carry)))
        ;; Inside quotes before each byte.
        (local.set $before
          (i64.or (i64.shl (local.get $inside) (i64.const 1)) (i64.and (local.get $carry) (i64.const 1))))
        (local.set $separators (i64.or (i64.or (local.get $C) (local.get $N)) (local.get $Q)))

        (local.set $nextAfterClose (i64.const 0))
        (local.set $nextLf (i64.const 0))
        (if (i32.lt_u (i32.add (local.get $p) (i32.const 64)) (local.get $end))
          (then
            (local.set $next (i32.load8_u offset=64 (local.get $p)))
            (local.set $nextLf (i64.extend_i32_u (i32.eq (local.get $next) (i32.const 0x0a))))
            (local.set $nextAfterClose
              (i64.extend_i32_u
                (i32.or
                  (i32.or (i32.eq (local.get $next) (i32.const 0x2c)) (i32.eq (local.get $next) (i32.const 0x22)))
                  (i32.or (i32.eq (local.get $next) (i32.const 0x0a)) (i32.eq (local.get $next) (i32.const 0x0d))))))))

        ;; A quote that opens (outside before it) where no field starts.
        (local.set $bad
          (i64.and
            (i64.and (local.get $Q) (i64.xor (local.get $before) (i64.const -1)))
            (i64.xor
              (i64.or (i64.shl (local.get $separators) (i64.const 1)) (local.get $prevOpens))
              (i64.const -1))))
        ;; A quote that closes (inside before it) followed by anything but a separator or `\r`.
        (local.set $bad
          (i64.or (local.get $bad)
            (i64.and
              (i64.and (local.get $Q) (local.get $before))
              (i64.xor
                (i64.or
                  (i64.shr_u (i64.or (local.get $separators) (local.get $R)) (i64.const 1))
                  (i64.shl (local.get $nextAfterClose) (i64.const 63)))
                (i64.const -1)))))
        ;; A line break inside quotes.
        (local.set $bad
          (i64.or (local.get $bad) (i64.and (i64.or (local.get $N) (local.get $R)) (local.get $before))))
        (local.set $rowEnds (i64.and (local.get $N) (i64.xor (local.get $before) (i64.const -1))))
        (if (local.get $crlf)
          (then
            ;; `\r` exactly where a row-ending `\n` follows (`\r` inside quotes is already bad).
            (local.set $bad
              (i64.or (local.get $bad)
                (i64.xor
                  (i64.and (local.get $R) (i64.xor (local.get $before) (i64.const -1)))
                  (i64.or
                    (i64.shr_u (local.get $rowEnds) (i64.const 1))
                    (i64.shl (local.get $nextLf) (i64.const 63))))))
            (local.set $bad
              (i64.or (local.get $bad)
                (i64.and
                  (i64.and (local.get $rowEnds) (i64.const 1))
                  (i64.xor (local.get $prevCr) (i64.const 1))))))
          (else
            (local.set $bad (i64.or (local.get $bad) (local.get $R)))))

        ;; Each row that ends in this block: accepted, or the scan stops at its start.
        (local.set $commas (i64.and (local.get $C) (i64.xor (local.get $before) (i64.const -1))))
        (block $blockRowsDone
          (loop $blockRows
            (br_if $blockRowsDone (i64.eqz (local.get $rowEnds)))
            ;; Bits up to and including this row's `\n`.
            (local.set $upTo
              (i64.sub (i64.shl (i64.const 2) (i64.ctz (local.get $rowEnds))) (i64.const 1)))
            (if (i64.ne (i64.and (local.get $bad) (local.get $upTo)) (i64.const 0))
              (then (return (local.get $rowStart))))
            (if (i64.ne
                  (i64.add
                    (i64.add (local.get $rowCommas) (i64.popcnt (i64.and (local.get $commas) (local.get $upTo))))
                    (i64.const 1))
                  (i64.extend_i32_u (local.get $expected)))
              (then (return (local.get $rowStart))))
            (local.set $rowEnd
              (i32.add (i32.add (local.get $p) (i32.wrap_i64 (i64.ctz (local.get $rowEnds)))) (i32.const 1)))
            (if (i32.gt_u (i32.sub (local.get $rowEnd) (local.get $rowStart)) (local.get $maxRow))
              (then (return (local.get $rowStart))))
            (global.set $rows (i32.add (global.get $rows) (i32.const 1)))
            (local.set $rowStart (local.get $rowEnd))
            (local.set $rowCommas (i64.const 0))
            (local.set $commas (i64.and (local.get $commas) (i64.xor (local.get $upTo) (i64.const -1))))
            (local.set $bad (i64.and (local.get $bad) (i64.xor (local.get $upTo) (i64.const -1))))
            (local.set $rowEnds (i64.and (local.get $rowEnds) (i64.sub (local.get $rowEnds) (i64.const 1))))
            (br $blockRows)))
        ;; The row still open at the block's end.
        (if (i64.ne (local.get $bad) (i64.const 0)) (then (return (local.get $rowStart))))
        (if (i32.gt_u (i32.sub (i32.add (local.get $p) (i32.const 64)) (local.get $rowStart)) (local.get $maxRow))
          (then (return (local.get $rowStart))))
        (local.set $rowCommas (i64.add (local.get $rowCommas) (i64.popcnt (local.get $commas))))
        (local.set $carry (i64.shr_s (local.get $inside) (i64.const 63)))
        (local.set $prevOpens (i64.shr_u (local.get $separators) (i64.const 63)))
        (local.set $prevCr (i64.shr_u (local.get $R) (i64.const 63)))
        (local.set $p (i32.add (local.get $p) (i32.const 64)))
        (br $blocks)))
    (local.get $rowStart))
)
