#!/bin/sh
# Writes the shell completions and the man page that release archives
# carry (.goreleaser.yaml runs this before building).
set -e
rm -rf completions manpages
mkdir -p completions manpages
for sh in bash zsh fish; do
  go run ./cmd/warroom completion "$sh" > "completions/warroom.$sh"
done
go run ./cmd/warroom completion powershell > completions/warroom.ps1
go run ./cmd/warroom man | gzip -c -9 > manpages/warroom.1.gz
