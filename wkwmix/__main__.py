from wkwmix.cli import main

main()
