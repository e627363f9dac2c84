from srmscan.cli.app import main

main()
