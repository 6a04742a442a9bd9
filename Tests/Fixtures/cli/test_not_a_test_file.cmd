test README.md
