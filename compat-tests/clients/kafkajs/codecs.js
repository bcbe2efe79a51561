'use strict'
/**
 * LZ4 and ZSTD codecs for KafkaJS built from pure-JavaScript and WebAssembly packages, so that
 * `npm ci` needs no compiler (the official kafkajs-lz4 and @kafkajs/zstd build native code).
 * Registered the way KafkaJS documents: CompressionCodecs[type] = () => ({ compress, decompress }).
 *
 * LZ4: Kafka (message format v1 and later) stores the standard LZ4 frame. lz4js's compressor cannot
 * write it: its matches may start fewer than 12 bytes before a block's end, which the reference
 * decoder (lz4-java in Kafka and Samsa) rejects, and its frames let matches reach into the previous
 * block without saying so. So blocks are compressed here (greedy, one hash probe, the format's
 * end-of-block rules) into the frame Kafka's Java producer writes: 64 KiB independent blocks, no
 * block or content checksums. Reading uses lz4js's frame reader, which accepts every flag combination.
 *
 * ZSTD: @bokuweb/zstd-wasm compresses one-shot (the frame records its content size). Its
 * decompressor sizes the output from that field and falls back to 1 MiB when a frame lacks it,
 * which the Java producer's streaming frames do; fzstd (pure JavaScript) decompresses any frame
 * whatever its size, so it reads.
 */
const lz4 = require('lz4js')
const xxh32 = require('lz4js/xxh32')
const zstdWasm = require('@bokuweb/zstd-wasm')
const fzstd = require('fzstd')

const LZ4_MAGIC = 0x184D2204
const LZ4_FLG = 0x60 // version 01, block independence
const LZ4_BD = 0x40 // block maximum size 64 KiB
const LZ4_BLOCK = 64 * 1024
const LZ4_UNCOMPRESSED = 0x80000000
const ZSTD_LEVEL = 3 // Kafka's default compression.zstd.level

function toBuffer (bytes) {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

const MIN_MATCH = 4
const LAST_LITERALS = 5 // a block always ends with at least 5 literals
const MATCH_START_LIMIT = 12 // and its last match starts at least 12 bytes before its end
const MAX_OFFSET = 0xffff

function writeLength (out, at, length) {
  for (; length >= 0xff; length -= 0xff) out[at++] = 0xff
  out[at++] = length
  return at
}

function writeSequence (out, at, src, anchor, literals, offset, matchLength) {
  const extraMatch = matchLength - MIN_MATCH
  out[at++] = (Math.min(literals, 15) << 4) | (offset === 0 ? 0 : Math.min(extraMatch, 15))
  if (literals >= 15) at = writeLength(out, at, literals - 15)
  at += src.copy(out, at, anchor, anchor + literals)
  if (offset === 0) return at // the block's last sequence: literals only
  out[at++] = offset & 0xff
  out[at++] = offset >>> 8
  if (extraMatch >= 15) at = writeLength(out, at, extraMatch - 15)
  return at
}

/** One LZ4 block of src[start, end) into out; returns its size. */
function lz4Block (src, start, end, out) {
  const table = new Int32Array(1 << 16).fill(-1)
  const lastMatchStart = end - MATCH_START_LIMIT
  const matchEndLimit = end - LAST_LITERALS
  let at = 0
  let anchor = start
  let i = start
  while (i <= lastMatchStart) {
    const sequence = src.readUInt32LE(i)
    const slot = Math.imul(sequence, 2654435761) >>> 16
    const candidate = table[slot]
    table[slot] = i
    if (candidate < 0 || i - candidate > MAX_OFFSET || src.readUInt32LE(candidate) !== sequence) {
      i++
      continue
    }
    let length = MIN_MATCH
    while (i + length < matchEndLimit && src[candidate + length] === src[i + length]) length++
    at = writeSequence(out, at, src, anchor, i - anchor, i - candidate, length)
    i += length
    anchor = i
  }
  return writeSequence(out, at, src, anchor, end - anchor, 0, 0)
}

function lz4Frame (input) {
  const src = Buffer.isBuffer(input) ? input : toBuffer(input)
  const parts = []
  const header = Buffer.alloc(7)
  header.writeUInt32LE(LZ4_MAGIC, 0)
  header[4] = LZ4_FLG
  header[5] = LZ4_BD
  header[6] = (xxh32.hash(0, header, 4, 2) >>> 8) & 0xff
  parts.push(header)
  const scratch = Buffer.alloc(LZ4_BLOCK + LZ4_BLOCK / 255 + 16)
  for (let start = 0; start < src.length; start += LZ4_BLOCK) {
    const length = Math.min(LZ4_BLOCK, src.length - start)
    const size = lz4Block(src, start, start + length, scratch)
    const blockHeader = Buffer.alloc(4)
    if (size >= length) {
      blockHeader.writeUInt32LE((LZ4_UNCOMPRESSED | length) >>> 0, 0)
      parts.push(blockHeader, Buffer.from(src.subarray(start, start + length)))
    } else {
      blockHeader.writeUInt32LE(size, 0)
      parts.push(blockHeader, Buffer.from(scratch.subarray(0, size)))
    }
  }
  parts.push(Buffer.alloc(4)) // end mark
  return Buffer.concat(parts)
}

const Lz4Codec = () => ({
  async compress (encoder) {
    return lz4Frame(encoder.buffer)
  },
  async decompress (buffer) {
    return toBuffer(lz4.decompress(buffer))
  }
})

let zstdReady = null

const ZstdCodec = () => ({
  async compress (encoder) {
    if (zstdReady === null) zstdReady = zstdWasm.init()
    await zstdReady
    return toBuffer(zstdWasm.compress(encoder.buffer, ZSTD_LEVEL))
  },
  async decompress (buffer) {
    return toBuffer(fzstd.decompress(buffer))
  }
})

module.exports = { Lz4Codec, ZstdCodec, lz4Frame }
