export const USAGE = `Usage: shipguard <command> [options]

Commands:
  scan <dir>            judge a build output folder: source maps (found by content,
                        whatever their name), inline maps, sources, links
  pack [dir|file.tgz]   judge exactly what npm publish would ship: the files npm's
                        own logic selects from a package folder, or a tarball's
  diff <old> <new>      what changed between two reports or manifests
                        (--json; --fail-on new-files,new-modules,findings)

Options of scan and pack:
  --json                print the report as JSON on stdout, whatever the verdict
  --allow-maps          maps without sources may ship (inline maps are still refused)
  --allow <glob>        waive findings on files matching the glob (repeatable)
  --forbid <glob>       refuse files matching the glob, besides .env*, private
                        keys (*.pem, *.p12, *.pfx, *.ppk, id_rsa* and the other
                        ssh keys, not their public halves), .npmrc, .netrc
                        (repeatable)
  --allow-secret <fp>   let the secret with this fingerprint ship (repeatable)
  --manifest <file>     also write the report to <file>
  -h, --help            show this help
  -v, --version         show the version

Exit codes: 0 pass, 1 policy errors, 2 usage error or unreadable input.
`
