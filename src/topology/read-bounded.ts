import { closeSync, fstatSync, openSync, promises as fsPromises, readSync, statSync } from 'node:fs'
import { ioErrorWords } from './io-error-words.js'

/** What reading a topology's bytes gave: the bytes, or why not (never thrown). */
export type BoundedRead =
  | { readonly ok: true; readonly bytes: Uint8Array }
  | { readonly ok: false; readonly reason: 'not-found' | 'directory' | 'unreadable'; readonly words: string }
  | { readonly ok: false; readonly reason: 'too-large'; readonly size?: number }

const CHUNK = 64 * 1024

/**
 * Reads at most `max` bytes of a file: a regular file larger than `max` is refused before reading (its size says
 * so), anything else (FIFO, character device such as /dev/zero, socket) is read in chunks and abandoned as soon as
 * it passes `max`. Regular files are read synchronously: one thread-pool round trip less at start-up.
 */
export async function readFileBounded(path: string, max: number): Promise<BoundedRead> {
  let regular: boolean
  try {
    // stat, not open: opening a FIFO waits for a writer, and a directory needs no descriptor to be refused
    const st = statSync(path)
    if (st.isDirectory()) return { ok: false, reason: 'directory', words: 'is a directory' }
    if (st.isFile() && st.size > max) return { ok: false, reason: 'too-large', size: st.size }
    regular = st.isFile()
  } catch (err) {
    return failure(err)
  }
  try {
    return regular ? readRegularSync(path, max) : await readSpecial(path, max)
  } catch (err) {
    return failure(err)
  }
}

function readRegularSync(path: string, max: number): BoundedRead {
  const fd = openSync(path, 'r')
  try {
    // the file may have changed since stat: read what is there now, never more than max + 1 bytes
    const size = fstatSync(fd).size
    if (size > max) return { ok: false, reason: 'too-large', size }
    const chunks: Buffer[] = []
    let total = 0
    let buf = Buffer.allocUnsafe(Math.min(max + 1, Math.max(size + 1, 1024)))
    for (;;) {
      const n = readSync(fd, buf, 0, Math.min(buf.length, max + 1 - total), null)
      if (n === 0) break
      chunks.push(buf.subarray(0, n))
      total += n
      if (total > max) return { ok: false, reason: 'too-large' }
      buf = Buffer.allocUnsafe(Math.min(max + 1 - total, CHUNK))
    }
    return { ok: true, bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total) }
  } finally {
    closeSync(fd)
  }
}

async function readSpecial(path: string, max: number): Promise<BoundedRead> {
  // fs.promises is loaded on first use (a getter): regular files, the usual case, never need it
  const handle = await fsPromises.open(path, 'r')
  try {
    const chunks: Buffer[] = []
    let total = 0
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(CHUNK, max + 1 - total))
      const { bytesRead } = await handle.read(buf, 0, buf.length, null)
      if (bytesRead === 0) break
      chunks.push(buf.subarray(0, bytesRead))
      total += bytesRead
      if (total > max) return { ok: false, reason: 'too-large' }
    }
    return { ok: true, bytes: Buffer.concat(chunks, total) }
  } finally {
    await handle.close()
  }
}

/**
 * Reads a stream (stdin) up to `max` bytes; past that it stops reading, destroys the stream (a writer on the other
 * end gets EPIPE instead of filling memory) and reports too-large.
 */
export async function readStreamBounded(stream: AsyncIterable<unknown> & { destroy?: () => void }, max: number): Promise<BoundedRead> {
  const chunks: Buffer[] = []
  let total = 0
  try {
    for await (const piece of stream) {
      const chunk = typeof piece === 'string' ? Buffer.from(piece) : Buffer.from(piece as Uint8Array)
      total += chunk.byteLength
      if (total > max) {
        stream.destroy?.()
        return { ok: false, reason: 'too-large' }
      }
      chunks.push(chunk)
    }
  } catch (err) {
    return failure(err)
  }
  return { ok: true, bytes: Buffer.concat(chunks, total) }
}

function failure(err: unknown): BoundedRead {
  const code = (err as NodeJS.ErrnoException)?.code
  if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, reason: 'not-found', words: 'no such file' }
  if (code === 'EISDIR') return { ok: false, reason: 'directory', words: 'is a directory' }
  return { ok: false, reason: 'unreadable', words: ioErrorWords(err) }
}
