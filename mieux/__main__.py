from mieux.cli import main

main()
