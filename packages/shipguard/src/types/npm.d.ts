// The parts of npm's own packing libraries that shipguard calls; they ship no types.
declare module '@npmcli/arborist' {
  interface ArboristNode {
    path: string
    package: Record<string, unknown>
  }
  export default class Arborist {
    constructor(options: { path: string })
    loadActual(): Promise<ArboristNode>
  }
}

declare module 'npm-packlist' {
  /** The files `npm pack` would put in the tarball, relative to the package folder. */
  export default function packlist(tree: unknown, options?: { path?: string }): Promise<string[]>
}
