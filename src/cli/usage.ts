/** What `--help` prints: the overview, and each command's own usage. */
export const REVIEW_USAGE = `usage: rust-review review [--repo DIR] [--base REV] [--head REV | --staged | --worktree | --all]
                          [--format text|json|sarif|rdjson|github] [--sarif FILE]
                          [--fail-on error|warning|never] [--color auto|always|never]
                          [--baseline FILE | --no-baseline] [--fix] [--llm | --no-llm]

Reviews \`git diff base...head\` of a local repository as the GitHub App would review that pull request
(same config file, same passes, same diff filter).

  --repo DIR       the repository (default: .)
  --base REV       base revision (default: the merge base with the default branch; HEAD with --staged)
  --head REV       head revision (default: HEAD)
  --staged         review the index (what \`git commit\` would record) against HEAD: for pre-commit hooks
  --worktree       review the working tree (tracked and untracked, not ignored, files) against the base
  --all            review every Rust and SQL file of the tree as if newly added
  --format F       text (default), json, sarif, rdjson (reviewdog) or github (workflow annotations)
  --sarif FILE     also write SARIF 2.1.0 to FILE (for code scanning), whatever --format is
  --fail-on S      exit 1 when a finding is at or above S (default: the config's fail_on, or error)
  --color C        auto (default: on a terminal, honouring NO_COLOR and FORCE_COLOR), always or never
  --baseline FILE  hide the findings recorded in FILE (default: .rust-review-baseline.json when present)
  --no-baseline    report every finding, even those in the baseline
  --fix            apply the machine-applicable suggestions to the files in the working tree (never to a
                   commit); refuses when a file to fix differs from the reviewed version (see README)
  --llm            run the LLM-assisted passes even when the config says \`llm: { enabled: false }\`
                   (needs ANTHROPIC_API_KEY); without --llm or --no-llm they run when the key is set
                   and the config enables them
  --no-llm         rule passes only, whatever the config says

Exit status: 0 no finding at or above the fail level, 1 some, 2 a usage or internal error.`;

export const EXPLAIN_USAGE = `usage: rust-review explain <rule-id>

Prints a rule's documentation: what it finds, why it matters, a bad and a good example, how to
silence it. The ids are listed in docs/rules/README.md (e.g. async/lock-guard-across-await).`;

export const BASELINE_USAGE = `usage: rust-review baseline [--repo DIR] [--head REV] [--output FILE]

Reviews the whole tree (as \`review --all\`) and records every finding in .rust-review-baseline.json
(by fingerprint: rule, file and code, not line numbers). \`review\` then reports only findings not in
it, says how many it hid, and lists entries that no longer match so the file can shrink (run
\`rust-review baseline\` again to rewrite it).

  --repo DIR       the repository (default: .)
  --head REV       the revision to record (default: HEAD)
  --output FILE    where to write (default: .rust-review-baseline.json at the repository root)`;

export const USAGE = `usage:
  rust-review review [--repo DIR] [--base REV] [--head REV | --staged | --worktree | --all]
                     [--format text|json|sarif|rdjson|github] [--fail-on error|warning|never] ...
  rust-review baseline [--repo DIR] [--output FILE]
  rust-review explain <rule-id>
  rust-review demo
  rust-review --version

review    Reviews \`git diff base...head\` (or the staged or working-tree changes) of a local repository
          as the GitHub App would review that pull request.
baseline  Records the findings of the whole tree, so that \`review\` reports only new ones.
explain   Prints a rule's documentation.
demo      Reviews a bundled sample pull request and prints it as it would appear on GitHub.

\`rust-review <command> --help\` prints a command's options.`;
