export { analyzeFile, sha256Hex, type FileFacts, type FileKind, type InlineMap } from './analyze.js'
export { ArchiveError, errorCode, InputError } from './errors.js'
export { comparePaths, STREAM_THRESHOLD, type ArchiveEntry, type ArchiveReader, type FileContent, type FileSet, type ShippedFile } from './files.js'
export type { ArchivePacking } from './archive-packing.js'
export { ASAR_SIZE_PICKLE_PAYLOAD, asarUint32 } from './asar-header.js'
export type { TarPacking } from './tar-header.js'
export { analyzeChunks, StreamAnalyzer } from './analyze-stream.js'
export type { Finding, FindingDetail, ForbiddenModule, Policy, RuleId, Severity } from './findings.js'
export { folderFileSet, readFileContent, readFileContentInto } from './folder.js'
export { DEFAULT_FORBIDDEN_FILES, SECRET_FILE_NAMES, judge, type JudgeOptions, type Judgement } from './judge.js'
export { globProblem } from './glob-check.js'
export { firstMatchingGlob } from './glob-match.js'
export { findSecrets, findSecretsNatively, fingerprintOf, maskSecrets, searchCode, type CodeSearch, type SecretHit, type SecretKind } from './secrets.js'
export { resolveLink, linkFiles, type LinkGraph, type LinkTarget } from './links.js'
export {
  buildManifest,
  mergeManifests,
  serializeManifest,
  type Manifest,
  type ManifestFile,
  type ManifestFinding,
  type ManifestInput,
  type ManifestPart,
  type ManifestSummary,
  type MapStatus,
  type Mode,
  type WithheldFile,
  withoutRemovedFiles,
  withRewrittenFiles,
} from './manifest.js'
export { findInlineMapPayloads, findTrailingMapLink, withoutMapLink, type MapLink } from './map-comments.js'
export { formatBytes, groupDigits, plural } from './format.js'
export { findingLocation, formatFinding, groupFindings, type BundlerName, type FormattedFinding, type MessageContext } from './messages.js'
export { isLocalAbsolutePath, isSourceFileName, rules } from './rules/index.js'
export { scanFileSet, type ScanOptions } from './scan.js'
export { relativizeMapPaths } from './map-paths.js'
export { isMapModel, judgeReading, readSourceMap, readSourceMapWithParse, readSourceMapWithReader, rewriteSources, stripSourcesContent, type MapReading, type SourceMapFacts } from './sourcemap.js'
export { enforcePolicy, privateMapPath, verifyOutput, withholdMaps, type BuildFile, type GateOptions, type PolicyOutcome, type Verdict } from './gate.js'
export { diffManifests, type ManifestDiff } from './diff.js'
export { MapReader, type MapModel, type ReaderResult } from './map-reader.js'
export { PIECE_BYTES, textScanner } from './text-scan.js'
