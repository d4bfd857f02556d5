"""`python -m saiduan ...` is the same as the `saiduan` command."""

from saiduan.cli import main

main()
