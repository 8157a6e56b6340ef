/**
 * Input shipguard cannot judge: a missing folder, an unreadable file, a link loop.
 * The CLI prints the message as one line and exits 2; the message names the file
 * and what to do about it.
 */
export class InputError extends Error {
  override name = 'InputError'
}

/** The `code` of a failed system call (`ENOENT`, `EISDIR`…), if the error has one. */
export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined
}

/** An archive that cannot be read to its end (corrupt, cut short): what it holds is refused, as a finding on it. */
export class ArchiveError extends Error {
  override name = 'ArchiveError'
}
