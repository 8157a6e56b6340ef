export {
  folderFileSet,
  formatFinding,
  memoryFileSet,
  scanFileSet,
  serializeManifest,
  stripSourcesContent,
  type FileSet,
  type Manifest,
  type ManifestFile,
  type ManifestFinding,
  type Policy,
  type RuleId,
} from '@shipguard/core'
