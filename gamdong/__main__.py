from gamdong.cli import main

main()
