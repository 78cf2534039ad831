from hansard.cli import main

main()
