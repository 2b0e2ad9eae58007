"""`python -m huijia.cli`: the same command as `huijia`."""

from huijia.cli import main

main(prog_name="huijia")
