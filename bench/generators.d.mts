export function random(seed: number): () => number
export function sourceText(next: () => number, bytes: number): string
export function mappingsText(next: () => number, bytes: number): string
export function largeMapJson(options?: { sources?: number; bytesPerSource?: number; mappingsBytes?: number; seed?: number }): string
export function writeLargeMap(path: string, options?: { sources?: number; bytesPerSource?: number; mappingsBytes?: number; seed?: number }): number
