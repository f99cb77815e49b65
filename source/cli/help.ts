export const helpText = `pypi-wizard: release Python packages to PyPI, one checklist at a time.

Usage
  wizard [DIR]                      the interactive wizard: start or resume the release of the
                                    repository at DIR (default .); needs a terminal
  wizard --yank [NAME==VERSION]     recover from a bad release
  wizard --ci [release options]     the whole checklist without prompts
  wizard plan [DIR] [--json]        packages, batches, version locations; changes nothing
  wizard status [DIR] [--json]      the saved release state of DIR
  wizard sandbox [options]          run the local package index (testpypi and pypi)
  wizard token set|delete REPOSITORY, wizard token status [REPOSITORY] [--json]
                                    manage upload tokens in the OS keychain

Release options
  --bump PART|VERSION               major, minor, patch, post, pre, dev, keep, or a PEP 440
                                    version; NAME=PART per package when versions are independent
  --test-repository NAME|URL        where the rehearsal upload goes (default testpypi); NAME from
                                    ~/.pypirc or the built-ins testpypi and pypi
  --repository NAME|URL             where the production upload goes (default pypi)
  --sandbox                         both targets are an embedded sandbox index, started for the
                                    run on a free port (offline rehearsal)
  --delay SECONDS                   with --sandbox: files appear on its simple pages this late
  --stop-after test                 end after the install check from the test index
  --skip STEP[,STEP]                skip steps (preflight, version, tests, build, check, inspect,
                                    upload-test, install-check, upload-production, tag,
                                    downstream); every skip is recorded and shown in the summary
  --dry-run                         do the local steps, show what would be uploaded and changed
  --python PATH                     the interpreter whose build, twine, pip and venv are used
  --jobs N                          parallel builds within one batch (default: number of CPUs)
  --no-isolation                    build with the interpreter's installed backends
  --allow-file GLOB                 accept a file the inspection flagged, knowingly
  --token-env NAME                  read the upload token from this environment variable
                                    (otherwise TWINE_PASSWORD, the OS keychain, ~/.pypirc)
  --restart                         discard the saved release record and start over

Sandbox options
  --host HOST --port N --data DIR --delay SECONDS --flaky RATE --token TOKEN --max-file-size BYTES

Other
  --json                            machine-readable output (plan, status, token status)
  -h, --help                        this text
  -v, --version                     the version of pypi-wizard

Exit codes: 0 done, 1 a step failed, 2 bad usage or configuration, 3 a precondition is missing,
130 interrupted.`;
