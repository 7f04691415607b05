/**
 * An I/O error in words, as a user reads it: "permission denied", not EACCES. Node's messages start with the code
 * ("EACCES: permission denied, open 'x'"); for codes not listed here that text is used without the code and path.
 */
const WORDS: ReadonlyMap<string, string> = new Map([
  ['EACCES', 'permission denied'],
  ['EPERM', 'operation not permitted'],
  ['ENOENT', 'no such file'],
  ['ENOTDIR', 'a part of the path is not a directory'],
  ['EISDIR', 'is a directory'],
  ['ELOOP', 'too many levels of symbolic links'],
  ['ENAMETOOLONG', 'file name too long'],
  ['EMFILE', 'too many open files'],
  ['ENFILE', 'too many open files in the system'],
  ['EIO', 'input/output error'],
  ['ENXIO', 'no such device or address'],
  ['ENODEV', 'no such device'],
  ['EAGAIN', 'resource temporarily unavailable'],
  ['EBUSY', 'device or resource busy'],
  ['EINVAL', 'invalid argument'],
  ['ENOMEM', 'out of memory'],
  ['EFBIG', 'file too large'],
  ['EOVERFLOW', 'file too large for this system'],
  ['ENOSPC', 'no space left on device'],
  ['EROFS', 'read-only file system'],
  ['EEXIST', 'already exists'],
  ['ETIMEDOUT', 'timed out'],
  ['ECONNRESET', 'connection reset'],
  ['EPIPE', 'broken pipe'],
  ['ESTALE', 'stale file handle'],
  ['ETXTBSY', 'text file busy'],
])

export function ioErrorWords(err: unknown): string {
  const e = err as NodeJS.ErrnoException | undefined
  const code = typeof e?.code === 'string' ? e.code : undefined
  const known = code === undefined ? undefined : WORDS.get(code)
  if (known !== undefined) return known
  const message = typeof e?.message === 'string' ? e.message : String(err)
  // "EXYZ: some words, open '/path'" → "some words"
  return message.replace(/^[A-Z][A-Z0-9_]+: /, '').replace(/, \w+ '.*'$/s, '') || (code ?? 'unknown error')
}
