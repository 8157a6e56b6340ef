/** What a command may touch of the outside world; tests hand in their own. */
export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean | undefined }
  stderr: { write(text: string): unknown; isTTY?: boolean | undefined }
  env: Record<string, string | undefined>
  cwd: string
}

export const EXIT_PASS = 0
export const EXIT_POLICY = 1
export const EXIT_INPUT = 2

/** Wrong arguments: printed as one line with a pointer to --help, exit 2. */
export class UsageError extends Error {
  override name = 'UsageError'
}
